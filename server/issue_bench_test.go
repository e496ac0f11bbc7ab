package server_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"xephang/internal/e2e"
)

// BenchmarkIssueHTTP64 issues durable tickets over HTTP from 64 concurrent
// keep-alive clients (RunParallel with parallelism 64/GOMAXPROCS) against
// the real app on a real bbolt file. The full table, with its anchors, is
// `make bench`; this is the quick figure:
//
//	go test -run - -bench IssueHTTP64 -benchtime 20000x ./server/
func BenchmarkIssueHTTP64(b *testing.B) {
	app := e2e.NewApp(b, e2e.Options{})
	post64(b, app.URL+"/api/v1/tickets", "tickets/s")
}

// BenchmarkNoopHTTP64 is the floor of BenchmarkIssueHTTP64: the same load
// against an echo handler that does nothing but answer 201.
func BenchmarkNoopHTTP64(b *testing.B) {
	e := echo.New()
	e.POST("/api/v1/tickets", func(c echo.Context) error {
		return c.JSON(http.StatusCreated, map[string]string{"number": "A001"})
	})
	srv := httptest.NewServer(e)
	defer srv.Close()
	post64(b, srv.URL+"/api/v1/tickets", "req/s")
}

// post64 posts a ticket request to url b.N times from 64 concurrent
// keep-alive clients, each answer a 201, and reports the rate as unit.
func post64(b *testing.B, url, unit string) {
	tr := &http.Transport{MaxIdleConns: 128, MaxIdleConnsPerHost: 128}
	client := &http.Client{Transport: tr}
	b.SetParallelism(max(1, 64/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			res, err := client.Post(url, "application/json", strings.NewReader(`{"service_id":"tra-ket-qua"}`))
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusCreated {
				b.Errorf("status %d", res.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), unit)
}
