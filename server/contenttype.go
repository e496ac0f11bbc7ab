package server

import (
	"bufio"
	"io"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"

	"xephang/queue"
)

// requireJSON refuses a request body that is not application/json with
// 415: a foreign page can send text/plain or a form from a visitor's
// browser without asking (a no-cors "simple" request), never JSON. A
// request without a body (POST .../next) passes: only a body that is
// there and not JSON is refused.
func requireJSON(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		switch r.Method {
		case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		default:
			return next(c)
		}
		if !hasBody(r) {
			return next(c)
		}
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && mt == "application/json" {
			return next(c)
		}
		return &echo.HTTPError{Code: http.StatusUnsupportedMediaType, Message: "not JSON"}
	}
}

// hasBody reports whether r carries a body. A body of unknown length
// (chunked) is peeked at: an empty one is no body.
func hasBody(r *http.Request) bool {
	switch {
	case r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0:
		return false
	case r.ContentLength > 0:
		return true
	}
	br := bufio.NewReaderSize(r.Body, 16)
	if _, err := br.Peek(1); err != nil {
		return false
	}
	r.Body = struct {
		io.Reader
		io.Closer
	}{br, r.Body}
	return true
}

// errNotJSON is the 415's error.
var errNotJSON = queue.Errorf(queue.EINVALID,
	"Nội dung yêu cầu phải là JSON (Content-Type: application/json).",
	"The request body must be JSON (Content-Type: application/json).")
