package notice

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
	"rsc.io/qr"

	"xephang/internal/pdfdoc"
	"xephang/internal/pdfqr"
	"xephang/queue"
	"xephang/report"
)

// Title is the title of the notice.
const Title = "THÔNG BÁO"

// Doc is what the notice says; Build fills it from the settings.
type Doc struct {
	Center, Address, Phone string
	Extended               []queue.Session // the extra hours, with their campaign dates
	Regular                []queue.Session // the usual working hours
	StopMinutes            int             // the kiosk stops issuing this long before the end
	Services               []string        // the active services, in kiosk order
	PortalURL              string
	OnlineGuide            string
	PageURL                string    // the public page, in the QR code
	Date                   time.Time // the date line
}

// Build returns the notice of the settings and services, with a QR code to
// pageURL, dated now.
func Build(set queue.Settings, services []queue.Service, pageURL string, now time.Time) Doc {
	d := Doc{
		Center: set.CenterName, Address: set.Address, Phone: set.Phone,
		Extended: Extended(set.Sessions), Regular: Regular(set.Sessions), StopMinutes: set.StopMinutes,
		PortalURL: set.PortalURL, OnlineGuide: set.OnlineGuide,
		PageURL: pageURL, Date: now,
	}
	for _, s := range services {
		if s.Active {
			d.Services = append(d.Services, s.Name)
		}
	}
	return d
}

const (
	fam      = "dejavu"
	pageW    = 210.0
	margin   = 20.0
	contentW = pageW - 2*margin
)

// Colours, as RGB: the blue and red of the pages, the gold of the extended
// hour.
var (
	colInk   = [3]int{17, 17, 17}
	colBlue  = [3]int{11, 79, 156}
	colRed   = [3]int{200, 16, 46}
	colMuted = [3]int{85, 85, 85}
	colGold  = [3]int{242, 183, 5}
	colLight = [3]int{255, 246, 214}
)

// Write writes d as an A4 page in font.
func Write(w io.Writer, d Doc, font report.Font) error {
	code, err := pdfqr.Encode(d.PageURL, qr.M)
	if err != nil {
		return fmt.Errorf("notice QR: %w", err)
	}
	// Every text goes through the Doc, which draws only what the font has.
	p := pdfdoc.NewDoc(gofpdf.New("P", "mm", "A4", ""), font.Glyphs)
	p.SetCompression(true)
	p.AddUTF8FontFromBytes(fam, "", font.Regular)
	p.AddUTF8FontFromBytes(fam, "B", font.Bold)
	p.SetMargins(margin, 14, margin)
	p.SetAutoPageBreak(true, 14)
	p.SetTitle(Title+" – "+ModelName, true)
	p.SetAuthor(d.Center, true)
	p.SetCreator("xephang", true)
	p.SetCreationDate(d.Date)
	p.AddPage()
	n := &page{p: p, d: d}
	n.heading()
	n.title()
	n.extended()
	n.sections()
	n.closing()
	n.qrBlock(code)
	n.footer()
	if err := p.Error(); err != nil {
		return fmt.Errorf("notice PDF: %w", err)
	}
	return p.Output(w)
}

// page lays the notice out on its document.
type page struct {
	p *pdfdoc.Doc
	d Doc
}

func (n *page) font(style string, size float64) { n.p.SetFont(fam, style, size) }
func (n *page) color(c [3]int)                  { n.p.SetTextColor(c[0], c[1], c[2]) }

// headingStyle sizes the administrative heading of the notice.
var headingStyle = pdfdoc.HeadingStyle{Family: fam, Left: 80, RightFrom: 82, Rule: 30,
	Body: 10, Motto: 11, Date: 10.5, Line: 4.8, DateGap: 3, Ink: colInk}

// heading writes the two columns of a Vietnamese administrative document:
// the issuing body on the left, the national name and motto with the place
// and date on the right.
func (n *page) heading() {
	bottom := pdfdoc.Heading(n.p, headingStyle, margin, contentW, n.d.Center, n.d.Address, n.d.Date)
	n.p.SetY(bottom + 7)
}

func (n *page) title() {
	p := n.p
	n.font("B", 28)
	n.color(colRed)
	p.CellFormat(contentW, 12, Title, "", 1, "C", false, 0, "")
	n.font("B", 13.5)
	n.color(colInk)
	p.CellFormat(contentW, 6.5, "Về việc thực hiện mô hình", "", 1, "C", false, 0, "")
	p.MultiCell(contentW, 6.5, "“"+ModelName+"”", "", "C", false)
	p.Ln(4)
	n.font("", 12)
	intro := "Nhằm tạo điều kiện cho người dân, doanh nghiệp không thể đến trong giờ hành chính, " + n.d.Center
	if len(n.d.Extended) > 0 {
		intro += " tiếp nhận và giải quyết thủ tục hành chính thêm “Giờ thứ 9” như sau:"
	} else {
		intro += " tiếp nhận và giải quyết thủ tục hành chính theo lịch sau:"
	}
	p.MultiCell(contentW, 6, intro, "", "J", false)
	p.Ln(3)
}

// extended writes the extra hours large, in a gold box: the thing a
// passer-by must read from a distance.
func (n *page) extended() {
	p := n.p
	if len(n.d.Extended) == 0 {
		return
	}
	x, y := margin+8, p.GetY()
	w := contentW - 16
	const per = 32.0 // name 6, hours 13, days 6.5, dates 6.5
	h := 5 + float64(len(n.d.Extended))*per
	p.SetFillColor(colLight[0], colLight[1], colLight[2])
	p.SetDrawColor(colGold[0], colGold[1], colGold[2])
	p.SetLineWidth(1.2)
	p.RoundedRect(x, y, w, h, 4, "1234", "FD")
	for i, s := range n.d.Extended {
		p.SetXY(x, y+2.5+float64(i)*per)
		n.font("B", 13)
		n.color(colBlue)
		p.CellFormat(w, 6, strings.ToUpper(s.Name), "", 2, "C", false, 0, "")
		n.font("B", 30)
		n.color(colRed)
		p.CellFormat(w, 13, Hours(s), "", 2, "C", false, 0, "")
		n.font("B", 13.5)
		n.color(colInk)
		p.CellFormat(w, 6.5, upperFirst(Days(s.Days))+" hằng tuần", "", 2, "C", false, 0, "")
		if dates := Dates(s); dates != "" {
			n.color(colRed)
			p.CellFormat(w, 6.5, upperFirst(dates), "", 2, "C", false, 0, "")
		}
	}
	p.SetY(y + h + 6)
}

// sections writes the numbered parts: the usual hours, the services and
// filing online.
func (n *page) sections() {
	p, d := n.p, n.d
	k := 0
	head := func(text string) {
		k++
		n.font("B", 12.5)
		n.color(colBlue)
		p.CellFormat(contentW, 7, fmt.Sprintf("%d. %s", k, text), "", 1, "L", false, 0, "")
		n.color(colInk)
		n.font("", 11.5)
	}
	if len(d.Regular) > 0 {
		head("Giờ làm việc thường ngày")
		for _, s := range d.Regular {
			line := fmt.Sprintf("– %s: %s, %s", s.Name, Hours(s), Days(s.Days))
			if dates := Dates(s); dates != "" {
				line += " (" + dates + ")"
			}
			p.SetX(margin + 5)
			p.MultiCell(contentW-5, 5.6, line, "", "L", false)
		}
		if d.StopMinutes > 0 {
			p.SetX(margin + 5)
			p.MultiCell(contentW-5, 5.6, fmt.Sprintf("– Ngừng cấp số thứ tự %d phút trước khi hết giờ; nghỉ lễ, Tết theo quy định.", d.StopMinutes), "", "L", false)
		}
		p.Ln(2)
	}
	if len(d.Services) > 0 {
		head("Các lĩnh vực tiếp nhận")
		colW := (contentW - 5) / 2
		rows := (len(d.Services) + 1) / 2
		y := p.GetY()
		for i, name := range d.Services {
			col, row := i/rows, i%rows
			p.SetXY(margin+5+float64(col)*colW, y+float64(row)*5.6)
			p.CellFormat(colW, 5.6, "– "+name, "", 0, "L", false, 0, "")
		}
		p.SetY(y + float64(rows)*5.6 + 2)
	}
	if d.OnlineGuide != "" || d.PortalURL != "" {
		head("Nộp hồ sơ trực tuyến")
		if d.OnlineGuide != "" {
			p.SetX(margin + 5)
			p.MultiCell(contentW-5, 5.6, d.OnlineGuide, "", "J", false)
		}
		if d.PortalURL != "" {
			p.SetX(margin + 5)
			n.font("", 11.5)
			label := "Địa chỉ Cổng Dịch vụ công: "
			p.CellFormat(p.GetStringWidth(label), 5.6, label, "", 0, "L", false, 0, "")
			n.font("B", 11.5)
			n.color(colBlue)
			p.CellFormat(0, 5.6, d.PortalURL, "", 1, "L", false, 0, "")
			n.color(colInk)
		}
		p.Ln(2)
	}
}

// qrSize is the side of the QR code in mm: a phone reads it from an arm's
// length off a notice board.
const qrSize = 36.0

// qrBlock draws the QR code of the public page beside what it opens and
// where the center is, at the foot of the page (or of a second page when
// a long guide filled the first).
func (n *page) qrBlock(code *qr.Code) {
	p, d := n.p, n.d
	_, pageH := p.GetPageSize()
	h := qrSize + 8
	bottom := pageH - 18 // above the footer line
	if p.GetY()+4+h > bottom {
		p.AddPage()
	}
	y := max(p.GetY()+4, bottom-h)
	p.SetDrawColor(colBlue[0], colBlue[1], colBlue[2])
	p.SetLineWidth(0.5)
	p.Rect(margin, y, contentW, h, "D")
	pdfqr.Draw(p.Fpdf, code, margin+4, y+4, qrSize)
	tx := margin + qrSize + 10
	tw := contentW - qrSize - 14
	p.SetXY(tx, y+4)
	n.font("B", 12.5)
	n.color(colBlue)
	p.MultiCell(tw, 6, "Quét mã QR để xem giờ làm việc và số người đang chờ tại Trung tâm", "", "L", false)
	p.SetX(tx)
	n.font("B", 11)
	n.color(colInk)
	p.MultiCell(tw, 5.4, d.PageURL, "", "L", false)
	p.Ln(1.5)
	n.font("", 10.5)
	for _, line := range []string{d.Center, prefixed("Địa chỉ: ", d.Address), prefixed("Điện thoại: ", d.Phone)} {
		if line == "" {
			continue
		}
		p.SetX(tx)
		p.MultiCell(tw, 5, line, "", "L", false)
	}
}

func prefixed(label, v string) string {
	if v == "" {
		return ""
	}
	return label + v
}

func (n *page) closing() {
	n.font("", 11.5)
	n.color(colInk)
	n.p.CellFormat(contentW, 5.6, "Trân trọng thông báo./.", "", 1, "L", false, 0, "")
}

// footer says where the notice comes from, in small type at the foot.
func (n *page) footer() {
	p := n.p
	n.font("", 8)
	n.color(colMuted)
	_, pageH := p.GetPageSize()
	p.SetAutoPageBreak(false, 0)
	p.SetXY(margin, pageH-12)
	p.CellFormat(contentW, 4, "In từ hệ thống xếp hàng của Trung tâm – thông tin mới nhất tại "+n.d.PageURL, "", 0, "C", false, 0, "")
}

// upperFirst capitalizes the first letter of s, at the start of a line.
func upperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
