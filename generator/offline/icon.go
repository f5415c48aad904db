// Package offline makes the site installable and usable without a network: the web app
// manifest, its icons, and the list of files the service worker precaches.
package offline

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/bits"
	"strings"
)

// The icon is drawn once, as rectangles on a 48-unit grid, and rendered both as SVG and as
// PNG, so the two never drift apart. Everything that matters sits inside the central 80 %
// circle, so the icon is also "maskable" (platforms may crop it to a circle).
const grid = 48

type rect struct {
	x, y, w, h float64
	fill       color.RGBA
}

var (
	accent = color.RGBA{0x00, 0x5a, 0x9c, 0xff}
	white  = color.RGBA{0xff, 0xff, 0xff, 0xff}
)

// iconShapes is a calculator: a white body, a display and a 3×3 keypad.
func iconShapes() []rect {
	r := []rect{
		{0, 0, grid, grid, accent},
		{14, 10, 20, 28, white},
		{17, 13, 14, 6, accent},
	}
	for row := 0; row < 3; row++ {
		for col := 0; col < 3; col++ {
			r = append(r, rect{17 + 5*float64(col), 22 + 5*float64(row), 4, 3, accent})
		}
	}
	return r
}

func cssColor(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// IconSVG is the icon as SVG.
func IconSVG() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d">`, grid, grid)
	for _, r := range iconShapes() {
		fmt.Fprintf(&b, `<rect x="%g" y="%g" width="%g" height="%g" fill="%s"/>`, r.x, r.y, r.w, r.h, cssColor(r.fill))
	}
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

// IconPNG renders the icon at size×size pixels with 4×4 supersampling. image/png output
// depends only on the pixels, so it is the same on every machine.
//
// A sample takes the colour of the last shape that contains it. The shapes are rectangles
// on the grid, so "contains" splits into a column test and a row test: each sample column
// and row gets a bit set of the shapes spanning it, and a sample's shape is the highest bit
// of the two sets' intersection. (The straightforward loop over shapes per sample took
// 150 ms of every build.)
func IconPNG(size int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	shapes := iconShapes()
	const ss = 4
	scale := float64(grid) / float64(size)
	// spans[i] is the set of shapes[1:] whose extent along one axis holds sample i; bit 0
	// stands for shapes[0], the background, which every sample starts with.
	spans := func(start func(rect) float64, extent func(rect) float64) []uint32 {
		out := make([]uint32, size*ss)
		for p := 0; p < size; p++ {
			for s := 0; s < ss; s++ {
				v := (float64(p) + (float64(s)+0.5)/ss) * scale
				set := uint32(1)
				for k, sh := range shapes[1:] {
					if v >= start(sh) && v < start(sh)+extent(sh) {
						set |= 1 << (k + 1)
					}
				}
				out[p*ss+s] = set
			}
		}
		return out
	}
	cols := spans(func(r rect) float64 { return r.x }, func(r rect) float64 { return r.w })
	rows := spans(func(r rect) float64 { return r.y }, func(r rect) float64 { return r.h })
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b int
			for sy := 0; sy < ss; sy++ {
				row := rows[py*ss+sy]
				for sx := 0; sx < ss; sx++ {
					c := shapes[bits.Len32(row&cols[px*ss+sx])-1].fill
					r, g, b = r+int(c.R), g+int(c.G), b+int(c.B)
				}
			}
			n := ss * ss
			img.SetNRGBA(px, py, color.NRGBA{uint8((r + n/2) / n), uint8((g + n/2) / n), uint8((b + n/2) / n), 0xff})
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	_ = enc.Encode(&buf, img) // writing to a bytes.Buffer cannot fail
	return buf.Bytes()
}
