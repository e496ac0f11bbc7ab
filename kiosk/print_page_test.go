package kiosk_test

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"

	"xephang/internal/e2e"
)

// TestKioskPrintsOnlyPDF: when the ticket's PDF answer is not a PDF (an
// error in JSON, a page of HTML), the kiosk does not load it into the print
// frame, and the ticket screen says the ticket did not print and what to
// do. The answers are made by the browser's network layer (DevTools'
// Fetch domain): the server itself no longer fails on any text.
func TestKioskPrintsOnlyPDF(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	p := openKiosk(t, app, 1920, 1080, "start")
	answers := make(chan fetch.FulfillRequestParams, 1)
	paused := chromedp.Events(p.ctx, fetch.RequestPaused)
	if _, err := chromedp.Call(p.ctx, fetch.Enable, fetch.EnableParams{
		Patterns: []*fetch.RequestPattern{{URLPattern: "*/api/v1/tickets/*/pdf"}},
	}); err != nil {
		t.Fatal(err)
	}
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			a := <-answers
			a.RequestID = ev.RequestID
			chromedp.Call(p.ctx, fetch.FulfillRequest, a)
		}
	}()

	for _, tc := range []struct {
		name    string
		status  int64
		typ     string
		body    string
		service string
	}{
		{"Error", 500, "application/json", `{"error":{"code":"internal","message":"Lỗi hệ thống."}}`, "chung-thuc"},
		{"JSONAs200", 200, "application/json", `{"error":{"code":"internal"}}`, "dat-dai"},
		{"HTMLAsPDF", 200, "application/pdf", "<html><body>Bad Gateway</body></html>", "xay-dung"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parent := p.t
			p.t = t
			defer func() { p.t = parent }()
			answers <- fetch.FulfillRequestParams{ResponseCode: tc.status, Body: []byte(tc.body),
				ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: tc.typ}}}
			p.until(`document.body.dataset.screen === "start" && !document.body.classList.contains("busy")`)
			p.until(`(document.querySelector('` + service(tc.service) + `').click(), document.body.dataset.screen === "ticket")`)
			p.until(`document.getElementById("print-frame").dataset.state === "failed"`)
			if got := p.text("#t-print"); !strings.HasPrefix(got, "Không in được phiếu.") || !strings.Contains(got, "ghi lại số") {
				t.Errorf("ticket screen says %q, want that it did not print", got)
			}
			if src := p.eval(`document.getElementById("print-frame").src`); strings.Contains(src, "/pdf") || strings.HasPrefix(src, "blob:") {
				t.Errorf("the print frame loaded %q", src)
			}
			p.shot("kiosk-print-failed-" + tc.name)
			p.until(`(document.getElementById("ticket").click(), document.body.dataset.screen === "start")`)
		})
	}
}
