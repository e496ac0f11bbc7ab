package kiosk_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xephang/internal/e2e"
	"xephang/internal/testutil"
	"xephang/queue"
)

// The kiosk page in a real Chromium. XEPHANG_SHOTS=dir keeps screenshots
// of each screen for a person to look at.

type kioskPage struct {
	t   *testing.T
	app *e2e.App
	ctx context.Context
	w   int
}

func openKiosk(t *testing.T, app *e2e.App, w, h int, screen string) *kioskPage {
	t.Helper()
	p := &kioskPage{t: t, app: app, ctx: e2e.Browser(t, w, h), w: w}
	if err := chromedp.Do(p.ctx, chromedp.Navigate(app.URL+"/kiosk")); err != nil {
		t.Fatal(err)
	}
	p.waitScreen(screen)
	return p
}

// do runs actions, failing the test on error.
func (p *kioskPage) do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.t.Fatal(err)
	}
}

// until polls the JavaScript predicate until it is true.
func (p *kioskPage) until(js string) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		p.t.Fatalf("waiting for %s: %v", js, err)
	}
}

func (p *kioskPage) eval(js string) string {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		p.t.Fatalf("%s: %v", js, err)
	}
	return v
}

func (p *kioskPage) text(sel string) string {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(v)
}

func (p *kioskPage) waitScreen(screen string) {
	p.t.Helper()
	p.until(`document.body.dataset.screen === "` + screen + `"`)
}

// shot keeps a screenshot when XEPHANG_SHOTS names a directory.
func (p *kioskPage) shot(name string) {
	p.t.Helper()
	dir := os.Getenv("XEPHANG_SHOTS")
	if dir == "" {
		return
	}
	img, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), img, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

func service(id string) string { return `button.service[data-service="` + id + `"]` }

// tickets returns the tickets of the app's day.
func tickets(t *testing.T, app *e2e.App) []queue.Ticket {
	t.Helper()
	day := queue.DateOf(app.Clock.Now(), testutil.Zone)
	var out []queue.Ticket
	err := app.Store.ForEachTicket(context.Background(), day, day, func(tk *queue.Ticket) error {
		out = append(out, *tk)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestKioskTakeTicket(t *testing.T) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"landscape", 1920, 1080}, {"portrait", 1080, 1920}} {
		t.Run(size.name, func(t *testing.T) {
			app := e2e.NewApp(t, e2e.Options{})
			api := app.Client()
			api.Issue(t, "tu-phap-ho-tich", false) // one ahead
			p := openKiosk(t, app, size.w, size.h, "start")
			p.until(`document.querySelectorAll("button.service").length === 8`)
			if got := p.text(service("tu-phap-ho-tich") + " .s-wait"); got != "Đang chờ: 1" {
				t.Errorf("waiting = %q, want %q", got, "Đang chờ: 1")
			}
			// No counter is open yet: no wait is promised.
			if got := p.text(service("tu-phap-ho-tich") + " .s-eta"); got != "Quầy chưa mở" {
				t.Errorf("wait before any counter opens = %q, want %q", got, "Quầy chưa mở")
			}
			p.shot("kiosk-start-" + size.name)

			p.do(chromedp.Click(chromedp.CSS(service("tu-phap-ho-tich"))))
			p.waitScreen("ticket")
			if got := p.text("#t-number"); got != "A002" {
				t.Errorf("number shown = %q, want A002", got)
			}
			if got := p.text("#t-service"); got != "Tư pháp – Hộ tịch" {
				t.Errorf("service shown = %q", got)
			}
			if got := p.text("#t-ahead"); got != "Số người đang chờ trước: 1" {
				t.Errorf("ahead shown = %q", got)
			}
			if got := p.text("#t-eta"); got != "Quầy chưa mở, Ông/Bà vui lòng chờ" {
				t.Errorf("wait shown = %q, want the no-counter line", got)
			}
			if got := len(tickets(t, app)); got != 2 {
				t.Errorf("%d tickets in the store, want 2", got)
			}
			// The QR code shows, and the PDF loads in the hidden frame and
			// is sent to print, with nothing blocked by the CSP. (Headless
			// Chromium has no printer: print() there takes the frame's PDF
			// viewer down. Headful Chromium --kiosk --kiosk-printing prints
			// it silently, at 80 mm: checked under Xvfb with cups-pdf as the
			// CUPS default, as the README's Kiosk PC section describes.)
			p.until(`document.getElementById("t-qr").complete && document.getElementById("t-qr").naturalWidth > 0`)
			p.until(`document.getElementById("print-frame").dataset.state === "printed"`)
			if v := p.eval(`document.body.dataset.cspViolations || "0"`); v != "0" {
				t.Errorf("%s CSP violations", v)
			}
			p.shot("kiosk-ticket-" + size.name)

			// A tap goes back to the start (taps in the first second are
			// ignored: they are the rest of a double tap).
			p.until(`(document.getElementById("ticket").click(), document.body.dataset.screen === "start")`)
		})
	}
}

func TestKioskDoubleTap(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	p := openKiosk(t, app, 1920, 1080, "start")
	p.until(`!!document.querySelector('` + service("chung-thuc") + `')`)
	// A real double tap, then a burst of synthetic clicks in one task.
	p.do(chromedp.DoubleClick(chromedp.CSS(service("chung-thuc"))))
	p.waitScreen("ticket")
	if got := len(tickets(t, app)); got != 1 {
		t.Fatalf("a double tap issued %d tickets", got)
	}
	p.until(`(document.getElementById("ticket").click(), document.body.dataset.screen === "start")`)
	// Bursts of three clicks in one task until one gets through the guard
	// that follows the ticket screen: the first click of it takes the lock.
	p.until(`(() => {
		const b = document.querySelector('` + service("dat-dai") + `');
		b.click(); b.click(); b.click();
		return document.body.classList.contains("busy") || document.body.dataset.screen === "ticket";
	})()`)
	p.waitScreen("ticket")
	ts := tickets(t, app)
	if len(ts) != 2 {
		t.Fatalf("three quick clicks: %d tickets in all, want 2", len(ts))
	}
	if got := p.text("#t-number"); got != "C001" {
		t.Errorf("number shown = %q, want C001", got)
	}
}

// TestKioskCounterOpens: the wait on a service's button follows the
// counters live, from "no counter open" to minutes when one opens.
func TestKioskCounterOpens(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	app.Client().Issue(t, "dat-dai", false)
	p := openKiosk(t, app, 1080, 1920, "start")
	eta := `document.querySelector('` + service("dat-dai") + ` .s-eta').textContent`
	p.until(eta + ` === "Quầy chưa mở"`)
	app.Officer(t).MustJSON(t, "POST", "/api/v1/counters/quay-2/open", nil, 200, nil)
	p.until(eta + ` === "Chờ khoảng 5 phút"`)
	p.do(chromedp.Click(chromedp.CSS(service("dat-dai"))))
	p.waitScreen("ticket")
	if got := p.text("#t-eta"); got != "Thời gian chờ dự kiến: khoảng 5 phút" {
		t.Errorf("wait shown = %q, want 5 minutes behind one ticket at one counter", got)
	}
}

func TestKioskClosed(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	app.Clock.Set(testutil.At(2026, 3, 2, 20, 0)) // Monday evening
	for _, size := range []struct {
		name string
		w, h int
	}{{"landscape", 1920, 1080}, {"portrait", 1080, 1920}} {
		p := openKiosk(t, app, size.w, size.h, "closed")
		if got := p.text(".k-closed-title"); got != "Ngoài giờ cấp số" {
			t.Errorf("closed title = %q", got)
		}
		next := p.text("#closed-next")
		if !strings.Contains(next, "07:30") || !strings.Contains(next, "03/03/2026") {
			t.Errorf("next opening = %q, want 07:30 on 03/03/2026", next)
		}
		if n := p.eval(`String([...document.querySelectorAll("button.service")].filter((b) => b.offsetParent).length)`); n != "0" {
			t.Errorf("%s service buttons shown outside the hours", n)
		}
		p.shot("kiosk-closed-" + size.name)
	}
}

func TestKioskPriority(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	p := openKiosk(t, app, 1080, 1920, "start")

	// Choosing, then cancelling the confirmation, leaves the ticket normal.
	p.do(chromedp.Click(chromedp.CSS("#prio-open")))
	p.do(chromedp.WaitVisible(chromedp.CSS(`.k-prio-kind[data-kind="pregnant"]`)))
	p.do(chromedp.Click(chromedp.CSS(`.k-prio-kind[data-kind="pregnant"]`)))
	p.do(chromedp.WaitVisible(chromedp.CSS("#confirm-no")))
	p.do(chromedp.Click(chromedp.CSS("#confirm-no")))
	p.do(chromedp.WaitNotVisible(chromedp.CSS("#confirm-dialog")))

	p.do(chromedp.Click(chromedp.CSS("#prio-open")))
	p.do(chromedp.WaitVisible(chromedp.CSS(`.k-prio-kind[data-kind="elderly"]`)))
	p.shot("kiosk-priority-choose")
	p.do(chromedp.Click(chromedp.CSS(`.k-prio-kind[data-kind="elderly"]`)))
	p.do(chromedp.WaitVisible(chromedp.CSS("#confirm-yes")))
	if got := p.text("#confirm-title"); got != "Xác nhận Ông/Bà là: Người cao tuổi?" {
		t.Errorf("confirmation = %q", got)
	}
	p.shot("kiosk-priority-confirm")
	p.do(chromedp.Click(chromedp.CSS("#confirm-yes")))
	p.do(chromedp.WaitVisible(chromedp.CSS("#prio-banner")))
	p.do(chromedp.Click(chromedp.CSS(service("bao-tro-xa-hoi"))))
	p.waitScreen("ticket")
	if got := p.text("#t-priority"); got != "Ưu tiên: Người cao tuổi" {
		t.Errorf("priority shown = %q", got)
	}
	ts := tickets(t, app)
	if len(ts) != 1 || !ts[0].Priority || ts[0].PriorityKind != queue.PriorityElderly || ts[0].Number != "F001" {
		t.Fatalf("tickets = %+v, want one priority (elderly) F001", ts)
	}
	// The priority was for one ticket only.
	p.until(`(document.getElementById("ticket").click(), document.body.dataset.screen === "start")`)
	if !strings.Contains(p.eval(`document.getElementById("prio-banner").className`), "hidden") {
		t.Error("the priority banner stays after the ticket")
	}
}

func TestKioskErrors(t *testing.T) {
	t.Run("CapReached", func(t *testing.T) {
		app := e2e.NewApp(t, e2e.Options{})
		app.Admin(t).MustJSON(t, "PUT", "/api/v1/admin/services/xay-dung", map[string]any{"daily_cap": 1}, 200, nil)
		p := openKiosk(t, app, 1920, 1080, "start")
		p.until(`!!document.querySelector('` + service("xay-dung") + `')`)
		app.Client().Issue(t, "xay-dung", false) // the last one, taken elsewhere
		// The board stream tells the kiosk at once: the button goes grey
		// with the reason, before anyone taps it.
		p.until(`document.querySelector('` + service("xay-dung") + `').disabled`)
		if got := p.text(service("xay-dung") + " .s-reason"); got != "Đã hết số trong hôm nay" {
			t.Errorf("reason = %q", got)
		}
		p.shot("kiosk-cap-reached")
	})

	t.Run("ClosedAfterLoad", func(t *testing.T) {
		// The kiosk still shows the buttons when the hours end between two
		// refreshes: the tap gets 409 closed, shown in plain words.
		app := e2e.NewApp(t, e2e.Options{})
		opened := app.Clock.Now()
		p := openKiosk(t, app, 1920, 1080, "start")
		// A refresh after the hours end shows the closed screen instead,
		// which is right too, but not this case. The board stream's
		// snapshot brings one, so wait until the page has caught up with
		// it. The 15 s poll may still land between the clock and the tap:
		// then open again, wait for the buttons and tap again.
		for attempt := 1; ; attempt++ {
			p.until(`Number(document.body.dataset.seq) >= 0 && document.body.dataset.screen === "start"`)
			app.Clock.Set(testutil.At(2026, 3, 2, 17, 25))
			tapped := p.eval(`(() => {
				const b = document.querySelector('` + service("dat-dai") + `');
				if (document.body.dataset.screen !== "start" || b.disabled) return "refreshed";
				b.click();
				return "tapped";
			})()`)
			if tapped == "tapped" {
				break // the clock was already set: the answer is 409
			}
			if attempt == 3 {
				t.Fatal("a refresh came between the clock and the tap three times")
			}
			t.Logf("attempt %d: the kiosk refreshed before the tap; again", attempt)
			app.Clock.Set(opened)
		}
		p.do(chromedp.WaitVisible(chromedp.CSS("#error")))
		if msg := p.text("#error-text"); !strings.Contains(msg, "Ngoài giờ cấp số") || !strings.Contains(msg, "07:30 03/03/2026") {
			t.Errorf("closed error says %q", msg)
		}
		if n := len(tickets(t, app)); n != 0 {
			t.Errorf("%d tickets issued after the hours", n)
		}
	})

	t.Run("Unreachable", func(t *testing.T) {
		app := e2e.NewApp(t, e2e.Options{})
		p := openKiosk(t, app, 1920, 1080, "start")
		p.until(`!!document.querySelector('` + service("dat-dai") + `')`)
		app.HTTP.Close()
		p.do(chromedp.Click(chromedp.CSS(service("dat-dai"))))
		p.do(chromedp.WaitVisible(chromedp.CSS("#error")))
		if msg := p.text("#error-text"); !strings.HasPrefix(msg, "Mất kết nối") {
			t.Errorf("error says %q", msg)
		}
		p.do(chromedp.WaitVisible(chromedp.CSS("#offline")))
		if p.eval(`document.body.dataset.screen`) != "start" {
			t.Error("left the start screen")
		}
		p.shot("kiosk-unreachable")
	})
}

func TestKioskEnglish(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	p := openKiosk(t, app, 1920, 1080, "start")
	p.do(chromedp.Click(chromedp.CSS("#lang")))
	p.until(`document.querySelector(".k-title").textContent.startsWith("Touch the service")`)
	if got := p.text(service("tu-phap-ho-tich") + " .s-wait"); got != "Waiting: 0" {
		t.Errorf("waiting = %q", got)
	}
	p.do(chromedp.Click(chromedp.CSS("#lang")))
	p.until(`document.querySelector(".k-title").textContent.startsWith("Chạm vào lĩnh vực")`)
}

// TestKioskLongName: one service name of 120 characters without a space
// wraps inside its button: every service button stays wholly on the
// screen, at the size of a kiosk screen either way.
func TestKioskLongName(t *testing.T) {
	long := ""
	for len([]rune(long)) < 120 {
		long += "Thủtụchànhchính"
	}
	long = string([]rune(long)[:120])
	for _, size := range []struct {
		name string
		w, h int
	}{{"landscape", 1920, 1080}, {"portrait", 1080, 1920}} {
		t.Run(size.name, func(t *testing.T) {
			app := e2e.NewApp(t, e2e.Options{})
			app.Admin(t).MustJSON(t, "PUT", "/api/v1/admin/services/chung-thuc", map[string]string{"name": long}, 200, nil)
			p := openKiosk(t, app, size.w, size.h, "start")
			p.until(`document.querySelectorAll("button.service").length === 8`)
			out := p.eval(`(() => {
				const bad = [];
				for (const b of document.querySelectorAll("button.service")) {
					const r = b.getBoundingClientRect();
					if (r.left < 0 || r.top < 0 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5 || r.width < 150)
						bad.push(b.dataset.service + " " + JSON.stringify(r));
				}
				if (document.documentElement.scrollWidth > innerWidth) bad.push("page scrolls sideways: " + document.documentElement.scrollWidth);
				return bad.join("; ");
			})()`)
			if out != "" {
				t.Errorf("service buttons off the screen: %s", out)
			}
			p.shot("kiosk-long-name-" + size.name)
		})
	}
}
