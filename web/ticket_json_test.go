package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"xephang/queue"
	"xephang/web"
)

// ticketCases cover every field, each omitempty both ways, and the
// strings encoding/json escapes.
var ticketCases = map[string]web.Ticket{
	"Zero": {},
	"Issued": {Token: "AAAAAAAAAAFJ3v0cQ3c2m2nTqU3Qk6x1", Number: "H001", ServiceID: "tra-ket-qua",
		ServiceName: "Trả kết quả", Status: queue.StatusWaiting, Session: "Sáng",
		IssuedAt: "2026-03-02T09:00:00+07:00", Ahead: 12, ETAMinutes: 35, CountersOpen: 2,
		PDFURL: "/api/v1/tickets/AAAAAAAAAAFJ3v0cQ3c2m2nTqU3Qk6x1/pdf", TrackURL: "http://127.0.0.1:8080/t/AAAAAAAAAAFJ3v0cQ3c2m2nTqU3Qk6x1"},
	"Full": {Token: "t", Number: "U007", ServiceID: "dat-dai", ServiceName: "Đất đai", Status: queue.StatusDone,
		Priority: true, PriorityKind: "elderly", Session: "Giờ thứ 9", Extended: true,
		IssuedAt: "2026-03-02T16:31:00+07:00", Ahead: -1, ETAMinutes: 1 << 40, Counter: 3, CounterName: "Quầy 3",
		CalledAt: "2026-03-02T16:40:00+07:00", DoneAt: "2026-03-02T16:52:00+07:00", Recalls: 2,
		Feedback: &queue.Feedback{Rating: 4, Reasons: []string{"nhanh", "<b>&</b>"}, Comment: "Cảm ơn\n\"cán bộ\"",
			At: time.Date(2026, 3, 2, 16, 53, 0, 0, time.FixedZone("ICT", 7*3600)), Via: queue.FeedbackPhone},
		PDFURL: "/x", TrackURL: "https://example.org/t/t"},
	"Escapes": {Token: "<script>&amp;</script>", Number: "\"\\/\b\f\n\r\t\x00\x1f\x7f", ServiceName: "\u2028\u2029\u00e9\U0001F600",
		ServiceID: "bad \xff\xfe utf-8 \xe2\x80", Session: "tab\there", CounterName: "a>b", Counter: -5},
}

func TestTicketAppendJSON(t *testing.T) {
	for name, tk := range ticketCases {
		t.Run(name, func(t *testing.T) { checkTicketJSON(t, tk) })
	}
}

func checkTicketJSON(t *testing.T, tk web.Ticket) {
	t.Helper()
	want, err := json.Marshal(tk)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tk.AppendJSON(nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatalf("AppendJSON:\n got %s\nwant %s", got, want)
	}
}

// FuzzTicketAppendJSON compares the hand-written encoder with
// encoding/json on any strings and numbers.
func FuzzTicketAppendJSON(f *testing.F) {
	for _, tk := range ticketCases {
		f.Add(tk.Token, tk.ServiceName, tk.CounterName, tk.Ahead, tk.Counter, tk.Priority)
	}
	f.Fuzz(func(t *testing.T, s1, s2, s3 string, n1, n2 int, b bool) {
		checkTicketJSON(t, web.Ticket{Token: s1, Number: s2, ServiceID: s3, ServiceName: s1 + s2,
			Status: queue.Status(s3), Priority: b, PriorityKind: s2, Session: s3, Extended: !b,
			IssuedAt: s1, Ahead: n1, ETAMinutes: n2, CountersOpen: n2, Counter: n1, CounterName: s2, CalledAt: s3,
			DoneAt: s2, Recalls: n2, PDFURL: s1, TrackURL: s2})
	})
}

// TestTicketJSON checks the whole answer against echo's c.JSON: status,
// headers and body, the trailing newline and ?pretty included.
func TestTicketJSON(t *testing.T) {
	for _, target := range []string{"/t", "/t?x=1", "/t?pretty", "/t?x=1&pretty=1"} {
		for name, tk := range ticketCases {
			t.Run(target+"/"+name, func(t *testing.T) {
				want := answer(t, target, func(c echo.Context) error { return c.JSON(http.StatusCreated, tk) })
				got := answer(t, target, func(c echo.Context) error { return web.TicketJSON(c, http.StatusCreated, tk) })
				if got.Code != want.Code || got.Body.String() != want.Body.String() ||
					got.Header().Get("Content-Type") != want.Header().Get("Content-Type") {
					t.Fatalf("TicketJSON: %d %q %q, c.JSON: %d %q %q", got.Code, got.Header().Get("Content-Type"), got.Body,
						want.Code, want.Header().Get("Content-Type"), want.Body)
				}
			})
		}
	}
}

func answer(t *testing.T, target string, h echo.HandlerFunc) *httptest.ResponseRecorder {
	t.Helper()
	e := echo.New()
	rec := httptest.NewRecorder()
	c := e.NewContext(httptest.NewRequest(http.MethodGet, target, nil), rec)
	if err := h(c); err != nil {
		t.Fatal(err)
	}
	return rec
}

// TestTicketAppendJSONHasEveryField fills every field of Ticket, whatever
// fields it has then, and compares with encoding/json: a field added to
// Ticket and not to AppendJSON fails here, not in a kiosk's answer.
func TestTicketAppendJSONHasEveryField(t *testing.T) {
	var tk web.Ticket
	v := reflect.ValueOf(&tk).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("x" + v.Type().Field(i).Name)
		case reflect.Int, reflect.Int64:
			f.SetInt(int64(i + 1))
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Pointer:
			f.Set(reflect.New(f.Type().Elem()))
		default:
			t.Fatalf("field %s of kind %s: teach this test and AppendJSON about it", v.Type().Field(i).Name, f.Kind())
		}
	}
	checkTicketJSON(t, tk)
}
