// Package offline makes the site installable and usable without a network: the web app
// manifest, its icons, and the list of files the service worker precaches.
package offline

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
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
func IconPNG(size int) []byte {
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
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	_ = enc.Encode(&buf, img) // writing to a bytes.Buffer cannot fail
	return buf.Bytes()
}
