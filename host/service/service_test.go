package service

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zeisim/host/manifest"
	"zeisim/host/testsite"
)

var securityHeaders = []string{"Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options",
	"X-Frame-Options", "Referrer-Policy", "Permissions-Policy", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy"}

// TestServesWithHeaders: the plain -addr listener sends the header set without HSTS and COOP
// (RFC 6797 §7.2: HSTS never over plain HTTP), unless -behind-tls says a TLS terminator is in
// front; the TLS listener's set (Handler) has them all.
func TestServesWithHeaders(t *testing.T) {
	for _, behind := range []bool{false, true} {
		cfg := defaults(t, site(t))
		cfg.BehindTLS = behind
		h := start(t, cfg)
		for _, target := range []string{"/", "/nope", "/.htaccess", "/web.config"} {
			resp, _ := get(t, h.URLs["http"]+target)
			if behind {
				for _, name := range securityHeaders {
					if resp.Header.Get(name) == "" {
						t.Errorf("-behind-tls %s: %d without %s", target, resp.StatusCode, name)
					}
				}
			} else {
				plainHeaders(t, target, resp.Header)
			}
			if s := resp.Header.Get("Server"); s != "" {
				t.Errorf("%s: Server banner %q", target, s)
			}
		}
	}
}

// rawRequest sends a request line exactly as written (no client-side cleaning) and returns
// the status code and body.
func rawRequest(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(addr, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", target)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("%q: %v", target, err)
	}
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestOddPathsOnTheWire sends traversal attempts as raw request lines through the real
// server, where no client library can normalise them first.
func TestOddPathsOnTheWire(t *testing.T) {
	dir := site(t)
	outside := filepath.Join(t.TempDir(), "secret.txt")
	os.WriteFile(outside, []byte("TOP SECRET"), 0o644)
	os.Symlink(outside, filepath.Join(dir, "public", "link.txt"))
	cfg := defaults(t, dir)
	_, err := Load(cfg)
	if err == nil || !strings.Contains(err.Error(), "extra /link.txt") {
		t.Fatalf("a symlink out of the root in public/ must refuse the start, got %v", err)
	}
	os.Remove(filepath.Join(dir, "public", "link.txt"))
	h := start(t, cfg)
	for _, target := range []string{"/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd",
		"/a/..%2F..%2Fconf/integrity.json", "/%2e%2e%2fconf/headers.json", "/./index.html", "/index.html%00",
		"/.htaccess", "/link.txt", "//etc/passwd", "/a/../../secret.txt", "/%5c..%5cconf"} {
		code, body := rawRequest(t, h.URLs["http"], target)
		if code != 404 && code != 400 {
			t.Errorf("%q: status %d", target, code)
		}
		if strings.Contains(body, "root:") || strings.Contains(body, "TOP SECRET") || strings.Contains(body, "sha256") {
			t.Errorf("%q leaked: %q", target, body)
		}
	}
}

func TestMaintenance(t *testing.T) {
	dir := site(t)
	cfg := defaults(t, dir)
	cfg.MaintenanceFile = filepath.Join(t.TempDir(), "maintenance.on")
	cfg.Poll = 20 * time.Millisecond
	cfg.RetryAfter = 15 * time.Minute
	h := start(t, cfg)
	status := func(target string) int { r, _ := get(t, h.URLs["http"]+target); return r.StatusCode }
	if status("/") != 200 {
		t.Fatal("not serving before maintenance")
	}
	os.WriteFile(cfg.MaintenanceFile, nil, 0o644)
	eventually(t, "maintenance on by flag file", func() bool { return status("/") == 503 })
	for _, target := range []string{"/", "/simulator/", "/a/app.0123456789ab.js", "/nope"} {
		resp, body := get(t, h.URLs["http"]+target)
		if resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "900" || !strings.Contains(body, "メンテナンス中") {
			t.Errorf("%s in maintenance: %d Retry-After %q body %q", target, resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
		if resp.Header.Get("Content-Security-Policy") == "" || resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: 503 headers %v", target, resp.Header)
		}
	}
	if r, _ := get(t, h.URLs["admin"]+"/healthz"); r.StatusCode != 503 {
		t.Errorf("healthz in maintenance: %d", r.StatusCode)
	}
	os.Remove(cfg.MaintenanceFile)
	eventually(t, "maintenance off", func() bool { return status("/") == 200 })
	if r, _ := get(t, h.URLs["admin"]+"/healthz"); r.StatusCode != 200 {
		t.Errorf("healthz after maintenance: %d", r.StatusCode)
	}
	// The signal switch (SIGUSR1 calls ToggleSignal) works the same way.
	h.State.ToggleSignal()
	if status("/") != 503 {
		t.Error("signal switch did not start maintenance")
	}
	h.State.ToggleSignal()
	if status("/") != 200 {
		t.Error("signal switch did not end maintenance")
	}
	log := securityLog(h)
	if strings.Count(log, `"event":"maintenance"`) != 2 {
		t.Errorf("want maintenance on and off in the security log:\n%s", log)
	}
}

func TestBuiltinMaintenancePage(t *testing.T) {
	files := testsite.Files()
	delete(files, "/maintenance.html")
	cfg := defaults(t, testsite.Build(t, files))
	h := start(t, cfg)
	h.State.ToggleSignal()
	resp, body := get(t, h.URLs["http"]+"/")
	if resp.StatusCode != 503 || !strings.Contains(body, "<title>メンテナンス中</title>") {
		t.Errorf("%d %q", resp.StatusCode, body)
	}
}

func TestTamper(t *testing.T) {
	files := testsite.Files()
	cases := []struct {
		name   string
		change func(pub string)
		want   string
		served string // the site path whose bytes change, if any: never served altered
	}{
		{"change", func(pub string) { os.WriteFile(filepath.Join(pub, "index.html"), []byte("DEFACED"), 0o644) }, `"kind":"modified"`, "/"},
		{"delete", func(pub string) { os.Remove(filepath.Join(pub, "robots.txt")) }, `"kind":"missing"`, ""},
		{"add", func(pub string) { os.WriteFile(filepath.Join(pub, "evil.html"), []byte("DEFACED"), 0o644) }, `"kind":"extra"`, "/evil.html"},
		{"manifest", func(pub string) {
			os.WriteFile(filepath.Join(filepath.Dir(pub), "conf", "integrity.json"), []byte(`{"files":{}}`), 0o644)
		}, `"kind":"modified"`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := testsite.Build(t, files)
			cfg := defaults(t, dir)
			cfg.TamperInterval = 50 * time.Millisecond
			alerted := filepath.Join(t.TempDir(), "alerted")
			cfg.AlertCommand = []string{"/bin/sh", "-c", `printf '%s' "$ZEISIM_TAMPER" > "$0"`, alerted}
			h := start(t, cfg)
			if r, _ := get(t, h.URLs["http"]+"/"); r.StatusCode != 200 {
				t.Fatal("not serving before the change")
			}
			tc.change(filepath.Join(dir, "public"))
			var seen []string
			eventually(t, "503 after tampering", func() bool {
				for _, target := range []string{"/", "/robots.txt", "/evil.html"} {
					_, body := get(t, h.URLs["http"]+target)
					seen = append(seen, body)
				}
				r, _ := get(t, h.URLs["http"]+"/simulator/")
				return r.StatusCode == 503
			})
			for _, body := range seen {
				if strings.Contains(body, "DEFACED") {
					t.Fatal("altered content was served")
				}
			}
			for _, target := range []string{"/", "/a/app.0123456789ab.js", "/evil.html"} {
				r, body := get(t, h.URLs["http"]+target)
				if r.StatusCode != 503 || !strings.Contains(body, "メンテナンス中") {
					t.Errorf("%s after tampering: %d", target, r.StatusCode)
				}
			}
			log := securityLog(h)
			if !contains(log, `"event":"tamper detected"`, tc.want) {
				t.Errorf("security log lacks %s:\n%s", tc.want, log)
			}
			eventually(t, "alert command ran", func() bool {
				b, _ := os.ReadFile(alerted)
				return len(b) > 0
			})
			if r, body := get(t, h.URLs["admin"]+"/healthz"); r.StatusCode != 503 || !strings.Contains(body, "tampered") {
				t.Errorf("healthz: %d %q", r.StatusCode, body)
			}
			_, metrics := get(t, h.URLs["admin"]+"/metrics")
			if !strings.Contains(metrics, "zeisim_tampered 1") {
				t.Errorf("metrics:\n%s", metrics)
			}
		})
	}
}

func TestTamperExit(t *testing.T) {
	dir := site(t)
	cfg := defaults(t, dir)
	cfg.TamperInterval = 50 * time.Millisecond
	cfg.OnTamper = "exit"
	h, err := Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if err := h.Start(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- h.Wait(ctx) }()
	os.WriteFile(filepath.Join(dir, "public", "index.html"), []byte("DEFACED"), 0o644)
	select {
	case err := <-done:
		if !errors.Is(err, ErrTampered) {
			t.Errorf("Wait returned %v, want ErrTampered", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("host still running 10s after tampering with -on-tamper exit")
	}
	if _, err := http.Get(h.URLs["http"] + "/"); err == nil {
		t.Error("listener still answering after exit")
	}
}

func TestStartRefusesTamperedRoot(t *testing.T) {
	dir := site(t)
	os.WriteFile(filepath.Join(dir, "public", "extra.html"), []byte("x"), 0o644)
	if _, err := Load(defaults(t, dir)); err == nil || !strings.Contains(err.Error(), "extra /extra.html") {
		t.Errorf("started with an extra file: %v", err)
	}
}

func TestManifestSignature(t *testing.T) {
	dir := site(t)
	key, _ := manifest.GenerateKey()
	pubPEM, _ := manifest.EncodePublicKey(&key.PublicKey)
	pubFile := filepath.Join(t.TempDir(), "manifest.pub")
	os.WriteFile(pubFile, pubPEM, 0o644)
	mfile := filepath.Join(dir, "conf", "integrity.json")
	cfg := defaults(t, dir)
	cfg.ManifestKey = pubFile

	if _, err := Load(cfg); err == nil {
		t.Error("started without a signature although -manifest-key was given")
	}
	raw, _ := os.ReadFile(mfile)
	sig, _ := manifest.Sign(key, raw)
	os.WriteFile(manifest.SignatureFile(mfile), sig, 0o644)
	h, err := Load(cfg)
	if err != nil {
		t.Fatalf("a correctly signed manifest was refused: %v", err)
	}
	h.Close()
	other, _ := manifest.GenerateKey()
	bad, _ := manifest.Sign(other, raw)
	os.WriteFile(manifest.SignatureFile(mfile), bad, 0o644)
	if _, err := Load(cfg); err == nil {
		t.Error("started with a signature by another key")
	}
}

func TestAccessLog(t *testing.T) {
	cfg := defaults(t, site(t))
	cfg.AccessLog = filepath.Join(t.TempDir(), "access.log")
	cfg.SecurityLog = filepath.Join(t.TempDir(), "security.log")
	h, err := Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := contextWithCancel()
	h.Start(ctx)
	done := make(chan error, 1)
	go func() { done <- h.Wait(ctx) }()
	get(t, h.URLs["http"]+"/simulator/?salary=6000000&dependents=2", "User-Agent", "zeisim-test")
	get(t, h.URLs["http"]+"/nope")
	cancel()
	<-done
	b, err := os.ReadFile(cfg.AccessLog)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 || strings.Contains(string(b), "6000000") || strings.Contains(string(b), "salary") {
		t.Fatalf("access log:\n%s", b)
	}
	var e map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &e); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"time", "client", "method", "path", "status", "bytes", "duration_ms", "ua"} {
		if _, ok := e[k]; !ok {
			t.Errorf("no %q in %s", k, lines[0])
		}
	}
	if e["path"] != "/simulator/" || e["status"] != 200.0 || e["ua"] != "zeisim-test" || e["client"] != "127.0.0.1" {
		t.Errorf("entry %v", e)
	}
	sec, _ := os.ReadFile(cfg.SecurityLog)
	if !contains(string(sec), `"event":"started"`, `"event":"stopped"`) {
		t.Errorf("security log:\n%s", sec)
	}
}

func Test4xxBurstLogged(t *testing.T) {
	cfg := defaults(t, site(t))
	cfg.Burst4xx = 5
	h := start(t, cfg)
	for i := 0; i < 7; i++ {
		get(t, h.URLs["http"]+fmt.Sprintf("/wp-admin/%d.php", i))
	}
	log := securityLog(h)
	if strings.Count(log, `"event":"4xx burst"`) != 1 || !strings.Contains(log, `"count":5`) {
		t.Errorf("want one 4xx-burst event at 5:\n%s", log)
	}
}

func TestAdminLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:9090", ":9090", "192.0.2.1:9090", "[::]:9090"} {
		cfg := defaults(t, site(t))
		cfg.AdminAddr = addr
		if err := cfg.Check(); err == nil {
			t.Errorf("admin listener allowed on %s", addr)
		}
	}
	h := start(t, defaults(t, site(t)))
	if r, _ := get(t, h.URLs["http"]+"/healthz"); r.StatusCode != 404 {
		t.Errorf("/healthz on the public listener: %d", r.StatusCode)
	}
	if r, body := get(t, h.URLs["admin"]+"/healthz"); r.StatusCode != 200 || body != "ok\n" {
		t.Errorf("admin /healthz: %d %q", r.StatusCode, body)
	}
}

func TestGracefulShutdown(t *testing.T) {
	files := testsite.Files()
	big := []byte(strings.Repeat("0123456789abcdef", 1<<18)) // 4 MiB: still in flight at shutdown
	files["/big.txt"] = big
	cfg := defaults(t, testsite.Build(t, files))
	h, err := Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := contextWithCancel()
	h.Start(ctx)
	done := make(chan error, 1)
	resp, err := client.Get(h.URLs["http"] + "/big.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	go func() { done <- h.Wait(ctx) }()
	cancel() // SIGTERM in main cancels this context
	b, err := io.ReadAll(resp.Body)
	if err != nil || len(b) != len(big) {
		t.Errorf("in-flight download cut by shutdown: %d of %d bytes, %v", len(b), len(big), err)
	}
	if err := <-done; err != nil {
		t.Errorf("graceful stop returned %v", err)
	}
	if _, err := http.Get(h.URLs["http"] + "/"); err == nil {
		t.Error("still accepting after shutdown")
	}
}

func TestLoadSpikeLogged(t *testing.T) {
	cfg := defaults(t, site(t))
	cfg.SpikeRequests = 6
	h := start(t, cfg)
	for i := 0; i < 8; i++ {
		get(t, h.URLs["http"]+"/")
	}
	log := securityLog(h)
	if strings.Count(log, `"event":"load spike"`) != 1 || !strings.Contains(log, `"requests":6`) {
		t.Errorf("want one load-spike event at 6 requests:\n%s", log)
	}
}
