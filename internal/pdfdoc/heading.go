// Package pdfdoc draws what the center's A4 documents share: the heading
// of a Vietnamese administrative document, for the report (report) and the
// notice (notice).
package pdfdoc

import (
	"fmt"
	"strings"
	"time"
)

// HeadingStyle sizes a heading; the report's is smaller than the notice's.
type HeadingStyle struct {
	Family          string  // the font family, already added to the document
	Left, RightFrom float64 // the left column's width; where the right one starts, from the margin
	Rule            float64 // the width of the rule under the issuing body
	Body, Motto     float64 // font sizes: the issuing body and the national name; the motto
	Date            float64 // font size of the date
	Line            float64 // line height of the body and the date (the motto's is 0.4 more)
	DateGap         float64 // space above the date
	Ink             [3]int  // text and rules
}

// Heading writes the two columns of an administrative document at the
// current y, in the width w from the left margin x: the issuing body
// (center) on the left, with a rule under it; the national name, the motto
// and "place, ngày dd tháng mm năm yyyy" on the right, the place taken from
// address. It returns the y below both columns.
func Heading(p *Doc, st HeadingStyle, x, w float64, center, address string, date time.Time) float64 {
	top := p.GetY()
	rightX, rightW := x+st.RightFrom, w-st.RightFrom
	p.SetTextColor(st.Ink[0], st.Ink[1], st.Ink[2])
	p.SetDrawColor(st.Ink[0], st.Ink[1], st.Ink[2])
	p.SetLineWidth(0.3)

	p.SetFont(st.Family, "B", st.Body)
	lines := p.SplitText(strings.ToUpper(center), st.Left)
	for i, l := range lines {
		p.SetXY(x, top+float64(i)*st.Line)
		p.CellFormat(st.Left, st.Line, l, "", 0, "C", false, 0, "")
	}
	ly := top + float64(len(lines))*st.Line + 1
	p.Line(x+(st.Left-st.Rule)/2, ly, x+(st.Left+st.Rule)/2, ly)

	p.SetXY(rightX, top)
	p.CellFormat(rightW, st.Line, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "", 2, "C", false, 0, "")
	p.SetFont(st.Family, "B", st.Motto)
	motto := "Độc lập – Tự do – Hạnh phúc"
	p.CellFormat(rightW, st.Line+0.4, motto, "", 2, "C", false, 0, "")
	mw := p.GetStringWidth(motto)
	p.Line(rightX+(rightW-mw)/2, p.GetY()+0.6, rightX+(rightW+mw)/2, p.GetY()+0.6)

	p.SetFont(st.Family, "", st.Date)
	line := fmt.Sprintf("ngày %02d tháng %02d năm %d", date.Day(), int(date.Month()), date.Year())
	if pl := Place(address); pl != "" {
		line = pl + ", " + line
	} else {
		line = "N" + strings.TrimPrefix(line, "n")
	}
	p.SetXY(rightX, p.GetY()+st.DateGap)
	p.CellFormat(rightW, st.Line, line, "", 2, "C", false, 0, "")
	return max(ly, p.GetY())
}

// Place is the place name of the date line, from the address: "xã Luận
// Thành, tỉnh Thanh Hóa" gives "Luận Thành".
func Place(address string) string {
	first, _, _ := strings.Cut(address, ",")
	first = strings.TrimSpace(first)
	for _, prefix := range []string{"xã ", "Xã ", "phường ", "Phường ", "thị trấn ", "Thị trấn "} {
		first = strings.TrimPrefix(first, prefix)
	}
	return first
}
