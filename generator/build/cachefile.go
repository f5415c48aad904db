package build

import (
	"io"
	"os"
	"path/filepath"
)

// replaceFile writes a build-cache file (the compression pack, the compiled engine, the theme)
// through a temporary file of its own in the same folder, renamed into place: two builds
// sharing the cache never leave a mixture of their writes, and a reader never sees half a file.
func replaceFile(file string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(file), filepath.Base(file)+".*.tmp")
	if err != nil {
		return err
	}
	werr := write(f)
	cerr := f.Close()
	if werr != nil || cerr != nil {
		_ = os.Remove(f.Name())
		if werr != nil {
			return werr
		}
		return cerr
	}
	if err := os.Rename(f.Name(), file); err != nil {
		_ = os.Remove(f.Name())
		return err
	}
	return nil
}

// keep is replaceFile for a cache that is best effort (the engine, the theme): a file that
// cannot be written only costs the next build the work again.
func keep(file string, data []byte) {
	_ = replaceFile(file, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
