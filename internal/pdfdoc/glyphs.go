package pdfdoc

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// Glyphs is the set of characters a document's fonts can draw: those every
// one of its TrueType fonts maps to a glyph. gofpdf draws only from the
// Basic Multilingual Plane (a character beyond it, such as an emoji, panics
// it when the document is written), and a character the font lacks would
// print as an empty box, so text is passed through Clean before it is
// drawn or measured.
type Glyphs struct {
	bmp [0x10000 / 64]uint64 // bit r is set when r can be drawn
}

// Replacement is what Clean draws for a character the fonts lack.
const Replacement = '?'

// NewGlyphs reads the character maps of the fonts (regular and bold, say).
func NewGlyphs(fonts ...[]byte) (*Glyphs, error) {
	g := &Glyphs{}
	for i := range g.bmp {
		g.bmp[i] = ^uint64(0)
	}
	var buf sfnt.Buffer
	for _, ttf := range fonts {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			return nil, fmt.Errorf("font cmap: %w", err)
		}
		for r := rune(0); r < 0x10000; r++ {
			if !g.Has(r) {
				continue
			}
			if gi, err := f.GlyphIndex(&buf, r); err != nil || gi == 0 {
				g.bmp[r/64] &^= 1 << (r % 64)
			}
		}
	}
	return g, nil
}

// Has reports whether the fonts can draw r.
func (g *Glyphs) Has(r rune) bool {
	return r >= 0 && r < 0x10000 && g.bmp[r/64]&(1<<(r%64)) != 0
}

// Clean returns s as the fonts can draw it: NFC (text typed with combining
// accents gets the precomposed letters), line breaks kept, a tab as a
// space, other control characters and invisible format characters (zero
// width, bidi controls, variation selectors) dropped, and each run of
// characters the fonts lack (an emoji with its joiners) as one
// Replacement, or as its compatibility form when the fonts have that
// (a mathematical bold "𝐀" as "A").
func (g *Glyphs) Clean(s string) string {
	if g.drawable(s) {
		return s
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	replaced := false // the last rune written is a Replacement for a run
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
			replaced = false
			continue
		case r == '\t':
			b.WriteByte(' ')
			replaced = false
			continue
		case unicode.IsControl(r):
			continue
		case invisible(r):
			continue
		case g.Has(r):
			b.WriteRune(r)
			replaced = false
			continue
		}
		if k := norm.NFKC.String(string(r)); k != string(r) && g.drawableText(k) {
			b.WriteString(k)
			replaced = false
			continue
		}
		if !replaced {
			b.WriteRune(Replacement)
			replaced = true
		}
	}
	return b.String()
}

// drawable reports whether s is already clean: NFC, and every rune a
// printable one of the fonts (or a line break).
func (g *Glyphs) drawable(s string) bool {
	for _, r := range s {
		if r == '\n' {
			continue
		}
		if r < 0x20 || r == 0x7f || !g.Has(r) || invisible(r) || unicode.IsControl(r) {
			return false
		}
	}
	return norm.NFC.IsNormalString(s)
}

// drawableText reports whether the fonts have every rune of s, which has no
// control character.
func (g *Glyphs) drawableText(s string) bool {
	for _, r := range s {
		if !g.Has(r) || unicode.IsControl(r) || invisible(r) {
			return false
		}
	}
	return true
}

// invisible reports whether r is a format character that draws nothing:
// zero-width spaces and joiners, bidi marks and overrides, the BOM,
// variation selectors, the soft hyphen.
func invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r)
}
