package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xephang/internal/e2e"
	"xephang/internal/testutil"
)

// publicState describes the page for a failure message.
const publicState = `JSON.stringify({title: document.querySelector('#now-title').textContent,
  detail: document.querySelector('#now-detail').textContent, total: document.querySelector('#total').textContent,
  live: document.querySelector('#live-text').textContent, fetches: window.xephangStatusFetches})`

func waitPublic(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if _, err := chromedp.Run(sctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](publicState))
		t.Fatalf("waiting for %s: %v; page shows %s", what, err, state)
	}
}

func jsBool(t *testing.T, ctx context.Context, js string) bool {
	t.Helper()
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return ok
}

const datDaiCount = `document.querySelector('#services li[data-service="dat-dai"] .n').textContent`

// TestPublicPageOnPhone opens / on a phone-sized Chromium: the page shows
// that the center is open, the people waiting per service, and follows a
// new ticket without a reload.
func TestPublicPageOnPhone(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{}) // a campaign Monday, 09:00
	c := app.Client()
	c.Issue(t, "dat-dai", false)
	c.Issue(t, "dat-dai", false)

	ctx := e2e.Browser(t, 390, 844)
	e2e.WatchConsole(t, ctx)
	e2e.Run(t, ctx, chromedp.Navigate(app.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#services li")))
	waitPublic(t, ctx, "the waiting count and a live stream",
		datDaiCount+` === "2" && document.querySelector('#total').textContent === "2" && !document.querySelector('#live').classList.contains('down')`)
	if got := e2e.Text(t, ctx, "#now-title"); got != "Đang mở cửa" {
		t.Errorf("now: %q, want Đang mở cửa", got)
	}
	if got := e2e.Text(t, ctx, "#now-detail"); !strings.Contains(got, "11:30") {
		t.Errorf("now detail %q, want the end of the morning", got)
	}
	if got := e2e.Text(t, ctx, "#today"); !strings.Contains(got, "Giờ thứ 9") || !strings.Contains(got, "16:30 – 17:30") {
		t.Errorf("today %q, want the extended hour", got)
	}
	if !jsBool(t, ctx, `!!document.querySelector('#today li.extended')`) {
		t.Error("the extended session is not highlighted")
	}
	if got := e2e.Text(t, ctx, "#campaign"); !strings.Contains(got, "23/02/2026") || !strings.Contains(got, "23/03/2026") {
		t.Errorf("campaign %q, want its dates", got)
	}
	if jsBool(t, ctx, `document.documentElement.scrollWidth > window.innerWidth`) {
		t.Error("the page scrolls sideways at 390 px")
	}

	// A new ticket at the kiosk reaches the open page through the stream.
	e2e.Run(t, ctx, chromedp.Evaluate[chromedp.Void](`window.sameDocument = true`))
	c.Issue(t, "dat-dai", false)
	waitPublic(t, ctx, "the new ticket", datDaiCount+` === "3" && document.querySelector('#total').textContent === "3"`)
	if !jsBool(t, ctx, `window.sameDocument === true`) {
		t.Error("the page reloaded to show the ticket")
	}

	// No counter serving it is open: no wait is promised until one opens.
	const datDaiETA = `document.querySelector('#services li[data-service="dat-dai"] .eta').textContent`
	waitPublic(t, ctx, "no counter open", datDaiETA+` === "Quầy chưa mở"`)
	app.Officer(t).MustJSON(t, "POST", "/api/v1/counters/quay-2/open", nil, 200, nil)
	waitPublic(t, ctx, "the wait at one open counter", datDaiETA+` === "Chờ khoảng 15 phút"`)

	// English, then back.
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS("#lang")))
	if got := e2e.Text(t, ctx, "#now-title"); got != "Open now" {
		t.Errorf("English now: %q", got)
	}
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS("#lang")))
}

// TestPublicPageScreenshots saves, with XEPHANG_SCREENSHOTS=dir, the page
// at phone and desktop sizes in the morning, in the extra hour and closed,
// and checks what each shows.
func TestPublicPageScreenshots(t *testing.T) {
	dir := os.Getenv("XEPHANG_SCREENSHOTS")
	if dir == "" && testing.Short() {
		t.Skip("short")
	}
	app := e2e.NewApp(t, e2e.Options{})
	officer := app.Officer(t)
	officer.MustJSON(t, "POST", "/api/v1/counters/quay-1/open", nil, 200, nil)
	app.Admin(t).MustJSON(t, "PUT", "/api/v1/admin/settings", map[string]any{
		"phone": "0237 3 868 999", "map_url": "https://maps.example.vn/luan-thanh",
	}, 200, nil)
	c := app.Client()
	for i, s := range []string{"tu-phap-ho-tich", "dat-dai", "dat-dai", "chung-thuc", "tu-phap-ho-tich", "dat-dai"} {
		c.Issue(t, s, i == 3)
	}
	ctx := e2e.Browser(t, 390, 844)
	e2e.WatchConsole(t, ctx)
	for _, tc := range []struct {
		name  string
		at    time.Time
		title string
		want  string // in #now-detail or the session badge
	}{
		{"morning", testutil.At(2026, 3, 2, 9, 0), "Đang mở cửa", "11:30"},
		{"gio-thu-9", testutil.At(2026, 3, 2, 16, 45), "Đang mở cửa", "17:30"},
		{"closed", testutil.At(2026, 3, 2, 20, 0), "Đang đóng cửa", "07:30 ngày mai"},
	} {
		app.Clock.Set(tc.at)
		for _, size := range [][2]int64{{390, 844}, {1920, 1080}} {
			e2e.Run(t, ctx, chromedp.EmulateViewport(size[0], size[1]), chromedp.Navigate(app.URL+"/"),
				chromedp.WaitVisible(chromedp.CSS("#services li")))
			waitPublic(t, ctx, tc.name, `document.querySelector('#now-title').textContent === `+fmt.Sprintf("%q", tc.title)+
				` && !document.querySelector('#live').classList.contains('down')`)
			if got := e2e.Text(t, ctx, "#now"); !strings.Contains(got, tc.want) {
				t.Errorf("%s: now %q, want %q", tc.name, got, tc.want)
			}
			if tc.name == "gio-thu-9" && !jsBool(t, ctx, `document.querySelector('#now').classList.contains('extended') && document.querySelector('#now-session').textContent.includes('Giờ thứ 9')`) {
				t.Errorf("%s: the extended session is not shown as such", tc.name)
			}
			if dir == "" {
				continue
			}
			name := fmt.Sprintf("public-%s-%dx%d", tc.name, size[0], size[1])
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
			if size[0] == 390 {
				full, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(filepath.Join(dir, name+"-full.png"), full, 0o644)
			}
		}
	}
}
