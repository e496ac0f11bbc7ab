package kiosk_test

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"xephang/internal/e2e"
	"xephang/internal/pdftest"
	"xephang/internal/testutil"
	"xephang/kiosk"
	"xephang/server"
)

func TestTicketPDFEndpoint(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{Server: server.Config{BaseURL: "http://192.168.1.10:8080"}})
	c := app.Client()
	tk := c.Issue(t, "tu-phap-ho-tich", false)

	t.Run("OK", func(t *testing.T) {
		res, pdf := c.DoHeader(t, "GET", tk.PDFURL, nil, nil)
		if res.StatusCode != 200 {
			t.Fatalf("GET %s: %d %s", tk.PDFURL, res.StatusCode, pdf)
		}
		if got := res.Header.Get("Content-Type"); got != "application/pdf" {
			t.Errorf("Content-Type %q", got)
		}
		if w, _ := pdftest.SizeMM(t, pdf); w < 79.95 || w > 80.05 {
			t.Errorf("page width %.2f mm, want 80", w)
		}
		lines := pdftest.Text(t, pdf)
		for _, want := range []string{
			"A001", "Tư pháp – Hộ tịch", "Quầy phục vụ: Quầy 1", "Số người đang chờ trước: 0",
			"Giờ lấy số: 02/03/2026 09:00", "Cảm ơn Ông/Bà đã đến Trung tâm!",
		} {
			if !slices.Contains(lines, want) {
				t.Errorf("want %q in\n%s", want, strings.Join(lines, "\n"))
			}
		}
		if slices.Contains(lines, "Giờ thứ 9") {
			t.Error("a morning ticket is marked Giờ thứ 9")
		}
		want := "http://192.168.1.10:8080/t/" + tk.Token
		if tk.TrackURL != want {
			t.Fatalf("track_url %q, want %q", tk.TrackURL, want)
		}
		if got := pdftest.QR(t, pdf, 200); got != want { // a random token: 150 dpi misreads one render in a few hundred
			t.Errorf("QR = %q, want %q", got, want)
		}
	})

	t.Run("Extended", func(t *testing.T) {
		app.Clock.Set(testutil.At(2026, 3, 2, 16, 45))
		tk := c.Issue(t, "dat-dai", true)
		_, pdf := c.Do(t, "GET", tk.PDFURL, nil)
		lines := pdftest.Text(t, pdf)
		for _, want := range []string{"Giờ thứ 9", "Ưu tiên", "C001", "Đất đai", "Giờ lấy số: 02/03/2026 16:45"} {
			if !slices.Contains(lines, want) {
				t.Errorf("want %q in\n%s", want, strings.Join(lines, "\n"))
			}
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		c.MustError(t, "GET", "/api/v1/tickets/AAAAAAAAAAAAAAAAAAAAAA/pdf", nil, 404, "not_found")
		c.MustError(t, "GET", "/api/v1/tickets/AAAAAAAAAAAAAAAAAAAAAA/qr.png", nil, 404, "not_found")
	})

	t.Run("QRPNG", func(t *testing.T) {
		res, body := c.DoHeader(t, "GET", "/api/v1/tickets/"+tk.Token+"/qr.png", nil, nil)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("qr.png: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		img, err := png.Decode(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if got := pdftest.DecodeQR(t, img); got != tk.TrackURL {
			t.Errorf("QR = %q, want %q", got, tk.TrackURL)
		}
	})

	t.Run("KioskConfig", func(t *testing.T) {
		var cfg struct {
			ServerPrints bool `json:"server_prints"`
		}
		c.MustJSON(t, "GET", "/api/v1/kiosk", nil, 200, &cfg)
		if cfg.ServerPrints {
			t.Error("server_prints without --print-cmd")
		}
	})
}

func TestPrintCmd(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		dir := t.TempDir()
		app := e2e.NewApp(t, e2e.Options{Server: server.Config{
			PrintCmd: `sh -c 'cat > "$1/$$.tmp" && mv "$1/$$.tmp" "$1/$$.pdf"' sh ` + dir,
		}})
		c := app.Client()
		var cfg struct {
			ServerPrints bool `json:"server_prints"`
		}
		c.MustJSON(t, "GET", "/api/v1/kiosk", nil, 200, &cfg)
		if !cfg.ServerPrints {
			t.Error("server_prints false with --print-cmd")
		}
		tk := c.Issue(t, "chung-thuc", false)
		var files []string
		kiosk.Eventually(t, "the printed ticket", func() bool {
			files, _ = filepath.Glob(filepath.Join(dir, "*.pdf"))
			return len(files) == 1
		})
		pdf, err := os.ReadFile(files[0])
		if err != nil {
			t.Fatal(err)
		}
		lines := pdftest.Text(t, pdf)
		if !slices.Contains(lines, tk.Number) || !slices.Contains(lines, "Chứng thực") {
			t.Errorf("printed ticket:\n%s", strings.Join(lines, "\n"))
		}
	})

	t.Run("BrokenPrinter", func(t *testing.T) {
		// A printer that hangs: every ticket is still issued at once, and
		// every one is kept.
		app := e2e.NewApp(t, e2e.Options{Server: server.Config{PrintCmd: "sleep 60"}})
		c := app.Client()
		for i := range 3 {
			start := time.Now()
			tk := c.Issue(t, "xay-dung", false)
			// A ticket that waited for the printer would take its 20 s
			// timeout (or the 60 s of the hang); anything less is the
			// machine's speed, not this test's business.
			if d := time.Since(start); d >= 20*time.Second {
				t.Fatalf("ticket %d took %s with a hung printer: it waited for it", i, d)
			}
			var got e2e.Ticket
			c.MustJSON(t, "GET", "/api/v1/tickets/"+tk.Token, nil, 200, &got)
			if got.Status != "waiting" {
				t.Errorf("ticket %s is %s", got.Number, got.Status)
			}
		}
	})

	t.Run("FailingPrinter", func(t *testing.T) {
		app := e2e.NewApp(t, e2e.Options{Server: server.Config{PrintCmd: "sh -c 'exit 1'"}})
		c := app.Client()
		a := c.Issue(t, "xay-dung", false)
		b := c.Issue(t, "xay-dung", false)
		if a.Number != "E001" || b.Number != "E002" {
			t.Errorf("numbers %s %s, want E001 E002", a.Number, b.Number)
		}
	})
}
