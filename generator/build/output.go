package build

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"time"

	"zeisim/generator/compress"
)

// output collects the published files in memory until the build has succeeded, so a failed
// build never leaves a half-written site. Into a folder that does not exist yet, early
// writes them as they come (see earlyWriter).
type output struct {
	files map[string][]byte
	// sums holds the SHA-256 of files whose sum is known already (the fingerprinted assets),
	// so that the compression cache does not hash them again.
	sums  map[string][32]byte
	early *earlyWriter
	// last is what the previous build of the session wrote (nil without a session): a file
	// whose bytes and stat are still those needs no reading to know it is unchanged.
	last *lastWrite
}

// lastWrite is what a build left in its folder: each file's bytes, size and modification
// time as written or found.
type lastWrite struct {
	dir   string
	files map[string]writtenFile
}

type writtenFile struct {
	data  []byte
	size  int64
	mtime time.Time
}

// unchanged reports whether name in dir still holds data because the previous build left it
// so and nothing touched it since (same size and modification time).
func (l *lastWrite) unchanged(dir, name string, data []byte) (fs.FileInfo, bool) {
	if l == nil || l.dir != dir {
		return nil, false
	}
	prev, ok := l.files[name]
	if !ok {
		return nil, false
	}
	fi, err := os.Stat(filepath.Join(dir, name))
	if err != nil || fi.Size() != prev.size || !fi.ModTime().Equal(prev.mtime) || !bytes.Equal(prev.data, data) {
		return nil, false
	}
	return fi, true
}

func newOutput() *output { return &output{files: map[string][]byte{}, sums: map[string][32]byte{}} }

// add publishes a file whose bytes are final.
func (o *output) add(sitePath string, data []byte) {
	o.files[sitePath] = data
	delete(o.sums, sitePath) // a sum is only ever for the bytes it came with
	o.early.publish(sitePath, data)
}

// addSummed publishes a file whose SHA-256 is known (a fingerprinted asset).
func (o *output) addSummed(sitePath string, data []byte, sum [32]byte) {
	o.add(sitePath, data)
	o.sums[sitePath] = sum
}

// compress adds foo.br and foo.gz beside every compressible file, keeping a sidecar only
// when it is smaller than the file. Results are cached in cacheDir by the SHA-256 of the
// input (cachepack.go): brotli at quality 11 takes seconds for the engine.
func (o *output) compress(cacheDir string) error {
	cache := openPack(cacheDir)
	var todo []string
	for _, p := range sortedKeys(o.files) {
		if compress.Compressible(p) && !hostConfigs[p] {
			todo = append(todo, p)
		}
	}
	// The largest files first, so the slow ones do not start last on one core.
	sort.SliceStable(todo, func(i, j int) bool { return len(o.files[todo[i]]) > len(o.files[todo[j]]) })
	// Each file's sum is taken once for both encodings' keys, and not at all for an asset
	// fingerprinted with it.
	sums := make([][32]byte, len(todo))
	if cache.dir != "" {
		parallel(len(todo), func(i int) {
			if sum, ok := o.sums[todo[i]]; ok {
				sums[i] = sum
			} else {
				sums[i] = sha256.Sum256(o.files[todo[i]])
			}
		})
	}
	encs := []string{"br", "gz"}
	out := make([][]byte, 2*len(todo))
	parallel(len(out), func(i int) {
		p := todo[i/2]
		out[i] = cache.get(encs[i%2], p, o.files[p], sums[i/2])
		if len(out[i]) < len(o.files[p]) {
			o.early.publish(p+"."+encs[i%2], out[i])
		}
	})
	if err := cache.save(); err != nil {
		return err
	}
	if cacheDir != "" {
		removeLegacyCache(cacheDir)
	}
	results := map[string][]byte{}
	for i, data := range out {
		if p := todo[i/2]; len(data) < len(o.files[p]) {
			results[p+"."+encs[i%2]] = data
		}
	}
	for p, data := range results {
		o.files[p] = data // published by the worker
	}
	return nil
}

// parallel runs f(0) … f(n-1) on one goroutine per CPU.
func parallel(n int, f func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// write makes dir hold exactly the site: dir/public and dir/conf. It refuses to touch a
// folder that does not look like a previous build, so a mistyped -out cannot wipe a source
// tree. Creating a file costs far more than reading one on most file systems (about 1 ms
// against 0.04 ms on our build machine), so write keeps every file whose bytes are already
// right, rewrites those that differ, creates the new ones and removes everything else (stale
// files, emptied folders, symlinks). The result is the same tree a fresh write gives. It
// returns how many files it created or rewrote.
func (o *output) write(dir string, conf map[string][]byte) (int, error) {
	want := make(map[string][]byte, len(o.files)+len(conf))
	for p, data := range o.files {
		want[publicRel(p)] = data
	}
	for name, data := range conf {
		want[filepath.Join("conf", name)] = data
	}
	if o.early != nil {
		return o.finishEarly(dir, want)
	}
	if err := checkReplaceable(dir); err != nil {
		return 0, err
	}
	dirs := map[string]bool{}
	for f := range want {
		for d := filepath.Dir(f); d != "." && !dirs[d]; d = filepath.Dir(d) {
			dirs[d] = true
		}
	}
	existing, made, err := prune(dir, want, dirs)
	if err != nil {
		return 0, err
	}
	names := sortedKeys(want)
	changed := make([]bool, len(names))
	errs := make([]error, len(names))
	infos := make([]fs.FileInfo, len(names))
	parallel(len(names), func(i int) {
		if !existing[names[i]] {
			changed[i] = true
			return
		}
		var same bool
		if infos[i], same = o.last.unchanged(dir, names[i], want[names[i]]); same {
			return
		}
		changed[i], errs[i] = differs(filepath.Join(dir, names[i]), want[names[i]])
	})
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	written := 0
	for i, name := range names {
		if !changed[i] {
			continue
		}
		if d := filepath.Dir(name); !made[d] {
			if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
				return written, err
			}
			for ; d != "."; d = filepath.Dir(d) {
				made[d] = true
			}
		}
		if err := os.WriteFile(filepath.Join(dir, name), want[name], 0o644); err != nil {
			return written, err
		}
		written++
	}
	if o.last != nil {
		o.last.record(dir, names, want, infos)
	}
	return written, nil
}

// record remembers what dir holds after a write, for the session's next build (infos holds
// the stat of the files found unchanged without reading; the others are stat'ed here).
func (l *lastWrite) record(dir string, names []string, want map[string][]byte, infos []fs.FileInfo) {
	l.dir = dir
	l.files = make(map[string]writtenFile, len(names))
	for i, name := range names {
		fi := infos[i]
		if fi == nil {
			var err error
			if fi, err = os.Stat(filepath.Join(dir, name)); err != nil {
				continue // not remembered: the next build reads it
			}
		}
		l.files[name] = writtenFile{data: want[name], size: fi.Size(), mtime: fi.ModTime()}
	}
}

// finishEarly writes what the early writer has not: the folder is this build's own, so
// there is nothing to compare or remove.
func (o *output) finishEarly(dir string, want map[string][]byte) (int, error) {
	written, err := o.early.wait()
	if err != nil {
		return 0, err
	}
	made := map[string]bool{}
	for _, name := range sortedKeys(want) {
		if written[name] {
			continue
		}
		if d := filepath.Dir(filepath.Join(dir, name)); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return 0, err
			}
			made[d] = true
		}
		if err := os.WriteFile(filepath.Join(dir, name), want[name], 0o644); err != nil {
			return 0, err
		}
	}
	return len(want), nil
}

// prune removes from dir everything that is not a wanted regular file or a folder on the
// way to one, and returns the wanted files and the folders that remain.
func prune(dir string, want map[string][]byte, dirs map[string]bool) (files, kept map[string]bool, err error) {
	files, kept = map[string]bool{}, map[string]bool{".": true}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				return fs.SkipAll // a first build
			}
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case rel == "." && d.IsDir():
			return nil
		case d.IsDir() && dirs[rel]:
			kept[rel] = true
			return nil
		case d.Type().IsRegular() && want[rel] != nil:
			files[rel] = true
			return nil
		}
		// A symlink is removed, never followed: writing through it could reach outside dir.
		if err := os.RemoveAll(p); err != nil {
			return err
		}
		if d.IsDir() {
			return fs.SkipDir
		}
		return nil
	})
	return files, kept, err
}

// differs reports whether the file does not hold exactly data. Permissions are left as
// they are: a fresh file gets 0644 less the umask, and comparing against that would
// need the process-wide umask.
func differs(file string, data []byte) (bool, error) {
	f, err := os.Open(file)
	if err != nil {
		return false, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return false, err
	}
	if info.Size() != int64(len(data)) {
		return true, nil
	}
	buf := make([]byte, len(data)+1) // one more byte to see a file that grew meanwhile
	n, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return false, err
	}
	return !bytes.Equal(buf[:n], data), nil
}

func checkReplaceable(dir string) error {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range ents {
		if n := e.Name(); n != "public" && n != "conf" {
			return fmt.Errorf("output folder %s holds %q, so it is not a previous build: choose an empty or new folder for -out", dir, n)
		}
	}
	return nil
}
