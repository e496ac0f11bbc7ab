package web_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"xephang/queue"
	"xephang/web"
)

type bindTarget struct {
	ServiceID string `json:"service_id"`
	Priority  bool   `json:"priority"`
}

// TestBind reads bodies with and without a Content-Length (a chunked
// upload has none) and checks the decoded value or the EINVALID message
// of each.
func TestBind(t *testing.T) {
	big := `{"service_id":"` + strings.Repeat("a", web.MaxBody-17) + `"}` // MaxBody bytes exactly
	if len(big) != web.MaxBody {
		t.Fatalf("len(big)=%d, want %d", len(big), web.MaxBody)
	}
	for _, tc := range []struct {
		name, body, want, msg string
	}{
		{"OK", `{"service_id":"dat-dai","priority":true}`, "dat-dai", ""},
		{"Spaces", " \n{\"service_id\":\"x\"}\t\n", "x", ""},
		{"AtLimit", big, big[15 : len(big)-2], ""},
		{"TooLarge", big + " ", "", "Request body too large (at most 64 KiB)."},
		{"WayTooLarge", strings.Repeat(" ", 200<<10), "", "Request body too large (at most 64 KiB)."},
		{"Empty", "", "", "The request needs a JSON body."},
		{"Blank", "  \n", "", "The request needs a JSON body."},
		{"Unknown", `{"service_id":"x","colour":"red"}`, "", `Unknown field "colour".`},
		{"Trailing", `{"service_id":"x"} {}`, "", "Unexpected data after the JSON object."},
		{"Truncated", `{"service_id":"x"`, "", "Truncated JSON."},
		{"Type", `{"priority":"yes"}`, "", `Field "priority" has the wrong type.`},
		{"Syntax", `{"service_id":x}`, "", "Malformed JSON (at offset 15)."},
	} {
		for _, chunked := range []bool{false, true} {
			name := tc.name
			if chunked {
				name += "/Chunked"
			}
			t.Run(name, func(t *testing.T) {
				var body io.Reader = strings.NewReader(tc.body)
				if chunked {
					body = io.MultiReader(strings.NewReader(tc.body)) // hides the length
				}
				req := httptest.NewRequest(http.MethodPost, "/api/v1/tickets", body)
				if chunked {
					req.ContentLength = -1
				}
				c := echo.New().NewContext(req, httptest.NewRecorder())
				var got bindTarget
				err := web.Bind(c, &got)
				if tc.msg == "" {
					if err != nil {
						t.Fatalf("Bind: %v", err)
					}
					if got.ServiceID != tc.want {
						t.Fatalf("service_id=%.20q…, want %.20q…", got.ServiceID, tc.want)
					}
					return
				}
				if code := queue.ErrorCode(err); code != queue.EINVALID {
					t.Fatalf("Bind: %v (code %q), want %s", err, code, queue.EINVALID)
				}
				var e *queue.Error
				if !errors.As(err, &e) || e.English != tc.msg {
					t.Fatalf("Bind: %v, want message %q", err, tc.msg)
				}
			})
		}
	}
}
