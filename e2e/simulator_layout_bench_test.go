package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	cdpio "github.com/chromedp/cdproto/io"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// BenchmarkSimulatorLayouts counts the style and layout work of a returning visit to the
// simulator page up to its first result, per site: the counts move far less than timings on
// a shared machine, so they show whether a change removed forced layouts. Sites as for
// BenchmarkSimulatorAB (ZEISIM_BENCH_AB="base=URL new=URL"; without it, the harness's site).
// Each iteration traces one returning visit and reads, from the renderer's main thread
// between navigation start and the zeisim:result mark, the layouts, the forced ones (run
// because a script or the browser asked for geometry, not by the frame) and their time,
// style recalculations, and the ResizeObserver deliveries; and the time from the mark to the
// next paint, when the resident sees the result (-1: no paint before the trace ended).
// ZEISIM_BENCH_TRACE=DIR also writes each site's first trace there (open it in Perfetto) and
// prints the script frames that forced each layout.
func BenchmarkSimulatorLayouts(b *testing.B) {
	sites := map[string]string{"site": siteURL}
	if spec := os.Getenv("ZEISIM_BENCH_AB"); spec != "" {
		sites = map[string]string{}
		for _, kv := range strings.Fields(spec) {
			name, u, ok := strings.Cut(kv, "=")
			if !ok {
				b.Fatalf("ZEISIM_BENCH_AB: %q is not name=url", kv)
			}
			sites[name] = strings.TrimSuffix(u, "/")
		}
	}
	var names []string
	for n := range sites {
		names = append(names, n)
	}
	sort.Strings(names)
	traceDir := os.Getenv("ZEISIM_BENCH_TRACE")
	t := newBenchTab(b)
	t.call(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, performance.Enable, performance.EnableParams{})
		return err
	})
	for _, name := range names {
		t.run(chromedp.Navigate(sites[name] + simulatorPath("ja")))
		t.saveExampleOne()
	}
	const settled = `new Promise((resolve) => {
		const c = () => performance.getEntriesByName("zeisim:engine").length && performance.getEntriesByName("zeisim:result").length ? resolve(1) : setTimeout(c, 2);
		c();
	})`
	metrics := func() map[string]float64 {
		m := map[string]float64{}
		t.call(func(ctx context.Context, tg *chromedp.Target) error {
			r, err := cdp.Call(ctx, tg, performance.GetMetrics, cdp.Empty{})
			for _, x := range r.Metrics {
				m[x.Name] = x.Value
			}
			return err
		})
		return m
	}
	got := map[string][]layoutCounts{}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, name := range names {
			t.call(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, tracing.Start, tracing.StartParams{TransferMode: tracing.StartTransferModeReturnAsStream, TraceConfig: &tracing.TraceConfig{IncludedCategories: []string{
					"devtools.timeline", "disabled-by-default-devtools.timeline", "disabled-by-default-devtools.timeline.stack", "blink", "blink.user_timing", "loading",
				}}})
				return err
			})
			t.run(chromedp.Navigate(sites[name] + simulatorPath("ja")))
			benchEval[float64](t, settled)
			after := metrics()
			var blob []byte
			t.call(func(ctx context.Context, tg *chromedp.Target) error {
				done := chromedp.Events(ctx, tracing.TracingComplete)
				if _, err := cdp.Call(ctx, tg, tracing.End, cdp.Empty{}); err != nil {
					return err
				}
				for ev, err := range done {
					if err != nil {
						return err
					}
					for {
						r, err := cdp.Call(ctx, tg, cdpio.Read, cdpio.ReadParams{Handle: ev.Stream})
						if err != nil {
							return err
						}
						if r.Base64encoded {
							d, err := base64.StdEncoding.DecodeString(string(r.Data))
							if err != nil {
								return err
							}
							r.Data = d
						}
						blob = append(blob, r.Data...)
						if r.EOF {
							break
						}
					}
					_, err := cdp.Call(ctx, tg, cdpio.Close, cdpio.CloseParams{Handle: ev.Stream})
					return err
				}
				return nil
			})
			var trace struct {
				TraceEvents []traceEvent `json:"traceEvents"`
			}
			if err := json.Unmarshal(blob, &trace); err != nil {
				b.Fatalf("trace: %v", err)
			}
			evs := trace.TraceEvents
			c := countLayouts(evs)
			// The renderer's counters start again with each document.
			c.metricLayouts = after["LayoutCount"]
			c.metricStyles = after["RecalcStyleCount"]
			c.metricLayoutMs = 1000 * after["LayoutDuration"]
			got[name] = append(got[name], c)
			if traceDir != "" && i == 0 {
				if err := os.WriteFile(filepath.Join(traceDir, "layouts-"+name+".json"), blob, 0o644); err != nil {
					b.Fatal(err)
				}
				fmt.Printf("%s: forced layouts and the script that asked\n", name)
				for _, s := range c.stacks {
					fmt.Printf("  %s\n", s)
				}
			}
		}
	}
	b.StopTimer()
	var out strings.Builder
	fmt.Fprintf(&out, "medians over %d returning visits, navigation start to first result\n%-26s", b.N, "")
	for _, n := range names {
		fmt.Fprintf(&out, " %10s", n)
	}
	out.WriteString("\n")
	rows := []struct {
		name string
		f    func(layoutCounts) float64
	}{
		{"layouts (trace)", func(c layoutCounts) float64 { return float64(c.layouts) }},
		{"forced layouts", func(c layoutCounts) float64 { return float64(c.forced) }},
		{"forced layout ms", func(c layoutCounts) float64 { return c.forcedMs }},
		{"layout ms", func(c layoutCounts) float64 { return c.layoutMs }},
		{"style recalcs (trace)", func(c layoutCounts) float64 { return float64(c.styles) }},
		{"ResizeObserver calls", func(c layoutCounts) float64 { return float64(c.resize) }},
		{"LayoutCount at result", func(c layoutCounts) float64 { return c.metricLayouts }},
		{"RecalcStyleCount at res.", func(c layoutCounts) float64 { return c.metricStyles }},
		{"LayoutDuration ms at res.", func(c layoutCounts) float64 { return c.metricLayoutMs }},
		{"busy ms to wasm-fetched", func(c layoutCounts) float64 { return c.busyMs }},
		{"result mark to paint ms", func(c layoutCounts) float64 { return c.paintMs }},
		{"result mark ms", func(c layoutCounts) float64 { return c.resultMs }},
	}
	for _, r := range rows {
		fmt.Fprintf(&out, "%-26s", r.name)
		for _, n := range names {
			var xs []float64
			for _, c := range got[n] {
				xs = append(xs, r.f(c))
			}
			fmt.Fprintf(&out, " %10.1f", median(xs))
		}
		out.WriteString("\n")
	}
	fmt.Print(out.String())
}

type traceEvent struct {
	Name string          `json:"name"`
	Ph   string          `json:"ph"`
	Ts   float64         `json:"ts"`
	Dur  float64         `json:"dur"`
	Pid  int             `json:"pid"`
	Tid  int             `json:"tid"`
	Args json.RawMessage `json:"args"`
}

type layoutCounts struct {
	layouts, forced, styles, resize               int
	layoutMs, forcedMs, resultMs, busyMs, paintMs float64
	metricLayouts, metricStyles, metricLayoutMs   float64
	stacks                                        []string
}

// countLayouts reads the main thread of the renderer that set the zeisim:result mark.
func countLayouts(evs []traceEvent) layoutCounts {
	var c layoutCounts
	var result, fetched *traceEvent
	for i := range evs {
		switch evs[i].Name {
		case "zeisim:result":
			result = &evs[i]
		case "zeisim:wasm-fetched":
			fetched = &evs[i]
		}
	}
	if result == nil {
		return c
	}
	pid, tid := result.Pid, result.Tid
	var start float64
	for _, e := range evs {
		if e.Pid == pid && e.Name == "navigationStart" && e.Ts < result.Ts && e.Ts > start {
			start = e.Ts
		}
	}
	c.resultMs = (result.Ts - start) / 1000
	var forcedSpans [][2]float64
	var main []traceEvent
	for _, e := range evs {
		if e.Pid == pid && e.Tid == tid && e.Ts >= start && e.Ts <= result.Ts {
			main = append(main, e)
		}
	}
	sort.Slice(main, func(i, j int) bool { return main[i].Ts < main[j].Ts })
	// The first paint after the mark: when the resident sees the result.
	c.paintMs = -1
	for _, e := range evs {
		if e.Pid == pid && e.Tid == tid && e.Name == "Paint" && e.Ts >= result.Ts && (c.paintMs < 0 || e.Ts-result.Ts < c.paintMs*1000) {
			c.paintMs = (e.Ts - result.Ts) / 1000
		}
	}
	for _, e := range main {
		if e.Name == "Blink.ForcedStyleAndLayout.UpdateTime" {
			forcedSpans = append(forcedSpans, [2]float64{e.Ts, e.Ts + e.Dur})
		}
	}
	inForced := func(ts float64) bool {
		for _, s := range forcedSpans {
			if ts >= s[0] && ts <= s[1] {
				return true
			}
		}
		return false
	}
	for _, e := range main {
		// Top-level tasks until the engine's response resolved: the main thread's work that
		// the engine's body waits behind.
		if e.Name == "RunTask" && fetched != nil && e.Ts < fetched.Ts {
			c.busyMs += (min(e.Ts+e.Dur, fetched.Ts) - e.Ts) / 1000
		}
		switch e.Name {
		case "Layout":
			c.layouts++
			c.layoutMs += e.Dur / 1000
			if inForced(e.Ts) {
				c.forced++
				c.forcedMs += e.Dur / 1000
				var a struct {
					BeginData struct {
						StackTrace []struct {
							FunctionName string `json:"functionName"`
							URL          string `json:"url"`
							LineNumber   int    `json:"lineNumber"`
							ColumnNumber int    `json:"columnNumber"`
						} `json:"stackTrace"`
					} `json:"beginData"`
				}
				json.Unmarshal(e.Args, &a)
				var fr []string
				for _, f := range a.BeginData.StackTrace {
					fr = append(fr, fmt.Sprintf("%s@%s:%d:%d", f.FunctionName, filepath.Base(f.URL), f.LineNumber, f.ColumnNumber))
				}
				if len(fr) == 0 {
					fr = []string{"(no script on the stack)"}
				}
				c.stacks = append(c.stacks, fmt.Sprintf("%7.1f ms +%5.1f ms %s", (e.Ts-start)/1000, e.Dur/1000, strings.Join(fr, " < ")))
			}
		case "UpdateLayoutTree":
			c.styles++
		case "ResizeObserverController::DeliverObservations", "LocalFrameView::NotifyResizeObservers":
			if e.Dur > 0 {
				c.resize++
			}
		}
	}
	return c
}
