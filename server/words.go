package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"xephang/queue"
)

// wordsJSON is GET /api/v1/words: the center's zone and every word table of
// queue, so that the pages format times in the center's zone and name
// statuses, kinds, ratings, reasons and weekdays as the server does,
// without copies of their own.
type wordsJSON struct {
	Zone            string                            `json:"zone"`
	Statuses        map[queue.Status]queue.StatusWord `json:"statuses"`
	CounterStatuses map[string]queue.Word             `json:"counter_statuses"`
	PriorityKinds   []queue.Word                      `json:"priority_kinds"`
	Ratings         []queue.RatingWord                `json:"ratings"`
	Reasons         []queue.Word                      `json:"reasons"`
	Weekdays        []queue.WeekdayWord               `json:"weekdays"`
}

// handleWords answers GET /api/v1/words. The zone is the store's current
// one (--tz, or the admin's setting), so it is never cached for long.
func (s *Server) handleWords(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.JSON(http.StatusOK, wordsJSON{
		Zone:            s.store.Location().String(),
		Statuses:        queue.StatusWords,
		CounterStatuses: queue.CounterStatusWords,
		PriorityKinds:   queue.PriorityWords,
		Ratings:         queue.RatingWords,
		Reasons:         queue.Reasons,
		Weekdays:        queue.Weekdays,
	})
}
