package report_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"xephang/bolt"
	"xephang/internal/demo"
	"xephang/internal/testutil"
	"xephang/report"
)

// bigStore is a store holding 250 weekdays × 400 tickets, ending on the
// last day of the campaign.
func bigStore(b testing.TB) (*bolt.Store, string, string) {
	b.Helper()
	first := testutil.At(2025, 4, 7, 0, 0)
	list := demo.Busy(first, 250, 400, 1)
	from, to := list[0].Day, list[len(list)-1].Day
	end, _ := time.ParseInLocation(time.DateOnly, to, testutil.Zone)
	clock := testutil.NewClock(end.AddDate(0, 0, 1).Add(9 * time.Hour))
	s := testutil.OpenStore(b, clock, bolt.Options{NoSync: true})
	if err := s.ImportTickets(context.Background(), list); err != nil {
		b.Fatal(err)
	}
	return s, from, to
}

func benchReport(b *testing.B, format string) {
	s, from, to := bigStore(b)
	e := echo.New()
	report.NewHandler(s).Register(e.Group("/api/v1"))
	url := fmt.Sprintf("/api/v1/reports?from=%s&to=%s&format=%s", from, to, format)
	var times []time.Duration
	var size int
	var body []byte
	for b.Loop() {
		start := time.Now()
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, url, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body.String())
		}
		times = append(times, time.Since(start))
		size, body = rec.Body.Len(), rec.Body.Bytes()
	}
	if dir := os.Getenv("XEPHANG_REPORT_OUT"); dir != "" {
		os.WriteFile(filepath.Join(dir, "big."+format), body, 0o644)
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(size)/1024, "KiB")
}

// BenchmarkReportJSON is the report of a year of a busy center (100,000
// tickets) as JSON, through the handler: budget 500 ms.
func BenchmarkReportJSON(b *testing.B) { benchReport(b, "json") }

// BenchmarkReportPDF is the same as an A4 PDF: budget 2 s.
func BenchmarkReportPDF(b *testing.B) { benchReport(b, "pdf") }

// BenchmarkReportXLSX is the same as a workbook.
func BenchmarkReportXLSX(b *testing.B) { benchReport(b, "xlsx") }
