// Command genimages draws the public page's pictures, reproducibly, from
// the embedded DejaVu font: the home-screen icons (192 and 512 px, and the
// 180 px apple-touch-icon) and the 1200×630 preview a link shows when it
// is shared on Zalo or Facebook (og.png). The PNGs are committed under
// assets/web/static; run `make images` after changing this file, and the
// test beside it fails while the committed files differ from its output.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"math"
	"os"
	"path/filepath"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"xephang/assets"
)

// What the preview says: the default center and its campaign. A center
// that changes them regenerates the picture (the page itself always shows
// the live settings).
const (
	ogCenter = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ LUẬN THÀNH"
	ogTitle  = "Giờ thứ 9"
	ogHours  = "16:30 – 17:30, thứ Hai đến thứ Sáu"
	ogDates  = "Từ ngày 23/02/2026 đến ngày 23/03/2026"
	ogOffer  = "Xem giờ làm việc, số người đang chờ, nộp hồ sơ trực tuyến"
)

// The colours of the pages (common.css).
var (
	blue  = color.NRGBA{0x0b, 0x4f, 0x9c, 0xff}
	dark  = color.NRGBA{0x08, 0x3a, 0x73, 0xff}
	red   = color.NRGBA{0xc8, 0x10, 0x2e, 0xff}
	gold  = color.NRGBA{0xf2, 0xb7, 0x05, 0xff}
	white = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	pale  = color.NRGBA{0xd6, 0xe4, 0xf5, 0xff}
)

// Files maps each file name to its picture.
func Files() (map[string][]byte, error) {
	fonts, err := loadFonts()
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for name, img := range map[string]image.Image{
		"icon-192.png":         icon(fonts, 192),
		"icon-512.png":         icon(fonts, 512),
		"apple-touch-icon.png": icon(fonts, 180),
		"og.png":               preview(fonts),
	} {
		var buf bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img); err != nil {
			return nil, err
		}
		out[name] = buf.Bytes()
	}
	return out, nil
}

func main() {
	dir := flag.String("out", "assets/web/static", "where to write the PNGs")
	flag.Parse()
	files, err := Files()
	if err != nil {
		fmt.Fprintln(os.Stderr, "genimages:", err)
		os.Exit(1)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(*dir, name), data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "genimages:", err)
			os.Exit(1)
		}
		fmt.Printf("%s\t%d bytes\n", name, len(data))
	}
}

type fontPair struct{ regular, bold *opentype.Font }

func loadFonts() (fontPair, error) {
	var fp fontPair
	for _, f := range []struct {
		path string
		dst  **opentype.Font
	}{{"fonts/DejaVuSans.ttf", &fp.regular}, {"fonts/DejaVuSans-Bold.ttf", &fp.bold}} {
		data, err := fs.ReadFile(assets.FS, f.path)
		if err != nil {
			return fp, err
		}
		if *f.dst, err = opentype.Parse(data); err != nil {
			return fp, fmt.Errorf("%s: %w", f.path, err)
		}
	}
	return fp, nil
}

func face(f *opentype.Font, px float64) font.Face {
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic(err) // only for sizes out of range, a bug here
	}
	return fc
}

// text draws s with its baseline at y; x is its left edge, or its centre
// when centred.
func text(dst *image.NRGBA, fc font.Face, c color.NRGBA, x, y float64, s string, centred bool) float64 {
	d := &font.Drawer{Dst: dst, Src: image.NewUniform(c), Face: fc}
	w := float64(d.MeasureString(s)) / 64
	if centred {
		x -= w / 2
	}
	d.Dot = fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.Int26_6(math.Round(y * 64))}
	d.DrawString(s)
	return w
}

// roundRect fills a rectangle with rounded corners, its edges smoothed
// over one pixel.
func roundRect(dst *image.NRGBA, x0, y0, x1, y1, r float64, c color.NRGBA) {
	for y := int(y0); y < int(math.Ceil(y1)); y++ {
		for x := int(x0); x < int(math.Ceil(x1)); x++ {
			px, py := float64(x)+0.5, float64(y)+0.5
			// distance outside the rounded rectangle (negative inside)
			dx := math.Max(math.Max(x0+r-px, px-(x1-r)), 0)
			dy := math.Max(math.Max(y0+r-py, py-(y1-r)), 0)
			dist := math.Hypot(dx, dy) - r
			edge := math.Max(math.Max(x0-px, px-x1), math.Max(y0-py, py-y1))
			a := math.Min(1, math.Max(0, 0.5-math.Max(dist, edge)))
			if a > 0 {
				blend(dst, x, y, c, a)
			}
		}
	}
}

func blend(dst *image.NRGBA, x, y int, c color.NRGBA, a float64) {
	if !(image.Point{x, y}.In(dst.Rect)) {
		return
	}
	i := dst.PixOffset(x, y)
	p := dst.Pix[i : i+4]
	mix := func(bg, fg uint8) uint8 { return uint8(math.Round(float64(bg)*(1-a) + float64(fg)*a)) }
	p[0], p[1], p[2], p[3] = mix(p[0], c.R), mix(p[1], c.G), mix(p[2], c.B), 0xff
}

func fill(dst *image.NRGBA, r image.Rectangle, c color.NRGBA) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			i := dst.PixOffset(x, y)
			dst.Pix[i], dst.Pix[i+1], dst.Pix[i+2], dst.Pix[i+3] = c.R, c.G, c.B, c.A
		}
	}
}

// ticket draws the queue ticket of the icons, w wide with its centre at
// cx, cy: a white card with a red band and a number.
func ticket(dst *image.NRGBA, fp fontPair, cx, cy, w float64) {
	h := w * 0.74
	x0, y0 := cx-w/2, cy-h/2
	r := w * 0.08
	roundRect(dst, x0, y0, x0+w, y0+h, r, white)
	band := h * 0.2
	roundRect(dst, x0, y0, x0+w, y0+band+r, r, red)
	fill(dst, image.Rect(int(math.Ceil(x0)), int(y0+band), int(x0+w), int(math.Ceil(y0+band+r))), white)
	// the number, and a short line under it as the ticket's text
	text(dst, face(fp.bold, w*0.3), blue, cx, y0+band+h*0.5, "A001", true)
	roundRect(dst, cx-w*0.28, y0+h*0.8, cx+w*0.28, y0+h*0.8+w*0.045, w*0.0225, pale)
}

// icon is the home-screen icon: the ticket on the center's blue, inside
// the middle 80% that maskable icons keep.
func icon(fp fontPair, size int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	fill(img, img.Rect, blue)
	s := float64(size)
	ticket(img, fp, s/2, s/2, s*0.62)
	return img
}

// preview is the picture a shared link shows: who, the extra hour, when,
// and what the page offers, with the ticket on the right.
func preview(fp fontPair) image.Image {
	const w, h = 1200, 630
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	fill(img, img.Rect, blue)
	fill(img, image.Rect(0, h-18, w, h), red)
	fill(img, image.Rect(0, 0, w, 8), gold)
	x := 72.0
	text(img, face(fp.bold, 27), pale, x, 92, ogCenter, false)
	text(img, face(fp.bold, 132), gold, x-4, 250, ogTitle, false)
	text(img, face(fp.bold, 46), white, x, 340, ogHours, false)
	text(img, face(fp.regular, 38), white, x, 402, ogDates, false)
	roundRect(img, x, 462, x+760, 464, 1, dark)
	text(img, face(fp.regular, 29), pale, x, 524, ogOffer, false)
	ticket(img, fp, 1030, 186, 220)
	return img
}
