package periodic

import (
	"context"
	"testing"
	"time"
)

// TestEvery: f runs repeatedly, stops when it returns false, and Every returns when the
// context ends.
func TestEvery(t *testing.T) {
	n := 0
	Every(context.Background(), time.Millisecond, func() bool { n++; return n < 3 })
	if n != 3 {
		t.Errorf("ran %d times, want 3 (stopped by f)", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { Every(ctx, time.Millisecond, func() bool { return true }); close(done) }()
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Every did not return after the context ended")
	}
}
