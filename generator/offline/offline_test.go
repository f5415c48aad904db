package offline

import (
	"bytes"
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
