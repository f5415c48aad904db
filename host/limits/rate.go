package limits

import (
	"math"
	"net"
	"sync"
	"time"
)

// Rate is a per-client token bucket: each client (by IP address) may make Burst requests at
// once and PerSecond on average. Buckets idle long enough to be full again are forgotten, so
// memory stays bounded by the clients of the last few seconds.
type Rate struct {
	PerSecond float64
	Burst     float64

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

// NewRate returns a limiter; perSecond <= 0 disables it (every request allowed).
func NewRate(perSecond float64, burst int) *Rate {
	return &Rate{PerSecond: perSecond, Burst: float64(max(burst, 1)), buckets: map[string]*bucket{}}
}

// Client is the key a request is limited by: the peer's IP address. Forwarded-for headers are
// not trusted, because any client can write them.
func Client(remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		return remoteAddr
	}
	return host
}

// AllowAt takes one token for client at now (the request's start, read once by the caller).
// When none is left it returns false and how long until one is.
func (r *Rate) AllowAt(client string, now time.Time) (bool, time.Duration) {
	if r == nil || r.PerSecond <= 0 {
		return true, 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sweep(now)
	b, ok := r.buckets[client]
	if !ok {
		b = &bucket{tokens: r.Burst, last: now}
		r.buckets[client] = b
	}
	b.tokens = math.Min(r.Burst, b.tokens+now.Sub(b.last).Seconds()*r.PerSecond)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / r.PerSecond * float64(time.Second))
	return false, wait
}

// sweep drops full buckets at most once per refill period; callers hold mu.
func (r *Rate) sweep(now time.Time) {
	full := time.Duration(r.Burst / r.PerSecond * float64(time.Second))
	if now.Sub(r.swept) < full {
		return
	}
	r.swept = now
	for k, b := range r.buckets {
		if now.Sub(b.last) >= full {
			delete(r.buckets, k)
		}
	}
}

// Clients is how many buckets are held (for tests and metrics).
func (r *Rate) Clients() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.buckets)
}
