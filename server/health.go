package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/labstack/echo/v4"

	"xephang/queue"
)

// EUNAVAILABLE is the error code of a request the service cannot carry out
// now through no fault of the caller: the store cannot write (a full
// disk). It answers 503, so the kiosk says to ask the staff rather than
// "internal error", and a load balancer takes the node out.
const EUNAVAILABLE = "unavailable"

// healthChecker is what a store may offer /healthz beyond a read: proof
// that it can still write (bolt.Store does, with a tiny transaction).
type healthChecker interface {
	CheckWrite(ctx context.Context) error
}

// cannotWrite reports whether err comes from storage that has no room
// left: ENOSPC or a quota, wrapped, or in the text of a bbolt error that
// formats its cause with %s (its file resize).
func cannotWrite(err error) bool {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return true
	}
	var qe *queue.Error
	if errors.As(err, &qe) {
		return false // the domain's own errors say what they mean
	}
	msg := err.Error()
	return strings.Contains(msg, "no space left on device") || strings.Contains(msg, "disk quota exceeded")
}

// errUnavailable is the answer to a request the store could not save.
func errUnavailable() error {
	return queue.Errorf(EUNAVAILABLE,
		"Hệ thống tạm thời không lưu được dữ liệu. Vui lòng báo cán bộ tại trung tâm để được hỗ trợ.",
		"The system cannot save right now. Please ask the staff for help.")
}

// apiError is err as the API answers it: a full disk is unavailable,
// everything else keeps its code.
func apiError(err error) error {
	if err != nil && queue.ErrorCode(err) == queue.EINTERNAL && cannotWrite(err) {
		return errUnavailable()
	}
	return err
}

// healthMaxAge is how long one write check answers for: a monitor
// probing every few seconds costs one small transaction each time, a
// probe loop (a benchmark's anchor, a stuck script) no more than one a
// second.
const healthMaxAge = time.Second

// healthCache holds the last write check.
type healthCache struct {
	mu  sync.Mutex
	at  time.Time
	err error
}

func (h *healthCache) check(ctx context.Context, hc healthChecker) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.at.IsZero() && time.Since(h.at) < healthMaxAge {
		return h.err
	}
	h.err = hc.CheckWrite(ctx)
	h.at = time.Now()
	if ctx.Err() != nil {
		h.at = time.Time{} // the caller gave up: not a verdict on the store
	}
	return h.err
}

// handleHealth answers 200 only when the store can read and, if it can
// tell, write: a node whose disk is full refuses every ticket, so it is
// not healthy.
func (s *Server) handleHealth(c echo.Context) error {
	ctx := c.Request().Context()
	if _, err := s.store.Info(ctx); err != nil {
		return err
	}
	if hc, ok := s.store.(healthChecker); ok {
		if err := s.health.check(ctx, hc); err != nil {
			s.log.Warn("health: the store cannot write", slog.Any("error", err))
			return queue.Errorf(EUNAVAILABLE,
				"Hệ thống không ghi được dữ liệu (ổ đĩa đầy hoặc hỏng).",
				"The store cannot write (the disk is full or failing).")
		}
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}
