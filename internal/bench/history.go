package bench

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"xephang/bolt"
	"xephang/internal/demo"
	"xephang/queue"
)

// history returns days × perDay finished tickets of a busy center on the
// weekdays that end the day before today (in loc): the shape of the report
// benchmarks of report/ (internal/history).
func history(today time.Time, days, perDay int, loc *time.Location) []queue.Ticket {
	d := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc)
	for n := 0; n < days; {
		d = d.AddDate(0, 0, -1)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return demo.Busy(d, days, perDay, 1)
}

// fillHistory writes days × perDay finished tickets into a new database
// at path through bolt.ImportTickets, and returns the first and last day.
func fillHistory(ctx context.Context, path string, days, perDay int) (from, to string, err error) {
	s, err := bolt.Open(path, bolt.Options{NoSync: true})
	if err != nil {
		return "", "", err
	}
	defer func() {
		if cerr := s.Close(); err == nil { // syncs what NoSync left
			err = cerr
		}
	}()
	list := history(s.Clock(), days, perDay, s.Location())
	if err := s.ImportTickets(ctx, list); err != nil {
		return "", "", err
	}
	return list[0].Day, list[len(list)-1].Day, nil
}

// reportTimes fetches the report of from..to in format reps times, one
// after the other, and returns each time and the size of the last.
func reportTimes(ctx context.Context, admin *apiClient, from, to, format string, reps int) ([]time.Duration, int, error) {
	path := fmt.Sprintf("/api/v1/reports?from=%s&to=%s&format=%s", from, to, format)
	var (
		out  []time.Duration
		size int
	)
	for range reps {
		start := time.Now()
		body, err := admin.do(ctx, http.MethodGet, path, "", http.StatusOK)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, time.Since(start))
		size = len(body)
	}
	return out, size, nil
}
