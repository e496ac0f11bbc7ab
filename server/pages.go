package server

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"xephang/assets"
)

// pageRoutes maps each page to its HTML file in assets/web. The public
// page at / is index.html rendered as a template (public.go); /he-thong
// lists the pages of the system for the staff.
var pageRoutes = []struct{ route, file string }{
	{"/", "index.html"},
	{"/he-thong", "system.html"},
	{"/kiosk", "kiosk.html"},
	{"/board", "board.html"},
	{"/counter", "counter.html"},
	{"/rate", "rate.html"},
	{"/admin", "admin.html"},
	{"/t/:token", "track.html"},
}

// asset is an embedded file ready to serve: read once at start, with its
// type and a content hash for ETag revalidation (embedded files have no
// modification time).
type asset struct {
	body  []byte
	ctype string
	etag  string
	key   string // the inputs of a rendered asset (public.go)
}

type pages struct {
	files map[string]*asset // path under web/ → asset
}

// loadPages reads every embedded web file at start, so a broken embed
// fails the start, not a request.
func loadPages() (*pages, error) {
	p := &pages{files: map[string]*asset{}}
	err := fs.WalkDir(assets.FS, "web", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(assets.FS, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		ctype := mime.TypeByExtension(path.Ext(name))
		switch path.Ext(name) {
		case ".js", ".mjs":
			ctype = "text/javascript; charset=utf-8"
		case ".ogg": // the board's voice clips; not in Go's built-in table
			ctype = "audio/ogg"
		case ".webmanifest":
			ctype = "application/manifest+json"
		case "":
			ctype = "application/octet-stream"
		}
		p.files[strings.TrimPrefix(name, "web/")] = &asset{
			body: body, ctype: ctype,
			etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`,
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load embedded pages: %w", err)
	}
	for _, r := range pageRoutes {
		if p.files[r.file] == nil {
			return nil, fmt.Errorf("embedded page %s is missing", r.file)
		}
	}
	return p, nil
}

func (p *pages) register(e *echo.Echo, index, manifest echo.HandlerFunc) {
	for _, r := range pageRoutes {
		if r.file == "index.html" {
			e.GET(r.route, index)
			continue
		}
		e.GET(r.route, p.serve(r.file))
	}
	e.GET("/manifest.webmanifest", manifest)
	e.GET("/static/*", func(c echo.Context) error {
		return p.serve("static/" + c.Param("*"))(c)
	})
	// Browsers ask for /favicon.ico on their own for a page that names no
	// icon; a 404 there is an error in every such page's console.
	e.GET("/favicon.ico", func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "max-age=86400")
		return c.NoContent(http.StatusNoContent)
	})
}

// serve answers with an embedded file, revalidated by ETag.
func (p *pages) serve(name string) echo.HandlerFunc {
	return func(c echo.Context) error {
		a := p.files[name]
		if a == nil || strings.Contains(name, "..") || name == "index.html" {
			return echo.ErrNotFound // index.html is a template, served rendered
		}
		return serveAsset(c, a)
	}
}

// contentSecurityPolicy allows only the service's own scripts, styles,
// images, sounds and sockets: no inline script, no outside host.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self'; connect-src 'self'; " +
	"frame-src 'self' blob:; frame-ancestors 'self'; base-uri 'self'; form-action 'self'; object-src 'none'"

// securityHeaderValues are the headers of every response, built once:
// assigning a shared value slice costs no allocation per request, where
// Header.Set makes a new one each time. net/http copies the map before
// writing it, and nothing appends to these in place.
var securityHeaderValues = []struct {
	key   string
	value []string
}{
	{"Content-Security-Policy", []string{contentSecurityPolicy}},
	{"X-Content-Type-Options", []string{"nosniff"}},
	{"Referrer-Policy", []string{"no-referrer"}},
	{"X-Frame-Options", []string{"SAMEORIGIN"}},
}

// securityHeaders sets the headers of every response.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		for _, sh := range securityHeaderValues {
			h[sh.key] = sh.value
		}
		return next(c)
	}
}
