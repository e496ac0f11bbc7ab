package pdfdoc

import (
	"github.com/jung-kurt/gofpdf"
)

// Doc is a gofpdf document whose every text method draws only what its
// fonts can: the text goes through Glyphs.Clean first. The documents of
// the center (notice, report) lay themselves out on a Doc, never on the
// bare gofpdf document, so that no text of an admin or a citizen can reach
// gofpdf's font code unchecked.
type Doc struct {
	*gofpdf.Fpdf
	glyphs *Glyphs
}

// NewDoc wraps p, whose fonts draw glyphs.
func NewDoc(p *gofpdf.Fpdf, glyphs *Glyphs) *Doc {
	return &Doc{Fpdf: p, glyphs: glyphs}
}

// Clean is the text as the document's fonts draw it.
func (d *Doc) Clean(s string) string { return d.glyphs.Clean(s) }

// CellFormat is gofpdf's, over clean text.
func (d *Doc) CellFormat(w, h float64, txt, border string, ln int, align string, fill bool, link int, linkStr string) {
	d.Fpdf.CellFormat(w, h, d.Clean(txt), border, ln, align, fill, link, linkStr)
}

// Cell is gofpdf's, over clean text.
func (d *Doc) Cell(w, h float64, txt string) { d.Fpdf.Cell(w, h, d.Clean(txt)) }

// MultiCell is gofpdf's, over clean text.
func (d *Doc) MultiCell(w, h float64, txt, border, align string, fill bool) {
	d.Fpdf.MultiCell(w, h, d.Clean(txt), border, align, fill)
}

// SplitText is gofpdf's, over clean text.
func (d *Doc) SplitText(txt string, w float64) []string { return d.Fpdf.SplitText(d.Clean(txt), w) }

// SplitLines is gofpdf's, over clean text.
func (d *Doc) SplitLines(txt []byte, w float64) [][]byte {
	return d.Fpdf.SplitLines([]byte(d.Clean(string(txt))), w)
}

// GetStringWidth is gofpdf's, over clean text.
func (d *Doc) GetStringWidth(s string) float64 { return d.Fpdf.GetStringWidth(d.Clean(s)) }

// Text is gofpdf's, over clean text.
func (d *Doc) Text(x, y float64, txt string) { d.Fpdf.Text(x, y, d.Clean(txt)) }

// Write is gofpdf's, over clean text.
func (d *Doc) Write(h float64, txt string) { d.Fpdf.Write(h, d.Clean(txt)) }

// WriteAligned is gofpdf's, over clean text.
func (d *Doc) WriteAligned(width, lineHeight float64, textStr, alignStr string) {
	d.Fpdf.WriteAligned(width, lineHeight, d.Clean(textStr), alignStr)
}

// SetTitle is gofpdf's, over clean text.
func (d *Doc) SetTitle(s string, isUTF8 bool) { d.Fpdf.SetTitle(d.Clean(s), isUTF8) }

// SetSubject is gofpdf's, over clean text.
func (d *Doc) SetSubject(s string, isUTF8 bool) { d.Fpdf.SetSubject(d.Clean(s), isUTF8) }

// SetAuthor is gofpdf's, over clean text.
func (d *Doc) SetAuthor(s string, isUTF8 bool) { d.Fpdf.SetAuthor(d.Clean(s), isUTF8) }

// SetKeywords is gofpdf's, over clean text.
func (d *Doc) SetKeywords(s string, isUTF8 bool) { d.Fpdf.SetKeywords(d.Clean(s), isUTF8) }
