package e2e

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// BenchmarkSimulatorAB compares builds of the site on one machine in one run, alternating
// between them visit by visit, because a shared machine's load swings more between two runs
// than most changes move the figures. It runs only when ZEISIM_BENCH_AB names the sites:
//
//	ZEISIM_BENCH_AB="base=http://127.0.0.1:18001 preload=http://127.0.0.1:18002" \
//	ZEISIM_E2E_URL=http://127.0.0.1:18001 go test -run '^$' -bench SimulatorAB -benchtime 15x ./e2e/
//
// (each site served by its own host: different origins keep their service workers and caches
// apart). ZEISIM_BENCH_THROTTLE="150,1600" puts each site behind a link of 150 ms latency and
// 1.6 Mbit/s down (throttle_bench_test.go), which every request crosses, the engine
// Worker's included: Chrome's network emulation of the page did not reach the Worker (a first
// visit's engine download took as long as unthrottled, 2026-12-06).
// Per iteration and site: a first visit (service worker, Cache Storage and HTTP cache
// forgotten), then two returning visits; the sites take turns going first. It prints each
// mark's median per site and visit, and the median of the per-iteration ratios against the
// first site (sorted by name). Run it with the same build twice (an A/A run) to see how far
// the machine alone moves the ratios.
func BenchmarkSimulatorAB(b *testing.B) {
	spec := os.Getenv("ZEISIM_BENCH_AB")
	if spec == "" {
		b.Skip("ZEISIM_BENCH_AB names no sites to compare")
	}
	sites := map[string]string{}
	var names []string
	for _, kv := range strings.Fields(spec) {
		name, u, ok := strings.Cut(kv, "=")
		if !ok {
			b.Fatalf("ZEISIM_BENCH_AB: %q is not name=url", kv)
		}
		sites[name] = strings.TrimSuffix(u, "/")
		names = append(names, name)
	}
	sort.Strings(names)
	t := newBenchTab(b)
	run := t.run
	eval := func(expr string) map[string]float64 { return benchEval[map[string]float64](t, expr) }
	if th := os.Getenv("ZEISIM_BENCH_THROTTLE"); th != "" {
		var latency, kbits float64
		if _, err := fmt.Sscanf(th, "%f,%f", &latency, &kbits); err != nil || kbits <= 0 {
			b.Fatalf("ZEISIM_BENCH_THROTTLE=%q: want latency-ms,kbit/s: %v", th, err)
		}
		for name, u := range sites {
			sites[name] = throttled(b, u, time.Duration(latency*float64(time.Millisecond)), kbits)
		}
	}
	for _, name := range names {
		run(chromedp.Navigate(sites[name] + simulatorPath("ja")))
		t.saveExampleOne()
	}
	const settled = `new Promise((resolve) => {
		const c = () => performance.getEntriesByName("zeisim:engine").length && performance.getEntriesByName("zeisim:result").length ? resolve({}) : setTimeout(c, 2);
		c();
	})`
	// Navigation and resource timing of the page and the engine, and the page's own marks.
	const timings = `(() => {
		const n = performance.getEntriesByType("navigation")[0];
		const r = performance.getEntriesByType("resource");
		const w = r.filter((e) => e.name.endsWith(".wasm"));
		const m = (k) => performance.getEntriesByName(k)[0]?.startTime ?? -1;
		return {
			"wasm-requests": w.length, "nav-response": n.responseStart, "dom-interactive": n.domInteractive,
			"wasm-request": w[0]?.startTime ?? -1, "wasm-response": w[0]?.responseStart ?? -1, "wasm-body": w[0]?.responseEnd ?? -1,
			script: m("zeisim:script"), form: m("zeisim:form"), fetched: m("zeisim:wasm-fetched"),
			compiled: m("zeisim:wasm-instantiated"), engine: m("zeisim:engine"), result: m("zeisim:result"),
		};
	})()`
	keys := []string{"wasm-requests", "nav-response", "dom-interactive", "script", "form", "wasm-request", "wasm-response", "wasm-body", "fetched", "compiled", "engine", "result"}
	visits := []string{"first", "return", "return2"}
	got := map[string][]map[string]float64{}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// ABBA order: whichever site goes first in an iteration is measured on a machine in
		// another state (an A/A run showed the order alone moving first visits by half).
		order := slices.Clone(names)
		if i%2 == 1 {
			slices.Reverse(order)
		}
		for _, name := range order {
			u := sites[name]
			t.forget(u)
			for j, visit := range visits {
				run(chromedp.Navigate(u + simulatorPath("ja")))
				eval(settled)
				got[name+"/"+visit] = append(got[name+"/"+visit], eval(timings))
				if j == 0 {
					benchEval[float64](t, offlineReady)
				}
			}
		}
	}
	b.StopTimer()
	var out strings.Builder
	fmt.Fprintf(&out, "medians (ms since navigation start) over %d iterations\n%-16s", b.N, "")
	var groups []string
	for _, v := range visits {
		for _, name := range names {
			groups = append(groups, name+"/"+v)
		}
	}
	for _, g := range groups {
		fmt.Fprintf(&out, " %16s", g)
	}
	out.WriteString("\n")
	for _, k := range keys {
		fmt.Fprintf(&out, "%-16s", k)
		for _, g := range groups {
			var xs []float64
			for _, r := range got[g] {
				xs = append(xs, r[k])
			}
			fmt.Fprintf(&out, " %16.1f", median(xs))
		}
		out.WriteString("\n")
	}
	for _, name := range names[1:] {
		for _, v := range visits {
			for _, k := range []string{"fetched", "engine", "result"} {
				var rs []float64
				for i, base := range got[names[0]+"/"+v] {
					rs = append(rs, got[name+"/"+v][i][k]/base[k])
				}
				sort.Float64s(rs)
				fmt.Fprintf(&out, "ratio %s/%s %-7s %-7s median %.3f (quartiles %.3f–%.3f)\n", name, names[0], v, k, rs[len(rs)/2], rs[len(rs)/4], rs[3*len(rs)/4])
			}
		}
	}
	// Printed, not logged: the benchmark log keeps only its first lines.
	fmt.Print(out.String())
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	if len(t.s.errors) > 0 {
		b.Errorf("console errors: %q", t.s.errors)
	}
}

// median is the middle value of xs (sorted in place), the figure the A/B benches report.
func median(xs []float64) float64 {
	sort.Float64s(xs)
	return xs[len(xs)/2]
}
