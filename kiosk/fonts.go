package kiosk

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/text/unicode/norm"

	"xephang/internal/pdfdoc"
)

// Fonts of the ticket, parsed once at start.
//
// gofpdf's UTF-8 fonts are parsed again for every document: each
// AddUTF8FontFromBytes reads the whole TTF, fills a 65,536-entry width
// table, JSON-encodes it to name the font, and at Output subsets the font
// and deflates it with a fresh zlib writer. That is 4–8 ms per face per
// ticket on these machines, over the 3 ms budget of a whole ticket.
//
// So each face is prepared once instead, as simple TrueType fonts that
// gofpdf embeds as they are (AddFontFromBytes):
//   - the TTF is cut down once to ASCII, the Vietnamese alphabet, Latin-1
//     and common punctuation (gofpdf.UTF8CutFont), and deflated once;
//   - the repertoire is split into "planes" of at most 129 characters, each
//     a one-byte encoding (ASCII as in WinAnsi at 32–126, the plane's
//     characters at 127–255, named uniXXXX in the font's /Differences so
//     that text extraction gives back Unicode);
//   - each plane is one gofpdf font definition (JSON) over the same font
//     file, embedded once per document.
//
// A line of text becomes runs of bytes, one per plane change. A document
// whose text leaves the repertoire (a name in Cyrillic, say) is rendered
// with gofpdf's UTF-8 path over the full font instead: slower, but right.

// Characters of the cut-down fonts beyond printable ASCII, most used first
// so that most Vietnamese lines stay in one plane.
const (
	vietLower = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
	vietUpper = "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
	punct     = "–—‘’“”…•·°№₫×"
)

// planeSize is how many characters one plane holds: codes 127–255 (gofpdf
// writes widths for 32–255; 32–126 stay ASCII).
const planeSize = 256 - 127

// repertoire returns the characters of the cut-down fonts beyond ASCII.
func repertoire() []rune {
	seen := map[rune]bool{}
	var out []rune
	add := func(s string) {
		for _, r := range s {
			if !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	add(vietLower)
	add(punct)
	add(vietUpper)
	var latin1 strings.Builder
	for r := rune(0xA1); r <= 0xFF; r++ {
		if r != 0xAD { // soft hyphen: invisible, never wanted on a ticket
			latin1.WriteRune(r)
		}
	}
	add(latin1.String())
	return out
}

// face is one typeface (regular or bold) ready for tickets.
type face struct {
	psName string // PostScript name of the full font
	ttf    []byte // the full font, for the UTF-8 fallback
	planes []plane
	// code maps every character of the repertoire beyond ASCII to its
	// plane and its byte in that plane.
	code map[rune]planeCode
	// ascii is the width of each ASCII character (32–126), in thousandths
	// of the font size.
	ascii [128]int
	// file is the deflated cut-down font that every plane embeds.
	file []byte
	// ascent and descent (negative) are the font's, in thousandths of the
	// font size.
	ascent, descent int
}

type planeCode struct {
	plane int
	b     byte
}

// plane is one gofpdf font over the cut-down font file.
type plane struct {
	family string   // gofpdf family name
	def    []byte   // gofpdf font definition (JSON)
	cw     [256]int // widths, thousandths of the font size
}

// fontSet is the regular and bold faces of the ticket, and the characters
// both full fonts can draw.
type fontSet struct {
	regular, bold *face
	glyphs        *pdfdoc.Glyphs
}

// newFontSet prepares the two faces from their TTF files.
func newFontSet(regularTTF, boldTTF []byte) (*fontSet, error) {
	fs := &fontSet{}
	var err error
	if fs.regular, err = newFace("r", "DejaVuSans", regularTTF); err != nil {
		return nil, err
	}
	if fs.bold, err = newFace("b", "DejaVuSans-Bold", boldTTF); err != nil {
		return nil, err
	}
	if fs.glyphs, err = pdfdoc.NewGlyphs(regularTTF, boldTTF); err != nil {
		return nil, err
	}
	return fs, nil
}

func newFace(key, psName string, ttf []byte) (*face, error) {
	// Parse the full font once with gofpdf to read its metrics.
	scratch := gofpdf.NewCustom(&gofpdf.InitType{UnitStr: "pt"})
	scratch.AddUTF8FontFromBytes("x", "", ttf)
	scratch.SetFont("x", "", 1000)
	if err := scratch.Error(); err != nil {
		return nil, fmt.Errorf("font %s: %w", psName, err)
	}
	desc := scratch.GetFontDesc("x", "")
	if desc.Ascent == 0 {
		return nil, fmt.Errorf("font %s: not a TrueType font gofpdf can read", psName)
	}
	width := func(r rune) int { return scratch.GetStringSymbolWidth(string(r)) }

	rep := repertoire()
	var cutset strings.Builder
	for r := rune(32); r < 127; r++ {
		cutset.WriteRune(r)
	}
	cutset.WriteString(string(rep))
	cut := gofpdf.UTF8CutFont(ttf, cutset.String())
	if len(cut) == 0 {
		return nil, fmt.Errorf("font %s: cannot cut it down", psName)
	}
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	zw.Write(cut)
	if err := zw.Close(); err != nil {
		return nil, err
	}
	file := "xephang-" + psName + ".z" // gofpdf marks files named *.z deflated

	f := &face{psName: psName, ttf: ttf, file: z.Bytes(), code: map[rune]planeCode{},
		ascent: desc.Ascent, descent: desc.Descent}
	for r := 32; r < 127; r++ {
		f.ascii[r] = width(rune(r))
	}
	// Viewers map a simple TrueType font's codes to glyphs through the
	// glyph names and the font's Unicode cmap only when it is flagged
	// non-symbolic (PDF 32000 9.6.6.4); Ghostscript, and so CUPS, insist.
	const nonSymbolic = 1 << 5
	desc.Flags = nonSymbolic
	for p := 0; len(rep) > 0; p++ {
		n := min(len(rep), planeSize)
		chars := rep[:n]
		rep = rep[n:]
		pl := plane{family: fmt.Sprintf("xephang-%s%d", key, p)}
		for c := range pl.cw {
			pl.cw[c] = desc.MissingWidth
		}
		copy(pl.cw[32:127], f.ascii[32:127])
		var diff strings.Builder
		diff.WriteString("127")
		for i, r := range chars {
			c := 127 + i
			f.code[r] = planeCode{plane: p, b: byte(c)}
			pl.cw[c] = width(r)
			fmt.Fprintf(&diff, " /uni%04X", r)
		}
		def, err := json.Marshal(map[string]any{
			"Tp": "TrueType",
			// A subset font's name starts with a six-letter tag.
			"Name": fmt.Sprintf("XPHV%s%c+%s", strings.ToUpper(key), 'A'+p, psName),
			"Desc": desc, "Up": -100, "Ut": 50,
			"Cw":   pl.cw[:],
			"Enc":  fmt.Sprintf("xephang-%s%d", key, p),
			"Diff": diff.String(),
			"File": file, "OriginalSize": len(cut),
		})
		if err != nil {
			return nil, err
		}
		pl.def = def
		f.planes = append(f.planes, pl)
	}
	return f, nil
}

// clean makes s safe to print on one line: Unicode NFC (text typed with
// combining accents gets the precomposed letters of the fonts), control
// characters and line breaks as spaces, the no-break space as a space,
// and what the full fonts cannot draw (an emoji) replaced
// (pdfdoc.Glyphs.Clean). Every text of a ticket is cleaned before it is
// measured or drawn: gofpdf's UTF-8 path panics on a character beyond the
// Basic Multilingual Plane.
func (fs *fontSet) clean(s string) string {
	s = norm.NFC.String(s)
	s = strings.Map(func(r rune) rune {
		if r == 0xA0 || unicode.IsControl(r) || unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
	return fs.glyphs.Clean(s)
}

// covers reports whether the planes of f can write s (already clean).
func (f *face) covers(s string) bool {
	for _, r := range s {
		if r >= 32 && r < 127 {
			continue
		}
		if _, ok := f.code[r]; !ok {
			return false
		}
	}
	return true
}

// run is a piece of a line in one plane, as the bytes of that plane.
type run struct {
	plane int
	text  string
}

// runs splits s (covered by f) into runs of one plane each. ASCII joins
// whatever plane is current.
func (f *face) runs(s string) []run {
	var (
		out []run
		buf []byte
		cur = -1
	)
	for _, r := range s {
		var (
			p = cur
			b byte
		)
		if r >= 32 && r < 127 {
			b = byte(r)
		} else {
			pc := f.code[r]
			p, b = pc.plane, pc.b
		}
		if p != cur && cur >= 0 && len(buf) > 0 {
			out = append(out, run{plane: cur, text: string(buf)})
			buf = buf[:0]
		}
		if p >= 0 {
			cur = p
		} else {
			cur = 0
		}
		buf = append(buf, b)
	}
	if len(buf) > 0 {
		out = append(out, run{plane: max(cur, 0), text: string(buf)})
	}
	return out
}

// width returns the width of s (covered by f), in thousandths of the font
// size.
func (f *face) width(s string) int {
	w := 0
	for _, r := range s {
		if r >= 32 && r < 127 {
			w += f.ascii[r]
			continue
		}
		pc := f.code[r]
		w += f.planes[pc.plane].cw[pc.b]
	}
	return w
}
