package build

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"sync"
)

// generatorID is the Go build ID of the running generator (what `go tool buildid` prints for
// its executable): the Go toolchain derives it from the code and every dependency linked in,
// so it changes whenever the generator's own code does. A cache of what that code made (the
// theme's bundles) is keyed by it, and needs no version number to bump by hand. Without one
// ("" : a binary linked with -buildid=, or an executable that cannot be read) nothing is
// cached on disk.
var generatorID = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	// The linker puts the ID in the first pages of the file on every platform, so that it
	// can be read without parsing the format (cmd/internal/buildid reads 32 KB too).
	head := make([]byte, 32<<10)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF {
		return ""
	}
	return buildID(head[:n])
})

// buildID finds the Go build ID in the first bytes of an executable: in an ELF note (owner
// "Go", type 4) on Linux, else in the text the linker writes for Mach-O and PE files.
func buildID(head []byte) string {
	if i := bytes.Index(head, []byte("\x04\x00\x00\x00Go\x00\x00")); i >= 8 && binary.LittleEndian.Uint32(head[i-8:]) == 4 {
		n := int(binary.LittleEndian.Uint32(head[i-4:]))
		if start := i + 8; n > 0 && n <= 1024 && start+n <= len(head) {
			return string(head[start : start+n])
		}
	}
	const prefix, suffix = "\xff Go build ID: \"", "\"\n \xff"
	if i := bytes.Index(head, []byte(prefix)); i >= 0 {
		rest := head[i+len(prefix):]
		if j := bytes.Index(rest, []byte(suffix)); j > 0 && j <= 1024 {
			return string(rest[:j])
		}
	}
	return ""
}
