// Package tamper compares the document root and the host's configuration files on disk with
// what the host loaded at start, at start and then every interval. Content is served from
// memory, so an altered file can never be served; detection still matters because the city's
// specification (3(13)) asks the provider to stop the web server when tampering is detected.
package tamper

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"time"

	"zeisim/host/manifest"
	"zeisim/host/periodic"
)

// Watcher checks one site.
type Watcher struct {
	PublicDir string
	Manifest  *manifest.Manifest
	// Pinned are files whose exact bytes were loaded at start (conf/integrity.json,
	// conf/headers.json, the signature): any change to them is tampering too.
	Pinned map[string][]byte
	// OnTamper is called once, with what changed, the first time a check finds a difference.
	OnTamper func(changes []manifest.Change)
}

// Check runs one comparison and returns every difference (nil: all as loaded).
func (w *Watcher) Check() ([]manifest.Change, error) {
	changes, err := manifest.Compare(w.Manifest, w.PublicDir)
	if err != nil {
		return nil, err
	}
	for file, want := range w.Pinned {
		got, err := os.ReadFile(file)
		switch {
		case err != nil:
			changes = append(changes, manifest.Change{Path: file, Kind: "missing"})
		case !bytes.Equal(got, want):
			changes = append(changes, manifest.Change{Path: file, Kind: "modified"})
		}
	}
	return changes, nil
}

// Run checks every interval until ctx ends or a difference is found (then OnTamper is called
// and Run returns). A check that cannot read the root counts as tampering: a deleted or
// unreadable docroot is a changed site.
func (w *Watcher) Run(ctx context.Context, interval time.Duration) {
	periodic.Every(ctx, interval, func() bool {
		changes, err := w.Check()
		if err != nil {
			changes = []manifest.Change{{Path: w.PublicDir, Kind: "unreadable: " + err.Error()}}
		}
		if len(changes) > 0 {
			w.OnTamper(changes)
			return false
		}
		return true
	})
}

// Alert runs the operator's alert command (argv, no shell) with the changes in the
// environment variable ZEISIM_TAMPER, bounded by a timeout so a hung command cannot hold the host.
func Alert(argv []string, changes []manifest.Change, timeout time.Duration) error {
	if len(argv) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	summary := ""
	for i, c := range changes {
		if i > 0 {
			summary += "; "
		}
		summary += c.String()
	}
	cmd.Env = append(os.Environ(), "ZEISIM_TAMPER="+summary)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("alert command %q: %w: %s", argv[0], err, bytes.TrimSpace(out))
	}
	return nil
}
