// Package counter serves the officers' console: the counters, and the
// actions on the ticket at a counter (call next, recall, start, done,
// no-show, transfer, call by number) and the tablet's rating.
package counter

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"xephang/queue"
	"xephang/web"
)

// Handler serves the counter API. Every route needs a signed-in officer or
// admin; the server's middleware sees to that before these run.
type Handler struct {
	store   queue.CounterStore
	baseURL string
}

// New returns a Handler on the officers' side of the store; baseURL
// prefixes tracking links.
func New(store queue.CounterStore, baseURL string) *Handler {
	return &Handler{store: store, baseURL: baseURL}
}

// Register adds the routes to g (/api/v1); mw (sign-in) guards each one.
func (h *Handler) Register(g *echo.Group, mw ...echo.MiddlewareFunc) {
	g.GET("/counters", h.handleCounters, mw...)
	g.GET("/counters/:id", h.handleCounter, mw...)
	g.POST("/counters/:id/open", h.handleOpen, mw...)
	g.POST("/counters/:id/close", h.handleClose, mw...)
	for _, a := range []queue.Action{queue.ActionNext, queue.ActionRecall, queue.ActionStart,
		queue.ActionDone, queue.ActionNoShow} {
		g.POST("/counters/:id/"+string(a), h.handleAction(a), mw...)
	}
	g.POST("/counters/:id/transfer", h.handleTransfer, mw...)
	g.POST("/counters/:id/call", h.handleCall, mw...)
	g.POST("/counters/:id/feedback", h.handleFeedback, mw...)
}

// Detail is the JSON of one counter for the console: the counter, its
// current ticket, the next tickets in the order it would call them, the
// no-shows it may call back and today's counts.
type Detail struct {
	web.Counter
	Current      *web.Ticket      `json:"current"`
	Waiting      []web.Ticket     `json:"waiting"`
	WaitingCount int              `json:"waiting_count"`
	NoShows      []web.Ticket     `json:"no_shows"`
	Today        queue.CounterDay `json:"today"`
	MayWork      bool             `json:"may_work"`
	// LastDone is the ticket last finished here while the counter's tablet
	// may still rate it (10 minutes), null otherwise; its feedback says
	// whether it was rated.
	LastDone *web.Ticket `json:"last_done"`
}

func (h *Handler) handleCounters(c echo.Context) error {
	list, err := h.store.Counters(c.Request().Context())
	if err != nil {
		return err
	}
	u := web.User(c)
	out := make([]struct {
		web.Counter
		MayWork bool `json:"may_work"`
	}, len(list))
	for i, k := range list {
		out[i].Counter = web.NewCounter(k)
		out[i].MayWork = u != nil && u.MayWork(k.ID)
	}
	return c.JSON(http.StatusOK, out)
}

func (h *Handler) handleCounter(c echo.Context) error {
	d, err := h.store.CounterDetail(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	base := web.BaseURL(c, h.baseURL)
	out := Detail{Counter: web.NewCounter(d.Counter), WaitingCount: d.WaitingCount, Today: d.Today,
		Waiting: []web.Ticket{}, NoShows: []web.Ticket{}}
	if u := web.User(c); u != nil {
		out.MayWork = u.MayWork(d.ID)
	}
	if d.CurrentTicket != nil {
		t := web.NewTicket(*d.CurrentTicket, base)
		out.Current = &t
	}
	for _, ti := range d.Waiting {
		out.Waiting = append(out.Waiting, web.NewTicket(ti, base))
	}
	for _, ti := range d.NoShows {
		out.NoShows = append(out.NoShows, web.NewTicket(ti, base))
	}
	if d.LastDoneTicket != nil {
		t := web.NewTicket(*d.LastDoneTicket, base)
		out.LastDone = &t
	}
	return c.JSON(http.StatusOK, out)
}

// mayWork checks that the signed-in officer may work counter id. An
// unknown counter passes, so that the store answers not_found.
func (h *Handler) mayWork(c echo.Context) (*queue.User, error) {
	u := web.User(c)
	if u == nil {
		return nil, queue.Errorf(queue.EUNAUTHORIZED, "Vui lòng đăng nhập.", "Please sign in.")
	}
	id := c.Param("id")
	list, err := h.store.Counters(c.Request().Context())
	if err != nil {
		return nil, err
	}
	for _, k := range list {
		if k.ID == id || strconv.Itoa(k.Number) == id {
			if !u.MayWork(k.ID) {
				return nil, queue.Errorf(queue.EFORBIDDEN, "Ông/Bà không được phân công làm việc tại %s.",
					"You are not assigned to %s.", k.Name)
			}
		}
	}
	return u, nil
}

func (h *Handler) handleOpen(c echo.Context) error  { return h.setOpen(c, true) }
func (h *Handler) handleClose(c echo.Context) error { return h.setOpen(c, false) }

func (h *Handler) setOpen(c echo.Context, open bool) error {
	u, err := h.mayWork(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	var k queue.Counter
	if open {
		k, err = h.store.OpenCounter(ctx, c.Param("id"), u.ID)
	} else {
		k, err = h.store.CloseCounter(ctx, c.Param("id"), u.ID)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, web.NewCounter(k))
}

func (h *Handler) act(c echo.Context, a queue.Action, arg string) error {
	u, err := h.mayWork(c)
	if err != nil {
		return err
	}
	ti, err := h.store.Act(c.Request().Context(), c.Param("id"), a, arg, u.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, web.NewTicket(ti, web.BaseURL(c, h.baseURL)))
}

func (h *Handler) handleAction(a queue.Action) echo.HandlerFunc {
	return func(c echo.Context) error { return h.act(c, a, "") }
}

func (h *Handler) handleTransfer(c echo.Context) error {
	var req struct {
		ServiceID string `json:"service_id"`
	}
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	return h.act(c, queue.ActionTransfer, req.ServiceID)
}

func (h *Handler) handleCall(c echo.Context) error {
	var req struct {
		Number string `json:"number"`
	}
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	if _, _, err := queue.ParseNumber(req.Number); err != nil {
		return err
	}
	return h.act(c, queue.ActionCall, req.Number)
}

// counterFeedbackRequest is the tablet's rating. Number, optional, is the
// ticket the tablet showed; the rating is refused if the counter has
// finished another since.
type counterFeedbackRequest struct {
	web.FeedbackRequest
	Number string `json:"number"`
}

func (h *Handler) handleFeedback(c echo.Context) error {
	if _, err := h.mayWork(c); err != nil {
		return err
	}
	var req counterFeedbackRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	if req.Number != "" {
		if _, _, err := queue.ParseNumber(req.Number); err != nil {
			return err
		}
	}
	ti, err := h.store.RateAtCounter(c.Request().Context(), c.Param("id"), req.Number, req.Feedback())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, ti.Feedback)
}
