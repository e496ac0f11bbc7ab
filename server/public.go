package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"

	"xephang/notice"
	"xephang/web"
)

// The public page (/) is index.html rendered as a template, because a link
// shared on Zalo or Facebook shows a preview only from tags with absolute
// URLs (og:image above all) and the center's own name: both known only
// from --base-url (or the address the caller used) and the settings. The
// page is rendered per request from memory; the last rendering is kept
// while its inputs stay the same, and revalidated by ETag.

// pageMeta is what index.html is rendered with.
type pageMeta struct {
	Center      string // the center's name, the title of the page and the preview
	Description string // the preview's text: the extra hour and what the page offers
	PageURL     string // base URL + "/"
	ImageURL    string // the 1200×630 preview, absolute
}

// publicPage renders index.html and the web app manifest.
type publicPage struct {
	tmpl *template.Template

	mu    sync.Mutex
	cache map[string]*asset // inputs → last rendering, per kind ("page", "manifest")
}

func newPublicPage(p *pages) (*publicPage, error) {
	a := p.files["index.html"]
	if a == nil {
		return nil, fmt.Errorf("embedded page index.html is missing")
	}
	tmpl, err := template.New("index.html").Parse(string(a.body))
	if err != nil {
		return nil, fmt.Errorf("parse index.html: %w", err)
	}
	return &publicPage{tmpl: tmpl, cache: map[string]*asset{}}, nil
}

// pageMeta returns the page's metadata for caller c.
func (s *Server) pageMeta(c echo.Context) (pageMeta, error) {
	set, err := s.store.Settings(c.Request().Context())
	if err != nil {
		return pageMeta{}, err
	}
	base := web.BaseURL(c, s.cfg.BaseURL)
	return pageMeta{
		Center:      set.CenterName,
		Description: notice.Description(set.Sessions),
		PageURL:     base + "/",
		ImageURL:    base + "/static/og.png",
	}, nil
}

// cached returns the asset of kind for inputs m, building it with build
// when the inputs changed.
func (pp *publicPage) cached(kind string, m pageMeta, ctype string, build func() ([]byte, error)) (*asset, error) {
	key := kind + "\x00" + m.Center + "\x00" + m.Description + "\x00" + m.PageURL
	pp.mu.Lock()
	defer pp.mu.Unlock()
	if a := pp.cache[kind]; a != nil && a.key == key {
		return a, nil
	}
	body, err := build()
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	a := &asset{body: body, ctype: ctype, key: key,
		etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`}
	pp.cache[kind] = a
	return a, nil
}

func (s *Server) handleIndex(c echo.Context) error {
	m, err := s.pageMeta(c)
	if err != nil {
		return err
	}
	a, err := s.public.cached("page", m, "text/html; charset=utf-8", func() ([]byte, error) {
		var buf bytes.Buffer
		err := s.public.tmpl.Execute(&buf, m)
		return buf.Bytes(), err
	})
	if err != nil {
		return err
	}
	return serveAsset(c, a)
}

// manifest is the web app manifest, so the page can be added to a phone's
// home screen with the center's name and icon.
type manifest struct {
	Name            string         `json:"name"`
	ShortName       string         `json:"short_name"`
	Description     string         `json:"description"`
	Lang            string         `json:"lang"`
	StartURL        string         `json:"start_url"`
	Scope           string         `json:"scope"`
	Display         string         `json:"display"`
	BackgroundColor string         `json:"background_color"`
	ThemeColor      string         `json:"theme_color"`
	Icons           []manifestIcon `json:"icons"`
}

type manifestIcon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose"`
}

// manifestShortName is the name under the home-screen icon, where about
// twelve letters fit.
const manifestShortName = "Hành chính công"

func (s *Server) handleManifest(c echo.Context) error {
	m, err := s.pageMeta(c)
	if err != nil {
		return err
	}
	a, err := s.public.cached("manifest", m, "application/manifest+json", func() ([]byte, error) {
		return json.MarshalIndent(manifest{
			Name: m.Center, ShortName: manifestShortName, Description: m.Description,
			Lang: "vi", StartURL: "/", Scope: "/", Display: "standalone",
			BackgroundColor: "#f4f6f9", ThemeColor: "#0b4f9c",
			Icons: []manifestIcon{
				{Src: "/static/icon-192.png", Sizes: "192x192", Type: "image/png", Purpose: "any maskable"},
				{Src: "/static/icon-512.png", Sizes: "512x512", Type: "image/png", Purpose: "any maskable"},
			},
		}, "", "  ")
	})
	if err != nil {
		return err
	}
	return serveAsset(c, a)
}

// serveAsset answers with a, revalidated by its ETag.
func serveAsset(c echo.Context, a *asset) error {
	h := c.Response().Header()
	h.Set("ETag", a.etag)
	h.Set("Cache-Control", "no-cache")
	if c.Request().Header.Get("If-None-Match") == a.etag {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, a.ctype, a.body)
}
