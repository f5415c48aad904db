package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"zeisim/distconf"
	"zeisim/host/egress"
	"zeisim/host/limits"
	"zeisim/host/logging"
	"zeisim/host/manifest"
	"zeisim/host/metrics"
	"zeisim/host/mode"
	"zeisim/host/server"
	"zeisim/host/tamper"
	"zeisim/host/tlsconf"
)

// ErrTampered is returned by Run when tampering was found and -on-tamper is exit.
var ErrTampered = errors.New("tampering detected: web server stopped")

// Host is a running host; tests reach its parts through it.
type Host struct {
	cfg      Config
	Site     *server.Site
	State    *mode.State
	Counters *metrics.Counters
	Certs    *tlsconf.Certs
	Security *slog.Logger
	Watcher  *tamper.Watcher

	rate  *limits.Rate
	b4xx  *logging.Burst
	spike *logging.Burst
	first *logging.Burst // the first rate-limit or connection-cap hit per client and window is logged
	acc   *logging.Access

	closers []io.Closer
	flush   []*logging.Rotating
	servers []*http.Server
	lns     []net.Listener
	// URLs of the listeners, by role: "http", "https", "redirect", "admin".
	URLs map[string]string

	tamperOnce sync.Once
	tamperc    chan struct{}
}

// Load verifies the site (signature, manifest, every file, nothing extra) and prepares the
// host without listening yet.
func Load(cfg Config) (*Host, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	if cfg.Stdout == nil {
		cfg.Stdout = os.Stdout
	}
	if cfg.Stderr == nil {
		cfg.Stderr = os.Stderr
	}
	h := &Host{cfg: cfg, State: &mode.State{}, Counters: metrics.New(), URLs: map[string]string{}, tamperc: make(chan struct{})}
	secOut := cfg.Stderr
	if cfg.SecurityLog != "" {
		f, err := logging.Open(cfg.SecurityLog, cfg.LogMaxBytes, cfg.LogKeep, 0)
		if err != nil {
			return nil, err
		}
		h.closers = append(h.closers, f)
		secOut = io.MultiWriter(f, cfg.Stderr)
	}
	h.Security = logging.NewSecurity(secOut)
	if cfg.AccessLog != "" {
		f, err := logging.Open(cfg.AccessLog, cfg.LogMaxBytes, cfg.LogKeep, 64<<10)
		if err != nil {
			h.Close()
			return nil, err
		}
		h.closers = append(h.closers, f)
		h.flush = append(h.flush, f)
		h.acc = logging.NewAccess(f)
	}
	if err := h.loadSite(); err != nil {
		h.Security.Error("start refused", "reason", err.Error())
		h.Close()
		return nil, err
	}
	if cfg.TLSAddr != "" {
		certs, err := tlsconf.LoadCerts(cfg.CertFile, cfg.KeyFile)
		if err != nil {
			h.Close()
			return nil, err
		}
		h.Certs = certs
	}
	h.rate = limits.NewRate(cfg.RatePerSecond, cfg.RateBurst, cfg.RateBusy)
	h.b4xx = logging.NewBurst(cfg.Burst4xx, cfg.BurstWindow)
	h.spike = logging.NewBurst(cfg.SpikeRequests, cfg.BurstWindow)
	h.first = logging.NewBurst(1, cfg.BurstWindow)
	h.Counters.Gauge("tampered", func() int64 { return b2i(h.State.Tampered()) })
	h.Counters.Gauge("maintenance", func() int64 { return b2i(h.State.Maintenance()) })
	h.Counters.Gauge("fips140", func() int64 { return b2i(tlsconf.FIPS()) })
	return h, nil
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func (h *Host) loadSite() error {
	public := filepath.Join(h.cfg.Dir, "public")
	c, err := distconf.Read(h.cfg.Dir)
	if err != nil {
		return err
	}
	pinned := map[string][]byte{c.ManifestPath: c.ManifestRaw, c.HeadersPath: c.HeadersRaw}
	if h.cfg.ManifestKey != "" {
		pub, err := manifest.ReadPublicKey(h.cfg.ManifestKey)
		if err != nil {
			return err
		}
		sfile := manifest.SignatureFile(c.ManifestPath)
		sig, err := os.ReadFile(sfile)
		if err != nil {
			return fmt.Errorf("-manifest-key given but no signature: %w", err)
		}
		if err := manifest.Verify(pub, c.ManifestRaw, sig); err != nil {
			return fmt.Errorf("%s: %w", c.ManifestPath, err)
		}
		pinned[sfile] = sig
		h.Security.Info("manifest signature verified", "manifest", c.ManifestPath)
	}
	m := c.Manifest
	site, err := server.Load(public, c.Headers, m)
	if err != nil {
		return err
	}
	h.Watcher = &tamper.Watcher{PublicDir: public, Manifest: m, Pinned: pinned, OnTamper: h.onTamper}
	changes, err := h.Watcher.Check()
	if err != nil {
		return err
	}
	if len(changes) > 0 {
		return fmt.Errorf("document root differs from the manifest: %s", summary(changes))
	}
	h.Site = site
	return nil
}

func summary(changes []manifest.Change) string {
	var s []string
	for _, c := range changes {
		s = append(s, c.String())
	}
	return strings.Join(s, "; ")
}

// onTamper withholds content at once, logs what changed and runs the alert command.
func (h *Host) onTamper(changes []manifest.Change) {
	if !h.State.SetTampered() {
		return
	}
	h.Security.Error("tamper detected", "changes", changes, "action", h.cfg.OnTamper)
	go func() {
		if err := tamper.Alert(h.cfg.AlertCommand, changes, 30*time.Second); err != nil {
			h.Security.Error("alert command failed", "err", err.Error())
		}
		if h.cfg.OnTamper == "exit" {
			h.tamperOnce.Do(func() { close(h.tamperc) })
		}
	}()
}

// Handler is the content handler chain of the TLS listener: log and count, common headers,
// request limits, mode gate, site. Exported for tests that drive it with httptest.
func (h *Host) Handler() http.Handler { return h.wrap(h.Site.SetCommon, h.gate(h.Site)) }

// gate answers 503 with the maintenance page while maintenance is on or after tampering.
func (h *Host) gate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h.State.Reason() != "" {
			h.Site.ServeUnavailable(w, r, h.cfg.RetryAfter)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// wrap adds what every listener's responses share: the access log line, counters, burst and
// spike detection, the header set (setCommon: the whole set, or the plain-HTTP one on the
// redirect listener), and the per-client rate limit.
func (h *Host) wrap(setCommon func(http.Header), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h.Counters.Begin()
		rec := &logging.Recorder{ResponseWriter: w}
		client := limits.Client(r.RemoteAddr)
		key := limits.Key(client) // what the limits count by (an IPv6 /64)
		setCommon(w.Header())
		if r.ContentLength != 0 || len(r.TransferEncoding) > 0 {
			// GET and HEAD carry no body: a request framed with one is a probe, and one with
			// both Content-Length and Transfer-Encoding a smuggling attempt, after which the
			// connection must close (RFC 9112 §6.1).
			w.Header().Set("Connection", "close")
		}
		if status := h.oversized(r); status != 0 {
			w.Header().Set("Cache-Control", "no-store")
			w.Header().Set("Connection", "close")
			http.Error(rec, http.StatusText(status), status)
		} else if ok, wait := h.rate.AllowAt(key, start); !ok {
			h.Counters.RateLimited()
			if fire, _ := h.first.HitAt("429 "+key, start); fire {
				h.Security.Warn("rate limit hit", "client", key, "path", clipPath(r.URL.Path))
			}
			h.Site.ServeTooMany(rec, r, wait)
		} else {
			next.ServeHTTP(rec, r)
		}
		h.Counters.End()
		h.record(logging.NewEntry(r, client, rec, start, time.Since(start)), rec.Bytes)
	})
}

// record logs and counts one answer, a handler's or one net/http wrote by itself.
func (h *Host) record(e logging.Entry, bytes int64) {
	h.Counters.Request(e.Status, bytes)
	h.acc.Log(e)
	if e.Status >= 400 && e.Status < 500 && e.Status != http.StatusTooManyRequests {
		if fire, n := h.b4xx.HitAt(limits.Key(e.Client), e.Time); fire {
			h.Security.Warn("4xx burst", "client", limits.Key(e.Client), "count", n, "window", h.cfg.BurstWindow.String(), "last_path", e.Path)
		}
	}
	if fire, n := h.spike.HitAt("", e.Time); fire {
		h.Security.Warn("load spike", "requests", n, "window", h.cfg.BurstWindow.String())
	}
}

// maxURI is the longest request target served (nginx's default buffer for a request line);
// a longer one gets 414.
const maxURI = 8 << 10

// oversized is 414 for a request target over maxURI, 431 for header fields over
// -max-header-bytes, 0 otherwise. net/http itself reads more than that (readCap) so that these
// answers are the host's own, with the header set and a log line.
func (h *Host) oversized(r *http.Request) int {
	if len(r.RequestURI) > maxURI {
		return http.StatusRequestURITooLong
	}
	n := len("Host: \r\n") + len(r.Host)
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	if n > h.cfg.MaxHeaderBytes {
		return http.StatusRequestHeaderFieldsTooLarge
	}
	return 0
}

// readCap is net/http's limit on a request's head: beyond it net/http answers 431 by itself
// (its answer then gets the header set through limits.Bare).
func (h *Host) readCap() int { return h.cfg.MaxHeaderBytes + maxURI }

func clipPath(p string) string {
	if len(p) > 256 {
		return p[:256]
	}
	return p
}

// Start opens the listeners and serves in the background; Run waits for the end.
func (h *Host) Start(ctx context.Context) error {
	var errs []error
	serve := func(role, addr string, handler http.Handler, useTLS bool, bare []byte) {
		if addr == "" || len(errs) > 0 {
			return
		}
		if err := h.serve(role, addr, handler, useTLS, bare); err != nil {
			errs = append(errs, err)
		}
	}
	content := h.gate(h.Site)
	plain := h.Site.SetCommonPlain
	if h.cfg.BehindTLS {
		plain = h.Site.SetCommon
	}
	serve("http", h.cfg.Addr, h.wrap(plain, content), false, bareHeaders(plain))
	serve("https", h.cfg.TLSAddr, h.wrap(h.Site.SetCommon, content), true, bareHeaders(h.Site.SetCommon))
	serve("redirect", h.cfg.RedirectAddr, h.wrap(h.Site.SetCommonPlain, h.redirect()), false, bareHeaders(h.Site.SetCommonPlain))
	if h.cfg.AdminAddr != "" && len(errs) == 0 {
		ln, err := net.Listen("tcp", h.cfg.AdminAddr)
		if err != nil {
			errs = append(errs, err)
		} else {
			h.lns = append(h.lns, ln)
			srv := h.newServer(h.admin())
			h.servers = append(h.servers, srv)
			go srv.Serve(ln)
			h.URLs["admin"] = "http://" + ln.Addr().String()
			fmt.Fprintf(h.cfg.Stdout, "host: admin on http://%s/healthz\n", ln.Addr())
		}
	}
	if len(errs) > 0 {
		for _, ln := range h.lns {
			ln.Close()
		}
		return errors.Join(errs...)
	}
	for _, f := range h.flush {
		go f.FlushEvery(ctx, time.Second)
	}
	go h.Watcher.Run(ctx, h.cfg.TamperInterval)
	if h.cfg.MaintenanceFile != "" {
		go h.State.WatchFlagFile(ctx, h.cfg.MaintenanceFile, h.cfg.Poll, func(on bool) {
			h.Security.Warn("maintenance", "on", on, "by", "flag file")
		})
	}
	if h.cfg.TLSAddr != "" && !tlsconf.FIPS() {
		// The binary sets fips140=on itself; only a GODEBUG override in the environment gets here.
		h.Security.Error("TLS without FIPS mode", "detail", "TLS 1.3 may negotiate ChaCha20-Poly1305, which is not on the CRYPTREC list; remove fips140 from GODEBUG")
	}
	size := h.Site.Size()
	h.Security.Info("started", "urls", h.URLs, "fips140", tlsconf.FIPS(), "files", len(h.Site.Paths()),
		"site_bytes", size, "gogc", tuneGC(size))
	return nil
}

// HandleSignals applies SIGHUP (reload the certificate) and SIGUSR1 (toggle maintenance)
// until ctx ends.
func (h *Host) HandleSignals(ctx context.Context) {
	sig := make(chan os.Signal, 4)
	signal.Notify(sig, syscall.SIGHUP, syscall.SIGUSR1)
	defer signal.Stop(sig)
	for {
		select {
		case <-ctx.Done():
			return
		case s := <-sig:
			switch s {
			case syscall.SIGHUP:
				h.ReloadCerts()
			case syscall.SIGUSR1:
				on := h.State.ToggleSignal()
				h.Security.Warn("maintenance", "on", on, "by", "SIGUSR1")
			}
		}
	}
}

// ReloadCerts re-reads the certificate files; open connections are untouched.
func (h *Host) ReloadCerts() {
	if h.Certs == nil {
		return
	}
	if err := h.Certs.Reload(); err != nil {
		h.Security.Error("certificate reload failed; the old certificate stays", "err", err.Error())
		return
	}
	h.Security.Info("certificate reloaded", "serial", h.Certs.Leaf().SerialNumber.String(), "not_after", h.Certs.Leaf().NotAfter)
}

// Wait blocks until ctx ends (graceful shutdown: listeners close, requests in flight finish)
// or tampering stops the host under -on-tamper exit.
func (h *Host) Wait(ctx context.Context) error {
	var err error
	select {
	case <-ctx.Done():
	case <-h.tamperc:
		err = ErrTampered
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, srv := range h.servers {
		srv.Shutdown(shutdown)
	}
	h.Security.Info("stopped", "tampered", h.State.Tampered())
	h.Close()
	return err
}

// Close releases the log files.
func (h *Host) Close() {
	for _, c := range h.closers {
		c.Close()
	}
	h.closers = nil
}

// Run is Load, Start, HandleSignals and Wait, with outbound connections refused and reported
// (egress.Guard: process-wide, so here and not in Load, which tests call many times).
func Run(ctx context.Context, cfg Config) error {
	h, err := Load(cfg)
	if err != nil {
		return err
	}
	egress.Guard(func(network, address string) {
		h.Security.Error("outbound connection attempt", "network", network, "address", clipPath(address), "action", "refused")
	})
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := h.Start(ctx); err != nil {
		h.Close()
		return err
	}
	go h.HandleSignals(ctx)
	return h.Wait(ctx)
}
