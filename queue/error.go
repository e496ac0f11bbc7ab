// Package queue is the domain of xephang: services, counters, tickets, the
// schedule, events, error codes and the pure rules that decide numbers, the
// next ticket, the people ahead and the opening hours. It imports neither
// echo nor bbolt; the store and the HTTP layer depend on it, never the
// reverse.
package queue

import (
	"errors"
	"fmt"
)

// Error codes of the HTTP API. They are part of the public contract of
// DESIGN.md: outside programs match on them, so they never change.
const (
	EINVALID           = "invalid"
	EUNAUTHORIZED      = "unauthorized"
	EFORBIDDEN         = "forbidden"
	ENOTFOUND          = "not_found"
	ECONFLICT          = "conflict"
	EINVALIDTRANSITION = "invalid_transition"
	ECLOSED            = "closed"
	ECAPREACHED        = "cap_reached"
	ETOOMANYREQUESTS   = "too_many_requests"
	EINTERNAL          = "internal"
)

// Error is the one error type of the domain. Message is Vietnamese, the
// language every citizen and officer reads first; English is its translation
// for clients that ask for it. Field names the offending input field, when
// there is one, so forms can point at it.
type Error struct {
	Code    string
	Message string
	English string
	Field   string
}

// Error returns the Vietnamese message, prefixed with the code.
func (e *Error) Error() string {
	return fmt.Sprintf("xephang error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with code and the two messages, each formatted
// with the same args.
func Errorf(code, vi, en string, args ...any) *Error {
	return &Error{
		Code:    code,
		Message: fmt.Sprintf(vi, args...),
		English: fmt.Sprintf(en, args...),
	}
}

// FieldErrorf is Errorf with code EINVALID for one named input field.
func FieldErrorf(field, vi, en string, args ...any) *Error {
	e := Errorf(EINVALID, vi, en, args...)
	e.Field = field
	return e
}

// ErrorCode returns the code of err when it is an *Error, "" for nil and
// EINTERNAL for anything else: an unknown error is a bug, never the client's
// fault.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of err in Vietnamese, or in English when
// en is set. Internal errors get a generic message: details go to the log,
// never to the client.
func ErrorMessage(err error, en bool) string {
	var e *Error
	if errors.As(err, &e) {
		if en && e.English != "" {
			return e.English
		}
		return e.Message
	}
	if en {
		return "Internal error. Please try again or call the staff."
	}
	return "Lỗi hệ thống. Vui lòng thử lại hoặc báo cán bộ."
}

// ErrorField returns the field of err, if any.
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
