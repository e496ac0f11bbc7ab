package notice_test

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"xephang/internal/e2e"
	"xephang/internal/pdftest"
	"xephang/server"
)

// TestNoticeHostileText: a center name typed decomposed (Unikey's "Unicode
// tổ hợp", NFD) gives the administrative heading in whole words, and an
// emoji in the center or a service name gives a 200 notice with the rest
// of the text.
func TestNoticeHostileText(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{Server: server.Config{BaseURL: base}})
	admin := app.Admin(t)
	admin.MustJSON(t, "PUT", "/api/v1/admin/settings", map[string]any{
		"center_name": norm.NFD.String("Trung tâm Phục vụ hành chính công xã Luận Thành"),
		"address":     norm.NFD.String("xã Luận Thành, tỉnh Thanh Hóa"),
	}, 200, nil)
	admin.MustJSON(t, "PUT", "/api/v1/admin/services/dat-dai", map[string]string{"name": "Đất đai 🏡"}, 200, nil)
	c := app.Client()

	res, pdf := c.DoHeader(t, "GET", "/api/v1/notice.pdf", nil, nil)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("GET /api/v1/notice.pdf: %d %.200s", res.StatusCode, pdf)
	}
	keepPDF(t, pdf)
	lines := pdftest.Text(t, pdf)
	for _, want := range []string{"TRUNG TÂM PHỤC VỤ HÀNH CHÍNH", "CÔNG XÃ LUẬN THÀNH", "Luận Thành, ngày", "Đất đai ?"} {
		if !hasLine(lines, want) {
			t.Errorf("want %q in\n%s", want, strings.Join(lines, "\n"))
		}
	}

	admin.MustJSON(t, "PUT", "/api/v1/admin/settings", map[string]any{
		"center_name": "Trung tâm 🏛 Luận Thành", "online_guide": "Nộp 📱 trực tuyến\nbằng VNeID 🪪",
	}, 200, nil)
	res, pdf = c.DoHeader(t, "GET", "/api/v1/notice.pdf", nil, nil)
	if res.StatusCode != 200 {
		t.Fatalf("with an emoji: %d %.200s", res.StatusCode, pdf)
	}
	lines = pdftest.Text(t, pdf)
	for _, want := range []string{"TRUNG TÂM ? LUẬN THÀNH", "Nộp ? trực tuyến", "bằng VNeID ?"} {
		if !hasLine(lines, want) {
			t.Errorf("want %q in\n%s", want, strings.Join(lines, "\n"))
		}
	}
}
