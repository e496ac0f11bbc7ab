package report

import (
	"fmt"
	"io/fs"
	"sync"

	"xephang/assets"
	"xephang/internal/pdfdoc"
)

// The report's font: DejaVu Sans, which covers Vietnamese, embedded in the
// binary with its license (assets/fonts/DejaVu-LICENSE.txt).
const (
	fontRegular = "fonts/DejaVuSans.ttf"
	fontBold    = "fonts/DejaVuSans-Bold.ttf"
)

// Font holds the TrueType files the PDF embeds, and the characters they
// can draw.
type Font struct {
	Regular, Bold []byte
	Glyphs        *pdfdoc.Glyphs
}

// LoadFont reads the embedded font files. Reading an embedded file is a
// copy of a few hundred kilobytes, small beside laying out a report, so
// nothing is cached at package level.
func LoadFont() (Font, error) {
	reg, err := fs.ReadFile(assets.FS, fontRegular)
	if err != nil {
		return Font{}, fmt.Errorf("report font: %w", err)
	}
	bold, err := fs.ReadFile(assets.FS, fontBold)
	if err != nil {
		return Font{}, fmt.Errorf("report font: %w", err)
	}
	glyphs, err := embeddedGlyphs()
	if err != nil {
		return Font{}, fmt.Errorf("report font: %w", err)
	}
	return Font{Regular: reg, Bold: bold, Glyphs: glyphs}, nil
}

// embeddedGlyphs reads the character maps of the embedded fonts once per
// process: they are constants of the binary, and reading them looks up
// every character of the Basic Multilingual Plane.
var embeddedGlyphs = sync.OnceValues(func() (*pdfdoc.Glyphs, error) {
	reg, err := fs.ReadFile(assets.FS, fontRegular)
	if err != nil {
		return nil, err
	}
	bold, err := fs.ReadFile(assets.FS, fontBold)
	if err != nil {
		return nil, err
	}
	return pdfdoc.NewGlyphs(reg, bold)
})
