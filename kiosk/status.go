package kiosk

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"xephang/queue"
)

// Status is the public state of the center in one small document: whether
// it is open, the session, and the line of every service. The public page
// reads it, and anyone may embed it elsewhere (the commune's web site, a
// Zalo mini app); it comes from the store's memory, never from disk.
type Status struct {
	Center string    `json:"center"`
	Now    time.Time `json:"now"`
	// Open is true inside an opening of the schedule (or always, when the
	// schedule is always open); Issuing is true while the kiosk gives
	// tickets, which stops StopMinutes before the end of the opening.
	Open         bool               `json:"open"`
	Issuing      bool               `json:"issuing"`
	Session      *queue.SessionInfo `json:"session"`
	IssuingUntil *time.Time         `json:"issuing_until,omitempty"`
	OpenUntil    *time.Time         `json:"open_until,omitempty"`
	NextOpening  *time.Time         `json:"next_opening"`
	Holiday      bool               `json:"holiday"`
	// Waiting is the number of people waiting for every service together.
	Waiting  int                   `json:"waiting"`
	Services []queue.ServiceStatus `json:"services"`
}

// statusMaxAge is how long a cache may keep the status: a few seconds, so
// a page shared widely costs the center's small PC little while the
// numbers stay close to live.
const statusMaxAge = "public, max-age=5"

func (h *Handler) handleStatus(c echo.Context) error {
	ctx := c.Request().Context()
	info, err := h.store.Info(ctx)
	if err != nil {
		return err
	}
	services, err := h.store.ServiceStatuses(ctx)
	if err != nil {
		return err
	}
	st := Status{
		Center: info.Center, Now: info.Now,
		Open:    info.Issuing || info.OpenUntil != nil,
		Issuing: info.Issuing, Session: info.Session,
		IssuingUntil: info.IssuingUntil, OpenUntil: info.OpenUntil, NextOpening: info.NextOpening,
		Holiday: info.Holiday, Services: services,
	}
	for _, s := range services {
		st.Waiting += s.Waiting
	}
	c.Response().Header().Set("Cache-Control", statusMaxAge)
	return c.JSON(http.StatusOK, st)
}
