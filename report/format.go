package report

import (
	"math"
	"strconv"
	"strings"
)

// Labels of the two halves of the day in every breakdown.
const (
	LabelTotal    = "Tổng"
	LabelRegular  = "Giờ hành chính"
	LabelExtended = "Giờ thứ 9"
)

// Value kinds of a column.
const (
	kindInt     = iota
	kindMinutes // *float64 minutes
	kindShare   // *float64 fraction 0..1
)

// column is one figure of a row, as the CSV and XLSX write it.
type column struct {
	vi   string
	kind int
	get  func(f *Figures) any // int or *float64
}

func durCols(prefix string, d func(f *Figures) *Durations) []column {
	return []column{
		{prefix + " TB (phút)", kindMinutes, func(f *Figures) any { return d(f).Mean }},
		{prefix + " trung vị (phút)", kindMinutes, func(f *Figures) any { return d(f).Median }},
		{prefix + " P90 (phút)", kindMinutes, func(f *Figures) any { return d(f).P90 }},
		{prefix + " tối đa (phút)", kindMinutes, func(f *Figures) any { return d(f).Max }},
	}
}

// columns are the figures of every table of the CSV and the XLSX, in
// order.
var columns = func() []column {
	cols := []column{
		{"Số phiếu", kindInt, func(f *Figures) any { return f.Issued }},
		{"Đã phục vụ", kindInt, func(f *Figures) any { return f.Served }},
		{"Vắng mặt", kindInt, func(f *Figures) any { return f.NoShow }},
		{"Chuyển lĩnh vực", kindInt, func(f *Figures) any { return f.Transferred }},
		{"Nhận chuyển đến", kindInt, func(f *Figures) any { return f.TransferredIn }},
		{"Hết hạn", kindInt, func(f *Figures) any { return f.Expired }},
		{"Đang xử lý", kindInt, func(f *Figures) any { return f.InProgress }},
		{"Đã được gọi", kindInt, func(f *Figures) any { return f.Wait.Count }},
	}
	cols = append(cols, durCols("Chờ", func(f *Figures) *Durations { return &f.Wait })...)
	cols = append(cols, durCols("Phục vụ", func(f *Figures) *Durations { return &f.Service })...)
	for lvl := 4; lvl >= 1; lvl-- {
		names := [...]string{"", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"}
		cols = append(cols, column{names[lvl], kindInt, func(f *Figures) any { return f.Ratings[lvl] }})
	}
	return append(cols,
		column{"Số đánh giá", kindInt, func(f *Figures) any { return f.Rated }},
		column{"Tỷ lệ đánh giá", kindShare, func(f *Figures) any { return f.ResponseRate }},
		column{"Tỷ lệ hài lòng", kindShare, func(f *Figures) any { return f.Satisfied }},
	)
}()

// breakdown is one table of the report.
type breakdown struct {
	key, title string // key is the CSV's table code
	first      string // the header of the name column
	rows       []Row
}

// breakdowns lists the tables in the order every format writes them.
func breakdowns(rep *Report) []breakdown {
	return []breakdown{
		{"tong-hop", "Tổng hợp", "Nội dung", []Row{rep.Summary, rep.Procedures, rep.Online}},
		{"theo-ngay", "Theo ngày", "Ngày", rep.ByDay},
		{"theo-buoi", "Theo buổi", "Buổi", rep.BySession},
		{"theo-linh-vuc", "Theo lĩnh vực", "Lĩnh vực", rep.ByService},
		{"theo-quay", "Theo quầy", "Quầy", rep.ByCounter},
		{"theo-can-bo", "Theo cán bộ", "Cán bộ", rep.ByOfficer},
	}
}

// part is one of the three halves a row is written as.
type part struct {
	label string
	f     *Figures
}

// parts returns the lines a row is written as: total, regular hours and
// the extended session, or the session alone for the session breakdown
// (where one of the halves is always empty).
func parts(key string, r *Row) []part {
	if key == "theo-buoi" {
		if r.ExtendedSession {
			return []part{{LabelExtended, &r.Total}}
		}
		return []part{{LabelRegular, &r.Total}}
	}
	return []part{{LabelTotal, &r.Total}, {LabelRegular, &r.Regular}, {LabelExtended, &r.Extended}}
}

// ---- Vietnamese number formats --------------------------------------------

// fmtInt writes n with dots between thousands: 12.345.
func fmtInt(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, ch := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(ch)
	}
	return b.String()
}

// fmtDec writes v with one decimal and a decimal comma: 12,5.
func fmtDec(v float64) string {
	v = math.Round(v*10) / 10
	whole := int(math.Trunc(v))
	tenth := int(math.Round(math.Abs(v-float64(whole)) * 10))
	s := fmtInt(whole)
	if v < 0 && whole == 0 {
		s = "-0"
	}
	return s + "," + strconv.Itoa(tenth)
}

// fmtMin writes minutes with one decimal, or a dash when there are none.
func fmtMin(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmtDec(*v)
}

// fmtPct writes a share as a percentage with one decimal: 95,3%.
func fmtPct(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmtDec(*v*100) + "%"
}

// share returns part/whole, nil when whole is 0.
func share(part, whole int) *float64 {
	if whole == 0 {
		return nil
	}
	return ptr(float64(part) / float64(whole))
}

// viDate writes YYYY-MM-DD as dd/mm/yyyy.
func viDate(day string) string {
	if len(day) != 10 {
		return day
	}
	return day[8:10] + "/" + day[5:7] + "/" + day[0:4]
}

// lowerFirst lower-cases the first letter of s, for a name used inside a
// sentence.
func lowerFirst(s string) string {
	for i, r := range s {
		if i == 0 {
			return strings.ToLower(string(r)) + s[len(string(r)):]
		}
	}
	return s
}
