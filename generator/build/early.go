package build

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// earlyWriter writes a first build into an output folder that does not exist yet while the
// build is still running. Creating a file is slow on many file systems (about 0.5 ms on our
// build machine; four writers at once gain about a third), and a full build creates three
// files per page (the page and its .br and .gz), so writing as pages are rendered and
// compressed overlaps the waiting with the work. If the build fails, abort removes every
// folder it created: as before, a failed build leaves nothing behind.
//
// A rebuild into an existing folder does not use it: there the build compares each file
// with what is already there at the end (output.write), which writes only what changed.
type earlyWriter struct {
	dir     string // the output folder
	created string // the topmost folder that did not exist: removed on failure
	queue   chan earlyFile
	done    chan struct{}
	mu      sync.Mutex
	made    map[string]bool // folders created
	written map[string]bool // relative paths ("public/index.html"); the writers' until wait
	err     error
}

// earlyWriters is how many files are created at once: the time goes to the kernel, not to
// our CPU, so more writers than cores still help.
const earlyWriters = 4

type earlyFile struct {
	rel  string
	data []byte
}

// startEarly returns a running writer when dir does not exist, and nil when it does.
// capacity is how many files may wait at once before senders wait for the disk.
func startEarly(dir string, capacity int) (*earlyWriter, error) {
	if _, err := os.Lstat(dir); !errors.Is(err, fs.ErrNotExist) {
		return nil, err // nil error: it exists, so the build compares at the end
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	created := abs
	for parent := filepath.Dir(created); parent != created; parent = filepath.Dir(created) {
		if _, err := os.Lstat(parent); err == nil {
			break
		}
		created = parent
	}
	w := &earlyWriter{dir: dir, created: created, queue: make(chan earlyFile, capacity), done: make(chan struct{}), made: map[string]bool{}, written: map[string]bool{}}
	var wg sync.WaitGroup
	for range earlyWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.run()
		}()
	}
	go func() {
		wg.Wait()
		close(w.done)
	}()
	return w, nil
}

func (w *earlyWriter) run() {
	for f := range w.queue {
		w.mu.Lock()
		failed := w.err != nil
		w.mu.Unlock()
		if failed {
			continue // drain: the build will fail and abort
		}
		err := w.writeOne(f)
		w.mu.Lock()
		if err != nil && w.err == nil {
			w.err = err
		} else if err == nil {
			w.written[f.rel] = true
		}
		w.mu.Unlock()
	}
}

func (w *earlyWriter) writeOne(f earlyFile) error {
	file := filepath.Join(w.dir, f.rel)
	d := filepath.Dir(file)
	w.mu.Lock()
	made := w.made[d]
	w.mu.Unlock()
	if !made {
		// Two writers may create the same folder at once: MkdirAll accepts one that exists.
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		w.mu.Lock()
		w.made[d] = true
		w.mu.Unlock()
	}
	return os.WriteFile(file, f.data, 0o644)
}

// publish queues a published file (site path) whose bytes are final. A nil writer does
// nothing.
func (w *earlyWriter) publish(sitePath string, data []byte) {
	if w != nil {
		w.queue <- earlyFile{publicRel(sitePath), data}
	}
}

// wait lets the queued files reach the disk and returns the relative paths written.
func (w *earlyWriter) wait() (map[string]bool, error) {
	close(w.queue)
	<-w.done
	return w.written, w.err
}

// abort waits for the writer and removes what the build created.
func (w *earlyWriter) abort() {
	if w == nil {
		return
	}
	select {
	case <-w.done:
	default:
		_, _ = w.wait()
	}
	_ = os.RemoveAll(w.created)
}

// publicRel is where a site path lives below the output folder.
func publicRel(sitePath string) string {
	return filepath.Join("public", filepath.FromSlash(strings.TrimPrefix(sitePath, "/")))
}
