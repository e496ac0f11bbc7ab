package notice

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"xephang/queue"
	"xephang/report"
	"xephang/web"
)

// Handler serves GET /api/v1/notice.pdf to anyone: the notice is public,
// like the page its QR code opens.
//
// Laying out a page with the full UTF-8 fonts costs tens of milliseconds,
// so the last PDF is kept with the inputs it was made from and served again
// while they stay the same (the settings, the services, the address and the
// day): a public link cannot be used to keep the center's PC busy.
type Handler struct {
	store   queue.TicketStore
	baseURL string
	font    report.Font

	mu   sync.Mutex
	key  string // hash of the inputs of pdf
	pdf  []byte
	etag string
}

// New returns a Handler; baseURL is the configured public address (empty:
// the address the caller used). It reads the embedded font once and panics
// if it is missing: a defect of the build.
func New(store queue.TicketStore, baseURL string) *Handler {
	font, err := report.LoadFont()
	if err != nil {
		panic(fmt.Sprintf("notice: embedded font: %v", err))
	}
	return &Handler{store: store, baseURL: baseURL, font: font}
}

// Register adds the route to g (/api/v1).
func (h *Handler) Register(g *echo.Group) {
	g.GET("/notice.pdf", h.handleNoticePDF)
}

func (h *Handler) handleNoticePDF(c echo.Context) error {
	ctx := c.Request().Context()
	set, err := h.store.Settings(ctx)
	if err != nil {
		return err
	}
	services, err := h.store.Services(ctx)
	if err != nil {
		return err
	}
	info, err := h.store.Info(ctx)
	if err != nil {
		return err
	}
	doc := Build(set, services, web.BaseURL(c, h.baseURL)+"/", info.Now)
	pdf, etag, err := h.render(doc)
	if err != nil {
		return err
	}
	hd := c.Response().Header()
	hd.Set("Content-Disposition", `inline; filename="thong-bao-gio-thu-9.pdf"`)
	hd.Set("Cache-Control", "no-cache")
	hd.Set("ETag", etag)
	if c.Request().Header.Get("If-None-Match") == etag {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

// render returns the PDF of doc, from the cache when the last one was made
// from the same document on the same day.
func (h *Handler) render(doc Doc) ([]byte, string, error) {
	keyDoc := doc
	keyDoc.Date = time.Time{} // the day is what the page shows
	in, err := json.Marshal(struct {
		Doc
		Day string
	}{keyDoc, doc.Date.Format("2006-01-02")})
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(in)
	key := base64.RawURLEncoding.EncodeToString(sum[:18])
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.key == key {
		return h.pdf, h.etag, nil
	}
	var buf bytes.Buffer
	if err := Write(&buf, doc, h.font); err != nil {
		return nil, "", err
	}
	h.key, h.pdf, h.etag = key, buf.Bytes(), `"`+key+`"`
	return h.pdf, h.etag, nil
}
