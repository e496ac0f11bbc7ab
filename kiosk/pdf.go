package kiosk

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jung-kurt/gofpdf"
	"github.com/labstack/echo/v4"
	"rsc.io/qr"

	"xephang/assets"
	"xephang/internal/pdfqr"
	"xephang/queue"
	"xephang/web"
)

// The printed ticket: 80 mm wide (the roll of a receipt printer), as tall
// as its content, 4 mm side margins (72 mm is what 80 mm printers print).
const (
	paperWidth = 80.0
	margin     = 4.0
	textWidth  = paperWidth - 2*margin
	qrSize     = 34.0 // mm; a version 4 code has modules of about 1 mm
)

// ticketDoc is what a printed ticket shows, gathered from the store before
// rendering, so that no rendering happens inside a store transaction.
type ticketDoc struct {
	Center    string
	Number    string
	Service   string
	Counters  []string // names of the counters serving the service
	Priority  string   // "" for a normal ticket, else what the priority is
	Extended  bool     // issued in the "Giờ thứ 9" session
	Ahead     int
	ETA       int       // minutes
	Unstaffed bool      // no open counter serves the service yet
	IssuedAt  time.Time // in the center's zone
	TrackURL  string
	Footer    string
}

// priorityNames are the priority kinds as a ticket prints them.
var priorityNames = map[string]string{
	queue.PriorityElderly:  "Người cao tuổi",
	queue.PriorityDisabled: "Người khuyết tật",
	queue.PriorityPregnant: "Phụ nữ mang thai",
	queue.PriorityMerit:    "Người có công",
}

// newTicketDoc gathers the printed ticket of ti.
func newTicketDoc(ti queue.TicketInfo, st queue.Settings, counters []queue.Counter, trackURL string, loc *time.Location) ticketDoc {
	d := ticketDoc{
		Center: st.CenterName, Number: ti.Number, Service: ti.ServiceName,
		Extended: ti.Extended, Ahead: ti.Ahead, ETA: ti.ETAMinutes, Unstaffed: ti.CountersOpen == 0,
		IssuedAt: ti.IssuedAt.In(loc), TrackURL: trackURL, Footer: st.TicketFooter,
	}
	if ti.Priority {
		d.Priority = "Ưu tiên"
		if name, ok := priorityNames[ti.PriorityKind]; ok {
			d.Priority += ": " + name
		}
	}
	serving := slices.Clone(counters)
	slices.SortFunc(serving, func(a, b queue.Counter) int { return a.Number - b.Number })
	for _, c := range serving {
		if c.Serves(ti.ServiceID) {
			d.Counters = append(d.Counters, c.Name)
		}
	}
	return d
}

// etaText is the ticket's line on the wait. With no counter open there
// is no wait to promise.
func (d *ticketDoc) etaText() string {
	if d.Unstaffed {
		return "Quầy chưa mở, Ông/Bà vui lòng chờ"
	}
	if d.Ahead == 0 {
		return "Sắp đến lượt Ông/Bà"
	}
	return fmt.Sprintf("Thời gian chờ dự kiến: khoảng %d phút", d.ETA)
}

// countersText is the ticket's line on where it will be served.
func (d *ticketDoc) countersText() string {
	if len(d.Counters) == 0 {
		return ""
	}
	return "Quầy phục vụ: " + strings.Join(d.Counters, ", ")
}

// handleTicketPDF answers the printable ticket: the kiosk page prints it
// through a hidden frame.
func (h *Handler) handleTicketPDF(c echo.Context) error {
	ctx := c.Request().Context()
	ti, err := h.store.TicketByToken(ctx, c.Param("token"))
	if err != nil {
		return err
	}
	pdf, err := h.ticketPDF(ctx, ti, web.BaseURL(c, h.baseURL))
	if err != nil {
		return err
	}
	hd := c.Response().Header()
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Disposition", `inline; filename="`+ti.Number+`.pdf"`)
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

// ticketPDF renders the ticket ti, with what the store says now of the
// center and its counters. The store is read first; rendering runs
// outside any transaction.
func (h *Handler) ticketPDF(ctx context.Context, ti queue.TicketInfo, baseURL string) ([]byte, error) {
	st, err := h.store.Settings(ctx)
	if err != nil {
		return nil, err
	}
	counters, err := h.store.Counters(ctx)
	if err != nil {
		return nil, err
	}
	doc := newTicketDoc(ti, st, counters, baseURL+"/t/"+ti.Token, h.store.Location())
	var buf bytes.Buffer
	if err := h.pdf.render(&buf, doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ticketRenderer renders ticket PDFs with the fonts it prepared once.
type ticketRenderer struct {
	fonts *fontSet
}

// newTicketRenderer returns a renderer over the embedded fonts.
func newTicketRenderer() (*ticketRenderer, error) {
	fonts, err := embeddedFonts()
	if err != nil {
		return nil, err
	}
	return &ticketRenderer{fonts: fonts}, nil
}

// embeddedFonts prepares the embedded fonts once per process. They are
// constants of the binary, never changed once prepared, and preparing them
// costs 20 ms (180 ms under the race detector) that every server a test
// starts would otherwise pay again.
var embeddedFonts = sync.OnceValues(func() (*fontSet, error) {
	regular, err := assets.FS.ReadFile("fonts/DejaVuSans.ttf")
	if err != nil {
		return nil, err
	}
	bold, err := assets.FS.ReadFile("fonts/DejaVuSans-Bold.ttf")
	if err != nil {
		return nil, err
	}
	return newFontSet(regular, bold)
})

// item is one block of the ticket: its height and how to draw it with its
// top at y.
type item struct {
	h    float64
	draw func(y float64)
}

// render writes the PDF of d to w.
func (r *ticketRenderer) render(w io.Writer, d ticketDoc) error {
	clean := r.fonts.clean
	d.Center, d.Number, d.Service, d.Footer = clean(d.Center), clean(d.Number), clean(d.Service), clean(d.Footer)
	d.Counters = slices.Clone(d.Counters)
	for i := range d.Counters {
		d.Counters[i] = clean(d.Counters[i])
	}
	code, err := encodeQR(d.TrackURL)
	if err != nil {
		return err
	}

	pdf := gofpdf.NewCustom(&gofpdf.InitType{
		UnitStr: "mm", Size: gofpdf.SizeType{Wd: paperWidth, Ht: 2 * paperWidth},
	})
	pdf.SetAutoPageBreak(false, 0)
	// The page's few kilobytes stay uncompressed: a zlib writer costs
	// 0.5 ms to set up, a sixth of the budget, to save 8 KB on a LAN.
	pdf.SetCompression(false)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetCreationDate(d.IssuedAt)
	pdf.SetModificationDate(d.IssuedAt)
	pdf.SetTitle("Phiếu số thứ tự "+d.Number, true)
	pdf.SetCreator("xephang", false)

	texts := d.texts()
	var p pen
	if r.covers(texts) {
		p = &planePen{pdf: pdf, fonts: r.fonts, added: map[string]bool{}}
	} else {
		p = newUTF8Pen(pdf, r.fonts)
	}
	l := &layout{pdf: pdf, pen: p, fonts: r.fonts}

	l.gap(3)
	l.text(d.Center, true, 10.5)
	l.rule()
	l.text("SỐ THỨ TỰ", false, 10)
	l.number(d.Number)
	if d.Priority != "" {
		l.text(d.Priority, true, 12)
	}
	if d.Extended {
		l.box("Giờ thứ 9", 12)
	}
	l.gap(1.5)
	l.text(d.Service, true, 12.5)
	if s := d.countersText(); s != "" {
		l.text(s, false, 10)
	}
	l.gap(1.5)
	l.text("Số người đang chờ trước: "+strconv.Itoa(d.Ahead), false, 10.5)
	l.text(d.etaText(), false, 10.5)
	l.text("Giờ lấy số: "+d.IssuedAt.Format("02/01/2006 15:04"), false, 10)
	l.rule()
	l.qr(code)
	l.text("Quét mã QR để theo dõi lượt gọi trên điện thoại", false, 8.5)
	l.rule()
	if d.Footer != "" {
		l.text(d.Footer, false, 10)
	}
	l.gap(4)

	height := 0.0
	for _, it := range l.items {
		height += it.h
	}
	pdf.AddPageFormat("P", gofpdf.SizeType{Wd: paperWidth, Ht: height})
	y := 0.0
	for _, it := range l.items {
		it.draw(y)
		y += it.h
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return fmt.Errorf("render ticket %s: %w", d.Number, err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// texts returns every text the ticket prints.
func (d *ticketDoc) texts() []string {
	return []string{d.Center, d.Number, d.Priority, d.Service, d.countersText(), d.etaText(),
		d.Footer, "Số người đang chờ trước: Giờ lấy số: Quét mã QR để theo dõi lượt gọi trên điện thoại SỐ THỨ TỰ"}
}

// covers reports whether the prepared planes can print every text.
func (r *ticketRenderer) covers(texts []string) bool {
	for _, s := range texts {
		if !r.fonts.regular.covers(s) || !r.fonts.bold.covers(s) {
			return false
		}
	}
	return true
}

// layout stacks the blocks of a ticket from the top.
type layout struct {
	pdf   *gofpdf.Fpdf
	pen   pen
	fonts *fontSet
	items []item
}

func (l *layout) add(h float64, draw func(y float64)) {
	l.items = append(l.items, item{h: h, draw: draw})
}

func (l *layout) gap(h float64) { l.add(h, func(float64) {}) }

// lineHeight is the height of a line of text of size points, and the
// offset of its baseline from the line's top.
func (l *layout) lineHeight(bold bool, size, leading float64) (h, baseline float64) {
	f := l.fonts.regular
	if bold {
		f = l.fonts.bold
	}
	asc := float64(f.ascent) / 1000 * size * ptMM
	desc := float64(-f.descent) / 1000 * size * ptMM
	h = size * leading * ptMM
	return h, (h-asc-desc)/2 + asc
}

// text adds s, wrapped to the text width and centered.
func (l *layout) text(s string, bold bool, size float64) {
	h, base := l.lineHeight(bold, size, 1.3)
	for _, line := range l.wrap(s, bold, size) {
		x := margin + (textWidth-l.pen.width(line, bold, size))/2
		l.add(h, func(y float64) { l.pen.text(x, y+base, line, bold, size) })
	}
}

// wrap breaks s into lines no wider than the text width, at spaces, or
// anywhere in a word too long for a line.
func (l *layout) wrap(s string, bold bool, size float64) []string {
	fits := func(t string) bool { return l.pen.width(t, bold, size) <= textWidth }
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		next := word
		if cur != "" {
			next = cur + " " + word
		}
		if fits(next) {
			cur = next
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
		}
		cur = word
		for !fits(cur) {
			rs := []rune(cur)
			n := len(rs) - 1
			for n > 1 && !fits(string(rs[:n])) {
				n--
			}
			lines = append(lines, string(rs[:n]))
			cur = string(rs[n:])
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// number adds the ticket number as large as the width allows, up to 64 pt.
func (l *layout) number(n string) {
	size := 64.0
	if w := l.pen.width(n, true, size); w > textWidth {
		size *= textWidth / w
	}
	h, base := l.lineHeight(true, size, 1.1)
	x := margin + (textWidth-l.pen.width(n, true, size))/2
	l.add(h, func(y float64) { l.pen.text(x, y+base, n, true, size) })
}

// box adds s in a frame: the mark of the "Giờ thứ 9" session.
func (l *layout) box(s string, size float64) {
	const pad = 1.5
	lh, base := l.lineHeight(true, size, 1.25)
	w := l.pen.width(s, true, size) + 2*4
	x := margin + (textWidth-w)/2
	l.add(lh+2*pad+2, func(y float64) {
		l.pdf.SetLineWidth(0.6)
		l.pdf.SetDashPattern(nil, 0)
		l.pdf.Rect(x, y+1, w, lh+2*pad, "D")
		l.pen.text(x+4, y+1+pad+base, s, true, size)
	})
}

// rule adds a dashed line across the ticket.
func (l *layout) rule() {
	l.add(5, func(y float64) {
		l.pdf.SetLineWidth(0.3)
		l.pdf.SetDashPattern([]float64{1.2, 1}, 0)
		l.pdf.Line(margin, y+2.5, paperWidth-margin, y+2.5)
		l.pdf.SetDashPattern(nil, 0)
	})
}

// qr adds the QR code, centered, with its quiet zone.
func (l *layout) qr(code *qr.Code) {
	const quiet = 3.0
	l.add(qrSize+2*quiet, func(y float64) {
		pdfqr.Draw(l.pdf, code, (paperWidth-qrSize)/2, y+quiet, qrSize)
	})
}
