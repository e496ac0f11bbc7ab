package report

import (
	"fmt"
	"strings"
)

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
