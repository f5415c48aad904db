package main

import (
	"bufio"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"zeisim/host/testcert"
	"zeisim/host/testsite"
)

// TestBinarySignals runs the real binary: SIGUSR1 toggles maintenance, SIGHUP reloads the
// certificate, SIGTERM stops it cleanly, and -on-tamper exit ends it with status 3.
func TestBinarySignals(t *testing.T) {
	bin := build(t)
	ca, _ := testcert.NewCA()
	certDir := t.TempDir()
	cert, key, err := ca.WriteFiles(certDir, "p256", 1)
	if err != nil {
		t.Fatal(err)
	}
	dir := testsite.Build(t, testsite.Files())
	cmd := exec.Command(bin, "-dir", dir, "-addr", "127.0.0.1:0", "-tls-addr", "127.0.0.1:0", "-cert", cert, "-key", key,
		"-tamper-interval", "100ms", "-on-tamper", "exit")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	urls := map[string]string{}
	sc := bufio.NewScanner(stdout)
	for len(urls) < 2 && sc.Scan() {
		if i := strings.Index(sc.Text(), "://"); i > 0 {
			scheme := sc.Text()[strings.LastIndex(sc.Text()[:i], " ")+1 : i]
			urls[scheme] = strings.TrimSuffix(sc.Text()[strings.LastIndex(sc.Text()[:i], " ")+1:], "/")
		}
	}
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: ca.Pool(), ServerName: "localhost"}, DisableKeepAlives: true}}
	status := func() int {
		resp, err := c.Get(urls["http"] + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	serial := func() int64 {
		resp, err := c.Get(urls["https"] + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.TLS.PeerCertificates[0].SerialNumber.Int64()
	}
	wait := func(what string, cond func() bool) {
		for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within 10s", what)
			}
		}
	}
	if status() != 200 || serial() != 1 {
		t.Fatal("not serving at start")
	}
	cmd.Process.Signal(syscall.SIGUSR1)
	wait("SIGUSR1 starts maintenance", func() bool { return status() == 503 })
	cmd.Process.Signal(syscall.SIGUSR1)
	wait("SIGUSR1 ends maintenance", func() bool { return status() == 200 })
	c2, k2, _ := ca.Issue("p256", 7)
	os.WriteFile(cert, c2, 0o644)
	os.WriteFile(key, k2, 0o600)
	cmd.Process.Signal(syscall.SIGHUP)
	wait("SIGHUP reloads the certificate", func() bool { return serial() == 7 })

	// Tampering with -on-tamper exit: the web server stops, with exit status 3.
	os.WriteFile(filepath.Join(dir, "public", "index.html"), []byte("DEFACED"), 0o644)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 3 {
			t.Errorf("after tampering: %v, want exit status 3", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("still running 10s after tampering")
	}
}

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// build compiles the host once for the tests in this package.
func build(t *testing.T) string {
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "zeisim-host")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "host")
		if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binary != "" {
		os.RemoveAll(filepath.Dir(binary))
	}
	os.Exit(code)
}

func TestBinarySIGTERM(t *testing.T) {
	bin := build(t)
	cmd := exec.Command(bin, "-dir", testsite.Build(t, testsite.Files()), "-addr", "127.0.0.1:0")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if _, err := bufio.NewReader(stdout).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Errorf("SIGTERM: %v, want a clean exit", err)
	}
}

// TestBinaryRefusesChaCha20 runs the binary as an operator starts it (no GODEBUG in the
// environment) and offers TLS 1.3 with ChaCha20-Poly1305 only, which Go's TLS cannot be told
// to refuse: the //go:debug fips140=on line in main.go must do it (security.md §2, CRYPTREC).
// An AES-GCM offer on the same host must still succeed, so the test cannot pass on a host
// that refuses everything.
func TestBinaryRefusesChaCha20(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Fatal("openssl is needed (make deps installs it)")
	}
	bin := build(t)
	ca, _ := testcert.NewCA()
	certDir := t.TempDir()
	cert, key, err := ca.WriteFiles(certDir, "p256", 1)
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(certDir, "ca.pem")
	os.WriteFile(caFile, ca.PEM, 0o644)
	cmd := exec.Command(bin, "-dir", testsite.Build(t, testsite.Files()), "-tls-addr", "127.0.0.1:0", "-cert", cert, "-key", key,
		"-admin-addr", "127.0.0.1:0")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GODEBUG=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	stdout, _ := cmd.StdoutPipe()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	out := bufio.NewReader(stdout)
	line, err := out.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimSuffix(strings.TrimSpace(line[strings.Index(line, "https://")+len("https://"):]), "/")
	line, err = out.ReadString('\n')
	if err != nil || !strings.Contains(line, "admin on ") {
		t.Fatalf("admin line %q: %v", line, err)
	}
	admin := strings.TrimSpace(line[strings.Index(line, "http://"):])
	resp, err := http.Get(strings.TrimSuffix(admin, "/healthz") + "/tls")
	if err != nil {
		t.Fatal(err)
	}
	report, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(string(report), "CHACHA20") || !strings.Contains(string(report), "FIPS 140-3 モード: ChaCha20-Poly1305 は拒否") {
		t.Errorf("the running host's TLS report (様式第2号):\n%s", report)
	}
	offer := func(suite string) string {
		out, _ := exec.Command(openssl, "s_client", "-connect", addr, "-servername", "localhost", "-CAfile", caFile,
			"-tls1_3", "-ciphersuites", suite).CombinedOutput()
		return string(out)
	}
	if out := offer("TLS_CHACHA20_POLY1305_SHA256"); strings.Contains(out, "Cipher is TLS_CHACHA20_POLY1305_SHA256") || !strings.Contains(out, "Cipher is (NONE)") {
		t.Errorf("a ChaCha20-only TLS 1.3 client was served:\n%s", out)
	}
	if out := offer("TLS_AES_128_GCM_SHA256"); !strings.Contains(out, "Cipher is TLS_AES_128_GCM_SHA256") {
		t.Errorf("an AES-128-GCM TLS 1.3 client was refused:\n%s", out)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if !strings.Contains(stderr.String(), `"fips140":true`) {
		t.Errorf("the start line does not report fips140 true:\n%s", stderr.String())
	}
}
