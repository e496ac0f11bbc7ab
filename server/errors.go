package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"xephang/queue"
	"xephang/web"
)

// codes maps each error code of the API to its HTTP status: the one table
// of the contract.
var codes = map[string]int{
	queue.EINVALID:           http.StatusBadRequest,
	queue.EUNAUTHORIZED:      http.StatusUnauthorized,
	queue.EFORBIDDEN:         http.StatusForbidden,
	queue.ENOTFOUND:          http.StatusNotFound,
	queue.ECONFLICT:          http.StatusConflict,
	queue.EINVALIDTRANSITION: http.StatusConflict,
	queue.ECLOSED:            http.StatusConflict,
	queue.ECAPREACHED:        http.StatusConflict,
	queue.ETOOMANYREQUESTS:   http.StatusTooManyRequests,
	queue.EINTERNAL:          http.StatusInternalServerError,
	EUNAVAILABLE:             http.StatusServiceUnavailable,
}

// errorBody is the JSON of every error: {"error":{"code","message"}}, with
// the offending field when there is one.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
	} `json:"error"`
}

// handleError is echo's error handler: it turns domain errors, echo's own
// errors (unknown route, wrong method) and panics into the API's error
// format. Only internal errors are logged, here and nowhere else.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		// Too late to answer with an error (a backup cut short, say), but
		// an internal failure must still reach the log, unless the client
		// simply went away.
		if queue.ErrorCode(err) == queue.EINTERNAL && !errors.Is(err, context.Canceled) &&
			c.Request().Context().Err() == nil {
			s.log.Error("internal error after the response started", slog.String("method", c.Request().Method),
				slog.String("path", c.Request().URL.Path), slog.Any("error", err))
		}
		return
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		err = fromHTTPError(he)
	}
	if errors.Is(err, context.Canceled) {
		// The client went away; nobody is left to answer.
		return
	}
	if mapped := apiError(err); mapped != err {
		s.log.Error("the store cannot write", slog.String("method", c.Request().Method),
			slog.String("path", c.Request().URL.Path), slog.Any("error", err))
		err = mapped
	}
	code := queue.ErrorCode(err)
	status := codes[code]
	if he != nil && (he.Code == http.StatusMethodNotAllowed || he.Code == http.StatusUnsupportedMediaType) {
		status = he.Code
	}
	if code == queue.EINTERNAL {
		s.log.Error("internal error", slog.String("method", c.Request().Method),
			slog.String("path", c.Request().URL.Path), slog.Any("error", err))
	}
	var body errorBody
	body.Error.Code = code
	body.Error.Message = queue.ErrorMessage(err, web.English(c))
	body.Error.Field = queue.ErrorField(err)
	if c.Request().Method == http.MethodHead {
		err = c.NoContent(status)
	} else {
		err = c.JSON(status, body)
	}
	if err != nil {
		s.log.Warn("write error response", slog.Any("error", err))
	}
}

// fromHTTPError translates echo's errors into domain errors.
func fromHTTPError(he *echo.HTTPError) error {
	switch he.Code {
	case http.StatusNotFound:
		return queue.Errorf(queue.ENOTFOUND, "Không tìm thấy trang hoặc địa chỉ này.", "No such page or address.")
	case http.StatusMethodNotAllowed:
		return queue.Errorf(queue.EINVALID, "Phương thức không được hỗ trợ cho địa chỉ này.", "Method not allowed here.")
	case http.StatusUnsupportedMediaType:
		return errNotJSON
	case http.StatusRequestEntityTooLarge:
		return queue.Errorf(queue.EINVALID, "Nội dung yêu cầu quá lớn (tối đa 64 KiB).", "Request body too large (at most 64 KiB).")
	case http.StatusUnauthorized:
		return queue.Errorf(queue.EUNAUTHORIZED, "Vui lòng đăng nhập.", "Please sign in.")
	case http.StatusForbidden:
		return queue.Errorf(queue.EFORBIDDEN, "Không có quyền.", "Forbidden.")
	case http.StatusTooManyRequests:
		return queue.Errorf(queue.ETOOMANYREQUESTS, "Quá nhiều yêu cầu. Vui lòng thử lại sau.", "Too many requests. Please try again later.")
	}
	if he.Code >= 400 && he.Code < 500 {
		return queue.Errorf(queue.EINVALID, "Yêu cầu không hợp lệ.", "Bad request.")
	}
	if he.Internal != nil {
		return he.Internal
	}
	return errors.New(http.StatusText(he.Code))
}
