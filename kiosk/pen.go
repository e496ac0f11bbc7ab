package kiosk

import (
	"github.com/jung-kurt/gofpdf"
)

// ptMM is one PostScript point in millimetres.
const ptMM = 25.4 / 72

// pen writes text on one document in the ticket's faces. Sizes are in
// points, positions and widths in millimetres.
type pen interface {
	// width is the width of s in the face.
	width(s string, bold bool, size float64) float64
	// text writes s with its baseline at y, starting at x.
	text(x, y float64, s string, bold bool, size float64)
}

// planePen writes with the faces' prepared planes, adding to the document
// only the planes it uses.
type planePen struct {
	pdf   *gofpdf.Fpdf
	fonts *fontSet
	added map[string]bool
}

func (p *planePen) face(bold bool) *face {
	if bold {
		return p.fonts.bold
	}
	return p.fonts.regular
}

func (p *planePen) width(s string, bold bool, size float64) float64 {
	return float64(p.face(bold).width(s)) * size / 1000 * ptMM
}

func (p *planePen) text(x, y float64, s string, bold bool, size float64) {
	f := p.face(bold)
	for _, r := range f.runs(s) {
		pl := &f.planes[r.plane]
		if !p.added[pl.family] {
			p.pdf.AddFontFromBytes(pl.family, "", pl.def, f.file)
			p.added[pl.family] = true
		}
		p.pdf.SetFont(pl.family, "", size)
		p.pdf.Text(x, y, r.text)
		w := 0
		for i := 0; i < len(r.text); i++ {
			w += pl.cw[r.text[i]]
		}
		x += float64(w) * size / 1000 * ptMM
	}
}

// utf8Pen writes with gofpdf's UTF-8 fonts over the full faces: for text
// beyond the planes' repertoire. It parses both fonts for its document.
type utf8Pen struct {
	pdf *gofpdf.Fpdf
}

const utf8Family = "xephang-utf8"

func newUTF8Pen(pdf *gofpdf.Fpdf, fonts *fontSet) *utf8Pen {
	pdf.AddUTF8FontFromBytes(utf8Family, "", fonts.regular.ttf)
	pdf.AddUTF8FontFromBytes(utf8Family, "B", fonts.bold.ttf)
	return &utf8Pen{pdf: pdf}
}

func (p *utf8Pen) set(bold bool, size float64) {
	style := ""
	if bold {
		style = "B"
	}
	p.pdf.SetFont(utf8Family, style, size)
}

func (p *utf8Pen) width(s string, bold bool, size float64) float64 {
	p.set(bold, size)
	return p.pdf.GetStringWidth(s)
}

func (p *utf8Pen) text(x, y float64, s string, bold bool, size float64) {
	p.set(bold, size)
	p.pdf.Text(x, y, s)
}
