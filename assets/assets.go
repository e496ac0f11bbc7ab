// Package assets embeds what the binary serves and renders with: the web
// pages with their scripts, styles and sounds (web/), and the fonts of the
// PDFs (fonts/).
package assets

import "embed"

// FS holds web/ and fonts/.
//
//go:embed web fonts
var FS embed.FS
