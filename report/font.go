package report

import (
	"fmt"
	"io/fs"

	"xephang/assets"
)

// The report's font: DejaVu Sans, which covers Vietnamese, embedded in the
// binary with its license (assets/fonts/DejaVu-LICENSE.txt).
const (
	fontRegular = "fonts/DejaVuSans.ttf"
	fontBold    = "fonts/DejaVuSans-Bold.ttf"
)

// Font holds the TrueType files the PDF embeds.
type Font struct {
	Regular, Bold []byte
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
	return Font{Regular: reg, Bold: bold}, nil
}
