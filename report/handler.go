package report

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"xephang/queue"
)

// MaxDays bounds the range of one report.
const MaxDays = 400

// Formats of GET /api/v1/reports, with their content types.
var formats = map[string]string{
	"json": "application/json; charset=utf-8",
	"csv":  "text/csv; charset=utf-8",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"pdf":  "application/pdf",
}

// Handler serves the report API to admins; the server's middleware
// checks the role before it runs.
type Handler struct {
	src Source
}

// NewHandler returns a Handler over src (the store).
func NewHandler(src Source) *Handler { return &Handler{src: src} }

// Register adds GET /reports to g (/api/v1); mw (admin only) guards it.
func (h *Handler) Register(g *echo.Group, mw ...echo.MiddlewareFunc) {
	g.GET("/reports", h.handleReport, mw...)
}

// Params are the query of a report request.
type Params struct {
	From, To string // YYYY-MM-DD, both included
	Format   string // json, csv, xlsx or pdf
}

// ParseParams reads and checks ?from=&to=&format=. Defaults:
//   - neither from nor to: the campaign, that is the dates of the extended
//     sessions of the schedule (23/02/2026–23/03/2026 at Luận Thành), or
//     the last 30 days up to today when no extended session has dates;
//   - only from: up to today (or from itself when it is in the future);
//   - only to: from the first day of to's month;
//   - format: json.
//
// A bad date, from after to, a range over MaxDays days or an unknown format
// is EINVALID with a message naming the field.
func ParseParams(q url.Values, sc *queue.Schedule, today time.Time) (Params, error) {
	p := Params{From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
		Format: strings.ToLower(strings.TrimSpace(q.Get("format")))}
	if p.Format == "" {
		p.Format = "json"
	}
	if _, ok := formats[p.Format]; !ok {
		return p, queue.FieldErrorf("format", "Định dạng báo cáo (format) %q không hợp lệ: chọn json, csv, xlsx hoặc pdf.",
			"Report format %q is invalid: use json, csv, xlsx or pdf.", p.Format)
	}
	var from, to time.Time
	var err error
	if p.From != "" {
		if from, err = parseDay(p.From); err != nil {
			return p, queue.FieldErrorf("from", "Ngày bắt đầu (from) %q không hợp lệ: cần dạng YYYY-MM-DD, ví dụ 2026-02-23.",
				"Start date (from) %q is invalid: use YYYY-MM-DD, e.g. 2026-02-23.", p.From)
		}
	}
	if p.To != "" {
		if to, err = parseDay(p.To); err != nil {
			return p, queue.FieldErrorf("to", "Ngày kết thúc (to) %q không hợp lệ: cần dạng YYYY-MM-DD, ví dụ 2026-03-23.",
				"End date (to) %q is invalid: use YYYY-MM-DD, e.g. 2026-03-23.", p.To)
		}
	}
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	switch {
	case p.From == "" && p.To == "":
		from, to = DefaultRange(sc, day)
	case p.To == "":
		to = day
		if from.After(day) {
			to = from
		}
	case p.From == "":
		from = time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	if from.After(to) {
		return p, queue.FieldErrorf("to", "Ngày kết thúc (to) phải bằng hoặc sau ngày bắt đầu (from).",
			"The end date (to) must not be before the start date (from).")
	}
	if days := int(to.Sub(from).Hours()/24) + 1; days > MaxDays {
		return p, queue.FieldErrorf("to", "Khoảng thời gian báo cáo tối đa %d ngày (đang chọn %d ngày): hãy chọn ngày kết thúc (to) gần ngày bắt đầu hơn.",
			"A report covers at most %d days (%d asked): choose an end date (to) closer to the start.", MaxDays, days)
	}
	p.From, p.To = from.Format(time.DateOnly), to.Format(time.DateOnly)
	return p, nil
}

func parseDay(s string) (time.Time, error) {
	return time.Parse(time.DateOnly, s)
}

// DefaultRange is the campaign: from the earliest start to the latest end
// of the dated extended sessions; without one, the 30 days up to today
// (a UTC midnight standing for the local date).
func DefaultRange(sc *queue.Schedule, today time.Time) (from, to time.Time) {
	var f, t string
	for _, s := range sc.Sessions {
		if !s.Extended || s.From == "" || s.To == "" {
			continue
		}
		if f == "" || s.From < f {
			f = s.From
		}
		if s.To > t {
			t = s.To
		}
	}
	if a, err := parseDay(f); err == nil {
		if b, err := parseDay(t); err == nil {
			return a, b
		}
	}
	return today.AddDate(0, 0, -29), today
}

func (h *Handler) handleReport(c echo.Context) error {
	ctx := c.Request().Context()
	settings, err := h.src.Settings(ctx)
	if err != nil {
		return err
	}
	p, err := ParseParams(c.QueryParams(), &settings.Schedule, h.src.Clock())
	if err != nil {
		return err
	}
	rep, err := Compute(ctx, h.src, p.From, p.To)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	if p.Format == "json" {
		return c.JSON(http.StatusOK, rep)
	}
	var buf bytes.Buffer
	switch p.Format {
	case "csv":
		err = WriteCSV(&buf, rep)
	case "xlsx":
		err = WriteXLSX(&buf, rep)
	case "pdf":
		err = WritePDF(&buf, rep)
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", contentDisposition(rep, p.Format))
	return c.Blob(http.StatusOK, formats[p.Format], buf.Bytes())
}

// Filename is the ASCII name of a report file, e.g.
// bao-cao-gio-thu-9_2026-02-23_2026-03-23.pdf.
func Filename(rep *Report, ext string) string {
	return "bao-cao-gio-thu-9_" + rep.From + "_" + rep.To + "." + ext
}

// contentDisposition names the download twice: in ASCII for every client,
// and in Vietnamese (RFC 6266 filename*) for those that read it.
func contentDisposition(rep *Report, ext string) string {
	vi := "Báo cáo Giờ thứ 9 " + rep.From + " đến " + rep.To + "." + ext
	return `attachment; filename="` + Filename(rep, ext) + `"; filename*=UTF-8''` + rfc5987(vi)
}

// rfc5987 percent-encodes s but for the attr-chars of RFC 5987.
func rfc5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9',
			strings.IndexByte("!#$&+-.^_`|~", ch) >= 0:
			b.WriteByte(ch)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[ch>>4])
			b.WriteByte(hex[ch&15])
		}
	}
	return b.String()
}
