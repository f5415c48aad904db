package offline

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

func TestIcons(t *testing.T) {
	for _, size := range []int{192, 512} {
		a, b := IconPNG(size), IconPNG(size)
		if !bytes.Equal(a, b) {
			t.Errorf("%d px icon differs between two renderings", size)
		}
		img, err := png.Decode(bytes.NewReader(a))
		if err != nil {
			t.Fatal(err)
		}
		if r := img.Bounds(); r.Dx() != size || r.Dy() != size {
			t.Errorf("icon is %v, want %d×%d", r, size, size)
		}
		// The corner is background (maskable: a full bleed), the centre of the keypad white.
		if r, g, b, _ := img.At(0, 0).RGBA(); r>>8 != 0x00 || g>>8 != 0x5a || b>>8 != 0x9c {
			t.Errorf("corner colour %x %x %x", r>>8, g>>8, b>>8)
		}
	}
	if svg := string(IconSVG()); !strings.HasPrefix(svg, "<svg") || strings.Contains(svg, "<script") {
		t.Errorf("svg %s", svg)
	}
}

func TestPrecacheNameFollowsContent(t *testing.T) {
	entries := []Entry{{URL: "/a/x.1.js", Integrity: "sha384-a"}, {URL: "/"}}
	list, n1 := Precache(entries, map[string]string{"/": "h1"})
	if list[0].URL != "/" || !strings.HasPrefix(n1, CachePrefix) {
		t.Fatalf("list %v name %s", list, n1)
	}
	_, same := Precache([]Entry{entries[1], entries[0]}, map[string]string{"/": "h1"})
	_, page := Precache(entries, map[string]string{"/": "h2"})
	_, asset := Precache([]Entry{{URL: "/a/x.2.js", Integrity: "sha384-b"}, {URL: "/"}}, map[string]string{"/": "h1"})
	if same != n1 {
		t.Error("the cache name depends on the order of the entries")
	}
	if page == n1 || asset == n1 {
		t.Error("a changed page or asset kept the cache name: the old cache would not be replaced")
	}
}

// referenceIcon is the straightforward rasteriser: every sample tests every shape, the
// last one containing it wins. IconPNG must give exactly its pixels.
func referenceIcon(size int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	shapes := iconShapes()
	const ss = 4
	scale := float64(grid) / float64(size)
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b int
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) * scale
					y := (float64(py) + (float64(sy)+0.5)/ss) * scale
					c := shapes[0].fill
					for _, s := range shapes[1:] {
						if x >= s.x && x < s.x+s.w && y >= s.y && y < s.y+s.h {
							c = s.fill
						}
					}
					r, g, b = r+int(c.R), g+int(c.G), b+int(c.B)
				}
			}
			n := ss * ss
			img.SetNRGBA(px, py, color.NRGBA{uint8((r + n/2) / n), uint8((g + n/2) / n), uint8((b + n/2) / n), 0xff})
		}
	}
	return img
}

func TestIconMatchesReference(t *testing.T) {
	for _, size := range []int{16, 192, 512} {
		var want bytes.Buffer
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		if err := enc.Encode(&want, referenceIcon(size)); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(IconPNG(size), want.Bytes()) {
			t.Errorf("%d px icon differs from the reference rasteriser", size)
		}
	}
}
