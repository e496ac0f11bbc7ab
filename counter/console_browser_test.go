package counter_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xephang/internal/e2e"
)

// consoleState is what a failing wait prints of the console.
const consoleState = `JSON.stringify({view: document.body.dataset.view, busy: document.body.dataset.busy,
  current: document.querySelector('#current').dataset.number, status: document.querySelector('#current').dataset.status,
  msg: document.querySelector('#msg').textContent, login: document.querySelector('#login-msg').textContent,
  enabled: [...document.querySelectorAll('#actions button:not(:disabled)')].map(b => b.dataset.act),
  log: window.xephangConsole})`

func currentIs(number, status string) string {
	return fmt.Sprintf(`document.body.dataset.view === 'console' && document.querySelector('#current').dataset.number === %q
	  && document.querySelector('#current').dataset.status === %q && document.body.dataset.busy === ''`, number, status)
}

// TestConsoleCallsWithMouseAndKeys: an officer signs in on /counter,
// picks and opens counter 1; "Gọi số tiếp theo" calls the oldest ticket and
// the board stream announces it; the keys on the buttons work; only the
// actions the ticket allows are enabled; a double click calls one ticket.
func TestConsoleCallsWithMouseAndKeys(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	kiosk := app.Client()
	a1 := kiosk.Issue(t, "tu-phap-ho-tich", false)
	app.Clock.Add(time.Minute)
	b1 := kiosk.Issue(t, "chung-thuc", false)
	app.Clock.Add(time.Minute)
	a2 := kiosk.Issue(t, "tu-phap-ho-tich", false)
	a3 := kiosk.Issue(t, "tu-phap-ho-tich", false)
	a4 := kiosk.Issue(t, "tu-phap-ho-tich", false)
	kiosk.Issue(t, "dat-dai", false) // not for counter 1
	calls := boardStream(t, app)

	ctx := e2e.Browser(t, 1920, 1080)
	e2e.WatchConsole(t, ctx, "status of 401", "status of 404") // /api/v1/me before signing in; no A099 today
	e2e.Run(t, ctx, chromedp.Navigate(app.URL+"/counter"))
	signIn(t, ctx)
	e2e.Run(t, ctx,
		chromedp.WaitVisible(chromedp.CSS(`#pick-list button[data-counter="quay-1"]`)),
		chromedp.Click(chromedp.CSS(`#pick-list button[data-counter="quay-1"]`)),
	)
	e2e.WaitJS(t, ctx, "counter 1 open, nobody called", currentIs("", "none")+
		` && !document.querySelector('#actions [data-act="next"]').disabled`, 5*time.Second, consoleState)
	var enabled []string
	e2e.Eval(t, ctx, `[...document.querySelectorAll('#actions button:not(:disabled)')].map(b => b.dataset.act)`, &enabled)
	if fmt.Sprint(enabled) != "[next call]" {
		t.Errorf("enabled with no ticket: %v, want [next call]", enabled)
	}
	var waiting []string
	e2e.Eval(t, ctx, `[...document.querySelectorAll('#waiting tr[data-number]')].map(r => r.dataset.number)`, &waiting)
	if fmt.Sprint(waiting) != fmt.Sprint([]string{a1.Number, b1.Number, a2.Number, a3.Number, a4.Number}) {
		t.Errorf("waiting list %v", waiting)
	}

	// The mouse: the oldest ticket is called, and the board says so.
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS(`#actions [data-act="next"]`)))
	e2e.WaitJS(t, ctx, a1.Number+" called", currentIs(a1.Number, "called"), 5*time.Second, consoleState)
	if m := nextCall(t, calls); m.Call.Number != a1.Number || m.Call.CounterNumber != 1 || m.Call.Recall {
		t.Fatalf("board stream: %+v, want %s at counter 1", *m.Call, a1.Number)
	}
	e2e.Eval(t, ctx, `[...document.querySelectorAll('#actions button:not(:disabled)')].map(b => b.dataset.act)`, &enabled)
	if fmt.Sprint(enabled) != "[donenext recall start done noshow transfer]" {
		t.Errorf("enabled with a called ticket: %v", enabled)
	}

	// The keys: R recalls, S starts, D finishes, Space calls the next.
	e2e.Run(t, ctx, chromedp.KeyEvent("r"))
	if m := nextCall(t, calls); m.Call.Number != a1.Number || !m.Call.Recall {
		t.Fatalf("after R the board got %+v, want a recall of %s", *m.Call, a1.Number)
	}
	e2e.WaitJS(t, ctx, "the recall answered", currentIs(a1.Number, "called"), 5*time.Second, consoleState)
	e2e.Run(t, ctx, chromedp.KeyEvent("s"))
	e2e.WaitJS(t, ctx, a1.Number+" served", currentIs(a1.Number, "serving"), 5*time.Second, consoleState)
	e2e.Eval(t, ctx, `[...document.querySelectorAll('#actions button:not(:disabled)')].map(b => b.dataset.act)`, &enabled)
	if fmt.Sprint(enabled) != "[donenext done transfer]" {
		t.Errorf("enabled while serving: %v", enabled)
	}
	e2e.Run(t, ctx, chromedp.KeyEvent("n")) // not allowed while serving: nothing happens
	e2e.Run(t, ctx, chromedp.KeyEvent("d"))
	e2e.WaitJS(t, ctx, a1.Number+" done", currentIs("", "none")+` && document.querySelector('#today-served b').textContent === '1'`,
		5*time.Second, consoleState)
	// Space calls the next even when a button has the focus, and does
	// not press that button too.
	e2e.Run(t, ctx, chromedp.Focus(chromedp.CSS(`#actions [data-act="call"]`)), chromedp.KeyEvent(" "))
	e2e.WaitJS(t, ctx, b1.Number+" called by Space", currentIs(b1.Number, "called"), 5*time.Second, consoleState)
	if m := nextCall(t, calls); m.Call.Number != b1.Number {
		t.Fatalf("board stream: %+v, want %s", *m.Call, b1.Number)
	}
	var dialogOpen bool
	e2e.Eval(t, ctx, `document.querySelector('#call-dialog').open`, &dialogOpen)
	if dialogOpen {
		t.Fatal("Space on the focused “Gọi số…” button opened its dialog as well")
	}
	e2e.Run(t, ctx, chromedp.KeyEvent("h"))
	e2e.WaitJS(t, ctx, "done and next: "+a2.Number, currentIs(a2.Number, "called"), 5*time.Second, consoleState)
	var listed bool // from the action's answer on, not from the next fetch
	e2e.Eval(t, ctx, fmt.Sprintf(`document.querySelector('#waiting tr[data-number=%q]') !== null`, a2.Number), &listed)
	if listed {
		t.Fatalf("%s is called and still in the waiting list", a2.Number)
	}
	if m := nextCall(t, calls); m.Call.Number != a2.Number {
		t.Fatalf("board stream: %+v, want %s", *m.Call, a2.Number)
	}
	e2e.Run(t, ctx, chromedp.KeyEvent("v"))
	e2e.WaitJS(t, ctx, a2.Number+" a no-show", currentIs("", "none")+
		fmt.Sprintf(` && document.querySelector('#noshows tr[data-number=%q] button') !== null`, a2.Number), 5*time.Second, consoleState)

	// A double click on "Gọi số tiếp theo" calls one ticket.
	e2e.Run(t, ctx, chromedp.DoubleClick(chromedp.CSS(`#actions [data-act="next"]`)))
	e2e.WaitJS(t, ctx, a3.Number+" called", currentIs(a3.Number, "called"), 5*time.Second, consoleState)
	if m := nextCall(t, calls); m.Call.Number != a3.Number {
		t.Fatalf("board stream: %+v, want %s", *m.Call, a3.Number)
	}
	time.Sleep(300 * time.Millisecond) // a second call, if any, would have come by now
	var log []struct {
		Action string `json:"action"`
		Number string `json:"number"`
		Error  string `json:"error"`
	}
	e2e.Eval(t, ctx, `window.xephangConsole`, &log)
	nexts := 0
	for _, l := range log {
		if l.Action == "next" {
			nexts++
		}
		if l.Error != "" {
			t.Errorf("console action failed: %+v", l)
		}
	}
	if nexts != 4 { // a1 by click, b1 by Space, a2 by H, a3 by the double click
		t.Errorf("%d next requests, want 4: %+v", nexts, log)
	}
	select {
	case m := <-calls:
		t.Fatalf("a second call after the double click: %+v", *m.Call)
	default:
	}
	var left e2e.Ticket
	kiosk.MustJSON(t, "GET", "/api/v1/tickets/"+a4.Token, nil, 200, &left)
	if left.Status != "waiting" {
		t.Fatalf("%s after the double click: %s, want still waiting", a4.Number, left.Status)
	}

	// The no-show comes back: "Gọi lại số này" after the ticket at hand.
	e2e.Run(t, ctx, chromedp.KeyEvent("d"))
	e2e.WaitJS(t, ctx, "free counter", currentIs("", "none"), 5*time.Second, consoleState)
	// A ticket taken at the kiosk refreshes the console; the no-show's row
	// stays the same element, so a click in progress is not lost.
	noShowRow := fmt.Sprintf(`#noshows tr[data-number=%q]`, a2.Number)
	e2e.Run(t, ctx, chromedp.Evaluate[chromedp.Void](`window.noShowRow = document.querySelector('`+noShowRow+`')`))
	late := kiosk.Issue(t, "tu-phap-ho-tich", false)
	e2e.WaitJS(t, ctx, "the refresh with "+late.Number, fmt.Sprintf(`!!document.querySelector('#waiting tr[data-number=%q]')`, late.Number), 5*time.Second, consoleState)
	var same bool
	e2e.Eval(t, ctx, `window.noShowRow.isConnected && window.noShowRow === document.querySelector('`+noShowRow+`')`, &same)
	if !same {
		t.Error("the refresh replaced the no-show's row")
	}
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS(noShowRow+` button`)))
	e2e.WaitJS(t, ctx, a2.Number+" called back", currentIs(a2.Number, "called")+
		` && document.querySelector('#noshows tr[data-number]') === null`, 5*time.Second, consoleState)

	// Transfer with the keyboard: T, then the digit of the service.
	e2e.Run(t, ctx, chromedp.KeyEvent("t"), chromedp.WaitVisible(chromedp.CSS(`#transfer-dialog[open] .transfer-choice`)))
	var first string
	e2e.Eval(t, ctx, `document.querySelector('#transfer-dialog .transfer-choice').dataset.service`, &first)
	e2e.Run(t, ctx, chromedp.KeyEvent("1"), chromedp.WaitNotVisible(chromedp.CSS(`#transfer-dialog`)))
	e2e.WaitJS(t, ctx, "transferred", currentIs("", "none"), 5*time.Second, consoleState)
	var moved e2e.Ticket
	kiosk.MustJSON(t, "GET", "/api/v1/tickets/"+a2.Token, nil, 200, &moved)
	if moved.Status != "waiting" || moved.ServiceID != first {
		t.Fatalf("%s after transfer: %+v, want waiting in %s", a2.Number, moved, first)
	}

	// Call by number: G, type, Enter; a number that is not there says so.
	e2e.Run(t, ctx, chromedp.KeyEvent("g"), chromedp.WaitVisible(chromedp.CSS(`#call-dialog[open] #call-number`)),
		chromedp.SendKeys(chromedp.CSS("#call-number"), "a99\r"),
		chromedp.WaitVisible(chromedp.CSS(`#call-error`)))
	e2e.Run(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('#call-number').value = ''`),
		chromedp.SendKeys(chromedp.CSS("#call-number"), "a4\r"), chromedp.WaitNotVisible(chromedp.CSS(`#call-dialog`)))
	e2e.WaitJS(t, ctx, a4.Number+" called by number", currentIs(a4.Number, "called"), 5*time.Second, consoleState)
}

// TestConsoleSessionExpiry: when the session ends, the next action brings
// the sign-in form, not an error; signing in again comes back to the same
// counter and its ticket, which the server kept.
func TestConsoleSessionExpiry(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	kiosk := app.Client()
	c1 := kiosk.Issue(t, "dat-dai", false)

	ctx := e2e.Browser(t, 1366, 768)
	e2e.WatchConsole(t, ctx, "status of 401")
	e2e.Run(t, ctx, chromedp.Navigate(app.URL+"/counter"))
	signIn(t, ctx)
	e2e.Run(t, ctx,
		chromedp.WaitVisible(chromedp.CSS(`#pick-list button[data-counter="quay-2"]`)),
		chromedp.Click(chromedp.CSS(`#pick-list button[data-counter="quay-2"]`)),
	)
	e2e.WaitJS(t, ctx, "counter 2", currentIs("", "none")+` && !document.querySelector('#actions [data-act="next"]').disabled`, 5*time.Second, consoleState)
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS(`#actions [data-act="next"]`)))
	e2e.WaitJS(t, ctx, c1.Number+" called", currentIs(c1.Number, "called"), 5*time.Second, consoleState)

	// The session outlives its 12 hours.
	app.Clock.Add(12*time.Hour + time.Minute)
	e2e.Run(t, ctx, chromedp.KeyEvent("r"))
	e2e.WaitJS(t, ctx, "the sign-in form", `document.body.dataset.view === 'login'
	  && document.querySelector('#login-msg').textContent.includes('hết hạn')`, 5*time.Second, consoleState)
	var tk e2e.Ticket
	kiosk.MustJSON(t, "GET", "/api/v1/tickets/"+c1.Token, nil, 200, &tk)
	if tk.Status != "called" || tk.Recalls != 0 {
		t.Fatalf("%s after the refused recall: %+v", c1.Number, tk)
	}

	signIn(t, ctx)
	e2e.WaitJS(t, ctx, "back at counter 2 with "+c1.Number, currentIs(c1.Number, "called")+
		` && document.querySelector('#counter-name').textContent === 'Quầy 2'`, 5*time.Second, consoleState)
	e2e.Run(t, ctx, chromedp.KeyEvent("r"))
	e2e.WaitJS(t, ctx, "the recall made", `(window.xephangConsole || []).some(l => l.action === 'recall' && l.status === 'called')`, 5*time.Second, consoleState)

	// A reload comes back too, from the session and this computer's memory.
	e2e.Run(t, ctx, chromedp.Reload())
	e2e.WaitJS(t, ctx, "back after a reload", currentIs(c1.Number, "called"), 5*time.Second, consoleState)

	// The counter closes only once its ticket is finished.
	var closable bool
	e2e.Eval(t, ctx, `!document.querySelector('#open-toggle').disabled`, &closable)
	if closable {
		t.Error("“Đóng quầy” enabled with a ticket at the counter")
	}
	e2e.Run(t, ctx, chromedp.KeyEvent("d"))
	e2e.WaitJS(t, ctx, "done", currentIs("", "none")+` && !document.querySelector('#open-toggle').disabled`, 5*time.Second, consoleState)
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS("#open-toggle")))
	e2e.WaitJS(t, ctx, "closed", `document.querySelector('#counter-state').textContent === 'Đang đóng'
	  && document.querySelector('#open-toggle').textContent === 'Mở quầy'`, 5*time.Second, consoleState)
	var counters []struct {
		ID   string `json:"id"`
		Open bool   `json:"open"`
	}
	app.Officer(t).MustJSON(t, "GET", "/api/v1/counters", nil, 200, &counters)
	for _, c := range counters {
		if c.ID == "quay-2" && c.Open {
			t.Error("quay-2 still open after “Đóng quầy”")
		}
	}
}
