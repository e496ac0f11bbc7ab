package report_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xephang/internal/demo"
	"xephang/internal/e2e"
	"xephang/internal/testutil"
	"xephang/report"
)

// TestReportSection mounts report.js as the admin page will: on an
// existing page (/he-thong), signed in as the admin, an empty element
// gets mountReports through a dynamic import. The section loads the
// campaign by default, shows the figures, the chart and the tables, and
// reloads for another range. With $XEPHANG_SHOTS set it leaves a
// screenshot there.
func TestReportSection(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{Now: testutil.At(2026, 3, 24, 9, 0)})
	list := demo.Busy(testutil.At(2026, 2, 23, 0, 0), 21, 60, 3)
	if err := app.Store.ImportTickets(context.Background(), list); err != nil {
		t.Fatal(err)
	}
	want, err := report.Compute(context.Background(), app.Store, "2026-02-23", "2026-03-23")
	if err != nil {
		t.Fatal(err)
	}
	ctx := e2e.Browser(t, 1400, 1000)
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/he-thong"), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	login := fmt.Sprintf(`fetch('/api/v1/auth/login', {method: 'POST', headers: {'Content-Type': 'application/json'},
		body: JSON.stringify({username: %q, password: %q})}).then((r) => r.status)`, e2e.AdminUser, e2e.AdminPassword)
	status, err := chromedp.Run(ctx, chromedp.Evaluate[int](login, chromedp.EvalAwaitPromise))
	if err != nil || status != 200 {
		t.Fatalf("sign in from the page: %d %v", status, err)
	}
	mount := `(async () => {
		document.querySelector('main').remove();
		const el = document.createElement('section');
		el.id = 'reports';
		el.style.maxWidth = '1280px';
		el.style.margin = '24px auto';
		el.style.padding = '0 16px';
		document.body.append(el);
		const m = await import('/static/report.js');
		m.mountReports(el);
		return typeof m.mountReports;
	})()`
	if kind, err := chromedp.Run(ctx, chromedp.Evaluate[string](mount, chromedp.EvalAwaitPromise)); err != nil || kind != "function" {
		t.Fatalf("mount: %q %v", kind, err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(".rp-table tbody tr"))); err != nil {
		t.Fatal(err)
	}

	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return s
	}
	eval := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return s
	}
	vi := func(n int) string { return strings.ReplaceAll(fmt.Sprintf("%d", n), ",", "") }
	if got := eval(`document.querySelector('#rp-from').value + ' ' + document.querySelector('#rp-to').value`); got != "23/02/2026 23/03/2026" {
		t.Errorf("default range %q, want the campaign", got)
	}
	if got := text(`.rp-status`); !regexp.MustCompile(`lập lúc \d{2}:\d{2} \d{2}/\d{2}/\d{4}$`).MatchString(got) {
		t.Errorf("status %q, want it made at hh:mm dd/mm/yyyy", got)
	}
	issued := strings.ReplaceAll(text(`[data-card="issued"] .rp-card-value`), ".", "")
	if issued != vi(want.Summary.Total.Issued) {
		t.Errorf("issued card %q, want %d", issued, want.Summary.Total.Issued)
	}
	if got := text(`.rp-text`); got != want.Text {
		t.Errorf("summary text %q, want %q", got, want.Text)
	}
	if got := eval(`String(document.querySelectorAll('.rp-chart rect.rp-bar-issued').length)`); got != vi(len(want.ExtendedByDay)) {
		t.Errorf("%s bars, want %d", got, len(want.ExtendedByDay))
	}
	if got := eval(`document.querySelector('.rp-dl-pdf').getAttribute('href')`); got != "/api/v1/reports?from=2026-02-23&to=2026-03-23&format=pdf" {
		t.Errorf("pdf link %q", got)
	}
	// The summary tab: total, regular hours, extended, procedures, online.
	if got := eval(`String(document.querySelectorAll('.rp-table tbody tr').length)`); got != "7" {
		t.Errorf("summary rows %s, want 7", got)
	}

	// The PDF link downloads from the page's session.
	pdf := eval(`(() => { const x = new XMLHttpRequest(); x.open('GET', document.querySelector('.rp-dl-pdf').href, false);
		x.send(); return x.status + ' ' + x.getResponseHeader('Content-Type'); })()`)
	if pdf != "200 application/pdf" {
		t.Errorf("pdf download: %q", pdf)
	}

	// Another tab, and another range.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.rp-tab[data-tab="by_day"]`))); err != nil {
		t.Fatal(err)
	}
	if got := eval(`String(document.querySelectorAll('.rp-table tbody tr.rp-ext').length)`); got != vi(len(want.ByDay)) {
		t.Errorf("by day: %s extended rows, want %d", got, len(want.ByDay))
	}
	shot(t, ctx, "report-section.png")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.rp-tab[data-tab="satisfaction"]`))); err != nil {
		t.Fatal(err)
	}
	if got := text(`.rp-sat tbody tr:first-child`); !strings.Contains(got, "Rất hài lòng") {
		t.Errorf("satisfaction first row %q", got)
	}
	shot(t, ctx, "report-satisfaction.png")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.rp-tab[data-tab="by_day"]`))); err != nil {
		t.Fatal(err)
	}
	setRange := `(() => { document.querySelector('#rp-from').value = '2/3/2026'; document.querySelector('#rp-to').value = '06/03/2026';
		document.querySelector('.rp-view').click(); return 'ok'; })()`
	eval(setRange)
	poll := `document.querySelector('.rp-dl-csv') && document.querySelector('.rp-dl-csv').getAttribute('href').includes('2026-03-06')`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](poll, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("range not reloaded: %v", err)
	}
	if got := eval(`String(document.querySelectorAll('.rp-table tbody tr:not(.rp-ext):not(.rp-total)').length)`); got != "5" {
		t.Errorf("one week by day: %s rows, want 5", got)
	}

	// A bad range shows the server's message and marks the field.
	eval(`(() => { document.querySelector('#rp-from').value = '2026-03-10'; document.querySelector('#rp-to').value = '2026-03-01';
		document.querySelector('.rp-view').click(); return 'ok'; })()`)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.querySelector('.rp-error').classList.contains('hidden')`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("no error shown: %v", err)
	}
	if msg := text(`.rp-error`); !strings.Contains(msg, "Ngày kết thúc (to)") {
		t.Errorf("error %q", msg)
	}
	if got := eval(`document.querySelector('#rp-to').getAttribute('aria-invalid')`); got != "true" {
		t.Errorf("to field not marked: %q", got)
	}

	// A date that does not exist is caught on the page, in the center's
	// day/month/year order whatever the browser's locale.
	eval(`(() => { document.querySelector('#rp-from').value = '31/02/2026'; document.querySelector('#rp-to').value = '06/03/2026';
		document.querySelector('.rp-view').click(); return 'ok'; })()`)
	if msg := text(`.rp-error`); !strings.Contains(msg, "ngày/tháng/năm") {
		t.Errorf("bad date error %q", msg)
	}
	if got := eval(`(document.querySelector('#rp-from').getAttribute('aria-invalid') || '') + ' ' + (document.querySelector('#rp-to').getAttribute('aria-invalid') || 'ok')`); got != "true ok" {
		t.Errorf("fields marked %q, want from only", got)
	}
}

// shot saves a full-page screenshot to $XEPHANG_SHOTS, when set.
func shot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("XEPHANG_SHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot: %v", err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Error(err)
	}
}
