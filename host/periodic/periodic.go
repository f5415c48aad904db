// Package periodic runs a function at a fixed interval until its context ends: the loop the
// host's log flusher, maintenance-flag poller and tamper watcher share.
package periodic

import (
	"context"
	"time"
)

// Every calls f every d until ctx ends or f returns false.
func Every(ctx context.Context, d time.Duration, f func() bool) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if !f() {
				return
			}
		}
	}
}
