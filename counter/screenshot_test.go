package counter_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xephang/internal/e2e"
	"xephang/internal/testutil"
)

// TestScreenshots saves what officers and citizens see, for a person to
// look at: XEPHANG_SCREENSHOTS=dir go test -run TestScreenshots ./counter/
// The console at 1920×1080 and 1366×768 in the middle of a morning; the
// tablet idle, with the faces, the reasons and the thanks, landscape
// 1280×800 and portrait 800×1280; the phone's rating at 390×844.
func TestScreenshots(t *testing.T) {
	if os.Getenv("XEPHANG_SCREENSHOTS") == "" {
		t.Skip("set XEPHANG_SCREENSHOTS=dir to save the screenshots")
	}
	app := e2e.NewApp(t, e2e.Options{Now: testutil.At(2026, 3, 2, 8, 0)})
	off, kiosk := app.Officer(t), app.Client()
	issue := func(service, kind string) e2e.Ticket {
		var tk e2e.Ticket
		body := map[string]any{"service_id": service}
		if kind != "" {
			body["priority_kind"] = kind
		}
		kiosk.MustJSON(t, "POST", "/api/v1/tickets", body, 201, &tk)
		app.Clock.Add(2 * time.Minute)
		return tk
	}
	// A morning at counter 1: six served, two no-shows, then a queue with
	// priority tickets, and one ticket called.
	for i := range 6 {
		issue([]string{"tu-phap-ho-tich", "chung-thuc", "tra-ket-qua"}[i%3], "")
		off.Act(t, "quay-1", "next")
		app.Clock.Add(time.Duration(3+i) * time.Minute)
		off.Act(t, "quay-1", "done")
	}
	for range 2 {
		issue("chung-thuc", "")
		off.Act(t, "quay-1", "next")
		app.Clock.Add(2 * time.Minute)
		off.Act(t, "quay-1", "noshow")
	}
	services := []string{"tu-phap-ho-tich", "chung-thuc", "tra-ket-qua", "tu-phap-ho-tich", "dat-dai"}
	kinds := map[int]string{3: "elderly", 7: "pregnant", 12: "merit"}
	for i := range 26 {
		issue(services[i%len(services)], kinds[i])
	}
	off.Act(t, "quay-1", "next")
	app.Clock.Add(3*time.Minute + 25*time.Second)
	off.Act(t, "quay-1", "start")

	ctx := e2e.Browser(t, 1920, 1080)
	e2e.WatchConsole(t, ctx, "status of 401", "status of 404") // before sign-in; no Z9 today
	shot := shooter(t, ctx)
	e2e.Run(t, ctx, chromedp.Navigate(app.URL+"/counter"), chromedp.WaitVisible(chromedp.CSS("#login-form")))
	shot("counter-01-login-1920x1080")
	signIn(t, ctx)
	e2e.Run(t, ctx, chromedp.WaitVisible(chromedp.CSS(`#pick-list button[data-counter="quay-1"]`)))
	shot("counter-02-pick-1920x1080")
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS(`#pick-list button[data-counter="quay-1"]`)))
	e2e.WaitJS(t, ctx, "the console", `document.querySelector('#current').dataset.status === 'serving'
	  && document.querySelectorAll('#waiting tr[data-number]').length > 0`, 5*time.Second, consoleState)
	shot("counter-03-serving-1920x1080")
	e2e.Run(t, ctx, chromedp.KeyEvent("h"))
	e2e.WaitJS(t, ctx, "the next called", `document.querySelector('#current').dataset.status === 'called' && document.body.dataset.busy === ''`, 5*time.Second, consoleState)
	shot("counter-04-called-1920x1080")
	e2e.Run(t, ctx, chromedp.EmulateViewport(1366, 768))
	shot("counter-05-called-1366x768")
	e2e.Run(t, ctx, chromedp.KeyEvent("t"), chromedp.WaitVisible(chromedp.CSS(`#transfer-dialog[open]`)))
	shot("counter-06-transfer-1366x768")
	e2e.Run(t, ctx, chromedp.KeyEvent("\x1b"), chromedp.WaitNotVisible(chromedp.CSS(`#transfer-dialog`)))
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS("#lang")))
	shot("counter-07-english-1366x768")
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS("#lang")), chromedp.EmulateViewport(1920, 1080))
	e2e.Run(t, ctx, chromedp.KeyEvent("v"))
	e2e.WaitJS(t, ctx, "free", `document.querySelector('#current').dataset.status === 'none' && document.body.dataset.busy === ''`, 5*time.Second, consoleState)
	e2e.Run(t, ctx, chromedp.KeyEvent("g"), chromedp.WaitVisible(chromedp.CSS(`#call-dialog[open]`)),
		chromedp.SendKeys(chromedp.CSS("#call-number"), "Z9\r"), chromedp.WaitVisible(chromedp.CSS("#call-error")))
	shot("counter-08-call-number-error-1920x1080")

	// The tablet of counter 1.
	tab := e2e.Browser(t, 1280, 800)
	e2e.WatchConsole(t, tab, "status of 401", "status of 409") // before sign-in; too late
	tshot := shooter(t, tab)
	e2e.Run(t, tab, chromedp.Navigate(app.URL+"/rate?counter=1"), chromedp.WaitVisible(chromedp.CSS("#login-form")))
	tshot("rate-01-login-1280x800")
	signIn(t, tab)
	off.Act(t, "quay-1", "next")
	e2e.WaitJS(t, tab, "idle", `document.body.dataset.screen === 'idle' && document.querySelector('#idle-number').textContent !== ''`, 5*time.Second, rateState)
	tshot("rate-02-idle-1280x800")
	for _, size := range [][2]int64{{1280, 800}, {800, 1280}} {
		name := fmt.Sprintf("%dx%d", size[0], size[1])
		e2e.Run(t, tab, chromedp.EmulateViewport(size[0], size[1]))
		if size[0] == 800 {
			e2e.WaitJS(t, tab, "idle with a number", `document.body.dataset.screen === 'idle' && document.querySelector('#idle-number').textContent !== ''`,
				5*time.Second, rateState)
			tshot("rate-02-idle-" + name)
		}
		app.Clock.Add(4 * time.Minute)
		off.Act(t, "quay-1", "done")
		e2e.WaitJS(t, tab, "the faces", `document.body.dataset.screen === 'rate'`, 5*time.Second, rateState)
		tshot("rate-03-faces-" + name)
		e2e.Run(t, tab, chromedp.Click(chromedp.CSS(`#rate-widget button.level[data-rating="2"]`)),
			chromedp.Click(chromedp.CSS(`#rate-widget button.reason[data-reason="thoi_gian_cho"]`)),
			chromedp.SendKeys(chromedp.CSS("#rating-comment"), "Chờ lâu vì chỉ có một quầy chứng thực."))
		tshot("rate-04-reasons-" + name)
		e2e.Run(t, tab, chromedp.Click(chromedp.CSS(`#rate-widget button.send`)))
		e2e.WaitJS(t, tab, "thanks", `document.body.dataset.screen === 'thanks'`, 5*time.Second, rateState)
		tshot("rate-05-thanks-" + name)
		e2e.Run(t, tab, chromedp.Click(chromedp.CSS(`#thanks-view`)))
		off.Act(t, "quay-1", "next")
	}

	// Too late on the tablet: the notice, in plain words.
	off.Act(t, "quay-1", "done")
	e2e.WaitJS(t, tab, "the faces", `document.body.dataset.screen === 'rate'`, 5*time.Second, rateState)
	e2e.Run(t, tab, chromedp.Click(chromedp.CSS(`#rate-widget button.level[data-rating="1"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#rate-widget button.send`)))
	app.Clock.Add(11 * time.Minute)
	e2e.Run(t, tab, chromedp.Click(chromedp.CSS(`#rate-widget button.send`)))
	e2e.WaitJS(t, tab, "the notice", `document.body.dataset.screen === 'notice'`, 5*time.Second, rateState)
	tshot("rate-06-too-late-800x1280")
	off.Act(t, "quay-1", "next")

	// The phone of a citizen just served.
	var ticket e2e.Ticket
	var d struct {
		Current e2e.Ticket `json:"current"`
	}
	off.MustJSON(t, "GET", "/api/v1/counters/quay-1", nil, 200, &d)
	ticket = d.Current
	off.Act(t, "quay-1", "done")
	phone := e2e.Browser(t, 390, 844)
	e2e.WatchConsole(t, phone)
	pshot := shooter(t, phone)
	e2e.Run(t, phone, chromedp.Navigate(app.URL+"/t/"+ticket.Token))
	e2e.WaitJS(t, phone, "offer", `document.querySelector('#rating').dataset.mode === 'offer'`, 5*time.Second, `document.body.innerText`)
	e2e.Run(t, phone, chromedp.Evaluate[chromedp.Void](`document.querySelector('#rating').scrollIntoView()`))
	pshot("track-01-offer-390x844")
	e2e.Run(t, phone, chromedp.Click(chromedp.CSS(`#rating button.level[data-rating="1"]`)),
		chromedp.Click(chromedp.CSS(`#rating button.reason[data-reason="huong_dan_chua_ro"]`)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#rating').scrollIntoView()`))
	pshot("track-02-reasons-390x844")
	e2e.Run(t, phone, chromedp.Click(chromedp.CSS(`#rating button.send`)))
	e2e.WaitJS(t, phone, "thanks", `document.querySelector('#rating').dataset.mode === 'thanks'`, 5*time.Second, `document.body.innerText`)
	e2e.Run(t, phone, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	pshot("track-03-thanks-390x844")
}
