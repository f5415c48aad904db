package e2e

import (
	"bufio"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// siteURL is the site under test: ZEISIM_E2E_URL when testers point the suite at a deployed
// site, else the real host started by TestMain on the freshly built site.
var siteURL string

// builtDist and hostBinary are the site TestMain built and the host binary it serves it with;
// both are empty when the suite targets a deployed site (ZEISIM_E2E_URL), where the tests that
// must start their own host (operations) skip.
var builtDist, hostBinary string

// remoteSkipReason is what a test that needs its own host says when it cannot have one.
const remoteSkipReason = "ZEISIM_E2E_URL targets a deployed site: this test starts its own host and flips the operator's switches (maintenance file, files on disk), which testers cannot do on a real deployment"

func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	if u := os.Getenv("ZEISIM_E2E_URL"); u != "" {
		siteURL = strings.TrimSuffix(u, "/")
		return m.Run(), nil
	}
	tmp, err := os.MkdirTemp("", "zeisim-e2e-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp)
	root, err := filepath.Abs("..")
	if err != nil {
		return 0, err
	}
	dist := filepath.Join(tmp, "dist")
	hostBin := filepath.Join(tmp, "host")
	for _, args := range [][]string{
		{"run", "./generator", "-out", dist},
		{"build", "-o", hostBin, "./host"},
	} {
		cmd := exec.Command("go", args...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return 0, fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	builtDist, hostBinary = dist, hostBin
	// -rate 0: the suites walk every page of every language from one address faster than a
	// resident would; the rate limit itself is proven by the host's own tests.
	host := exec.Command(hostBin, "-dir", dist, "-addr", "127.0.0.1:0", "-rate", "0")
	stdout, err := host.StdoutPipe()
	if err != nil {
		return 0, err
	}
	host.Stderr = os.Stderr
	if err := host.Start(); err != nil {
		return 0, err
	}
	defer func() {
		host.Process.Signal(os.Interrupt)
		host.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		return 0, fmt.Errorf("host did not start: %w", err)
	}
	i := strings.Index(line, "http://")
	if i < 0 {
		return 0, fmt.Errorf("host said %q, not its URL", line)
	}
	siteURL = strings.TrimSuffix(strings.TrimSpace(line[i:]), "/")
	return m.Run(), nil
}

// chromiumPath is the browser the suite drives: ZEISIM_CHROMIUM, else Debian's package.
func chromiumPath(t testing.TB) string {
	p := os.Getenv("ZEISIM_CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("no Chromium at %s (make test installs Debian's chromium; or set ZEISIM_CHROMIUM): %v", p, err)
	}
	return p
}

// session is one browser tab with everything the suites assert on recorded from the start:
// every request the page made, console errors and exceptions.
type session struct {
	ctx      context.Context
	mu       sync.Mutex
	requests []string
	errors   []string
}

// cspRecorder runs before any page script and keeps every securitypolicyviolation event: a
// blocked wasm compile is reported only as this DOM event, never on the console.
const cspRecorder = `window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});`

// newSession starts a browser of its own and opens its first tab, recording from the start.
// extra adds launch options (the operations suite trusts its test certificate this way).
func newSession(t testing.TB, extra ...chromedp.ExecAllocatorOption) *session {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("lang", "ja-JP"),
		// Every origin but loopback goes to a closed port: a request that tries to leave the
		// machine fails, and the request log below still shows it.
		chromedp.ProxyServer("http://127.0.0.1:9"),
		chromedp.UserDataDir(t.TempDir()),
	)
	if remote := os.Getenv("ZEISIM_E2E_URL"); remote != "" {
		// A deployed site is not on loopback: only its own host goes direct, every other
		// origin still goes to the closed port.
		if u, err := url.Parse(remote); err == nil && u.Hostname() != "" {
			opts = append(opts, chromedp.Flag("proxy-bypass-list", u.Hostname()))
		}
	}
	if spki := os.Getenv("ZEISIM_E2E_TRUST_SPKI"); spki != "" {
		// A staging site whose certificate comes from a private CA: the tester names the
		// server's key (base64 SHA-256 of its SubjectPublicKeyInfo) and Chromium trusts that
		// key only (Go's own client reads the CA from SSL_CERT_FILE).
		opts = append(opts, chromedp.Flag("ignore-certificate-errors-spki-list", spki))
	}
	opts = append(opts, extra...)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return record(t, ctx, "page")
}

// record starts recording requests, console errors and exceptions of the tab of ctx and
// installs the CSP-violation recorder in every document it loads.
func record(t testing.TB, ctx context.Context, name string) *session {
	t.Helper()
	s := &session{ctx: ctx}
	// A failing test leaves a screenshot and what the page said in artifacts/<test>/
	// (registered after the tab's cleanup, so it runs first, while the tab is still open).
	t.Cleanup(func() {
		if t.Failed() {
			s.saveArtifacts(t, name)
		}
	})
	reqs := chromedp.Events(ctx, network.RequestWillBeSent)
	exc := chromedp.Events(ctx, runtime.ExceptionThrown)
	logs := chromedp.Events(ctx, log.EntryAdded)
	console := chromedp.Events(ctx, runtime.ConsoleAPICalled)
	go func() {
		for ev, err := range reqs {
			if err != nil {
				return
			}
			s.mu.Lock()
			s.requests = append(s.requests, ev.Request.URL)
			s.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range exc {
			if err != nil {
				return
			}
			s.addError("exception: " + ev.ExceptionDetails.Text + describe(ev.ExceptionDetails.Exception))
		}
	}()
	go func() {
		for ev, err := range logs {
			if err != nil {
				return
			}
			if ev.Entry.Level == log.EntryLevelError {
				s.addError("log: " + ev.Entry.Text + " " + ev.Entry.URL)
			}
		}
	}()
	go func() {
		for ev, err := range console {
			if err != nil {
				return
			}
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				s.addError("console." + string(ev.Type) + ": " + strings.Join(parts, " "))
			}
		}
	}()
	for _, step := range []func(context.Context, *chromedp.Target) error{
		func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{})
			return err
		},
		func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, log.Enable, cdp.Empty{})
			return err
		},
		func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspRecorder})
			return err
		},
	} {
		if err := chromedp.Do(ctx, chromedp.Func(step)); err != nil {
			t.Fatalf("preparing the tab: %v", err)
		}
	}
	return s
}

// mark is how many requests and errors s has seen so far: a suite that checks page by page
// reads what came after it with since.
func (s *session) mark() (requests, errors int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests), len(s.errors)
}

// since returns the requests and errors recorded after a mark.
func (s *session) since(requests, errors int) ([]string, []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests[requests:]...), append([]string(nil), s.errors[errors:]...)
}

// otherOrigin reports whether a request URL leaves the site under test.
func otherOrigin(raw string) bool {
	return !fromOrigin(raw, siteURL)
}

// fromOrigin reports whether a request URL stays within origin. A blob: URL carries the
// origin that made it ("blob:http://host:port/uuid", the engine's Worker script): it is memory
// of that page, never a network request, and belongs to that origin.
func fromOrigin(raw, origin string) bool {
	own, err := url.Parse(origin)
	if err != nil {
		return false
	}
	u, err := url.Parse(strings.TrimPrefix(raw, "blob:"))
	return err == nil && u.Scheme+"://"+u.Host == own.Scheme+"://"+own.Host
}

func describe(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	return " " + o.Description
}

func (s *session) addError(e string) {
	s.mu.Lock()
	s.errors = append(s.errors, e)
	s.mu.Unlock()
}

// assertClean fails the test for any CSP violation, console error or request to another
// origin seen so far.
func (s *session) assertClean(t *testing.T) {
	t.Helper()
	violations, err := chromedp.Run(s.ctx, chromedp.Evaluate[[]string](`window.__cspViolations || []`))
	if err != nil {
		t.Fatalf("reading CSP violations: %v", err)
	}
	if len(violations) > 0 {
		t.Errorf("%d CSP violations: %q", len(violations), violations)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.errors) > 0 {
		t.Errorf("%d console errors: %q", len(s.errors), s.errors)
	}
	for _, r := range s.requests {
		if otherOrigin(r) {
			t.Errorf("request to another origin: %s", r)
		}
	}
}

// artifactsDir is where screenshots and failure records go (gitignored; .ci/run lists and
// packs what a failing run left there).
const artifactsDir = "artifacts"

// artifactsFor is the folder of one test's artifacts.
func artifactsFor(t testing.TB) string {
	return filepath.Join(artifactsDir, strings.NewReplacer("/", "_", " ", "_", ":", "_").Replace(t.Name()))
}

// saveArtifacts writes what a failing test leaves for whoever reads the CI output, into
// artifacts/<test>/: <name>.png (a full-page screenshot of the tab) and <name>.txt (its address,
// the CSP violations of the open document, every console error and every request seen).
func (s *session) saveArtifacts(t testing.TB, name string) {
	t.Helper()
	dir := artifactsFor(t)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Logf("artifacts: %v", err)
		return
	}
	ctx, cancel := context.WithTimeout(s.ctx, 10*time.Second)
	defer cancel()
	if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		_ = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	} else {
		t.Logf("artifacts: screenshot: %v", err)
	}
	where, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`))
	violations, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__cspViolations || []`))
	s.mu.Lock()
	text := "address: " + where + "\n\nCSP violations:\n" + strings.Join(violations, "\n") +
		"\n\nconsole errors:\n" + strings.Join(s.errors, "\n") + "\n\nrequests:\n" + strings.Join(s.requests, "\n") + "\n"
	s.mu.Unlock()
	_ = os.WriteFile(filepath.Join(dir, name+".txt"), []byte(text), 0o644)
	t.Logf("artifacts: saved %s/%s.png and .txt", dir, name)
}

// saveViewport saves what the resident sees right now (the viewport, not the full page) as
// artifacts/<test>/<name>.png: the evidence for a failure that depends on the scroll position.
func (s *session) saveViewport(t testing.TB, name string) {
	t.Helper()
	dir := artifactsFor(t)
	ctx, cancel := context.WithTimeout(s.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
	if err != nil {
		t.Logf("artifacts: %s: %v", name, err)
		return
	}
	t.Logf("artifacts: saved %s/%s.png", dir, name)
}

// withTimeout runs f with a deadline for one step, keeping the browser alive past it.
func (s *session) withTimeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(s.ctx, d)
}

// waitFor evaluates expr (awaiting it when it is a promise) until it is truthy and returns its
// value as a string. chromedp's Poll
// cannot be used: it builds its predicate with new Function, which our CSP rightly blocks.
func (s *session) waitFor(expr string, timeout time.Duration) (string, error) {
	deadline := time.Now().Add(timeout)
	for {
		v, err := chromedp.Run(s.ctx, chromedp.Evaluate[any](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			return "", err
		}
		switch x := v.(type) {
		case nil, bool:
			if x == true {
				return "true", nil
			}
		case string:
			if x != "" {
				return x, nil
			}
		default:
			return fmt.Sprint(x), nil
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("waited %v for %s", timeout, expr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
