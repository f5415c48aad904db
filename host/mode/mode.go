// Package mode holds whether the host may serve content: maintenance (a flag file or SIGUSR1,
// switched without a restart) and tampering (set once by the tamper watcher, never cleared
// while the process lives: recovering means redeploying and restarting).
package mode

import (
	"context"
	"os"
	"sync/atomic"
	"time"

	"zeisim/host/periodic"
)

// State is safe for concurrent use. The zero value serves content.
type State struct {
	flagFile  atomic.Bool
	signalled atomic.Bool
	tampered  atomic.Bool
}

// Reason says why content is withheld: "" (serving), "maintenance" or "tampered".
func (s *State) Reason() string {
	switch {
	case s.tampered.Load():
		return "tampered"
	case s.flagFile.Load() || s.signalled.Load():
		return "maintenance"
	}
	return ""
}

// Maintenance reports whether maintenance mode is on (by flag file or signal).
func (s *State) Maintenance() bool { return s.flagFile.Load() || s.signalled.Load() }

// Tampered reports whether tampering was detected.
func (s *State) Tampered() bool { return s.tampered.Load() }

// SetTampered stops content for good; it reports whether this call changed the state.
func (s *State) SetTampered() bool { return s.tampered.CompareAndSwap(false, true) }

// ToggleSignal flips the signal-driven maintenance switch (SIGUSR1) and returns the new value.
func (s *State) ToggleSignal() bool {
	for {
		old := s.signalled.Load()
		if s.signalled.CompareAndSwap(old, !old) {
			return !old
		}
	}
}

// SetFlagFile records the flag file's presence and reports whether it changed.
func (s *State) SetFlagFile(on bool) bool { return s.flagFile.Swap(on) != on }

// WatchFlagFile polls file every interval until ctx ends: maintenance is on while it exists.
// Polling (rather than inotify) keeps this portable and dependency-free; onChange is told of
// each switch so it can be logged.
func (s *State) WatchFlagFile(ctx context.Context, file string, interval time.Duration, onChange func(on bool)) {
	check := func() {
		_, err := os.Stat(file)
		on := err == nil
		if s.SetFlagFile(on) && onChange != nil {
			onChange(on)
		}
	}
	check()
	periodic.Every(ctx, interval, func() bool { check(); return true })
}
