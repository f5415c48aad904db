package build

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"zeisim/generator/compress"
)

// output collects the published files in memory until the build has succeeded, so a failed
// build never leaves a half-written site.
type output struct{ files map[string][]byte }

func newOutput() *output { return &output{files: map[string][]byte{}} }

func (o *output) add(sitePath string, data []byte) { o.files[sitePath] = data }

// compress adds foo.br and foo.gz beside every compressible file, keeping a sidecar only
// when it is smaller than the file. Results are cached in cacheDir by the SHA-256 of the
// input: brotli at quality 11 takes seconds for the engine.
func (o *output) compress(cacheDir string) error {
	var todo []string
	for _, p := range sortedKeys(o.files) {
		if compress.Compressible(p) && !hostConfigs[p] {
			todo = append(todo, p)
		}
	}
	type job struct {
		path, enc string
	}
	jobs := make(chan job)
	results := make(map[string][]byte, 2*len(todo))
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				data, err := cached(cacheDir, j.enc, o.files[j.path])
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				if err == nil && len(data) < len(o.files[j.path]) {
					results[j.path+"."+j.enc] = data
				}
				mu.Unlock()
			}
		}()
	}
	// The largest files first, so the slow ones do not start last on one core.
	order := append([]string(nil), todo...)
	sortBySizeDesc(order, o.files)
	for _, p := range order {
		jobs <- job{p, "br"}
		jobs <- job{p, "gz"}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	for p, data := range results {
		o.files[p] = data
	}
	return nil
}

func sortBySizeDesc(paths []string, files map[string][]byte) {
	// Insertion into a stable order: by size, then path, so the schedule is the same on
	// every run (the output does not depend on it either way).
	for i := 1; i < len(paths); i++ {
		for j := i; j > 0; j-- {
			a, b := paths[j-1], paths[j]
			if len(files[a]) > len(files[b]) || len(files[a]) == len(files[b]) && a < b {
				break
			}
			paths[j-1], paths[j] = b, a
		}
	}
}

func cached(dir, enc string, data []byte) ([]byte, error) {
	encode := compress.Gzip
	if enc == "br" {
		encode = compress.Brotli
	}
	if dir == "" {
		return encode(data), nil
	}
	sum := sha256.Sum256(data)
	file := filepath.Join(dir, enc, hex.EncodeToString(sum[:])+"."+enc)
	if b, err := os.ReadFile(file); err == nil {
		return b, nil
	}
	out := encode(data)
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return nil, fmt.Errorf("compression cache: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), "tmp-")
	if err != nil {
		return nil, fmt.Errorf("compression cache: %w", err)
	}
	_, werr := tmp.Write(out)
	cerr := tmp.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("compression cache: %w", errors.Join(werr, cerr))
	}
	// Rename is atomic: two builds sharing the cache never see half a file.
	if err := os.Rename(tmp.Name(), file); err != nil {
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("compression cache: %w", err)
	}
	return out, nil
}

// write replaces dir with the site: dir/public and dir/conf. It refuses to delete a folder
// that does not look like a previous build, so a mistyped -out cannot wipe a source tree.
func (o *output) write(dir string, conf map[string][]byte) error {
	if err := checkReplaceable(dir); err != nil {
		return err
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	pub := filepath.Join(dir, "public")
	for _, p := range sortedKeys(o.files) {
		f := filepath.Join(pub, filepath.FromSlash(strings.TrimPrefix(p, "/")))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(f, o.files[p], 0o644); err != nil {
			return err
		}
	}
	cdir := filepath.Join(dir, "conf")
	if err := os.MkdirAll(cdir, 0o755); err != nil {
		return err
	}
	for _, name := range sortedKeys(conf) {
		if err := os.WriteFile(filepath.Join(cdir, name), conf[name], 0o644); err != nil {
			return err
		}
	}
	return nil
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

// ManifestEntry is one published file in the integrity manifest.
type ManifestEntry struct {
	SHA256 string `json:"sha256"`
	Size   int    `json:"size"`
}

// manifest lists every published file, sidecars and the other hosts' configs included.
func (o *output) manifest() ([]byte, error) {
	files := make(map[string]ManifestEntry, len(o.files))
	for p, data := range o.files {
		sum := sha256.Sum256(data)
		files[p] = ManifestEntry{SHA256: hex.EncodeToString(sum[:]), Size: len(data)}
	}
	b, err := json.MarshalIndent(struct {
		Files map[string]ManifestEntry `json:"files"`
	}{files}, "", "  ")
	return append(b, '\n'), err
}
