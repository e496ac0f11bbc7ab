package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// XLSX sheet names (at most 31 characters each).
const (
	sheetSummary      = "Tổng hợp"
	sheetSatisfaction = "Hài lòng"
	sheetExtended     = "Giờ thứ 9 theo ngày"
)

// xlsxStyles are the cell styles of the workbook, made once per file.
type xlsxStyles struct {
	title, bold, header, text, wrap int
	num, bnum                       [3]int // by kind: int, minutes, share; b = bold
}

func newXLSXStyles(f *excelize.File) (*xlsxStyles, error) {
	var s xlsxStyles
	border := []excelize.Border{
		{Type: "left", Color: "B7C3D0", Style: 1}, {Type: "right", Color: "B7C3D0", Style: 1},
		{Type: "top", Color: "B7C3D0", Style: 1}, {Type: "bottom", Color: "B7C3D0", Style: 1},
	}
	minutes, share := "0.0", "0.0%"
	defs := []struct {
		dst   *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Color: "0B4F9C"}}},
		{&s.bold, excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"0B4F9C"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.text, excelize.Style{Border: border}},
		{&s.wrap, excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&s.num[kindInt], excelize.Style{Border: border, NumFmt: 3}},
		{&s.num[kindMinutes], excelize.Style{Border: border, CustomNumFmt: &minutes}},
		{&s.num[kindShare], excelize.Style{Border: border, CustomNumFmt: &share}},
		{&s.bnum[kindInt], excelize.Style{Border: border, NumFmt: 3, Font: &excelize.Font{Bold: true},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EEF3F9"}}}},
		{&s.bnum[kindMinutes], excelize.Style{Border: border, CustomNumFmt: &minutes, Font: &excelize.Font{Bold: true},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EEF3F9"}}}},
		{&s.bnum[kindShare], excelize.Style{Border: border, CustomNumFmt: &share, Font: &excelize.Font{Bold: true},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EEF3F9"}}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return nil, err
		}
		*d.dst = id
	}
	return &s, nil
}

// WriteXLSX writes the report as a workbook: a summary sheet, one sheet per
// breakdown, the satisfaction sheet and the extended hour per day with its
// chart. Figures are number cells (minutes as decimals, shares as
// percentages), so they can be summed and charted.
func WriteXLSX(w io.Writer, rep *Report) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	x := &xlsxWriter{f: f, st: st, rep: rep}
	for i, bd := range breakdowns(rep) {
		name := bd.title
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		x.breakdown(name, bd, i == 0)
	}
	x.satisfaction()
	x.extended()
	if x.err != nil {
		return x.err
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

// xlsxWriter keeps the first error, so the sheets read as a list of
// writes.
type xlsxWriter struct {
	f   *excelize.File
	st  *xlsxStyles
	rep *Report
	err error
}

func (x *xlsxWriter) do(err error) {
	if x.err == nil && err != nil {
		x.err = err
	}
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

func colName(col int) string {
	n, _ := excelize.ColumnNumberToName(col)
	return n
}

func (x *xlsxWriter) set(sheet string, col, row int, v any, style int) {
	x.do(x.f.SetCellValue(sheet, cellName(col, row), v))
	if style != 0 {
		x.do(x.f.SetCellStyle(sheet, cellName(col, row), cellName(col, row), style))
	}
}

func (x *xlsxWriter) period() string {
	return fmt.Sprintf("Từ ngày %s đến ngày %s — %s", viDate(x.rep.From), viDate(x.rep.To), x.rep.Center)
}

// breakdown writes one table: a title, the period, a header row, then
// three lines a row (total in bold, regular hours, extended session).
func (x *xlsxWriter) breakdown(sheet string, bd breakdown, summary bool) {
	f, st := x.f, x.st
	row := 1
	if summary {
		x.set(sheet, 1, row, "BÁO CÁO Kết quả thực hiện mô hình 'Giải quyết thủ tục hành chính giờ thứ 9'", st.title)
		row++
		x.set(sheet, 1, row, x.period(), st.bold)
		row++
		x.set(sheet, 1, row, SummaryText(x.rep), st.wrap)
		x.do(f.MergeCell(sheet, cellName(1, row), cellName(12, row)))
		x.do(f.SetRowHeight(sheet, row, 105))
		row += 2
	} else {
		x.set(sheet, 1, row, "Báo cáo Giờ thứ 9 — "+lowerFirst(bd.title), st.title)
		row++
		x.set(sheet, 1, row, x.period(), st.bold)
		row += 2
	}
	header := []any{"Mã", bd.first, "Phạm vi"}
	for _, c := range columns {
		header = append(header, c.vi)
	}
	headerRow := row
	x.do(f.SetSheetRow(sheet, cellName(1, row), &header))
	x.do(f.SetCellStyle(sheet, cellName(1, row), cellName(len(header), row), st.header))
	x.do(f.SetRowHeight(sheet, row, 45))
	row++
	values := make([]any, 0, len(header))
	for i := range bd.rows {
		r := &bd.rows[i]
		for _, p := range parts(bd.key, r) {
			values = append(values[:0], r.Key, r.Name, p.label)
			for _, c := range columns {
				switch v := c.get(p.f).(type) {
				case int:
					values = append(values, v)
				case *float64:
					if v == nil {
						values = append(values, nil)
					} else {
						values = append(values, *v)
					}
				}
			}
			x.do(f.SetSheetRow(sheet, cellName(1, row), &values))
			bold := p.label == LabelTotal
			x.styleRow(sheet, row, bold)
			row++
		}
	}
	x.do(f.SetColWidth(sheet, "A", "A", 14))
	x.do(f.SetColWidth(sheet, "B", "B", 34))
	x.do(f.SetColWidth(sheet, "C", "C", 16))
	x.do(f.SetColWidth(sheet, "D", colName(3+len(columns)), 11))
	x.do(f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: 3, YSplit: headerRow,
		TopLeftCell: cellName(4, headerRow+1), ActivePane: "bottomRight"}))
	if row > headerRow+1 {
		x.do(f.AutoFilter(sheet, cellName(1, headerRow)+":"+cellName(3+len(columns), row-1), nil))
	}
}

// styleRow sets the number styles of one table line, column runs at a
// time.
func (x *xlsxWriter) styleRow(sheet string, row int, bold bool) {
	styles := x.st.num
	text := x.st.text
	if bold {
		styles = x.st.bnum
		text = x.st.bnum[kindInt]
	}
	x.do(x.f.SetCellStyle(sheet, cellName(1, row), cellName(3, row), text))
	start := 0
	for i := 1; i <= len(columns); i++ {
		if i == len(columns) || columns[i].kind != columns[start].kind {
			x.do(x.f.SetCellStyle(sheet, cellName(4+start, row), cellName(4+i-1, row), styles[columns[start].kind]))
			start = i
		}
	}
}

func (x *xlsxWriter) header(sheet string, row int, cells ...any) {
	x.do(x.f.SetSheetRow(sheet, cellName(1, row), &cells))
	x.do(x.f.SetCellStyle(sheet, cellName(1, row), cellName(len(cells), row), x.st.header))
}

// satisfaction writes the levels, the response and satisfaction rates,
// the reasons of low ratings and the latest comments.
func (x *xlsxWriter) satisfaction() {
	f, st, rep := x.f, x.st, x.rep
	sh := sheetSatisfaction
	_, err := f.NewSheet(sh)
	x.do(err)
	x.set(sh, 1, 1, "Mức độ hài lòng của công dân", st.title)
	x.set(sh, 1, 2, x.period(), st.bold)
	row := 4
	x.header(sh, row, "Mức", "Đánh giá", LabelTotal, LabelRegular, LabelExtended, "Tỷ lệ (tổng)")
	row++
	s := &rep.Summary
	for _, l := range rep.Satisfaction.Levels {
		var pct any
		if p := share(l.Total, s.Total.Rated); p != nil {
			pct = *p
		}
		vals := []any{l.Rating, l.Name, l.Total, l.Regular, l.Extended, pct}
		x.do(f.SetSheetRow(sh, cellName(1, row), &vals))
		x.do(f.SetCellStyle(sh, cellName(1, row), cellName(5, row), st.num[kindInt]))
		x.do(f.SetCellStyle(sh, cellName(2, row), cellName(2, row), st.text))
		x.do(f.SetCellStyle(sh, cellName(6, row), cellName(6, row), st.num[kindShare]))
		row++
	}
	rated := []any{nil, "Số lượt đánh giá", s.Total.Rated, s.Regular.Rated, s.Extended.Rated}
	x.do(f.SetSheetRow(sh, cellName(1, row), &rated))
	x.do(f.SetCellStyle(sh, cellName(1, row), cellName(5, row), st.bnum[kindInt]))
	row++
	for _, r := range []struct {
		name string
		get  func(f *Figures) *float64
	}{
		{"Tỷ lệ đánh giá (số đánh giá / số đã phục vụ)", func(f *Figures) *float64 { return f.ResponseRate }},
		{"Tỷ lệ hài lòng (mức 3–4 / số đánh giá)", func(f *Figures) *float64 { return f.Satisfied }},
	} {
		vals := []any{nil, r.name}
		for _, fg := range []*Figures{&s.Total, &s.Regular, &s.Extended} {
			if v := r.get(fg); v != nil {
				vals = append(vals, *v)
			} else {
				vals = append(vals, nil)
			}
		}
		x.do(f.SetSheetRow(sh, cellName(1, row), &vals))
		x.do(f.SetCellStyle(sh, cellName(1, row), cellName(2, row), st.bnum[kindInt]))
		x.do(f.SetCellStyle(sh, cellName(3, row), cellName(5, row), st.bnum[kindShare]))
		row++
	}
	row++
	x.set(sh, 1, row, "Lý do chưa hài lòng (đánh giá mức 1–2)", st.bold)
	row++
	x.header(sh, row, "Mã", "Lý do", LabelTotal, LabelRegular, LabelExtended)
	row++
	for _, r := range rep.Satisfaction.Reasons {
		vals := []any{r.Code, r.Name, r.Total, r.Regular, r.Extended}
		x.do(f.SetSheetRow(sh, cellName(1, row), &vals))
		x.do(f.SetCellStyle(sh, cellName(1, row), cellName(2, row), st.text))
		x.do(f.SetCellStyle(sh, cellName(3, row), cellName(5, row), st.num[kindInt]))
		row++
	}
	row++
	x.set(sh, 1, row, fmt.Sprintf("Góp ý gần nhất kèm đánh giá mức 1–2 (tối đa %d)", MaxComments), st.bold)
	row++
	x.header(sh, row, "Ngày", "Lĩnh vực", "Số", "Mức", "Lý do", "Góp ý", "Buổi")
	row++
	reasonName := map[string]string{}
	for _, r := range rep.Satisfaction.Reasons {
		reasonName[r.Code] = r.Name
	}
	for _, c := range rep.Satisfaction.Comments {
		names := make([]string, len(c.Reasons))
		for i, code := range c.Reasons {
			names[i] = reasonName[code]
		}
		sess := LabelRegular
		if c.Extended {
			sess = LabelExtended
		}
		vals := []any{viDate(c.Day), c.Service, c.Number, c.Rating, strings.Join(names, ", "), c.Text, sess}
		x.do(f.SetSheetRow(sh, cellName(1, row), &vals))
		x.do(f.SetCellStyle(sh, cellName(1, row), cellName(7, row), st.text))
		row++
	}
	x.do(f.SetColWidth(sh, "A", "A", 12))
	x.do(f.SetColWidth(sh, "B", "B", 46))
	x.do(f.SetColWidth(sh, "C", "E", 16))
	x.do(f.SetColWidth(sh, "F", "F", 50))
	x.do(f.SetColWidth(sh, "G", "G", 16))
}

// extended writes the extended hour per day and its column chart.
func (x *xlsxWriter) extended() {
	f, st, rep := x.f, x.st, x.rep
	sh := sheetExtended
	_, err := f.NewSheet(sh)
	x.do(err)
	x.set(sh, 1, 1, "Số phiếu trong Giờ thứ 9 theo ngày", st.title)
	x.set(sh, 1, 2, x.period(), st.bold)
	x.header(sh, 4, "Mã", "Ngày", "Số phiếu", "Đã phục vụ")
	row := 5
	for _, d := range rep.ExtendedByDay {
		vals := []any{d.Day, DayName(d.Day), d.Issued, d.Served}
		x.do(f.SetSheetRow(sh, cellName(1, row), &vals))
		x.do(f.SetCellStyle(sh, cellName(1, row), cellName(2, row), st.text))
		x.do(f.SetCellStyle(sh, cellName(3, row), cellName(4, row), st.num[kindInt]))
		row++
	}
	x.do(f.SetColWidth(sh, "A", "A", 12))
	x.do(f.SetColWidth(sh, "B", "B", 22))
	x.do(f.SetColWidth(sh, "C", "D", 12))
	if row == 5 {
		return
	}
	ref := func(col string) string { return fmt.Sprintf("'%s'!$%s$5:$%s$%d", sh, col, col, row-1) }
	x.do(f.AddChart(sh, "F4", &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{
			{Name: fmt.Sprintf("'%s'!$C$4", sh), Categories: ref("A"), Values: ref("C"),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C8102E"}}},
			{Name: fmt.Sprintf("'%s'!$D$4", sh), Categories: ref("A"), Values: ref("D"),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"0B4F9C"}}},
		},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Số phiếu trong Giờ thứ 9 theo ngày"}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 720, Height: 360},
	}))
}
