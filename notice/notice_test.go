package notice_test

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"xephang/internal/e2e"
	"xephang/internal/pdftest"
	"xephang/server"
)

const base = "http://192.168.1.10:8080"

// keepPDF saves pdf under $XEPHANG_KEEP_PDF, to look at.
func keepPDF(t *testing.T, pdf []byte) {
	if dir := os.Getenv("XEPHANG_KEEP_PDF"); dir != "" {
		name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
		os.WriteFile(filepath.Join(dir, name+".pdf"), pdf, 0o644)
	}
}

// hasLine reports whether a line of lines contains want.
func hasLine(lines []string, want string) bool {
	return slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, want) })
}

func TestNoticePDF(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{Server: server.Config{BaseURL: base}})
	c := app.Client() // public: no sign-in

	res, pdf := c.DoHeader(t, "GET", "/api/v1/notice.pdf", nil, nil)
	if res.StatusCode != 200 {
		t.Fatalf("GET /api/v1/notice.pdf: %d %s", res.StatusCode, pdf)
	}
	keepPDF(t, pdf)
	if got := res.Header.Get("Content-Type"); got != "application/pdf" {
		t.Errorf("Content-Type %q", got)
	}

	t.Run("A4OnePage", func(t *testing.T) {
		pages := pdftest.Pages(t, pdf)
		if len(pages) != 1 {
			t.Fatalf("%d pages, want 1", len(pages))
		}
		if w, h := pages[0][0], pages[0][1]; math.Round(w) != 595 || math.Round(h) != 842 {
			t.Errorf("MediaBox %.2f×%.2f pt, want A4 595×842", w, h)
		}
	})

	t.Run("Text", func(t *testing.T) {
		lines := pdftest.Text(t, pdf)
		for _, want := range []string{
			"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc",
			"THÔNG BÁO", "Giải quyết thủ tục hành chính giờ thứ 9",
			"GIỜ THỨ 9", "16:30 – 17:30", "Thứ Hai đến thứ Sáu hằng tuần",
			"Từ ngày 23/02/2026 đến ngày 23/03/2026",
			"Sáng: 07:30 – 11:30", "Chiều: 13:30 – 16:30",
			"Tư pháp – Hộ tịch", "Hướng dẫn nộp hồ sơ trực tuyến", "Trả kết quả",
			"https://dichvucong.gov.vn", "VNeID",
			"Trung tâm Phục vụ hành chính công xã Luận Thành", "xã Luận Thành, tỉnh Thanh Hóa",
			base + "/",
		} {
			if !hasLine(lines, want) {
				t.Errorf("want %q in\n%s", want, strings.Join(lines, "\n"))
			}
		}
	})

	t.Run("QR", func(t *testing.T) {
		if got := pdftest.DecodeQR(t, pdftest.Page(t, pdf, 100)); got != base+"/" {
			t.Errorf("QR = %q, want %q", got, base+"/")
		}
	})

	t.Run("ETag", func(t *testing.T) {
		etag := res.Header.Get("ETag")
		if etag == "" {
			t.Fatal("no ETag")
		}
		again, _ := c.DoHeader(t, "GET", "/api/v1/notice.pdf", nil, map[string][]string{"If-None-Match": {etag}})
		if again.StatusCode != 304 {
			t.Errorf("revalidation: %d, want 304", again.StatusCode)
		}
	})

	t.Run("FollowsSettings", func(t *testing.T) {
		admin := app.Admin(t)
		admin.MustJSON(t, "PUT", "/api/v1/admin/settings", map[string]any{
			"center_name":  "Trung tâm Phục vụ hành chính công xã Thử Nghiệm",
			"address":      "xã Thử Nghiệm, tỉnh Thanh Hóa",
			"phone":        "0237 123 456",
			"online_guide": "Nộp hồ sơ trên điện thoại 📱 bằng VNeID.",
			"sessions": []map[string]any{
				{"name": "Sáng", "days": []int{1, 2, 3, 4, 5}, "start": "07:00", "end": "11:00"},
				{"name": "Giờ thứ 9", "days": []int{1, 3, 5}, "start": "17:00", "end": "18:00",
					"from": "2026-04-01", "to": "2026-04-30", "extended": true},
			},
		}, 200, nil)
		res2, pdf2 := c.DoHeader(t, "GET", "/api/v1/notice.pdf", nil, nil)
		if res2.StatusCode != 200 || res2.Header.Get("ETag") == res.Header.Get("ETag") {
			t.Fatalf("after a settings change: %d, ETag %q (was %q)", res2.StatusCode, res2.Header.Get("ETag"), res.Header.Get("ETag"))
		}
		keepPDF(t, pdf2)
		lines := pdftest.Text(t, pdf2)
		for _, want := range []string{
			"Trung tâm Phục vụ hành chính công xã Thử Nghiệm", "Thử Nghiệm, ngày", "17:00 – 18:00",
			"Thứ Hai, thứ Tư và thứ Sáu hằng tuần", "Từ ngày 01/04/2026 đến ngày 30/04/2026",
			"Sáng: 07:00 – 11:00", "0237 123 456", "bằng VNeID",
		} {
			if !hasLine(lines, want) {
				t.Errorf("want %q in\n%s", want, strings.Join(lines, "\n"))
			}
		}
		if hasLine(lines, "13:30") {
			t.Error("the removed afternoon session is still on the notice")
		}
	})
}
