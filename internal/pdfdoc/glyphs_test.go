package pdfdoc

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/text/unicode/norm"

	"xephang/assets"
	"xephang/internal/pdftest"
)

var testGlyphs = sync.OnceValues(func() (*Glyphs, error) {
	reg, err := assets.FS.ReadFile("fonts/DejaVuSans.ttf")
	if err != nil {
		return nil, err
	}
	bold, err := assets.FS.ReadFile("fonts/DejaVuSans-Bold.ttf")
	if err != nil {
		return nil, err
	}
	return NewGlyphs(reg, bold)
})

func glyphs(t testing.TB) *Glyphs {
	g, err := testGlyphs()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestGlyphsClean(t *testing.T) {
	g := glyphs(t)
	for _, tc := range []struct{ in, want string }{
		{"Trung tâm Luận Thành", "Trung tâm Luận Thành"},
		{norm.NFD.String("Đất đai – Xây dựng"), "Đất đai – Xây dựng"},
		{"Trung tâm 🏛", "Trung tâm ?"},
		{"🏛️ dấu", "? dấu"}, // the emoji with its variation selector is one mark
		{"gia đình 👨‍👩‍👧 vui", "gia đình ? vui"},
		{"a\u202Eb\u200Bc\uFEFFd", "abcd"},
		{"dòng 1\ndòng 2\tcột\x00\r", "dòng 1\ndòng 2 cột"},
		{"ﬁ 𝐀 ①", "ﬁ A ①"},
		{"\U0010FFFF\U0001F600", "?"},
		{"", ""},
	} {
		if got := g.Clean(tc.in); got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if !g.Has('ự') || !g.Has('Đ') || g.Has('🏛') || g.Has(0x10000) {
		t.Error("Has is wrong on Vietnamese or beyond the BMP")
	}
}

// TestDocEmoji: text gofpdf cannot draw, through every text method of a
// Doc, gives a PDF with the rest of the text.
func TestDocEmoji(t *testing.T) {
	reg, _ := assets.FS.ReadFile("fonts/DejaVuSans.ttf")
	bold, _ := assets.FS.ReadFile("fonts/DejaVuSans-Bold.ttf")
	p := NewDoc(gofpdf.New("P", "mm", "A4", ""), glyphs(t))
	p.AddUTF8FontFromBytes("f", "", reg)
	p.AddUTF8FontFromBytes("f", "B", bold)
	p.SetTitle("Tiêu đề 😀", true)
	p.SetAuthor("Tác giả 😀", true)
	p.AddPage()
	p.SetFont("f", "B", 12)
	Heading(p, HeadingStyle{Family: "f", Left: 80, RightFrom: 82, Rule: 30, Body: 10, Motto: 11, Date: 10,
		Line: 5, DateGap: 3}, 20, 170, norm.NFD.String("Trung tâm Phục vụ hành chính công xã Luận Thành 🏛"),
		"xã Luận Thành 🏛, tỉnh Thanh Hóa", time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	p.SetFont("f", "", 12)
	p.SetXY(20, 60)
	p.CellFormat(100, 6, "Một 🏛 ô", "", 1, "L", false, 0, "")
	p.MultiCell(100, 6, "Nhiều 🏛 dòng\nthứ hai 🏛", "", "L", false)
	p.Cell(100, 6, "Ô 🏛 nữa")
	p.Ln(8)
	p.Write(6, "Viết 🏛 tiếp")
	p.Text(20, 120, "Chữ 🏛 rời")
	for _, l := range p.SplitText("Tách 🏛 dòng", 50) {
		_ = l
	}
	_ = p.GetStringWidth("Rộng 🏛")
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(pdftest.Text(t, buf.Bytes()), "\n")
	for _, want := range []string{"TRUNG TÂM PHỤC VỤ HÀNH CHÍNH", "LUẬN THÀNH ?", "Luận Thành ?, ngày",
		"Một ? ô", "Nhiều ? dòng", "thứ hai ?", "Ô ? nữa", "Viết ? tiếp", "Chữ ? rời"} {
		if !strings.Contains(text, want) {
			t.Errorf("want %q in\n%s", want, text)
		}
	}
}

func BenchmarkNewGlyphs(b *testing.B) {
	reg, _ := assets.FS.ReadFile("fonts/DejaVuSans.ttf")
	bold, _ := assets.FS.ReadFile("fonts/DejaVuSans-Bold.ttf")
	for b.Loop() {
		if _, err := NewGlyphs(reg, bold); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkClean(b *testing.B) {
	g := glyphs(b)
	for b.Loop() {
		g.Clean("Trung tâm Phục vụ hành chính công xã Luận Thành")
	}
}
