package limits

import (
	"math"
	"net"
	"net/netip"
	"sync"
	"time"
)

// Rate is a per-client token bucket: each client (an IPv4 address or an IPv6 /64, see Key)
// may make Burst requests at once and PerSecond on average. A client over its rate is refused
// only while the host is loaded, that is while all clients together made at least Busy
// requests in the current or the last second: a crowd behind one address (carrier-grade NAT,
// a city office's proxy) is never refused on a host that has time for it, while one client
// flooding a loaded host is held to its rate. Buckets idle long enough to be full again are
// forgotten, so memory stays bounded by the clients of the last few seconds.
type Rate struct {
	PerSecond float64
	Burst     float64
	Busy      int // requests per second over all clients from which the limit applies; 0: always

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time

	second    time.Time // start of the current one-second window
	now, last int       // requests in the current and the previous window
}

type bucket struct {
	tokens float64
	last   time.Time
}

// NewRate returns a limiter; perSecond <= 0 disables it (every request allowed).
func NewRate(perSecond float64, burst, busy int) *Rate {
	return &Rate{PerSecond: perSecond, Burst: float64(max(burst, 1)), Busy: busy, buckets: map[string]*bucket{}}
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

// KeyOf is Key of a connection's remote address.
func KeyOf(remote net.Addr) string { return Key(Client(remote.String())) }

// Key is what limits count by: an IPv4 address, or the /64 prefix of an IPv6 address (one
// household or phone is given a whole /64, so counting single IPv6 addresses would let one
// client take millions of shares).
func Key(client string) string {
	a, err := netip.ParseAddr(client)
	if err != nil || a.Is4() || a.Is4In6() {
		return client
	}
	p, _ := a.Prefix(64)
	return p.String()
}

// AllowAt takes one token for the client with this Key at now (the request's start, read once
// by the caller). When none is left it returns false and how long until one is.
func (r *Rate) AllowAt(key string, now time.Time) (bool, time.Duration) {
	if r == nil || r.PerSecond <= 0 {
		return true, 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sweep(now)
	if d := now.Sub(r.second); d >= time.Second || d < 0 {
		r.last, r.now = r.now, 0
		if d >= 2*time.Second || d < 0 {
			r.last = 0
		}
		r.second = now
	}
	r.now++
	b, ok := r.buckets[key]
	if !ok {
		b = &bucket{tokens: r.Burst, last: now}
		r.buckets[key] = b
	}
	b.tokens = math.Min(r.Burst, b.tokens+now.Sub(b.last).Seconds()*r.PerSecond)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	if r.Busy > 0 && max(r.now, r.last) < r.Busy {
		return true, 0 // over its rate, but the host has time for it
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
