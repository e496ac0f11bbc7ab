// Package kiosk serves what the citizen touches in the lobby: the list of
// services, taking a ticket, following it, rating it, and the printed
// ticket.
package kiosk

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"xephang/queue"
	"xephang/web"
)

// Store is the part of the store the kiosk and the citizen's phone use:
// the center's state, issuing, a ticket by its token and its rating, and
// what a printed ticket names.
type Store interface {
	Info(ctx context.Context) (queue.Info, error)
	ServiceStatuses(ctx context.Context) ([]queue.ServiceStatus, error)
	Issue(ctx context.Context, req queue.IssueRequest) (queue.TicketInfo, error)
	TicketByToken(ctx context.Context, token string) (queue.TicketInfo, error)
	RateTicket(ctx context.Context, token string, f queue.Feedback) (queue.TicketInfo, error)
	Settings(ctx context.Context) (queue.Settings, error)
	Counters(ctx context.Context) ([]queue.Counter, error)
	Location() *time.Location
}

// Handler serves the public ticket API and the printed ticket.
type Handler struct {
	store   Store
	baseURL string
	pdf     *ticketRenderer
	printer *printer // nil: the kiosk page prints
}

// New returns a Handler; baseURL prefixes the tracking links of tickets
// (empty: the address the caller used). It prepares the fonts of the
// printed ticket once, here, and panics if the embedded fonts are broken:
// a defect of the build, not of the day.
func New(store Store, baseURL string) *Handler {
	pdf, err := newTicketRenderer()
	if err != nil {
		panic(fmt.Sprintf("kiosk: embedded ticket fonts: %v", err))
	}
	return &Handler{store: store, baseURL: baseURL, pdf: pdf}
}

// Register adds the routes to g (/api/v1). issueMW guards ticket issuing
// (the per-address rate limit).
func (h *Handler) Register(g *echo.Group, issueMW ...echo.MiddlewareFunc) {
	g.GET("/info", h.handleInfo)
	g.GET("/kiosk", h.handleKiosk)
	g.GET("/services", h.handleServices)
	g.GET("/status", h.handleStatus)
	g.POST("/tickets", h.handleTicketCreate, issueMW...)
	g.GET("/tickets/:token", h.handleTicket)
	g.GET("/tickets/:token/pdf", h.handleTicketPDF)
	g.GET("/tickets/:token/qr.png", h.handleTicketQR)
	g.POST("/tickets/:token/feedback", h.handleTicketFeedback)
}

func (h *Handler) handleInfo(c echo.Context) error {
	info, err := h.store.Info(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, info)
}

// kioskConfig is what the kiosk page needs to know of the server.
type kioskConfig struct {
	// ServerPrints is true when the server prints every ticket
	// (--print-cmd): the page then does not print it again.
	ServerPrints bool `json:"server_prints"`
}

func (h *Handler) handleKiosk(c echo.Context) error {
	return c.JSON(http.StatusOK, kioskConfig{ServerPrints: h.printer != nil})
}

func (h *Handler) handleServices(c echo.Context) error {
	list, err := h.store.ServiceStatuses(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

type ticketRequest struct {
	ServiceID    string `json:"service_id"`
	Priority     bool   `json:"priority"`
	PriorityKind string `json:"priority_kind"`
}

func (h *Handler) handleTicketCreate(c echo.Context) error {
	var req ticketRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	if req.ServiceID == "" {
		return queue.FieldErrorf("service_id", "Chọn lĩnh vực để lấy số.", "Choose a service to take a ticket.")
	}
	if req.PriorityKind != "" {
		if !slices.Contains(queue.PriorityKinds, req.PriorityKind) {
			return queue.FieldErrorf("priority_kind", "Đối tượng ưu tiên %q không hợp lệ.",
				"Unknown priority kind %q.", req.PriorityKind)
		}
		req.Priority = true
	}
	ti, err := h.store.Issue(c.Request().Context(), queue.IssueRequest{
		ServiceID: req.ServiceID, Priority: req.Priority, PriorityKind: req.PriorityKind,
	})
	if err != nil {
		return err
	}
	base := web.BaseURL(c, h.baseURL)
	if h.printer != nil {
		h.printer.enqueue(ti, base)
	}
	return web.TicketJSON(c, http.StatusCreated, web.NewTicket(ti, base))
}

func (h *Handler) handleTicket(c echo.Context) error {
	ti, err := h.store.TicketByToken(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return web.TicketJSON(c, http.StatusOK, web.NewTicket(ti, web.BaseURL(c, h.baseURL)))
}

func (h *Handler) handleTicketFeedback(c echo.Context) error {
	var req web.FeedbackRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	ti, err := h.store.RateTicket(c.Request().Context(), c.Param("token"), req.Feedback())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, ti.Feedback)
}
