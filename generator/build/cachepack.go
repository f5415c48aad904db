package build

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"zeisim/generator/compress"
)

// The compression cache is one file, cacheDir/compressed.pack: a record per sidecar, keyed
// by the SHA-256 of the input, the encoding and (for brotli) the quality. One file, read once
// and replaced once per build, instead of a file per sidecar: creating a file costs ~0.5 ms
// on our build machine, and a site of 1,000 pages has 2,000 sidecars.
//
// Record: 32-byte hash, 1-byte encoding ('b' brotli, 'g' gzip), 1-byte quality, 4-byte
// big-endian length, the bytes. Version 2: brotli with the window for the input's size
// (compress.Window); version 1's records, at the encoder's default window, are other bytes for
// the same key, so its file is not read.
const packName = "compressed-2.pack"

// packLimit bounds the file: entries this build did not use are dropped first past it.
const packLimit = 64 << 20

type packKey struct {
	sum     [32]byte
	enc     byte
	quality byte
}

type pack struct {
	dir  string
	old  map[packKey][]byte // read at the start; read-only while the build compresses
	mu   sync.Mutex
	used map[packKey][]byte // this build's sidecars
}

// keyFor is the cache key of the sidecar in enc of data, whose SHA-256 is sum.
func keyFor(enc, sitePath string, data []byte, sum [32]byte) packKey {
	k := packKey{sum: sum, enc: 'g', quality: 9}
	if enc == "br" {
		k.enc, k.quality = 'b', byte(compress.BrotliQuality(sitePath, len(data)))
	}
	return k
}

// openPack reads the cache; a missing or damaged file is an empty cache (it is only a cache).
func openPack(dir string) *pack {
	p := &pack{dir: dir, old: map[packKey][]byte{}, used: map[packKey][]byte{}}
	if dir == "" {
		return p
	}
	f, err := os.Open(filepath.Join(dir, packName))
	if err != nil {
		return p
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	for {
		var head [38]byte
		if _, err := io.ReadFull(r, head[:]); err != nil {
			return p // io.EOF at a record boundary; anything else ends the cache there
		}
		n := binary.BigEndian.Uint32(head[34:])
		if n > packLimit {
			return p
		}
		data := make([]byte, n)
		if _, err := io.ReadFull(r, data); err != nil {
			return p
		}
		var k packKey
		copy(k.sum[:], head[:32])
		k.enc, k.quality = head[32], head[33]
		p.old[k] = data
	}
}

// get returns the sidecar in enc of data published at sitePath, compressing it when the
// cache has none. sum is data's SHA-256 (unused without a cache).
func (p *pack) get(enc, sitePath string, data []byte, sum [32]byte) []byte {
	k := keyFor(enc, sitePath, data, sum)
	encode := func() []byte {
		if enc == "br" {
			return compress.Brotli(data, int(k.quality))
		}
		return compress.Gzip(data)
	}
	if p.dir == "" {
		return encode()
	}
	out, ok := p.old[k]
	if !ok {
		out = encode()
	}
	p.mu.Lock()
	p.used[k] = out
	p.mu.Unlock()
	return out
}

// save replaces the file with this build's sidecars and, within packLimit, the others; it
// writes nothing when nothing changed (replaceFile: a build sharing the cache never reads
// half a file).
func (p *pack) save() error {
	if p.dir == "" {
		return nil
	}
	fresh := false
	for k := range p.used {
		if _, ok := p.old[k]; !ok {
			fresh = true
			break
		}
	}
	if !fresh {
		return nil
	}
	keys := make([]packKey, 0, len(p.used)+len(p.old))
	size := 0
	for k, v := range p.used {
		keys, size = append(keys, k), size+len(v)
	}
	var rest []packKey
	for k := range p.old {
		if _, ok := p.used[k]; !ok {
			rest = append(rest, k)
		}
	}
	sort.Slice(rest, func(i, j int) bool { return string(rest[i].sum[:]) < string(rest[j].sum[:]) })
	for _, k := range rest {
		if size += len(p.old[k]); size > packLimit {
			break
		}
		keys = append(keys, k)
	}
	err := replaceFile(filepath.Join(p.dir, packName), func(f io.Writer) error {
		w := bufio.NewWriterSize(f, 1<<20)
		for _, k := range keys {
			v, ok := p.used[k]
			if !ok {
				v = p.old[k]
			}
			var head [38]byte
			copy(head[:32], k.sum[:])
			head[32], head[33] = k.enc, k.quality
			binary.BigEndian.PutUint32(head[34:], uint32(len(v)))
			_, _ = w.Write(head[:])
			_, _ = w.Write(v)
		}
		return w.Flush()
	})
	if err != nil {
		return fmt.Errorf("compression cache: %w", err)
	}
	return nil
}

// legacyCacheDirs are the caches of earlier builds (a file per sidecar, then version 1 of the
// pack), removed once a pack is written (they would otherwise stay on disk unused).
var legacyCacheDirs = []string{"br", "gz", "br-q5", "br-q11", "compressed.pack"}

func removeLegacyCache(dir string) {
	for _, d := range legacyCacheDirs {
		if _, err := os.Stat(filepath.Join(dir, d)); !errors.Is(err, fs.ErrNotExist) {
			_ = os.RemoveAll(filepath.Join(dir, d))
		}
	}
}
