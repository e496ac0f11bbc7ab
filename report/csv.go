package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// WriteCSV writes the report as one CSV table: a UTF-8 byte order mark
// (so Excel reads the Vietnamese), one header, then every breakdown, each
// line naming its table (Bảng), its row (Mã, Tên) and its half of the day
// (Phạm vi: Tổng, Giờ hành chính, Giờ thứ 9), so a spreadsheet filter picks
// any table. Numbers are plain: minutes with a decimal point, shares in
// percent; an empty cell means "no data". Comma-separated as RFC 4180; the
// XLSX is the file for a spreadsheet set to the Vietnamese locale.
func WriteCSV(w io.Writer, rep *Report) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	header := []string{"Bảng", "Mã", "Tên", "Phạm vi"}
	for _, c := range columns {
		h := c.vi
		if c.kind == kindShare {
			h += " (%)"
		}
		header = append(header, h)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	line := make([]string, 0, len(header))
	for _, bd := range breakdowns(rep) {
		for i := range bd.rows {
			r := &bd.rows[i]
			for _, p := range parts(bd.key, r) {
				line = append(line[:0], csvText(bd.title), csvText(r.Key), csvText(r.Name), csvText(p.label))
				for _, c := range columns {
					line = append(line, csvValue(c.kind, c.get(p.f)))
				}
				if err := cw.Write(line); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvValue(kind int, v any) string {
	switch v := v.(type) {
	case int:
		return strconv.Itoa(v)
	case *float64:
		if v == nil {
			return ""
		}
		if kind == kindShare {
			return strconv.FormatFloat(*v*100, 'f', 1, 64)
		}
		return strconv.FormatFloat(*v, 'f', 2, 64)
	}
	return ""
}

// csvText is a text cell as a spreadsheet can open it safely: the names of
// services, counters and officers are typed by admins, and a cell starting
// with =, +, -, @, a tab or a carriage return is read as a formula
// (=HYPERLINK(...) to a stranger's site, or worse), so it gets a leading
// apostrophe, the spreadsheets' mark of text. A NUL is dropped. Numbers the
// report writes never go through here.
func csvText(s string) string {
	s = strings.ReplaceAll(s, "\x00", "")
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
