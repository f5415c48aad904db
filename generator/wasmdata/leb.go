package wasmdata

import (
	"encoding/binary"
	"errors"
	"math"
)

var errShort = errors.New("unexpected end")

// reader reads the integers of the binary format, bounded by its slice.
type reader struct {
	b []byte
	i int
}

func (r *reader) byte() (byte, error) {
	if r.i >= len(r.b) {
		return 0, errShort
	}
	c := r.b[r.i]
	r.i++
	return c, nil
}

func (r *reader) bytes(n int) ([]byte, error) {
	if n < 0 || n > len(r.b)-r.i {
		return nil, errShort
	}
	b := r.b[r.i : r.i+n]
	r.i += n
	return b, nil
}

// u32 reads an unsigned LEB128 of at most 5 bytes that fits in 32 bits. The unsigned LEB128
// of the WebAssembly format is encoding/binary's uvarint.
func (r *reader) u32() (uint32, error) {
	v, n := binary.Uvarint(r.b[r.i:])
	switch {
	case n == 0:
		return 0, errShort
	case n < 0 || n > 5:
		return 0, errors.New("integer too long")
	case v > math.MaxUint32:
		return 0, errors.New("integer too large")
	}
	r.i += n
	return uint32(v), nil
}

// s32 reads a signed LEB128 of at most 5 bytes that fits in 32 bits. encoding/binary's
// varint is zig-zag encoded, another format: this one is by hand.
func (r *reader) s32() (int32, error) {
	var v int64
	for shift := 0; shift < 35; shift += 7 {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		v |= int64(c&0x7f) << shift
		if c < 0x80 {
			if c&0x40 != 0 {
				v -= 1 << (shift + 7) // sign-extend
			}
			if v < -1<<31 || v > 1<<31-1 {
				return 0, errors.New("integer too large")
			}
			return int32(v), nil
		}
	}
	return 0, errors.New("integer too long")
}

func uleb(v uint64) []byte { return binary.AppendUvarint(nil, v) }

func sleb(v int64) []byte {
	var b []byte
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}
