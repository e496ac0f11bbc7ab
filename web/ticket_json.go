package web

import (
	"encoding/json"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// The kiosk answers every ticket it issues with this JSON, so it is
// written by hand instead of through reflection: the same bytes as
// encoding/json (echo's c.JSON) gives, field order, omitempty and escaping
// included, as the tests check, at a fraction of the cost.

// AppendJSON appends the JSON of t to b, byte for byte what json.Marshal
// gives.
func (t *Ticket) AppendJSON(b []byte) ([]byte, error) {
	b = appendField(b, `{"token":`, t.Token)
	b = appendField(b, `,"number":`, t.Number)
	b = appendField(b, `,"service_id":`, t.ServiceID)
	b = appendField(b, `,"service_name":`, t.ServiceName)
	b = appendField(b, `,"status":`, string(t.Status))
	b = append(b, `,"priority":`...)
	b = strconv.AppendBool(b, t.Priority)
	if t.PriorityKind != "" {
		b = appendField(b, `,"priority_kind":`, t.PriorityKind)
	}
	b = appendField(b, `,"session":`, t.Session)
	b = append(b, `,"extended":`...)
	b = strconv.AppendBool(b, t.Extended)
	b = appendField(b, `,"issued_at":`, t.IssuedAt)
	b = append(b, `,"ahead":`...)
	b = strconv.AppendInt(b, int64(t.Ahead), 10)
	b = append(b, `,"eta_minutes":`...)
	b = strconv.AppendInt(b, int64(t.ETAMinutes), 10)
	b = append(b, `,"counters_open":`...)
	b = strconv.AppendInt(b, int64(t.CountersOpen), 10)
	if t.Counter != 0 {
		b = append(b, `,"counter":`...)
		b = strconv.AppendInt(b, int64(t.Counter), 10)
	}
	if t.CounterName != "" {
		b = appendField(b, `,"counter_name":`, t.CounterName)
	}
	if t.CalledAt != "" {
		b = appendField(b, `,"called_at":`, t.CalledAt)
	}
	if t.DoneAt != "" {
		b = appendField(b, `,"done_at":`, t.DoneAt)
	}
	b = append(b, `,"recalls":`...)
	b = strconv.AppendInt(b, int64(t.Recalls), 10)
	if t.Feedback != nil {
		f, err := json.Marshal(t.Feedback) // rare on this path: reflection is fine
		if err != nil {
			return b, err
		}
		b = append(b, `,"feedback":`...)
		b = append(b, f...)
	}
	b = appendField(b, `,"pdf_url":`, t.PDFURL)
	b = appendField(b, `,"track_url":`, t.TrackURL)
	return append(b, '}'), nil
}

// TicketJSON answers with t as c.JSON would: the same bytes, the trailing
// newline of json.Encoder included, and indented when echo's debug mode or
// ?pretty asks for it (then through c.JSON itself).
func TicketJSON(c echo.Context, code int, t Ticket) error {
	if c.Echo().Debug || c.Request().URL.RawQuery != "" && c.QueryParams().Has("pretty") {
		return c.JSON(code, t)
	}
	bp := jsonBufs.Get().(*[]byte)
	defer jsonBufs.Put(bp)
	b, err := t.AppendJSON((*bp)[:0])
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if cap(b) <= 16<<10 { // keep no rare giant in the pool
		*bp = b
	}
	return c.JSONBlob(code, b) // net/http copies b into its own buffer
}

// jsonBufs are the buffers of TicketJSON, reused: one answer per ticket
// issued would otherwise be garbage at once.
var jsonBufs = sync.Pool{New: func() any {
	b := make([]byte, 0, 1024)
	return &b
}}

func appendField(b []byte, name, s string) []byte {
	return appendString(append(b, name...), s)
}

// appendString appends s as a JSON string the way encoding/json does with
// HTML escaping on (its default): <, > and & as \u003c, \u003e, \u0026;
// control characters as \b, \f, \n, \r, \t or \u00XX; invalid UTF-8 as
// \ufffd; U+2028 and U+2029 escaped.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
