package kiosk_test

import (
	"slices"
	"strings"
	"testing"

	"xephang/internal/e2e"
	"xephang/internal/pdftest"
)

// TestTicketPDFEmoji: an emoji in the center name, the footer, a service
// name or a counter name (beyond the Basic Multilingual Plane, which
// gofpdf's UTF-8 fonts panic on) gives a 200 ticket PDF with the rest of
// the text, the emoji replaced.
func TestTicketPDFEmoji(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	admin := app.Admin(t)
	admin.MustJSON(t, "PUT", "/api/v1/admin/settings", map[string]string{
		"center_name":   "Trung tâm Luận Thành 🏛",
		"ticket_footer": "Cảm ơn 🙏🏽 Ông/Bà!",
	}, 200, nil)
	admin.MustJSON(t, "PUT", "/api/v1/admin/services/tu-phap-ho-tich",
		map[string]string{"name": "Hộ tịch 🏛 Tư pháp"}, 200, nil)
	admin.MustJSON(t, "PUT", "/api/v1/admin/counters/quay-1",
		map[string]any{"name": "Quầy 🏛 một"}, 200, nil)

	c := app.Client()
	tk := c.Issue(t, "tu-phap-ho-tich", false)
	res, pdf := c.DoHeader(t, "GET", tk.PDFURL, nil, nil)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("GET %s: %d %s %.200s", tk.PDFURL, res.StatusCode, res.Header.Get("Content-Type"), pdf)
	}
	text := strings.Join(pdftest.Text(t, pdf), "\n")
	for _, want := range []string{"Trung tâm Luận Thành ?", "Hộ tịch ? Tư pháp",
		"Quầy phục vụ: Quầy ? một", "Cảm ơn ? Ông/Bà!", tk.Number} {
		if !strings.Contains(text, want) {
			t.Errorf("want %q in\n%s", want, text)
		}
	}
	if strings.ContainsRune(text, '🏛') {
		t.Errorf("the emoji reached the PDF:\n%s", text)
	}
	if lines := pdftest.Text(t, pdf); !slices.Contains(lines, tk.Number) {
		t.Errorf("no number %s in\n%s", tk.Number, text)
	}
}
