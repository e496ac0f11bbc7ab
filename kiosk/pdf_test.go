package kiosk

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"xephang/internal/pdftest"
	"xephang/queue"
)

var testZone = func() *time.Location {
	loc, err := time.LoadLocation(queue.DefaultZone)
	if err != nil {
		panic(err)
	}
	return loc
}()

const sampleURL = "http://192.168.1.10:8080/t/Zk3x9QpL2mVb7RtY1wNc0A"

func sampleDoc() ticketDoc {
	return ticketDoc{
		Center:   "Trung tâm Phục vụ hành chính công xã Luận Thành",
		Number:   "A012",
		Service:  "Tư pháp – Hộ tịch",
		Counters: []string{"Quầy 1", "Quầy 3"},
		Priority: "Ưu tiên: Người cao tuổi",
		Extended: true,
		Ahead:    3,
		ETA:      15,
		IssuedAt: time.Date(2026, 3, 2, 16, 45, 0, 0, testZone),
		TrackURL: sampleURL,
		Footer:   "Cảm ơn Ông/Bà đã đến Trung tâm!",
	}
}

func mustRender(t testing.TB, d ticketDoc) []byte {
	t.Helper()
	r, err := newTicketRenderer()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.render(&buf, d); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("XEPHANG_KEEP_PDF"); dir != "" {
		name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
		os.WriteFile(filepath.Join(dir, name+".pdf"), buf.Bytes(), 0o644)
	}
	return buf.Bytes()
}

func TestTicketPDF(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		pdf := mustRender(t, sampleDoc())
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Fatalf("not a PDF: %q", pdf[:min(len(pdf), 20)])
		}
		w, h := pdftest.SizeMM(t, pdf)
		if w < 79.95 || w > 80.05 {
			t.Errorf("page width %.2f mm, want 80", w)
		}
		if h < 100 || h > 200 {
			t.Errorf("page height %.1f mm, want the content's (100–200)", h)
		}
		lines := pdftest.Text(t, pdf)
		want := []string{
			"Trung tâm Phục vụ hành chính", // the center's name wraps
			"công xã Luận Thành",
			"SỐ THỨ TỰ",
			"A012",
			"Ưu tiên: Người cao tuổi",
			"Giờ thứ 9",
			"Tư pháp – Hộ tịch",
			"Quầy phục vụ: Quầy 1, Quầy 3",
			"Số người đang chờ trước: 3",
			"Thời gian chờ dự kiến: khoảng 15 phút",
			"Giờ lấy số: 02/03/2026 16:45",
			"Quét mã QR để theo dõi lượt gọi trên điện thoại",
			"Cảm ơn Ông/Bà đã đến Trung tâm!",
		}
		if !slices.Equal(lines, want) {
			t.Errorf("pdftotext:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
		}
		if got := pdftest.QR(t, pdf, 150); got != sampleURL {
			t.Errorf("QR code = %q, want %q", got, sampleURL)
		}
	})

	t.Run("Normal", func(t *testing.T) {
		d := sampleDoc()
		d.Priority, d.Extended, d.Ahead, d.ETA = "", false, 0, 0
		lines := pdftest.Text(t, mustRender(t, d))
		for _, l := range lines {
			if strings.Contains(l, "Giờ thứ 9") || strings.Contains(l, "Ưu tiên") {
				t.Errorf("normal ticket prints %q", l)
			}
		}
		if !slices.Contains(lines, "Sắp đến lượt Ông/Bà") {
			t.Errorf("nobody ahead: want %q in\n%s", "Sắp đến lượt Ông/Bà", strings.Join(lines, "\n"))
		}
	})

	t.Run("NoCounterOpen", func(t *testing.T) {
		// Before the officers open their counters there is no wait to
		// promise: the ticket says so instead of a number of minutes.
		d := sampleDoc()
		d.Unstaffed = true
		lines := pdftest.Text(t, mustRender(t, d))
		if !slices.Contains(lines, "Quầy chưa mở, Ông/Bà vui lòng chờ") {
			t.Errorf("no counter open: want %q in\n%s", "Quầy chưa mở, Ông/Bà vui lòng chờ", strings.Join(lines, "\n"))
		}
		for _, l := range lines {
			if strings.Contains(l, "Thời gian chờ dự kiến") {
				t.Errorf("no counter open, yet the ticket promises %q", l)
			}
		}
	})

	t.Run("QRAt100DPI", func(t *testing.T) {
		// Coarser than any receipt printer (203 dpi).
		if got := pdftest.QR(t, mustRender(t, sampleDoc()), 100); got != sampleURL {
			t.Errorf("QR code = %q, want %q", got, sampleURL)
		}
	})

	t.Run("Decomposed", func(t *testing.T) {
		// Text typed with combining accents prints as the precomposed
		// letters, with the fast fonts.
		d := sampleDoc()
		d.Service = norm.NFD.String("Đất đai – Xây dựng")
		r, _ := newTicketRenderer()
		if !r.covers([]string{r.fonts.clean(d.Service)}) {
			t.Fatal("the planes do not cover NFC Vietnamese")
		}
		if lines := pdftest.Text(t, mustRender(t, d)); !slices.Contains(lines, "Đất đai – Xây dựng") {
			t.Errorf("want %q in\n%s", "Đất đai – Xây dựng", strings.Join(lines, "\n"))
		}
	})

	t.Run("BeyondRepertoire", func(t *testing.T) {
		// Text the prepared fonts lack goes through gofpdf's UTF-8 fonts.
		d := sampleDoc()
		d.Footer = "Спасибо! Ευχαριστούμε! Cảm ơn!"
		r, _ := newTicketRenderer()
		if r.covers(d.texts()) {
			t.Fatal("the planes claim to cover Cyrillic and Greek")
		}
		lines := pdftest.Text(t, mustRender(t, d))
		for _, want := range []string{d.Footer, "Tư pháp – Hộ tịch", "A012"} {
			if !slices.Contains(lines, want) {
				t.Errorf("want %q in\n%s", want, strings.Join(lines, "\n"))
			}
		}
	})

	t.Run("LongTexts", func(t *testing.T) {
		d := sampleDoc()
		d.Service = strings.Repeat("Đăng ký hộ kinh doanh và hợp tác xã ", 4)
		d.Center = "Trungtâmphụcvụhànhchínhcôngcótênrấtdàikhôngcókhoảngtrắngnàocả"
		d.Number = "A0000012"
		pdf := mustRender(t, d)
		if w, _ := pdftest.SizeMM(t, pdf); w < 79.95 || w > 80.05 {
			t.Errorf("page width %.2f mm, want 80", w)
		}
		text := strings.Join(pdftest.Text(t, pdf), "")
		if !strings.Contains(text, d.Center) || !strings.Contains(text, "A0000012") {
			t.Errorf("long texts lost:\n%s", text)
		}
	})
}

func TestWrapFitsWidth(t *testing.T) {
	r, _ := newTicketRenderer()
	l := &layout{pen: &planePen{fonts: r.fonts}, fonts: r.fonts}
	for _, s := range []string{
		"Trung tâm Phục vụ hành chính công xã Luận Thành",
		strings.Repeat("Bảo trợ xã hội – Người có công ", 5),
		strings.Repeat("W", 80),
		"",
	} {
		lines := l.wrap(s, true, 12.5)
		if got, want := strings.Join(lines, ""), strings.ReplaceAll(strings.Join(strings.Fields(s), ""), " ", ""); strings.ReplaceAll(got, " ", "") != want {
			t.Errorf("wrap(%q) lost text: %q", s, lines)
		}
		for _, line := range lines {
			if w := l.pen.width(line, true, 12.5); w > textWidth {
				t.Errorf("line %q is %.1f mm, wider than %v", line, w, textWidth)
			}
		}
	}
}

func TestNewTicketDoc(t *testing.T) {
	ti := queue.TicketInfo{
		Ticket: queue.Ticket{
			Token: "tok", Number: "F004", ServiceID: "bao-tro-xa-hoi", Priority: true,
			PriorityKind: queue.PriorityMerit, Extended: true,
			IssuedAt: time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC),
		},
		Ahead: 2, ETAMinutes: 10, ServiceName: "Bảo trợ xã hội – Người có công",
	}
	counters := []queue.Counter{
		{Number: 3, Name: "Quầy 3", Services: []string{"bao-tro-xa-hoi"}},
		{Number: 1, Name: "Quầy 1", Services: []string{"tu-phap-ho-tich"}},
		{Number: 2, Name: "Quầy 2", Services: []string{"dat-dai", "bao-tro-xa-hoi"}},
	}
	d := newTicketDoc(ti, queue.DefaultSettings(), counters, "http://x/t/tok", testZone)
	if got, want := d.countersText(), "Quầy phục vụ: Quầy 2, Quầy 3"; got != want {
		t.Errorf("counters = %q, want %q", got, want)
	}
	if got, want := d.Priority, "Ưu tiên: Người có công"; got != want {
		t.Errorf("priority = %q, want %q", got, want)
	}
	if got, want := d.IssuedAt.Format("02/01/2006 15:04"), "02/03/2026 16:30"; got != want {
		t.Errorf("issued at %s, want %s (Asia/Ho_Chi_Minh)", got, want)
	}
	if got, want := d.Footer, queue.DefaultSettings().TicketFooter; got != want {
		t.Errorf("footer = %q, want %q", got, want)
	}
	if !d.Unstaffed {
		t.Error("no counter open, yet the doc is not unstaffed")
	}
	ti.CountersOpen = 1
	if d := newTicketDoc(ti, queue.DefaultSettings(), counters, "http://x/t/tok", testZone); d.Unstaffed || d.etaText() != "Thời gian chờ dự kiến: khoảng 10 phút" {
		t.Errorf("one counter open: unstaffed %v, %q", d.Unstaffed, d.etaText())
	}
}

// BenchmarkTicketPDF is the render time of one ticket, fonts prepared: the
// budget of DESIGN.md is 3 ms.
func BenchmarkTicketPDF(b *testing.B) {
	r, err := newTicketRenderer()
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := r.render(&buf, sampleDoc()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/pdf")
}

// BenchmarkTicketPDFBeyondRepertoire is the slow path: gofpdf's UTF-8
// fonts, parsed for the document.
func BenchmarkTicketPDFBeyondRepertoire(b *testing.B) {
	r, err := newTicketRenderer()
	if err != nil {
		b.Fatal(err)
	}
	d := sampleDoc()
	d.Footer = "Спасибо!"
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := r.render(&buf, d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFontSet is what start-up pays once.
func BenchmarkFontSet(b *testing.B) {
	regular, _ := os.ReadFile("../assets/fonts/DejaVuSans.ttf")
	bold, _ := os.ReadFile("../assets/fonts/DejaVuSans-Bold.ttf")
	for b.Loop() {
		if _, err := newFontSet(regular, bold); err != nil {
			b.Fatal(err)
		}
	}
}
