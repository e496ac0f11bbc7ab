package server

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
)

// headKey marks, in a request's context, a HEAD request served as a GET.
type headKey struct{}

// ServeHTTP makes the server an http.Handler. A HEAD request is served as
// the GET of the same address (monitors and link previews probe with
// HEAD): the route, the headers and the status are the GET's, and
// net/http drops the body because the request it answers is still a HEAD.
// Echo routes on the method of the request it was given, so the change
// has to happen before it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		r = r.WithContext(context.WithValue(r.Context(), headKey{}, true))
		r.Method = http.MethodGet
	}
	s.echo.ServeHTTP(w, r)
}

// requestMethod is the method the client sent: HEAD for a HEAD served as
// a GET.
func requestMethod(c echo.Context) string {
	r := c.Request()
	if head, _ := r.Context().Value(headKey{}).(bool); head {
		return http.MethodHead
	}
	return r.Method
}
