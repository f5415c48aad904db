// Package service assembles the host: it loads and verifies the site, opens the listeners
// (HTTPS, the redirect-only HTTP listener, plain HTTP for local use, the loopback admin
// listener), applies the limits, writes the logs, watches for tampering and maintenance, and
// shuts down gracefully.
package service

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
)

// Config is everything the host can be told; main fills it from flags.
type Config struct {
	Dir string // the generator's output: public/ and conf/

	Addr         string // plain-HTTP content listener (local use, or behind a TLS terminator)
	TLSAddr      string // HTTPS content listener; needs CertFile and KeyFile
	RedirectAddr string // plain-HTTP listener that only redirects to TLSAddr
	RedirectHost string // host names redirects may go to, comma-separated; empty: the certificate's names
	RedirectPort string // HTTPS port named in redirects; empty: TLSAddr's (behind port mapping: 443)
	CertFile     string
	KeyFile      string
	AdminAddr    string // /healthz and /metrics; loopback addresses only

	AccessLog   string // file; empty: no access log
	SecurityLog string // file; security events also go to stderr
	LogMaxBytes int64
	LogKeep     int

	MaintenanceFile string // maintenance mode while this file exists
	Poll            time.Duration
	RetryAfter      time.Duration

	TamperInterval time.Duration
	OnTamper       string   // "maintenance" or "exit"
	AlertCommand   []string // run (no shell) when tampering is found
	ManifestKey    string   // ECDSA P-256 public key (PEM): conf/integrity.json.sig must verify

	RatePerSecond float64
	RateBurst     int
	RateBusy      int // requests/s over all clients from which RatePerSecond is enforced
	MaxConns      int
	MaxConnsPer   int // connections per client address (IPv6: per /64) once half of MaxConns are open
	Burst4xx      int // this many 4xx from one client within BurstWindow is a security event
	SpikeRequests int // this many requests in total within BurstWindow is a load-spike event
	BurstWindow   time.Duration

	BehindTLS bool // the -addr listener sits behind a TLS terminator: send HSTS and COOP there

	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	MaxHeaderBytes    int

	Stdout io.Writer // "host: serving ... on URL" lines (scripts and tests read the URL)
	Stderr io.Writer // security events are mirrored here

	alertFlag *string
}

// Flags registers every setting on fs with production defaults and returns the Config they fill.
func Flags(fs *flag.FlagSet) *Config {
	c := &Config{}
	fs.StringVar(&c.Dir, "dir", "dist", "the generator's output folder (public/ and conf/)")
	fs.StringVar(&c.Addr, "addr", "", "plain-HTTP content address (make run: 127.0.0.1:8080); not for the internet")
	fs.StringVar(&c.TLSAddr, "tls-addr", "", "HTTPS address, e.g. :443 (needs -cert and -key)")
	fs.StringVar(&c.RedirectAddr, "redirect-addr", "", "HTTP address that only redirects to HTTPS, e.g. :80")
	fs.StringVar(&c.RedirectHost, "redirect-host", "", "host names (comma-separated) the redirect listener sends to, when the request names one of them; others get 400 (default: the certificate's DNS names and IP addresses)")
	fs.StringVar(&c.RedirectPort, "redirect-port", "", "HTTPS port redirects name (default: the -tls-addr port; set 443 behind a port mapping)")
	fs.StringVar(&c.CertFile, "cert", "", "PEM certificate chain (ECDSA P-256 or RSA >= 2048); re-read on SIGHUP")
	fs.StringVar(&c.KeyFile, "key", "", "PEM private key; re-read on SIGHUP")
	fs.StringVar(&c.AdminAddr, "admin-addr", "", "loopback address for /healthz and /metrics, e.g. 127.0.0.1:9090")
	fs.StringVar(&c.AccessLog, "access-log", "", "access log file (JSON lines), rotated by size or day")
	fs.StringVar(&c.SecurityLog, "security-log", "", "security log file (JSON lines); events also go to stderr")
	fs.Int64Var(&c.LogMaxBytes, "log-max-bytes", 64<<20, "rotate a log when it would pass this size")
	fs.IntVar(&c.LogKeep, "log-keep", 30, "rotated log files kept per log")
	fs.StringVar(&c.MaintenanceFile, "maintenance-file", "", "maintenance mode (503 + 「メンテナンス中」) while this file exists; SIGUSR1 toggles too")
	fs.DurationVar(&c.Poll, "maintenance-poll", 2*time.Second, "how often the maintenance file is checked")
	fs.DurationVar(&c.RetryAfter, "retry-after", 10*time.Minute, "Retry-After sent with 503 in maintenance")
	fs.DurationVar(&c.TamperInterval, "tamper-interval", 30*time.Second, "how often public/ and conf/ are compared with what was loaded")
	fs.StringVar(&c.OnTamper, "on-tamper", "maintenance", "on tampering: maintenance (503 until restarted) or exit")
	alert := fs.String("alert", "", "command run on tampering (split on spaces, no shell); ZEISIM_TAMPER holds what changed")
	fs.StringVar(&c.ManifestKey, "manifest-key", "", "ECDSA P-256 public key (PEM); conf/integrity.json.sig must verify at start")
	fs.Float64Var(&c.RatePerSecond, "rate", 20, "requests per second allowed per client (IPv4 address, IPv6 /64) on average while the host is busy (0: no limit)")
	fs.IntVar(&c.RateBurst, "burst", 200, "requests per client allowed at once while the host is busy (a page load is about 15-30)")
	fs.IntVar(&c.RateBusy, "rate-busy", 1000, "requests per second over all clients from which -rate and -burst are enforced (0: always)")
	fs.IntVar(&c.MaxConns, "max-conns", 1024, "open connections per content listener; when full, the longest-waiting connection without a request in progress is closed for a new one")
	fs.IntVar(&c.MaxConnsPer, "max-conns-per-client", 64, "connections per client (IPv4 address, IPv6 /64) once half of -max-conns are open (0: no share)")
	fs.IntVar(&c.Burst4xx, "burst-4xx", 50, "4xx answers to one client within -burst-window that are logged as a security event")
	fs.IntVar(&c.SpikeRequests, "spike", 20000, "requests within -burst-window that are logged as a load spike (0: off)")
	fs.DurationVar(&c.BurstWindow, "burst-window", 10*time.Second, "window for -burst-4xx and -spike")
	fs.DurationVar(&c.ReadHeaderTimeout, "read-header-timeout", 5*time.Second, "time to send the request headers (and TLS handshake)")
	fs.DurationVar(&c.ReadTimeout, "read-timeout", 10*time.Second, "time to send the whole request")
	fs.DurationVar(&c.WriteTimeout, "write-timeout", 60*time.Second, "time to receive the whole response")
	fs.DurationVar(&c.IdleTimeout, "idle-timeout", 60*time.Second, "keep-alive idle time")
	fs.IntVar(&c.MaxHeaderBytes, "max-header-bytes", 16<<10, "request header size cap (431 above it; a request target over 8192 bytes gets 414)")
	fs.BoolVar(&c.BehindTLS, "behind-tls", false, "the -addr listener is reached only through a TLS terminator: send HSTS and COOP on it")
	c.alertFlag = alert
	return c
}

// Check validates the combination and fills derived values.
func (c *Config) Check() error {
	if c.alertFlag != nil && *c.alertFlag != "" {
		c.AlertCommand = strings.Fields(*c.alertFlag)
	}
	if c.Addr == "" && c.TLSAddr == "" {
		return errors.New("nothing to serve on: give -addr (plain HTTP, local) or -tls-addr with -cert and -key")
	}
	if c.TLSAddr != "" && (c.CertFile == "" || c.KeyFile == "") {
		return errors.New("-tls-addr needs -cert and -key")
	}
	if c.RedirectAddr != "" && c.TLSAddr == "" {
		return errors.New("-redirect-addr redirects to HTTPS: give -tls-addr too")
	}
	if c.OnTamper != "maintenance" && c.OnTamper != "exit" {
		return fmt.Errorf("-on-tamper %q: want maintenance or exit", c.OnTamper)
	}
	if c.AdminAddr != "" {
		host, _, err := net.SplitHostPort(c.AdminAddr)
		if err != nil {
			return fmt.Errorf("-admin-addr: %w", err)
		}
		if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return fmt.Errorf("-admin-addr %s: the admin listener binds to loopback only (127.0.0.1, ::1)", c.AdminAddr)
		}
	}
	if c.RedirectHost != "" {
		for _, name := range strings.Split(c.RedirectHost, ",") {
			if !validHost(strings.TrimSpace(name)) {
				return fmt.Errorf("-redirect-host %q: want host names (or IP addresses), comma-separated", name)
			}
		}
	}
	if c.TamperInterval <= 0 || c.Poll <= 0 {
		return errors.New("-tamper-interval and -maintenance-poll must be positive")
	}
	return nil
}
