package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"xephang/queue"
)

// metrics are the Prometheus metrics of the service, on a registry of its
// own (no global state).
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.HistogramVec
	events   *prometheus.CounterVec
}

func newMetrics(store queue.Store) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "xephang_http_request_duration_seconds",
			Help:    "HTTP requests by route, method and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route", "method", "code"}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "xephang_events_total",
			Help: "Committed queue changes by type (issue, call, done, ...).",
		}, []string{"type"}),
	}
	m.reg.MustRegister(m.requests, m.events,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if ws, ok := store.(interface{ WriterStats() queue.WriterStats }); ok {
		m.reg.MustRegister(writerCollectors(ws.WriterStats)...)
	}
	store.Subscribe(func(evs []queue.Event) {
		for _, e := range evs {
			m.events.WithLabelValues(e.Type).Inc()
		}
	})
	return m
}

// writerCollectors are the counters of the store's group commit: with
// them, commits a second, tickets a commit and how busy the writer is
// show on a dashboard (and in `make bench`).
func writerCollectors(stats func() queue.WriterStats) []prometheus.Collector {
	counter := func(name, help string, v func(queue.WriterStats) float64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help},
			func() float64 { return v(stats()) })
	}
	return []prometheus.Collector{
		counter("xephang_issue_commits_total", "Transactions of the ticket writer (group commits).",
			func(s queue.WriterStats) float64 { return float64(s.Commits) }),
		counter("xephang_issue_requests_total", "Ticket requests the writer's transactions carried, refused ones too.",
			func(s queue.WriterStats) float64 { return float64(s.Requests) }),
		counter("xephang_issue_writer_busy_seconds_total", "Time the ticket writer spent on its transactions, fsyncs included.",
			func(s queue.WriterStats) float64 { return s.Busy.Seconds() }),
		counter("xephang_bolt_write_seconds_total", "Time the database spent writing pages and syncing the file, all transactions.",
			func(s queue.WriterStats) float64 { return s.Write.Seconds() }),
		counter("xephang_bolt_pages_written_total", "Pages the database wrote, all transactions.",
			func(s queue.WriterStats) float64 { return float64(s.Pages) }),
	}
}

func (m *metrics) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		status := c.Response().Status
		if err != nil {
			if he, ok := err.(*echo.HTTPError); ok {
				status = he.Code
			} else if code, ok := codes[queue.ErrorCode(apiError(err))]; ok {
				status = code
			}
		}
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		m.requests.WithLabelValues(route, methodLabel(requestMethod(c)), strconv.Itoa(status)).Observe(time.Since(start).Seconds())
		return err
	}
}

// methodLabel bounds the method label: a client may send any token as its
// method, and each new label value is a new series held for the life of
// the process (issue 17: 120,000 made-up methods took 250 MB).
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
		http.MethodDelete, http.MethodOptions, http.MethodPatch:
		return m
	}
	return "other"
}

func (m *metrics) handler() echo.HandlerFunc {
	return echo.WrapHandler(promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
}
