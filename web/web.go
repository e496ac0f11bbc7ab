// Package web holds what every HTTP handler package shares: strict JSON
// binding, the JSON shapes of the API, the language of the caller and the
// signed-in user. It knows echo and the domain, nothing else.
package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"xephang/queue"
)

// MaxBody is the largest request body accepted; a larger one is EINVALID.
const MaxBody = 64 << 10

// Bind decodes the JSON body of c into v, strictly: one JSON value, no
// unknown fields, at most MaxBody bytes. Every failure is an EINVALID error
// that says what was wrong, so a bad request never reaches the store.
func Bind(c echo.Context, v any) error {
	body, err := readBody(c.Request())
	if err != nil {
		return queue.Errorf(queue.EINVALID, "Không đọc được nội dung yêu cầu.", "Could not read the request body.")
	}
	return Decode(body, v)
}

// readBody reads at most MaxBody+1 bytes of the body of r, as
// io.ReadAll(io.LimitReader(...)) would, into one buffer sized from the
// Content-Length the client announced: a kiosk's request is tens of bytes,
// where ReadAll starts at 512 and may grow.
func readBody(r *http.Request) ([]byte, error) {
	n := int64(512)
	if r.ContentLength >= 0 {
		n = min(r.ContentLength, MaxBody) + 1 // +1: room to see the end
	}
	b := make([]byte, 0, n)
	lr := io.LimitedReader{R: r.Body, N: MaxBody + 1}
	for {
		if len(b) == cap(b) {
			b = slices.Grow(b, 512)
		}
		m, err := lr.Read(b[len(b):cap(b)])
		b = b[:len(b)+m]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// Decode is Bind for a body already read. Beyond encoding/json's checks,
// a key given twice or in another case than its field's is EINVALID
// (checkKeys).
func Decode(body []byte, v any) error {
	if len(body) > MaxBody {
		return queue.Errorf(queue.EINVALID, "Nội dung yêu cầu quá lớn (tối đa 64 KiB).",
			"Request body too large (at most 64 KiB).")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return queue.Errorf(queue.EINVALID, "Thiếu nội dung JSON của yêu cầu.", "The request needs a JSON body.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return queue.Errorf(queue.EINVALID, "Nội dung JSON có dữ liệu thừa sau đối tượng.",
			"Unexpected data after the JSON object.")
	}
	return checkKeys(body, v)
}

func jsonError(err error) error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &syn):
		return queue.Errorf(queue.EINVALID, "JSON không hợp lệ (vị trí %d).", "Malformed JSON (at offset %d).", syn.Offset)
	case errors.As(err, &typ):
		e := queue.Errorf(queue.EINVALID, "Trường %q có kiểu dữ liệu không đúng.",
			"Field %q has the wrong type.", typ.Field)
		e.Field = typ.Field
		return e
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		e := queue.Errorf(queue.EINVALID, "Trường %q không được chấp nhận.", "Unknown field %q.", name)
		e.Field = name
		return e
	case errors.Is(err, io.ErrUnexpectedEOF):
		return queue.Errorf(queue.EINVALID, "JSON bị cắt cụt.", "Truncated JSON.")
	}
	return queue.Errorf(queue.EINVALID, "JSON không hợp lệ.", "Malformed JSON.")
}

// English reports whether the caller asked for English first.
func English(c echo.Context) bool {
	al := strings.ToLower(strings.TrimSpace(c.Request().Header.Get("Accept-Language")))
	return strings.HasPrefix(al, "en")
}

// contextUser is the echo context key of the signed-in user.
const contextUser = "xephang.user"

// SetUser records the signed-in user on c; the server's auth middleware
// calls it.
func SetUser(c echo.Context, u *queue.User) { c.Set(contextUser, u) }

// User returns the signed-in user of c, nil for none.
func User(c echo.Context) *queue.User {
	u, _ := c.Get(contextUser).(*queue.User)
	return u
}

// Actor returns the audit actor of c.
func Actor(c echo.Context) queue.Actor {
	if u := User(c); u != nil {
		return queue.Actor{UserID: u.ID, Username: u.Username}
	}
	return queue.Actor{}
}

// BaseURL returns the configured public address of the service, or, when
// none is configured, the one the caller used to reach it.
func BaseURL(c echo.Context, configured string) string {
	if configured != "" {
		return strings.TrimRight(configured, "/")
	}
	return c.Scheme() + "://" + c.Request().Host
}
