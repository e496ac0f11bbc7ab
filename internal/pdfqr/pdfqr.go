// Package pdfqr makes the QR codes of the ticket (kiosk) and the A4 notice
// (notice): it encodes them with a mask that readers read back (Encode),
// draws them into gofpdf documents as vector squares, sharp at any
// printer's resolution (Draw), and as an image for a screen (Image).
package pdfqr

import (
	"strconv"

	"github.com/jung-kurt/gofpdf"
	"rsc.io/qr"
)

// Draw draws code as a size×size square with its top left at x, y (in the
// document's unit): every row's runs of dark modules become rectangles of
// one path, filled at once so that no seam shows between neighbours. The
// caller leaves the quiet zone (four modules) around it.
func Draw(pdf *gofpdf.Fpdf, code *qr.Code, x, y, size float64) {
	n := code.Size
	k := pdf.GetConversionRatio()
	_, pageH := pdf.GetPageSize()
	m := size / float64(n) * k // module, in points
	x0, top := x*k, (pageH-y)*k
	num := func(b []byte, v float64) []byte {
		b = strconv.AppendFloat(b, v, 'f', 3, 64)
		return append(b, ' ')
	}
	b := make([]byte, 0, 16<<10)
	b = append(b, "q 0 g\n"...)
	for row := 0; row < n; row++ {
		for col := 0; col < n; {
			if !code.Black(col, row) {
				col++
				continue
			}
			start := col
			for col < n && code.Black(col, row) {
				col++
			}
			b = num(b, x0+float64(start)*m)
			b = num(b, top-float64(row+1)*m)
			b = num(b, float64(col-start)*m)
			b = num(b, m)
			b = append(b, "re\n"...)
		}
	}
	b = append(b, "f Q"...)
	pdf.RawWriteStr(string(b))
}
