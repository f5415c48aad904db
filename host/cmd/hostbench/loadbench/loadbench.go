// Package loadbench measures our host against nginx serving the same dist/ with the same
// header set, on loopback only: wrk loads each server in alternating rounds (the two share the
// machine's cores with wrk, so only the ratio in one run means anything) and prints requests per
// second, p99 latency and the host/nginx ratio per path. hostbench (the folder above) is its command; it is a tool, not part of the serving host.
package loadbench

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"zeisim/distconf"
	"zeisim/host/server"
	"zeisim/host/testcert"
)

// acceptEncoding is what wrk sends. With Debian's brotli_static module nginx sends the same
// .br sidecars as our host to a client offering br, as browsers do. Without the module, a
// client offering br would get our .br and nginx's .gz: different bytes, not a comparison; then
// gzip alone is offered and both send the same .gz sidecar.
func acceptEncoding(brotli bool) string {
	if brotli {
		return "br, gzip"
	}
	return "gzip"
}

type result struct {
	rps, p99ms float64
	seconds    float64 // how long wrk ran
	cpuPerReq  float64 // the server's CPU seconds per request
}

// loaded is one process under load: its base URLs per protocol and its pid.
type loaded struct {
	name string
	base map[string]string // "http", "https" → "scheme://127.0.0.1:port"
	pid  int
}

// Run loads the host binary hostBin and nginx on dist over HTTP and over TLS, rounds
// alternating rounds per path.
func Run(dist, hostBin string, dur time.Duration, rounds, conns int, bare bool, only string) error {
	for _, tool := range []string{"wrk", "nginx"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s not found: run make bench-deps (apt-get install -y wrk nginx)", tool)
		}
	}
	dist, _ = filepath.Abs(dist)
	tmp, err := os.MkdirTemp("", "zeisim-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	ca, err := testcert.NewCA()
	if err != nil {
		return err
	}
	cert, key, err := ca.WriteFiles(tmp, "p256", 2)
	if err != nil {
		return err
	}
	hostHTTP, hostTLS := freePort(), freePort()
	// The per-client limit is set far above the load in both servers, so both run their
	// limiter code without refusing wrk (which is one client). -behind-tls: the plain listener
	// sends HSTS like nginx's (the deployment where a terminator in front does TLS).
	host := exec.Command(hostBin, "-dir", dist, "-addr", hostHTTP, "-behind-tls", "-tls-addr", hostTLS,
		"-cert", cert, "-key", key, "-rate", "1e9", "-burst", "1000000000",
		"-max-conns", "4096", "-access-log", filepath.Join(tmp, "host-access.log"), "-spike", "0")
	host.Stderr = os.Stderr
	if err := host.Start(); err != nil {
		return err
	}
	defer func() { host.Process.Signal(os.Interrupt); host.Wait() }()
	ep := endpoints{http: freePort(), https: freePort(), cert: cert, key: key, brotli: haveBrotliModule()}
	conf, err := nginxConf(dist, tmp, ep)
	if err != nil {
		return err
	}
	ngx := exec.Command("nginx", "-p", tmp, "-c", conf, "-g", "daemon off;")
	ngx.Stderr = os.Stderr
	if err := ngx.Start(); err != nil {
		return err
	}
	defer func() { ngx.Process.Signal(os.Interrupt); ngx.Wait() }()
	servers := []loaded{
		{"host", map[string]string{"http": "http://" + hostHTTP, "https": "https://" + hostTLS}, host.Process.Pid},
		{"nginx", map[string]string{"http": "http://" + ep.http, "https": "https://" + ep.https}, ngx.Process.Pid},
	}
	if bare {
		addr := freePort()
		self, err := os.Executable()
		if err != nil {
			return err
		}
		b := exec.Command(self, "-dist", dist, "-serve-bare", addr)
		b.Stderr = os.Stderr
		if err := b.Start(); err != nil {
			return err
		}
		defer func() { b.Process.Kill(); b.Wait() }()
		servers = append(servers, loaded{"bare", map[string]string{"http": "http://" + addr}, b.Process.Pid})
	}
	client := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool()}}
	for _, s := range servers {
		for _, base := range s.base {
			if err := waitUp(client, base+"/"); err != nil {
				return err
			}
		}
	}
	paths, err := benchPaths(dist)
	if err != nil {
		return err
	}
	paths = slices.DeleteFunc(paths, func(p string) bool { return !strings.Contains(p, only) })
	ae := acceptEncoding(ep.brotli)
	// Check both serve the same bytes with the same security headers before timing anything.
	for _, proto := range []string{"http", "https"} {
		for _, p := range paths {
			if err := sameAnswer(client, ae, servers[0].base[proto]+p, servers[1].base[proto]+p); err != nil {
				return err
			}
		}
	}
	fmt.Printf("wrk -t2 -c%d -d%s --latency, Accept-Encoding: %s; %d alternating rounds; loopback only\n", conns, dur, ae, rounds)
	fmt.Printf("%-6s %-34s %12s %12s %9s %10s %10s %11s %11s\n", "proto", "path", "host req/s", "nginx req/s", "ratio", "host p99", "nginx p99", "host CPU/r", "nginx CPU/r")
	logSum, logCPU, n := 0.0, 0.0, 0
	var bareLines []string
	for _, proto := range []string{"http", "https"} {
		for _, p := range paths {
			results := map[string][]result{}
			var load []loaded
			for _, s := range servers {
				if s.base[proto] != "" {
					load = append(load, s)
				}
			}
			for r := 0; r < rounds; r++ {
				// Each round starts with the next server, so none always runs first.
				for i := range load {
					s := load[(i+r)%len(load)]
					cpu0 := cpuTicks(s.pid)
					res, err := wrk(s.base[proto]+p, ae, dur, conns)
					if err != nil {
						return err
					}
					res.cpuPerReq = ticksToSeconds(cpuTicks(s.pid)-cpu0) / (res.rps * res.seconds)
					results[s.name] = append(results[s.name], res)
				}
			}
			hr, gr := median(results["host"]), median(results["nginx"])
			if rs := results["bare"]; rs != nil {
				br := median(rs)
				bareLines = append(bareLines, fmt.Sprintf("%-34s %12.0f %10.2fms %9.1fµs", p, br.rps, br.p99ms, br.cpuPerReq*1e6))
			}
			ratio := hr.rps / gr.rps
			logSum += math.Log(ratio)
			logCPU += math.Log(hr.cpuPerReq / gr.cpuPerReq)
			n++
			fmt.Printf("%-6s %-34s %12.0f %12.0f %9.2f %8.2fms %8.2fms %9.1fµs %9.1fµs\n", proto, p, hr.rps, gr.rps, ratio, hr.p99ms, gr.p99ms, hr.cpuPerReq*1e6, gr.cpuPerReq*1e6)
		}
	}
	fmt.Printf("host/nginx requests/s ratio (geometric mean over lines): %.2f\n", math.Exp(logSum/float64(n)))
	fmt.Printf("host/nginx CPU time per request (geometric mean over lines; lower is better for us): %.2f\n", math.Exp(logCPU/float64(n)))
	if bare {
		fmt.Printf("the site handler alone on a default http.Server (no log, limits, timeouts), HTTP, same rounds:\n")
		fmt.Printf("%-34s %12s %12s %11s\n", "path", "req/s", "p99", "CPU/r")
		for _, l := range bareLines {
			fmt.Println(l)
		}
	}
	return nil
}

// RunBare serves dist with the site handler alone on a default http.Server: the floor that
// net/http and our handler set, against which the host's hardening (log, limits, timeouts)
// is measured. It runs until killed.
func RunBare(dist, addr string) error {
	c, err := distconf.Read(dist)
	if err != nil {
		return err
	}
	site, err := server.Load(filepath.Join(dist, "public"), c.Headers, c.Manifest)
	if err != nil {
		return err
	}
	return http.ListenAndServe(addr, site)
}

// median takes each figure's median over the rounds (the measure); with two rounds it
// is their mean.
func median(rs []result) result {
	pick := func(f func(result) float64) float64 {
		v := make([]float64, len(rs))
		for i, r := range rs {
			v[i] = f(r)
		}
		sort.Float64s(v)
		if len(v)%2 == 1 {
			return v[len(v)/2]
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	return result{
		rps:       pick(func(r result) float64 { return r.rps }),
		p99ms:     pick(func(r result) float64 { return r.p99ms }),
		seconds:   pick(func(r result) float64 { return r.seconds }),
		cpuPerReq: pick(func(r result) float64 { return r.cpuPerReq }),
	}
}

// benchPaths are the home page, the largest script and the engine: a small, a large and
// the largest answer.
func benchPaths(dist string) ([]string, error) {
	var m struct {
		Files map[string]any `json:"files"`
	}
	b, err := os.ReadFile(filepath.Join(dist, "conf", "integrity.json"))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	largest := map[string]string{} // extension → path
	size := map[string]int64{}
	for n := range m.Files {
		ext := filepath.Ext(n)
		if !strings.HasPrefix(n, "/a/") || (ext != ".js" && ext != ".wasm") {
			continue
		}
		fi, err := os.Stat(filepath.Join(dist, "public", filepath.FromSlash(n)))
		if err != nil {
			return nil, err
		}
		if sz := fi.Size(); sz > size[ext] || (sz == size[ext] && n < largest[ext]) {
			largest[ext], size[ext] = n, sz
		}
	}
	paths := []string{"/"}
	for _, ext := range []string{".js", ".wasm"} {
		if largest[ext] == "" {
			return nil, fmt.Errorf("no %s file under /a/ in %s", ext, dist)
		}
		paths = append(paths, largest[ext])
	}
	return paths, nil
}

func sameAnswer(client http.RoundTripper, acceptEncoding, a, b string) error {
	get := func(u string) (*http.Response, []byte, error) {
		req, _ := http.NewRequest("GET", u, nil)
		req.Header.Set("Accept-Encoding", acceptEncoding)
		resp, err := client.RoundTrip(req)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return resp, body, err
	}
	ra, ba, err := get(a)
	if err != nil {
		return err
	}
	rb, bb, err := get(b)
	if err != nil {
		return err
	}
	if ra.StatusCode != 200 || rb.StatusCode != 200 || string(ba) != string(bb) {
		return fmt.Errorf("host and nginx answer %s differently (%d/%d, %d/%d bytes)", a, ra.StatusCode, rb.StatusCode, len(ba), len(bb))
	}
	for _, h := range []string{"Content-Security-Policy", "Strict-Transport-Security", "Cache-Control", "Content-Type", "Content-Encoding", "X-Frame-Options"} {
		if ra.Header.Get(h) != rb.Header.Get(h) {
			return fmt.Errorf("%s: %s differs: host %q, nginx %q", a, h, ra.Header.Get(h), rb.Header.Get(h))
		}
	}
	return nil
}

func freePort() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitUp(client http.RoundTripper, url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		req, _ := http.NewRequest("GET", url, nil)
		if resp, err := client.RoundTrip(req); err == nil {
			resp.Body.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("%s did not come up", url)
}
