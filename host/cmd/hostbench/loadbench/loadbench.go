// Package loadbench measures our host against nginx serving the same dist/ with the same
// header set, on loopback only: wrk loads each server in alternating rounds (the two share the
// machine's cores with wrk, so only the ratio in one run means anything) and prints requests per
// second, p99 latency and the host/nginx ratio per path. hostbench (the folder above) is its command; it is a tool, not part of the serving host.
package loadbench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"zeisim/distconf"
	"zeisim/host/server"
)

// acceptEncoding is what wrk sends. Debian's nginx 1.22 has no brotli module, so a client
// offering br would get our .br sidecar and nginx's .gz one: different bytes, not a comparison.
// With gzip alone both send the same precompressed sidecar.
const acceptEncoding = "gzip"

type result struct {
	rps, p99ms float64
	seconds    float64 // how long wrk ran
	cpuPerReq  float64 // the server's CPU seconds per request
}

// Run loads the host binary hostBin and nginx on dist, rounds alternating rounds per path.
func Run(dist, hostBin string, dur time.Duration, rounds, conns int, bare bool) error {
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
	hostAddr, nginxAddr := freePort(), freePort()
	// The per-client limit is set far above the load in both servers, so both run their
	// limiter code without refusing wrk (which is one client).
	host := exec.Command(hostBin, "-dir", dist, "-addr", hostAddr, "-rate", "1e9", "-burst", "1000000000",
		"-max-conns", "4096", "-access-log", filepath.Join(tmp, "host-access.log"), "-spike", "0")
	host.Stderr = os.Stderr
	if err := host.Start(); err != nil {
		return err
	}
	defer func() { host.Process.Signal(os.Interrupt); host.Wait() }()
	conf, err := nginxConf(dist, tmp, nginxAddr)
	if err != nil {
		return err
	}
	ngx := exec.Command("nginx", "-p", tmp, "-c", conf, "-g", "daemon off;")
	ngx.Stderr = os.Stderr
	if err := ngx.Start(); err != nil {
		return err
	}
	defer func() { ngx.Process.Signal(os.Interrupt); ngx.Wait() }()
	addrs := []string{hostAddr, nginxAddr}
	pids := map[string]int{hostAddr: host.Process.Pid, nginxAddr: ngx.Process.Pid}
	bareAddr := ""
	if bare {
		bareAddr = freePort()
		self, err := os.Executable()
		if err != nil {
			return err
		}
		b := exec.Command(self, "-dist", dist, "-serve-bare", bareAddr)
		b.Stderr = os.Stderr
		if err := b.Start(); err != nil {
			return err
		}
		defer func() { b.Process.Kill(); b.Wait() }()
		addrs = append(addrs, bareAddr)
		pids[bareAddr] = b.Process.Pid
	}
	for _, a := range addrs {
		if err := waitUp("http://" + a + "/"); err != nil {
			return err
		}
	}
	paths, err := benchPaths(dist)
	if err != nil {
		return err
	}
	// Check both serve the same bytes with the same security headers before timing anything.
	for _, p := range paths {
		if err := sameAnswer("http://"+hostAddr+p, "http://"+nginxAddr+p); err != nil {
			return err
		}
	}
	fmt.Printf("wrk -t2 -c%d -d%s --latency, Accept-Encoding: %s; %d alternating rounds; loopback only\n", conns, dur, acceptEncoding, rounds)
	fmt.Printf("%-34s %12s %12s %9s %10s %10s %11s %11s\n", "path", "host req/s", "nginx req/s", "ratio", "host p99", "nginx p99", "host CPU/r", "nginx CPU/r")
	logSum, logCPU, n := 0.0, 0.0, 0
	var bareLines []string
	for _, p := range paths {
		results := map[string][]result{}
		for r := 0; r < rounds; r++ {
			// Each round starts with the next server, so none always runs first.
			for i := range addrs {
				a := addrs[(i+r)%len(addrs)]
				cpu0 := cpuTicks(pids[a])
				res, err := wrk("http://"+a+p, dur, conns)
				if err != nil {
					return err
				}
				res.cpuPerReq = ticksToSeconds(cpuTicks(pids[a])-cpu0) / (res.rps * res.seconds)
				results[a] = append(results[a], res)
			}
		}
		hr, gr := mean(results[hostAddr]), mean(results[nginxAddr])
		if bare {
			br := mean(results[bareAddr])
			bareLines = append(bareLines, fmt.Sprintf("%-34s %12.0f %10.2fms %9.1fµs", p, br.rps, br.p99ms, br.cpuPerReq*1e6))
		}
		ratio := hr.rps / gr.rps
		logSum += math.Log(ratio)
		logCPU += math.Log(hr.cpuPerReq / gr.cpuPerReq)
		n++
		fmt.Printf("%-34s %12.0f %12.0f %9.2f %8.2fms %8.2fms %9.1fµs %9.1fµs\n", p, hr.rps, gr.rps, ratio, hr.p99ms, gr.p99ms, hr.cpuPerReq*1e6, gr.cpuPerReq*1e6)
	}
	fmt.Printf("host/nginx requests/s ratio (geometric mean over paths): %.2f\n", math.Exp(logSum/float64(n)))
	fmt.Printf("host/nginx CPU time per request (geometric mean over paths; lower is better for us): %.2f\n", math.Exp(logCPU/float64(n)))
	if bare {
		fmt.Printf("the site handler alone on a default http.Server (no log, limits, timeouts), same rounds:\n")
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

func mean(rs []result) result {
	var m result
	for _, r := range rs {
		m.rps += r.rps / float64(len(rs))
		m.p99ms += r.p99ms / float64(len(rs))
		m.cpuPerReq += r.cpuPerReq / float64(len(rs))
	}
	return m
}

// cpuTicks is the user and system CPU time (in clock ticks) of process pid and of its child
// processes (nginx's workers), read from /proc. Requests per second depend on what else the
// machine runs; CPU time per request much less, so both are printed.
func cpuTicks(pid int) int64 {
	var total int64
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// Fields after the command name (which may hold spaces) in parentheses.
		rest := string(b[strings.LastIndexByte(string(b), ')')+2:])
		f := strings.Fields(rest)
		if len(f) < 13 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		if p != pid && ppid != pid {
			continue
		}
		utime, _ := strconv.ParseInt(f[11], 10, 64)
		stime, _ := strconv.ParseInt(f[12], 10, 64)
		total += utime + stime
	}
	return total
}

// ticksToSeconds assumes the kernel's USER_HZ of 100, which Linux reports to user space on
// every architecture Go runs on.
func ticksToSeconds(t int64) float64 { return float64(t) / 100 }

var (
	rpsRe = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	p99Re = regexp.MustCompile(`\s99%\s+([0-9.]+)(us|ms|s)`)
	durRe = regexp.MustCompile(`requests in ([0-9.]+)(ms|s),`)
)

func wrk(url string, dur time.Duration, conns int) (result, error) {
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		return result{}, errors.New("refusing to load anything but 127.0.0.1")
	}
	out, err := exec.Command("wrk", "-t2", "-c"+strconv.Itoa(conns), "-d"+dur.String(), "--latency",
		"-H", "Accept-Encoding: "+acceptEncoding, url).CombinedOutput()
	if err != nil {
		return result{}, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "Non-2xx") {
		return result{}, fmt.Errorf("wrk saw errors on %s:\n%s", url, out)
	}
	m, l := rpsRe.FindSubmatch(out), p99Re.FindSubmatch(out)
	if m == nil || l == nil {
		return result{}, fmt.Errorf("cannot read wrk output:\n%s", out)
	}
	rps, _ := strconv.ParseFloat(string(m[1]), 64)
	p99, _ := strconv.ParseFloat(string(l[1]), 64)
	switch string(l[2]) {
	case "us":
		p99 /= 1000
	case "s":
		p99 *= 1000
	}
	secs := dur.Seconds()
	if t := durRe.FindSubmatch(out); t != nil {
		secs, _ = strconv.ParseFloat(string(t[1]), 64)
		if string(t[2]) == "ms" {
			secs /= 1000
		}
	}
	return result{rps: rps, p99ms: p99, seconds: secs}, nil
}

// benchPaths are a page, the stylesheet and the engine: small, medium and large answers.
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
	paths := []string{"/"}
	var names []string
	for n := range m.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, ext := range []string{".css", ".wasm"} {
		for _, n := range names {
			if strings.HasPrefix(n, "/a/") && strings.HasSuffix(n, ext) {
				paths = append(paths, n)
				break
			}
		}
	}
	return paths, nil
}

func sameAnswer(a, b string) error {
	get := func(u string) (*http.Response, []byte, error) {
		req, _ := http.NewRequest("GET", u, nil)
		req.Header.Set("Accept-Encoding", acceptEncoding)
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		var body []byte
		buf := make([]byte, 32<<10)
		for {
			n, err := resp.Body.Read(buf)
			body = append(body, buf[:n]...)
			if err != nil {
				break
			}
		}
		return resp, body, nil
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

func waitUp(url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("%s did not come up", url)
}

// nginxConf renders a hardened nginx configuration equivalent to our host: same headers
// (add_header ... always, repeated per location as nginx requires), GET/HEAD only, dotfiles
// denied, precompressed gzip sidecars, same timeouts and header cap, a JSON-ish access log
// buffered like ours.
func nginxConf(dist, tmp, addr string) (string, error) {
	c, err := distconf.Read(dist)
	if err != nil {
		return "", err
	}
	hs := c.Headers
	headers := func(extra map[string]string) string {
		all := map[string]string{}
		for k, v := range hs.All {
			all[k] = v
		}
		for k, v := range extra {
			all[k] = v
		}
		var keys []string
		for k := range all {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var s strings.Builder
		for _, k := range keys {
			fmt.Fprintf(&s, "      add_header %s %q always;\n", k, all[k])
		}
		return s.String()
	}
	var w strings.Builder
	fmt.Fprintf(&w, `worker_processes auto;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 4096; }
http {
  server_tokens off;
  sendfile on;
  tcp_nopush on;
  types {
    text/html html; text/css css; text/javascript js mjs; application/json json; application/wasm wasm;
    image/svg+xml svg; image/png png; image/x-icon ico; text/plain txt; application/xml xml;
    application/manifest+json webmanifest; font/woff2 woff2;
  }
  charset utf-8;
  charset_types text/css text/javascript text/plain;
  default_type application/octet-stream;
  client_header_timeout 5s;
  client_body_timeout 10s;
  send_timeout 60s;
  keepalive_timeout 60s;
  keepalive_requests 1000000;
  large_client_header_buffers 4 16k;
  client_max_body_size 1k;
  gzip_static on;
  limit_req_zone $binary_remote_addr zone=perclient:10m rate=1000000r/s;
  log_format json escape=json '{"time":"$time_iso8601","client":"$remote_addr","method":"$request_method","path":"$uri","status":$status,"bytes":$body_bytes_sent,"duration_ms":$request_time,"ua":"$http_user_agent"}';
  access_log %[1]s/access.log json buffer=64k flush=1s;
  client_body_temp_path %[1]s/body; proxy_temp_path %[1]s/proxy; fastcgi_temp_path %[1]s/fastcgi;
  uwsgi_temp_path %[1]s/uwsgi; scgi_temp_path %[1]s/scgi;
  server {
    listen %[2]s;
    root %[3]s;
    index index.html;
    limit_req zone=perclient burst=1000000 nodelay;
    location ~ /\. { return 404; }
`, tmp, addr, filepath.Join(dist, "public"))
	for _, r := range hs.Rules {
		fmt.Fprintf(&w, "    location ^~ %s {\n      limit_except GET { deny all; }\n%s    }\n", r.Prefix, headers(r.Headers))
	}
	fmt.Fprintf(&w, "    location / {\n      limit_except GET { deny all; }\n%s    }\n  }\n}\n", headers(hs.Default))
	file := filepath.Join(tmp, "nginx.conf")
	return file, os.WriteFile(file, []byte(w.String()), 0o644)
}
