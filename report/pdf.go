package report

import (
	"fmt"
	"io"

	"github.com/jung-kurt/gofpdf"

	"xephang/internal/pdfdoc"
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
	font, err := LoadFont()
	if err != nil {
		return err
	}
	// Every text goes through the Doc, which draws only what the font has.
	p := pdfdoc.NewDoc(gofpdf.New("P", "mm", "A4", ""), font.Glyphs)
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

type pdfDoc struct {
	p       *pdfdoc.Doc
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

// headingStyle sizes the administrative heading of the report.
var headingStyle = pdfdoc.HeadingStyle{Family: fam, Left: 78, RightFrom: 80, Rule: 28,
	Body: 9, Motto: 9.5, Date: 9, Line: 4.4, DateGap: 2.5, Ink: colInk}

// heading writes the two columns of an administrative document (the
// center; the national motto and the date), then the title and period.
func (d *pdfDoc) heading() {
	p, rep := d.p, d.rep
	bottom := pdfdoc.Heading(p, headingStyle, margin, contentW, rep.Center, rep.Address, rep.GeneratedAt)
	p.SetY(bottom + 8)
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
