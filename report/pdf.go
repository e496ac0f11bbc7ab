package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/jung-kurt/gofpdf"
)

// Title is the title of the PDF report, on two lines.
const (
	TitleLine1 = "BÁO CÁO"
	TitleLine2 = "Kết quả thực hiện mô hình 'Giải quyết thủ tục hành chính giờ thứ 9'"
)

const (
	fam       = "dejavu"
	pageW     = 210.0
	pageH     = 297.0
	margin    = 15.0
	bottom    = 16.0
	contentW  = pageW - 2*margin
	rowH      = 5.0
	lineH     = 3.4 // one line of a wrapped table cell
	smallFont = 7.5
)

// Colours, as RGB.
var (
	colBlue     = [3]int{11, 79, 156}
	colRed      = [3]int{200, 16, 46}
	colInk      = [3]int{17, 17, 17}
	colMuted    = [3]int{90, 90, 90}
	colGrid     = [3]int{200, 207, 216}
	colHead     = [3]int{226, 234, 244}
	colTotal    = [3]int{238, 243, 249}
	colExtended = [3]int{255, 243, 205}
)

// WritePDF writes the report as an A4 document: the heading of an
// administrative report, the title and period, a summary paragraph written
// from the figures, the tables of results and times, a bar chart of the
// extended hour per day, the satisfaction table, then every breakdown.
func WritePDF(w io.Writer, rep *Report) error {
	rep = pdfReport(rep)
	font, err := LoadFont()
	if err != nil {
		return err
	}
	p := gofpdf.New("P", "mm", "A4", "")
	p.SetCompression(true)
	p.AddUTF8FontFromBytes(fam, "", font.Regular)
	p.AddUTF8FontFromBytes(fam, "B", font.Bold)
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(true, bottom)
	p.SetTitle(TitleLine1+" "+TitleLine2, true)
	p.SetSubject(fmt.Sprintf("Từ ngày %s đến ngày %s", viDate(rep.From), viDate(rep.To)), true)
	p.SetAuthor(rep.Center, true)
	p.SetCreator("xephang", true)
	p.SetCreationDate(rep.GeneratedAt)
	p.AliasNbPages("{nb}")
	d := &pdfDoc{p: p, rep: rep}
	p.SetFooterFunc(d.footer)
	p.AddPage()
	d.heading()
	d.overview()
	d.chart()
	d.satisfaction()
	d.breakdowns()
	d.notes()
	if err := p.Error(); err != nil {
		return fmt.Errorf("pdf report: %w", err)
	}
	return p.Output(w)
}

// pdfSafe keeps what the PDF can draw: gofpdf's UTF-8 fonts cover the
// Basic Multilingual Plane only (an emoji in a citizen's comment would
// panic it), and control characters have no place in a line of text.
func pdfSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f || r > 0xffff:
			return -1
		}
		return r
	}, s)
}

// pdfReport returns a copy of rep whose texts are pdfSafe.
func pdfReport(rep *Report) *Report {
	out := *rep
	out.Center, out.Address = pdfSafe(rep.Center), pdfSafe(rep.Address)
	rows := func(list []Row) []Row {
		list = slices.Clone(list)
		for i := range list {
			list[i].Name = pdfSafe(list[i].Name)
		}
		return list
	}
	one := func(r Row) Row { return rows([]Row{r})[0] }
	out.Summary, out.Procedures, out.Online = one(rep.Summary), one(rep.Procedures), one(rep.Online)
	out.ByDay, out.BySession, out.ByService = rows(rep.ByDay), rows(rep.BySession), rows(rep.ByService)
	out.ByCounter, out.ByOfficer = rows(rep.ByCounter), rows(rep.ByOfficer)
	out.Satisfaction.Comments = slices.Clone(rep.Satisfaction.Comments)
	for i := range out.Satisfaction.Comments {
		c := &out.Satisfaction.Comments[i]
		c.Text, c.Service, c.Number = pdfSafe(c.Text), pdfSafe(c.Service), pdfSafe(c.Number)
	}
	out.Satisfaction.Reasons = slices.Clone(rep.Satisfaction.Reasons)
	for i := range out.Satisfaction.Reasons {
		out.Satisfaction.Reasons[i].Name = pdfSafe(out.Satisfaction.Reasons[i].Name)
	}
	return &out
}

type pdfDoc struct {
	p       *gofpdf.Fpdf
	rep     *Report
	section int
}

func (d *pdfDoc) color(c [3]int)                  { d.p.SetTextColor(c[0], c[1], c[2]) }
func (d *pdfDoc) fill(c [3]int)                   { d.p.SetFillColor(c[0], c[1], c[2]) }
func (d *pdfDoc) draw(c [3]int)                   { d.p.SetDrawColor(c[0], c[1], c[2]) }
func (d *pdfDoc) font(style string, size float64) { d.p.SetFont(fam, style, size) }

// room starts a new page unless h millimetres are left on this one.
func (d *pdfDoc) room(h float64) {
	if d.p.GetY()+h > pageH-bottom {
		d.p.AddPage()
	}
}

func (d *pdfDoc) footer() {
	p := d.p
	p.SetY(-11)
	d.font("", 7)
	d.color(colMuted)
	p.CellFormat(contentW/2, 4, fmt.Sprintf("Báo cáo Giờ thứ 9 · %s – %s", viDate(d.rep.From), viDate(d.rep.To)), "", 0, "L", false, 0, "")
	p.CellFormat(contentW/2, 4, fmt.Sprintf("Trang %d/{nb}", p.PageNo()), "", 0, "R", false, 0, "")
	d.color(colInk)
}

// place returns the place name of the date line, from the address: "xã
// Luận Thành, tỉnh Thanh Hóa" gives "Luận Thành".
func place(address string) string {
	first, _, _ := strings.Cut(address, ",")
	first = strings.TrimSpace(first)
	for _, prefix := range []string{"xã ", "Xã ", "phường ", "Phường ", "thị trấn ", "Thị trấn "} {
		first = strings.TrimPrefix(first, prefix)
	}
	return first
}

// heading writes the two columns of an administrative document (the
// center; the national motto and the date), then the title and period.
func (d *pdfDoc) heading() {
	p, rep := d.p, d.rep
	top := p.GetY()
	leftW, rightX, rightW := 78.0, margin+80, contentW-80
	d.font("B", 9)
	lines := p.SplitText(strings.ToUpper(rep.Center), leftW)
	for i, l := range lines {
		p.SetXY(margin, top+float64(i)*4.4)
		p.CellFormat(leftW, 4.4, l, "", 0, "C", false, 0, "")
	}
	ly := top + float64(len(lines))*4.4 + 1
	d.draw(colInk)
	p.SetLineWidth(0.3)
	p.Line(margin+leftW/2-14, ly, margin+leftW/2+14, ly)

	p.SetXY(rightX, top)
	p.CellFormat(rightW, 4.4, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "", 2, "C", false, 0, "")
	d.font("B", 9.5)
	motto := "Độc lập – Tự do – Hạnh phúc"
	p.CellFormat(rightW, 4.8, motto, "", 2, "C", false, 0, "")
	mw := p.GetStringWidth(motto)
	p.Line(rightX+(rightW-mw)/2, p.GetY()+0.6, rightX+(rightW+mw)/2, p.GetY()+0.6)
	d.font("", 9)
	g := rep.GeneratedAt
	date := fmt.Sprintf("ngày %02d tháng %02d năm %d", g.Day(), int(g.Month()), g.Year())
	if pl := place(rep.Address); pl != "" {
		date = pl + ", " + date
	} else {
		date = strings.ToUpper(date[:1]) + date[1:]
	}
	p.SetXY(rightX, p.GetY()+2.5)
	p.CellFormat(rightW, 4.4, date, "", 2, "C", false, 0, "")

	p.SetY(max(ly, p.GetY()) + 8)
	d.font("B", 15)
	d.color(colInk)
	p.CellFormat(contentW, 7, TitleLine1, "", 1, "C", false, 0, "")
	d.font("B", 12)
	p.MultiCell(contentW, 6, TitleLine2, "", "C", false)
	d.font("", 10)
	p.CellFormat(contentW, 6, fmt.Sprintf("(Từ ngày %s đến ngày %s)", viDate(rep.From), viDate(rep.To)), "", 1, "C", false, 0, "")
	p.Ln(4)
}

var roman = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}

// heading2 writes a numbered section heading, on a new page when less
// than need millimetres remain for what follows it.
func (d *pdfDoc) heading2(title string, need float64) {
	d.room(need + 10)
	d.p.Ln(2)
	d.font("B", 10.5)
	d.color(colBlue)
	d.p.CellFormat(contentW, 6, roman[d.section]+". "+title, "", 1, "L", false, 0, "")
	d.section++
	d.color(colInk)
	d.p.Ln(1)
}

func (d *pdfDoc) caption(text string) {
	d.font("B", 8.5)
	d.p.CellFormat(contentW, 5, text, "", 1, "L", false, 0, "")
}

func (d *pdfDoc) paragraph(text string, size float64) {
	d.font("", size)
	d.p.MultiCell(contentW, size*0.52, text, "", "J", false)
}

// ---- tables -----------------------------------------------------------------

type pcol struct {
	head  string
	w     float64
	align string
}

type rowStyle struct {
	bold   bool
	fill   *[3]int
	indent float64
}

var (
	styleTotal    = rowStyle{bold: true, fill: &colTotal}
	styleExtended = rowStyle{fill: &colExtended, indent: 4}
	styleSub      = rowStyle{indent: 4}
	stylePlain    = rowStyle{}
)

type ptable struct {
	d    *pdfDoc
	cols []pcol
	// groups, when set, names for each column the group its header
	// stands under ("" for none): a second header line above.
	groups []string
}

func (d *pdfDoc) table(cols []pcol) *ptable {
	t := &ptable{d: d, cols: cols}
	t.header()
	return t
}

// groupedTable is table with a group line above the column heads.
func (d *pdfDoc) groupedTable(cols []pcol, groups []string) *ptable {
	t := &ptable{d: d, cols: cols, groups: groups}
	t.header()
	return t
}

// header draws the header row, its cells wrapped on as many lines as the
// longest needs, under the group line when there is one.
func (t *ptable) header() {
	p := t.d.p
	t.d.font("B", 7)
	n := 1
	split := make([][]string, len(t.cols))
	for i, c := range t.cols {
		split[i] = p.SplitText(c.head, c.w)
		n = max(n, len(split[i]))
	}
	h := float64(n)*lineH + 1.6
	gh := 0.0
	if len(t.groups) > 0 {
		gh = lineH + 1.6
	}
	t.d.room(gh + h + rowH)
	x, y := p.GetX(), p.GetY()
	t.d.fill(colHead)
	t.d.draw(colGrid)
	p.SetLineWidth(0.2)
	text := func(lines []string, x, y, w, h float64) {
		top := y + (h-float64(len(lines))*lineH)/2
		for j, l := range lines {
			p.SetXY(x, top+float64(j)*lineH)
			p.CellFormat(w, lineH, l, "", 0, "C", false, 0, "")
		}
	}
	for i := 0; i < len(t.cols); i++ {
		c := t.cols[i]
		if gh == 0 || t.groups[i] == "" {
			p.Rect(x, y, c.w, gh+h, "FD")
			text(split[i], x, y, c.w, gh+h)
			x += c.w
			continue
		}
		// A run of columns under one group.
		gw, j := 0.0, i
		for ; j < len(t.cols) && t.groups[j] == t.groups[i]; j++ {
			gw += t.cols[j].w
		}
		p.Rect(x, y, gw, gh, "FD")
		text([]string{t.groups[i]}, x, y, gw, gh)
		for k := i; k < j; k++ {
			p.Rect(x, y+gh, t.cols[k].w, h, "FD")
			text(split[k], x, y+gh, t.cols[k].w, h)
			x += t.cols[k].w
		}
		i = j - 1
	}
	p.SetXY(margin, y+gh+h)
}

// row draws one row; the first cell wraps when too long. A row that does
// not fit goes to the next page, under a repeated header.
func (t *ptable) row(cells []string, st rowStyle) {
	p := t.d.p
	style := ""
	if st.bold {
		style = "B"
	}
	t.d.font(style, smallFont)
	first := p.SplitText(cells[0], t.cols[0].w-st.indent)
	if len(first) == 0 {
		first = []string{""}
	}
	h := max(rowH, float64(len(first))*lineH+1.6)
	if p.GetY()+h > pageH-bottom {
		p.AddPage()
		t.header()
		t.d.font(style, smallFont)
	}
	x, y := margin, p.GetY()
	t.d.draw(colGrid)
	if st.fill != nil {
		t.d.fill(*st.fill)
	}
	mode := "D"
	if st.fill != nil {
		mode = "FD"
	}
	for i, c := range t.cols {
		p.Rect(x, y, c.w, h, mode)
		if i == 0 {
			top := y + (h-float64(len(first))*lineH)/2
			for j, l := range first {
				p.SetXY(x+st.indent, top+float64(j)*lineH)
				p.CellFormat(c.w-st.indent, lineH, l, "", 0, "L", false, 0, "")
			}
		} else {
			p.SetXY(x, y)
			p.CellFormat(c.w, h, cells[i], "", 0, c.align, false, 0, "")
		}
		x += c.w
	}
	p.SetXY(margin, y+h)
}

// cols builds columns: a first one of width first, then the rest sharing
// what is left of the page width equally.
func cols(first float64, heads ...string) []pcol {
	out := []pcol{{head: heads[0], w: first, align: "L"}}
	w := (contentW - first) / float64(len(heads)-1)
	for _, h := range heads[1:] {
		out = append(out, pcol{head: h, w: w, align: "R"})
	}
	return out
}

// ---- the sections -------------------------------------------------------------

// overview writes the summary paragraph and the two summary tables.
func (d *pdfDoc) overview() {
	rep := d.rep
	d.heading2("KẾT QUẢ TIẾP NHẬN VÀ GIẢI QUYẾT", 40)
	d.paragraph(SummaryText(rep), 9.5)
	d.p.Ln(3)

	d.caption("Bảng 1. Kết quả tiếp nhận và giải quyết (lượt)")
	t := d.table(cols(62, "Nội dung", "Số phiếu", "Đã phục vụ", "Tỷ lệ phục vụ", "Vắng mặt", "Chuyển lĩnh vực", "Hết hạn"))
	counts := func(name string, f *Figures, st rowStyle) {
		t.row([]string{name, fmtInt(f.Issued), fmtInt(f.Served), fmtPct(share(f.Served, f.Issued)),
			fmtInt(f.NoShow), fmtInt(f.Transferred), fmtInt(f.Expired)}, st)
	}
	s, pr, on := &rep.Summary, &rep.Procedures, &rep.Online
	counts("Tổng cộng", &s.Total, styleTotal)
	counts("Trong giờ hành chính", &s.Regular, styleSub)
	counts("Trong Giờ thứ 9", &s.Extended, styleExtended)
	counts(pr.Name, &pr.Total, rowStyle{bold: true})
	counts("trong đó Giờ thứ 9", &pr.Extended, styleExtended)
	counts(on.Name, &on.Total, rowStyle{bold: true})
	counts("trong đó Giờ thứ 9", &on.Extended, styleExtended)
	d.p.Ln(3)

	d.caption("Bảng 2. Thời gian chờ (từ lúc lấy số đến lần gọi đầu) và thời gian phục vụ (phút)")
	wg, sg := "Thời gian chờ (phút)", "Thời gian phục vụ (phút)"
	t = d.groupedTable(cols(40, "Nội dung", "Số lượt", "Trung bình", "Trung vị", "P90", "Tối đa",
		"Số lượt", "Trung bình", "Trung vị", "P90", "Tối đa"),
		[]string{"", wg, wg, wg, wg, wg, sg, sg, sg, sg, sg})
	times := func(name string, f *Figures, st rowStyle) {
		w, v := &f.Wait, &f.Service
		t.row([]string{name, fmtInt(w.Count), fmtMin(w.Mean), fmtMin(w.Median), fmtMin(w.P90), fmtMin(w.Max),
			fmtInt(v.Count), fmtMin(v.Mean), fmtMin(v.Median), fmtMin(v.P90), fmtMin(v.Max)}, st)
	}
	times("Tổng cộng", &s.Total, styleTotal)
	times("Giờ hành chính", &s.Regular, styleSub)
	times("Giờ thứ 9", &s.Extended, styleExtended)
	times(pr.Name, &pr.Total, stylePlain)
	times(on.Name, &on.Total, stylePlain)
}

// niceStep returns a round step (1, 2, 5 × 10^k) for about n ticks up to
// top.
func niceStep(top, n int) int {
	raw := max(1, (top+n-1)/n)
	for mag := 1; ; mag *= 10 {
		for _, m := range []int{1, 2, 5} {
			if m*mag >= raw {
				return m * mag
			}
		}
	}
}

// chart draws the extended-hour tickets per day as bars, issued and
// served side by side, with gofpdf rectangles.
func (d *pdfDoc) chart() {
	p, bars := d.p, d.rep.ExtendedByDay
	const chartH, axisW, labelH = 62.0, 10.0, 8.0
	d.heading2("GIỜ THỨ 9 THEO NGÀY", chartH+labelH+16)
	d.caption("Biểu đồ 1. Số phiếu trong Giờ thứ 9 (16:30–17:30) theo ngày")
	if len(bars) == 0 {
		d.paragraph("Không có ngày nào có Giờ thứ 9 trong khoảng thời gian này.", 9)
		return
	}
	top := 0
	for _, b := range bars {
		top = max(top, b.Issued, b.Served)
	}
	step := niceStep(max(top, 1), 5)
	yMax := max(step, (top+step-1)/step*step)
	gridX, y0 := margin+axisW, p.GetY()+5
	gridW := contentW - axisW
	yOf := func(v int) float64 { return y0 + chartH - float64(v)/float64(yMax)*chartH }

	// Grid and axis labels.
	p.SetLineWidth(0.15)
	d.draw(colGrid)
	d.font("", 6.5)
	d.color(colMuted)
	for v := 0; v <= yMax; v += step {
		y := yOf(v)
		p.Line(gridX, y, gridX+gridW, y)
		p.SetXY(margin, y-1.6)
		p.CellFormat(axisW-1.5, 3.2, fmtInt(v), "", 0, "R", false, 0, "")
	}
	// Bars: a few days get bars of a sensible width, centred.
	gw := min(gridW/float64(len(bars)), 16)
	x0 := gridX + (gridW-gw*float64(len(bars)))/2
	bw := gw * 0.36
	every := 1
	if gw < 8 {
		every = int(8/gw) + 1
	}
	label := func(x, w float64, v int) {
		d.font("", 5.5)
		d.color(colInk)
		p.SetXY(x-2, yOf(v)-3.2)
		p.CellFormat(w+4, 3, fmtInt(v), "", 0, "C", false, 0, "")
	}
	for i, b := range bars {
		gx := x0 + float64(i)*gw
		bx := gx + gw/2 - bw
		d.fill(colRed)
		if b.Issued > 0 {
			p.Rect(bx, yOf(b.Issued), bw, y0+chartH-yOf(b.Issued), "F")
		}
		d.fill(colBlue)
		if b.Served > 0 {
			p.Rect(bx+bw, yOf(b.Served), bw, y0+chartH-yOf(b.Served), "F")
		}
		if gw >= 6 {
			label(bx, bw, b.Issued)
		}
		if gw >= 10 {
			label(bx+bw, bw, b.Served)
		}
		if i%every == 0 {
			d.font("", 6)
			d.color(colMuted)
			p.SetXY(gx+gw/2-10, y0+chartH+1)
			p.CellFormat(20, 3, viDate(b.Day)[:5], "", 0, "C", false, 0, "")
		}
	}
	d.draw(colInk)
	p.SetLineWidth(0.3)
	p.Line(gridX, y0+chartH, gridX+gridW, y0+chartH)
	// Legend.
	ly := y0 + chartH + labelH
	d.font("", 7.5)
	d.color(colInk)
	lx := gridX
	for _, l := range []struct {
		c    [3]int
		text string
	}{{colRed, "Số phiếu cấp trong Giờ thứ 9"}, {colBlue, "Đã phục vụ xong"}} {
		d.fill(l.c)
		p.Rect(lx, ly, 3.5, 3.5, "F")
		p.SetXY(lx+5, ly)
		p.CellFormat(60, 3.5, l.text, "", 0, "L", false, 0, "")
		lx += 65
	}
	p.SetXY(margin, ly+7)
}

// satisfaction writes the levels, the rates, the reasons and the comments.
func (d *pdfDoc) satisfaction() {
	rep := d.rep
	s := &rep.Summary
	d.heading2("MỨC ĐỘ HÀI LÒNG CỦA CÔNG DÂN", 60)
	d.caption("Bảng 3. Kết quả đánh giá mức độ hài lòng")
	t := d.groupedTable(cols(60, "Mức đánh giá", "Số lượt", "Tỷ lệ", "Số lượt", "Tỷ lệ", "Số lượt", "Tỷ lệ"),
		[]string{"", LabelTotal, LabelTotal, LabelRegular, LabelRegular, LabelExtended, LabelExtended})
	for _, l := range rep.Satisfaction.Levels {
		t.row([]string{fmt.Sprintf("%d – %s", l.Rating, l.Name),
			fmtInt(l.Total), fmtPct(share(l.Total, s.Total.Rated)),
			fmtInt(l.Regular), fmtPct(share(l.Regular, s.Regular.Rated)),
			fmtInt(l.Extended), fmtPct(share(l.Extended, s.Extended.Rated))}, stylePlain)
	}
	t.row([]string{"Số lượt đánh giá", fmtInt(s.Total.Rated), "", fmtInt(s.Regular.Rated), "", fmtInt(s.Extended.Rated), ""}, styleTotal)
	t.row([]string{"Tỷ lệ đánh giá (trên số lượt đã phục vụ)", "", fmtPct(s.Total.ResponseRate), "", fmtPct(s.Regular.ResponseRate),
		"", fmtPct(s.Extended.ResponseRate)}, stylePlain)
	t.row([]string{"Tỷ lệ hài lòng (mức 3 và 4)", "", fmtPct(s.Total.Satisfied), "", fmtPct(s.Regular.Satisfied),
		"", fmtPct(s.Extended.Satisfied)}, styleTotal)
	d.p.Ln(3)

	d.caption("Bảng 4. Lý do chưa hài lòng (đánh giá mức 1–2, một lượt có thể chọn nhiều lý do)")
	t = d.table(cols(60, "Lý do", LabelTotal, LabelRegular, LabelExtended))
	for _, r := range rep.Satisfaction.Reasons {
		t.row([]string{r.Name, fmtInt(r.Total), fmtInt(r.Regular), fmtInt(r.Extended)}, stylePlain)
	}
	if len(rep.Satisfaction.Comments) == 0 {
		return
	}
	d.p.Ln(3)
	d.room(20)
	d.caption("Góp ý gần đây kèm đánh giá chưa hài lòng")
	reasonName := map[string]string{}
	for _, r := range rep.Satisfaction.Reasons {
		reasonName[r.Code] = r.Name
	}
	for _, c := range rep.Satisfaction.Comments {
		names := make([]string, len(c.Reasons))
		for i, code := range c.Reasons {
			names[i] = reasonName[code]
		}
		head := fmt.Sprintf("• %s, %s, số %s, mức %d", viDate(c.Day), c.Service, c.Number, c.Rating)
		if c.Extended {
			head += ", Giờ thứ 9"
		}
		if len(names) > 0 {
			head += " (" + strings.Join(names, ", ") + ")"
		}
		d.paragraph(head+": “"+c.Text+"”", 8)
	}
}

// breakdowns writes one table per breakdown, each row with the extended
// hour beside it as a sub-row, and a total row.
func (d *pdfDoc) breakdowns() {
	rep := d.rep
	heads := []string{"", "Số phiếu", "Đã phục vụ", "Vắng mặt", "Chuyển lĩnh vực", "Hết hạn",
		"Chờ TB (phút)", "Chờ P90 (phút)", "Phục vụ TB (phút)", "Số đánh giá", "Hài lòng"}
	line := func(name string, f *Figures) []string {
		return []string{name, fmtInt(f.Issued), fmtInt(f.Served), fmtInt(f.NoShow), fmtInt(f.Transferred),
			fmtInt(f.Expired), fmtMin(f.Wait.Mean), fmtMin(f.Wait.P90), fmtMin(f.Service.Mean),
			fmtInt(f.Rated), fmtPct(f.Satisfied)}
	}
	n := 5
	for _, bd := range []struct {
		title, first, note string
		rows               []Row
		sessions           bool
	}{
		{"CHI TIẾT THEO BUỔI", "Buổi", "", rep.BySession, true},
		{"CHI TIẾT THEO LĨNH VỰC", "Lĩnh vực", "Số phiếu và số chuyển lĩnh vực tính theo lĩnh vực lúc lấy số; " +
			"kết quả, thời gian và đánh giá tính theo lĩnh vực cuối cùng (sau khi chuyển).", rep.ByService, false},
		{"CHI TIẾT THEO QUẦY", "Quầy", "Tính theo quầy gọi số lần cuối.", rep.ByCounter, false},
		{"CHI TIẾT THEO CÁN BỘ", "Cán bộ", "Tính theo cán bộ gọi số lần cuối.", rep.ByOfficer, false},
		{"CHI TIẾT THEO NGÀY", "Ngày", "", rep.ByDay, false},
	} {
		d.heading2(bd.title, 30)
		d.caption(fmt.Sprintf("Bảng %d. Kết quả theo %s", n, strings.ToLower(bd.first)))
		n++
		h := append([]string{bd.first}, heads[1:]...)
		t := d.table(cols(46, h...))
		for i := range bd.rows {
			r := &bd.rows[i]
			switch {
			case bd.sessions && r.ExtendedSession:
				name := r.Name
				if !strings.Contains(strings.ToLower(name), strings.ToLower(LabelExtended)) {
					name += " (" + LabelExtended + ")"
				}
				t.row(line(name, &r.Total), rowStyle{fill: &colExtended})
			case bd.sessions:
				t.row(line(r.Name, &r.Total), stylePlain)
			default:
				t.row(line(r.Name, &r.Total), stylePlain)
				if r.Extended.Issued > 0 || r.Extended.Served > 0 {
					t.row(line("trong đó Giờ thứ 9", &r.Extended), styleExtended)
				}
			}
		}
		t.row(line("Cộng", &rep.Summary.Total), styleTotal)
		if bd.note != "" {
			d.p.Ln(0.8)
			d.font("", 7)
			d.color(colMuted)
			d.p.MultiCell(contentW, 3.4, "Ghi chú: "+bd.note, "", "L", false)
			d.color(colInk)
		}
	}
}

// notes explains the figures and leaves room for the signatures.
func (d *pdfDoc) notes() {
	p := d.p
	d.heading2("GHI CHÚ", 45)
	d.font("", 8)
	for _, n := range []string{
		"Số phiếu: số thứ tự đã cấp tại máy lấy số; mỗi phiếu là một lượt công dân đến giao dịch.",
		"Giờ thứ 9: phiếu cấp trong buổi làm việc thêm (16:30–17:30, thứ Hai đến thứ Sáu) của mô hình; giờ hành chính: các buổi còn lại.",
		"Vắng mặt: công dân không có mặt khi được gọi và không được gọi lại để phục vụ; hết hạn: phiếu còn chờ khi hết ngày làm việc.",
		"Thời gian chờ: từ lúc lấy số đến lần gọi đầu tiên; thời gian phục vụ: từ lần gọi cuối đến khi hoàn thành. " +
			"Trung vị và P90 tính chính xác trên toàn bộ dữ liệu (như hàm MEDIAN, PERCENTILE.INC của Excel): " +
			"90% số lượt có thời gian không vượt quá giá trị P90.",
		"Tỷ lệ đánh giá: số lượt đánh giá trên số lượt đã phục vụ; tỷ lệ hài lòng: số đánh giá mức 3 (Hài lòng) " +
			"và 4 (Rất hài lòng) trên tổng số lượt đánh giá.",
	} {
		p.MultiCell(contentW, 3.8, "– "+n, "", "J", false)
	}
	d.room(40)
	p.Ln(8)
	y := p.GetY()
	d.font("B", 9.5)
	p.SetXY(margin, y)
	p.CellFormat(contentW/2, 5, "NGƯỜI LẬP BÁO CÁO", "", 0, "C", false, 0, "")
	p.CellFormat(contentW/2, 5, "LÃNH ĐẠO TRUNG TÂM", "", 1, "C", false, 0, "")
	d.font("", 8.5)
	p.CellFormat(contentW/2, 4.5, "(Ký, ghi rõ họ tên)", "", 0, "C", false, 0, "")
	p.CellFormat(contentW/2, 4.5, "(Ký, ghi rõ họ tên, đóng dấu)", "", 1, "C", false, 0, "")
	d.font("", 7)
	d.color(colMuted)
	p.SetY(p.GetY() + 22)
	p.CellFormat(contentW, 4, fmt.Sprintf("Báo cáo lập tự động bởi hệ thống xếp hàng xephang lúc %s.",
		d.rep.GeneratedAt.Format("15:04 02/01/2006")), "", 1, "L", false, 0, "")
	d.color(colInk)
}
