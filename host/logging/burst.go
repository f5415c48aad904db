package logging

import (
	"sync"
	"time"
)

// Burst counts events per key in fixed windows and fires once per key and window when the
// count reaches Threshold: "50 errors from one client in 10 s" becomes one security-log line,
// not fifty, however long the burst lasts.
type Burst struct {
	Threshold int
	Window    time.Duration
	now       func() time.Time

	mu   sync.Mutex
	wins map[string]*window
}

type window struct {
	start time.Time
	count int
}

// NewBurst returns a detector; threshold <= 0 disables it.
func NewBurst(threshold int, w time.Duration) *Burst {
	return &Burst{Threshold: threshold, Window: w, now: time.Now, wins: map[string]*window{}}
}

// Hit records one event for key and reports whether this event reaches the threshold.
func (b *Burst) Hit(key string) (fire bool, count int) {
	if b == nil || b.Threshold <= 0 {
		return false, 0
	}
	return b.HitAt(key, b.now())
}

// HitAt is Hit at a time the caller has read already (the request's start).
func (b *Burst) HitAt(key string, now time.Time) (fire bool, count int) {
	if b == nil || b.Threshold <= 0 {
		return false, 0
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	w, ok := b.wins[key]
	if !ok || now.Sub(w.start) >= b.Window {
		if len(b.wins) > 10000 {
			// Bounded memory under a flood from many addresses: old windows are dropped.
			for k, old := range b.wins {
				if now.Sub(old.start) >= b.Window {
					delete(b.wins, k)
				}
			}
		}
		w = &window{start: now}
		b.wins[key] = w
	}
	w.count++
	return w.count == b.Threshold, w.count
}
