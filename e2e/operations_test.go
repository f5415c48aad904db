package e2e

import (
	"bufio"
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"zeisim/host/testcert"
)

// opsHost is a host process of its own for one operations test, serving its own copy of the
// built site, so that switching maintenance on or altering files disturbs no other suite.
type opsHost struct {
	dist string            // the copy: dist/public and dist/conf
	urls map[string]string // "http", "https", "redirect" → scheme://127.0.0.1:port
	cmd  *exec.Cmd
	mu   sync.Mutex
	log  bytes.Buffer // what the host wrote on stderr (its security log events)
}

func (h *opsHost) stderr() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.log.String()
}

func (h *opsHost) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.log.Write(p)
}

// stop ends the host as an operator's deploy does (SIGTERM: listeners closed, requests in
// flight finished) and waits for it.
func (h *opsHost) stop(t *testing.T) {
	t.Helper()
	if err := h.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("stopping the host: %v", err)
	}
	if err := h.cmd.Wait(); err != nil {
		t.Fatalf("the host did not stop cleanly: %v\n%s", err, h.stderr())
	}
}

// running reports whether the host process is still the one that was started.
func (h *opsHost) running() bool {
	return h.cmd.ProcessState == nil && h.cmd.Process.Signal(syscall.Signal(0)) == nil
}

// startOpsHost copies the site TestMain built and starts the host binary on it with the given
// flags (plus -dir and -rate 0), and learns its addresses from what it prints.
func startOpsHost(t *testing.T, flags ...string) *opsHost {
	t.Helper()
	if builtDist == "" {
		t.Skip(remoteSkipReason)
	}
	dist := filepath.Join(t.TempDir(), "dist")
	if err := os.CopyFS(dist, os.DirFS(builtDist)); err != nil {
		t.Fatalf("copying the site: %v", err)
	}
	return startHostOn(t, dist, flags...)
}

// startHostOn starts the host binary on the built site in dist with the given flags (plus
// -dir and -rate 0), and learns its addresses from what it prints.
func startHostOn(t *testing.T, dist string, flags ...string) *opsHost {
	t.Helper()
	h := &opsHost{dist: dist, urls: map[string]string{}}
	h.cmd = exec.Command(hostBinary, append([]string{"-dir", h.dist, "-rate", "0"}, flags...)...)
	h.cmd.Stderr = h
	stdout, err := h.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := h.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		h.cmd.Process.Signal(os.Interrupt)
		h.cmd.Wait()
		if t.Failed() {
			dir := artifactsFor(t)
			if os.MkdirAll(dir, 0o755) == nil {
				_ = os.WriteFile(filepath.Join(dir, "host-stderr.txt"), []byte(h.stderr()), 0o644)
			}
		}
	})
	// The host prints a line per listener in a fixed order: plain, TLS, redirect.
	var roles []string
	for _, r := range []struct{ flag, role string }{{"-addr", "http"}, {"-tls-addr", "https"}, {"-redirect-addr", "redirect"}} {
		if slices.Contains(flags, r.flag) {
			roles = append(roles, r.role)
		}
	}
	lines := bufio.NewScanner(stdout)
	for len(h.urls) < len(roles) && lines.Scan() {
		line := lines.Text()
		if i := strings.LastIndex(line, " on "); strings.HasPrefix(line, "host: serving ") && i > 0 {
			h.urls[roles[len(h.urls)]] = strings.TrimSuffix(line[i+4:], "/")
		}
	}
	if len(roles) == 0 || len(h.urls) < len(roles) {
		t.Fatalf("the host did not start: %v\n%s", lines.Err(), h.stderr())
	}
	go func() {
		for lines.Scan() {
		}
	}()
	return h
}

// shownPage is what the browser got for one navigation.
type shownPage struct {
	status     int64
	retryAfter string
	csp        string
	text       string // the document's text
	html       string
}

// open navigates s to u and reads what the browser shows.
func (s *session) open(t *testing.T, u string) shownPage {
	t.Helper()
	ctx, cancel := s.withTimeout(30 * time.Second)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(u))
	if err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	if _, err := s.waitFor(`document.readyState === "complete"`, 20*time.Second); err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	return shownPage{
		status:     resp.Status,
		retryAfter: headerValue(resp.Headers, "Retry-After"),
		csp:        headerValue(resp.Headers, "Content-Security-Policy"),
		text:       evalAs[string](t, s, `document.body ? document.body.innerText : ""`),
		html:       evalAs[string](t, s, `new XMLSerializer().serializeToString(document)`),
	}
}

// maintenanceShown fails unless p is the maintenance page as the host serves it: 503 with
// Retry-After, 「メンテナンス中」, and still the strict header set.
func maintenanceShown(t *testing.T, where string, p shownPage, retryAfter string) {
	t.Helper()
	if p.status != 503 {
		t.Errorf("%s: HTTP %d, want 503", where, p.status)
	}
	if p.retryAfter != retryAfter {
		t.Errorf("%s: Retry-After %q, want %q", where, p.retryAfter, retryAfter)
	}
	if !strings.Contains(p.text, "メンテナンス中") {
		t.Errorf("%s: the page does not say メンテナンス中: %.200q", where, p.text)
	}
	if !strings.Contains(p.csp, "default-src 'none'") {
		t.Errorf("%s: the maintenance answer lost the CSP: %q", where, p.csp)
	}
}

// onlyRefusals fails for any console error other than the browser noting an answer the test
// expects from the host under test: its 503s (a page, its icon, or the web app manifest the
// page asked for just before the switch) and, where given, the 404 of one address.
func onlyRefusals(t *testing.T, errs []string, host, notFound string) {
	t.Helper()
	for _, e := range errs {
		ours := strings.Contains(e, host+"/")
		refused := strings.Contains(e, "status of 503") || strings.Contains(e, "failed, code 503")
		missing := notFound != "" && strings.Contains(e, "status of 404") && strings.Contains(e, host+notFound)
		if !ours || !(refused || missing) {
			t.Errorf("console: %s", e)
		}
	}
}

// waitForStatus reopens u until the browser gets want, checking every answer on the way with
// each, for at most limit. It returns the last page and how long it took.
func (s *session) waitForStatus(t *testing.T, u string, want int64, limit time.Duration, each func(shownPage)) (shownPage, time.Duration) {
	t.Helper()
	start := time.Now()
	for {
		p := s.open(t, u)
		each(p)
		if p.status == want {
			return p, time.Since(start)
		}
		if time.Since(start) > limit {
			t.Fatalf("%s: still HTTP %d after %v, want %d", u, p.status, limit, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestOperationsMaintenanceMode switches maintenance on and off with the flag file, as an
// operator does, while a resident's browser (which has the site and its service worker from
// an earlier visit) keeps opening pages: on, every page answers 503 with Retry-After and
// 「メンテナンス中」; off, the pages and the simulator come back, with the same host process.
func TestOperationsMaintenanceMode(t *testing.T) {
	flag := filepath.Join(t.TempDir(), "maintenance")
	h := startOpsHost(t, "-addr", "127.0.0.1:0", "-maintenance-file", flag, "-maintenance-poll", "100ms", "-retry-after", "5m")
	base := h.urls["http"]
	s := newSession(t)
	if p := s.open(t, base+"/simulator/"); p.status != 200 {
		t.Fatalf("before maintenance: HTTP %d", p.status)
	}
	if _, err := s.waitFor(`document.documentElement.dataset.offline === "ready" && navigator.serviceWorker.controller !== null`, 30*time.Second); err != nil {
		t.Fatalf("the service worker did not take control: %v", err)
	}

	if err := os.WriteFile(flag, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, e0 := s.mark()
	_, took := s.waitForStatus(t, base+"/simulator/", 503, 10*time.Second, func(shownPage) {})
	t.Logf("maintenance on: the browser saw 503 after %v", took.Round(10*time.Millisecond))
	for _, path := range []string{"/simulator/", "/", "/en/", "/privacy/", "/no-such-page/"} {
		maintenanceShown(t, path, s.open(t, base+path), "300")
	}
	_, errs := s.since(0, e0)
	onlyRefusals(t, errs, base, "")

	if err := os.Remove(flag); err != nil {
		t.Fatal(err)
	}
	_, took = s.waitForStatus(t, base+"/simulator/", 200, 10*time.Second, func(shownPage) {})
	t.Logf("maintenance off: the browser saw 200 after %v", took.Round(10*time.Millisecond))
	if _, err := s.waitFor(`document.getElementById("simulator").dataset.engine === "ready"`, 20*time.Second); err != nil {
		t.Fatalf("the engine did not load after maintenance: %v", err)
	}
	fillExample1(t, s)
	// 年税額 241,300円 (tax-rules.md §17 Example 1; 地方税法314条の3・35条・20条の4の2; 森林環境税法).
	if got := s.shown(t)["total"]; got != "241300" {
		t.Errorf("after maintenance the simulator computes %s, want 241300", got)
	}
	if p := s.open(t, base+"/en/"); p.status != 200 || strings.Contains(p.text, "メンテナンス中") {
		t.Errorf("/en/ after maintenance: HTTP %d: %.100q", p.status, p.text)
	}
	if !h.running() {
		t.Error("the host process did not survive the switch")
	}
	if !strings.Contains(h.stderr(), `"maintenance"`) {
		t.Errorf("the security log does not record the switch:\n%s", h.stderr())
	}
}

// marker is what the tamper test writes into the site: the browser must never show it.
const marker = "ZEISIM-TAMPERED-9c1e"

// TestOperationsTamper changes the site on disk under a running host, three ways, each with a
// host of its own: a served page altered, a page deleted, a page added. Within the tamper
// interval the browser gets the maintenance page for every address; at no moment does it get
// the altered or added content (the host serves the verified copy it loaded at start).
func TestOperationsTamper(t *testing.T) {
	if builtDist == "" {
		t.Skip(remoteSkipReason)
	}
	cases := []struct {
		name, path string // the address of the file changed
		change     func(public string) error
	}{
		{"altered", "/", func(public string) error {
			f := filepath.Join(public, "index.html")
			b, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			return os.WriteFile(f, bytes.Replace(b, []byte("<main"), []byte("<p>"+marker+"</p><main"), 1), 0o644)
		}},
		{"deleted", "/privacy/", func(public string) error {
			return os.Remove(filepath.Join(public, "privacy", "index.html"))
		}},
		{"added", "/evil.html", func(public string) error {
			return os.WriteFile(filepath.Join(public, "evil.html"), []byte("<!doctype html><title>x</title><p>"+marker), 0o644)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := startOpsHost(t, "-addr", "127.0.0.1:0", "-tamper-interval", "500ms", "-on-tamper", "maintenance")
			base := h.urls["http"]
			s := newSession(t)
			if p := s.open(t, base+"/simulator/"); p.status != 200 {
				t.Fatalf("before: HTTP %d", p.status)
			}
			if _, err := s.waitFor(`document.documentElement.dataset.offline === "ready"`, 30*time.Second); err != nil {
				t.Fatalf("the service worker did not install: %v", err)
			}
			_, e0 := s.mark()
			if err := c.change(filepath.Join(h.dist, "public")); err != nil {
				t.Fatal(err)
			}
			never := func(p shownPage) {
				if strings.Contains(p.html, marker) {
					t.Errorf("%s: the browser was served the tampered content (HTTP %d)", c.path, p.status)
				}
				if p.status != 503 && p.status != 200 && !(c.name == "added" && p.status == 404) {
					t.Errorf("%s: HTTP %d while tampering is being detected", c.path, p.status)
				}
			}
			p, took := s.waitForStatus(t, base+c.path, 503, 10*time.Second, never)
			t.Logf("%s %s: maintenance after %v (interval 500ms)", c.name, c.path, took.Round(10*time.Millisecond))
			maintenanceShown(t, c.path, p, "600")
			for _, path := range []string{"/", "/simulator/", "/en/", c.path} {
				p := s.open(t, base+path)
				never(p)
				maintenanceShown(t, path, p, "600")
			}
			// Whatever asks, the altered bytes stay on disk only: Go's client gets 503 too.
			resp, err := http.Get(base + c.path)
			if err != nil {
				t.Fatal(err)
			}
			var body bytes.Buffer
			body.ReadFrom(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 503 || strings.Contains(body.String(), marker) {
				t.Errorf("GET %s: HTTP %d, marker served %v", c.path, resp.StatusCode, strings.Contains(body.String(), marker))
			}
			_, errs := s.since(0, e0)
			notFound := ""
			if c.name == "added" {
				notFound = c.path // not in the manifest: 404 until the check notices the file
			}
			onlyRefusals(t, errs, base, notFound)
			if !strings.Contains(h.stderr(), "tamper detected") {
				t.Errorf("the security log does not record the tampering:\n%s", h.stderr())
			}
		})
	}
}

// TestOperationsTLS runs the host as in production (HTTPS, and an HTTP listener that only
// redirects) with a certificate from a throwaway test CA whose server key the browser is told
// to trust, and checks what the browser sees: http:// is redirected (301) to https:// on the
// same path; the page arrives over TLS 1.2 or 1.3 with an AES-GCM suite (CRYPTREC) and the
// Strict-Transport-Security header; the browser then applies HSTS itself, upgrading an
// http:// address before any request leaves; and the simulator works in the secure context,
// service worker included.
func TestOperationsTLS(t *testing.T) {
	ca, err := testcert.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	const name = "zeisim.test"
	certFile, keyFile, spki := testServerCert(t, ca, name)
	h := startOpsHost(t, "-tls-addr", "127.0.0.1:0", "-redirect-addr", "127.0.0.1:0", "-cert", certFile, "-key", keyFile)
	port := func(u string) string { return u[strings.LastIndex(u, ":")+1:] }
	tlsPort, redirectPort := port(h.urls["https"]), port(h.urls["redirect"])
	s := newSession(t,
		chromedp.Flag("host-resolver-rules", "MAP "+name+" 127.0.0.1"),
		chromedp.Flag("proxy-bypass-list", name),
		chromedp.Flag("ignore-certificate-errors-spki-list", spki),
	)
	redirects := chromedp.Events(s.ctx, network.RequestWillBeSent)
	type hop struct {
		from, to, reason string
		status           int64
	}
	var mu sync.Mutex
	var hops []hop
	go func() {
		for ev, err := range redirects {
			if err != nil {
				return
			}
			if r := ev.RedirectResponse; r != nil {
				mu.Lock()
				hops = append(hops, hop{r.URL, ev.Request.URL, headerValue(r.Headers, "Non-Authoritative-Reason"), r.Status})
				mu.Unlock()
			}
		}
	}()
	secure := "https://" + name + ":" + tlsPort
	ctx, cancel := s.withTimeout(30 * time.Second)
	defer cancel()

	// 1. The redirect listener: http:// → https://, same host and path.
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse("http://"+name+":"+redirectPort+"/simulator/"))
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if len(hops) != 1 || hops[0].status != 301 || hops[0].to != secure+"/simulator/" {
		t.Errorf("redirect: %+v, want one 301 to %s/simulator/", hops, secure)
	}
	hops = nil
	mu.Unlock()
	if resp.Status != 200 || resp.URL != secure+"/simulator/" {
		t.Fatalf("after the redirect: HTTP %d at %s", resp.Status, resp.URL)
	}
	// The redirect carries the header set without HSTS and COOP (meaningful on a secure
	// origin only; the browser would log an error for COOP on plain HTTP): nothing on the
	// console.
	r1, e1 := s.mark()
	_, errs := s.since(0, 0)
	for _, e := range errs {
		t.Errorf("console: %s", e)
	}
	// 2. TLS as negotiated, and the HSTS header.
	if d := resp.SecurityDetails; d == nil {
		t.Error("no TLS details: the page did not arrive over TLS")
	} else {
		t.Logf("TLS as the browser negotiated it: %s, %s, %s", d.Protocol, d.Cipher, d.KeyExchangeGroup)
		if d.Protocol != "TLS 1.3" && d.Protocol != "TLS 1.2" {
			t.Errorf("protocol %s", d.Protocol)
		}
		if !strings.Contains(d.Cipher, "GCM") {
			t.Errorf("cipher %s is not AES-GCM", d.Cipher)
		}
	}
	if hsts := headerValue(resp.Headers, "Strict-Transport-Security"); !strings.Contains(hsts, "max-age=63072000") {
		t.Errorf("Strict-Transport-Security %q", hsts)
	}
	if string(resp.SecurityState) != "secure" {
		t.Errorf("the browser rates the connection %q, want secure", resp.SecurityState)
	}
	// 3. The simulator in the secure context.
	if _, err := s.waitFor(`window.isSecureContext && document.getElementById("simulator").dataset.engine === "ready" && document.documentElement.dataset.offline === "ready"`, 30*time.Second); err != nil {
		t.Fatalf("the simulator or its service worker did not start over HTTPS: %v", err)
	}
	fillExample1(t, s)
	// 年税額 241,300円 (tax-rules.md §17 Example 1; 地方税法314条の3・35条・20条の4の2; 森林環境税法).
	if got := s.shown(t)["total"]; got != "241300" {
		t.Errorf("over HTTPS the simulator computes %s, want 241300", got)
	}
	// 4. HSTS as the browser applies it: http:// to the TLS port is upgraded inside the browser
	// (a plain request there would fail: the port speaks only TLS).
	resp, err = chromedp.Run(ctx, chromedp.NavigateResponse("http://"+name+":"+tlsPort+"/en/"))
	if err != nil {
		t.Fatalf("http:// after HSTS: %v", err)
	}
	mu.Lock()
	if len(hops) != 1 || hops[0].reason != "HSTS" || hops[0].to != secure+"/en/" {
		t.Errorf("HSTS upgrade: %+v, want one internal redirect (Non-Authoritative-Reason: HSTS) to %s/en/", hops, secure)
	}
	mu.Unlock()
	if resp.Status != 200 || resp.URL != secure+"/en/" {
		t.Errorf("after the HSTS upgrade: HTTP %d at %s", resp.Status, resp.URL)
	}
	reqs, errs := s.since(r1, e1)
	for _, e := range errs {
		t.Errorf("console: %s", e)
	}
	for _, r := range reqs {
		// The http:// address typed in step 4 is listed as asked for; the HSTS hop above
		// shows the browser upgraded it before sending anything.
		if !strings.HasPrefix(r, secure+"/") && r != "http://"+name+":"+tlsPort+"/en/" {
			t.Errorf("a request not to %s: %s", secure, r)
		}
	}
	violations := evalAs[[]string](t, s, `window.__cspViolations || []`)
	if len(violations) > 0 {
		t.Errorf("CSP violations: %q", violations)
	}
}
