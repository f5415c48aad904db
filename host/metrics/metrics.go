// Package metrics counts what the host does and answers /healthz and /metrics on the admin
// listener, which the service binds to loopback only: monitoring (spec 3(13)) without an admin
// surface on the public port (spec 3(9)).
package metrics

import (
	"fmt"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Counters is safe for concurrent use.
type Counters struct {
	start        time.Time
	bytes        atomic.Int64
	rateLimited  atomic.Int64
	connRejected atomic.Int64
	connShed     atomic.Int64
	inFlight     atomic.Int64
	status       [600]atomic.Int64

	mu    sync.Mutex
	gauge map[string]func() int64
}

func New() *Counters { return &Counters{start: time.Now(), gauge: map[string]func() int64{}} }

// Request counts one finished request.
func (c *Counters) Request(status int, bytes int64) {
	if status >= 100 && status < 600 {
		c.status[status].Add(1)
	}
	c.bytes.Add(bytes)
}

func (c *Counters) RateLimited()  { c.rateLimited.Add(1) }
func (c *Counters) ConnRejected() { c.connRejected.Add(1) }
func (c *Counters) ConnShed()     { c.connShed.Add(1) }

// Begin and End bracket a request in flight.
func (c *Counters) Begin() { c.inFlight.Add(1) }
func (c *Counters) End()   { c.inFlight.Add(-1) }

// Gauge registers a value read at scrape time (open connections, tamper state...).
func (c *Counters) Gauge(name string, f func() int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gauge[name] = f
}

// Status is how many requests ended with code.
func (c *Counters) Status(code int) int64 { return c.status[code].Load() }

// Handler serves /healthz (200 "ok" while content is served, 503 with the reason otherwise)
// and /metrics (Prometheus text format, readable by eye and by any scraper).
func (c *Counters) Handler(reason func() string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if why := reason(); why != "" {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, why)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprintf(w, "zeisim_uptime_seconds %d\n", int64(time.Since(c.start).Seconds()))
		for code := range c.status {
			if n := c.status[code].Load(); n > 0 {
				fmt.Fprintf(w, "zeisim_requests_total{status=\"%d\"} %d\n", code, n)
			}
		}
		fmt.Fprintf(w, "zeisim_response_bytes_total %d\n", c.bytes.Load())
		fmt.Fprintf(w, "zeisim_rate_limited_total %d\n", c.rateLimited.Load())
		fmt.Fprintf(w, "zeisim_connections_rejected_total %d\n", c.connRejected.Load())
		fmt.Fprintf(w, "zeisim_connections_shed_total %d\n", c.connShed.Load())
		fmt.Fprintf(w, "zeisim_requests_in_flight %d\n", c.inFlight.Load())
		c.mu.Lock()
		names := make([]string, 0, len(c.gauge))
		for n := range c.gauge {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(w, "zeisim_%s %d\n", n, c.gauge[n]())
		}
		c.mu.Unlock()
	})
	return mux
}
