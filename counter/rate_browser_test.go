package counter_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xephang/internal/e2e"
)

const rateState = `JSON.stringify({screen: document.body.dataset.screen,
  idle: document.querySelector('#idle-view').innerText, title: document.querySelector('#rate-title').textContent,
  step: (document.querySelector('#rate-widget .rating') || {dataset: {}}).dataset.step,
  notice: document.querySelector('#notice-text').textContent, log: window.xephangRate})`

// TestRateTabletStoresRating: the tablet of counter 2, signed in once,
// shows the number served there; after "Hoàn thành" it offers the four
// faces for that ticket; a 2 asks for reasons and a comment, and the
// rating is stored with the ticket. A ticket rated from the phone first
// is not offered again.
func TestRateTabletStoresRating(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	off, kiosk := app.Officer(t), app.Client()
	off.MustJSON(t, "POST", "/api/v1/counters/quay-2/open", nil, 200, nil)
	c1 := kiosk.Issue(t, "dat-dai", false)
	c2 := kiosk.Issue(t, "dat-dai", false)
	off.Act(t, "quay-2", "next")

	ctx := e2e.Browser(t, 1280, 800)
	e2e.WatchConsole(t, ctx, "status of 401", "status of 409") // before sign-in; the late rating
	e2e.Run(t, ctx, chromedp.Navigate(app.URL+"/rate?counter=2"))
	signIn(t, ctx)
	e2e.WaitJS(t, ctx, "the idle screen with "+c1.Number, fmt.Sprintf(`document.body.dataset.screen === 'idle'
	  && document.querySelector('#idle-number').textContent === %q
	  && document.querySelector('#counter-name').textContent === 'Quầy 2'`, c1.Number), 5*time.Second, rateState)

	off.Act(t, "quay-2", "start")
	off.Act(t, "quay-2", "done")
	e2e.WaitJS(t, ctx, "the faces for "+c1.Number, fmt.Sprintf(`document.body.dataset.screen === 'rate'
	  && document.querySelector('#rate-title b').textContent === %q
	  && document.querySelectorAll('#rate-widget button.level svg').length === 4`, c1.Number), 5*time.Second, rateState)
	var words []string
	e2e.Eval(t, ctx, `[...document.querySelectorAll('#rate-widget button.level')].map(b => b.dataset.rating + ' ' + b.textContent)`, &words)
	if got := strings.Join(words, "|"); got != "4 Rất hài lòng|3 Hài lòng|2 Bình thường|1 Không hài lòng" {
		t.Errorf("choices %q", got)
	}

	e2e.Run(t, ctx,
		chromedp.Click(chromedp.CSS(`#rate-widget button.level[data-rating="2"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#rate-widget button.reason[data-reason="thoi_gian_cho"]`)),
		chromedp.Click(chromedp.CSS(`#rate-widget button.reason[data-reason="thoi_gian_cho"]`)),
		chromedp.Click(chromedp.CSS(`#rate-widget button.reason[data-reason="huong_dan_chua_ro"]`)),
		chromedp.Click(chromedp.CSS(`#rate-widget button.reason[data-reason="huong_dan_chua_ro"]`)), // changed her mind
		chromedp.SendKeys(chromedp.CSS("#rating-comment"), "Chờ hơi lâu ở buổi sáng"),
	)
	var count string
	e2e.Eval(t, ctx, `document.querySelector('#rate-widget .count').textContent`, &count)
	if count != "23/500" {
		t.Errorf("comment counter %q, want 23/500", count)
	}
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS(`#rate-widget button.send`)))
	e2e.WaitJS(t, ctx, "thanks", `document.body.dataset.screen === 'thanks'
	  && document.querySelector('#thanks-back').textContent.includes('10 giây')`, 5*time.Second, rateState)
	fb := ticketFeedback(t, kiosk, c1.Token)
	if fb == nil || fb.Rating != 2 || strings.Join(fb.Reasons, ",") != "thoi_gian_cho" || fb.Comment != "Chờ hơi lâu ở buổi sáng" || fb.Via != "counter" {
		t.Fatalf("stored feedback %+v", fb)
	}

	// A tap on the thanks goes back at once (else after 10 s).
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS(`#thanks-view`)))
	e2e.WaitJS(t, ctx, "idle again", `document.body.dataset.screen === 'idle'`, 5*time.Second, rateState)

	// "Hoàn thành & gọi tiếp" at the console: the citizen leaving rates
	// while the next is called; a 4 is sent at once.
	off.Act(t, "quay-2", "next")
	off.Act(t, "quay-2", "done")
	c3 := kiosk.Issue(t, "dat-dai", false)
	off.Act(t, "quay-2", "next")
	e2e.WaitJS(t, ctx, "the faces for "+c2.Number, fmt.Sprintf(`document.body.dataset.screen === 'rate'
	  && document.querySelector('#rate-title b').textContent === %q`, c2.Number), 5*time.Second, rateState)
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS(`#rate-widget button.level[data-rating="4"]`)))
	e2e.WaitJS(t, ctx, "thanks", `document.body.dataset.screen === 'thanks'`, 5*time.Second, rateState)
	if fb := ticketFeedback(t, kiosk, c2.Token); fb == nil || fb.Rating != 4 || fb.Via != "counter" {
		t.Fatalf("stored feedback of %s: %+v", c2.Number, fb)
	}
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS(`#thanks-view`)))
	e2e.WaitJS(t, ctx, "idle with "+c3.Number, fmt.Sprintf(`document.body.dataset.screen === 'idle'
	  && document.querySelector('#idle-number').textContent === %q`, c3.Number), 5*time.Second, rateState)

	// Rated from the phone before the tablet: the faces go away.
	off.Act(t, "quay-2", "done")
	e2e.WaitJS(t, ctx, "the faces for "+c3.Number, `document.body.dataset.screen === 'rate'`, 5*time.Second, rateState)
	kiosk.MustJSON(t, "POST", "/api/v1/tickets/"+c3.Token+"/feedback", map[string]any{"rating": 3}, 201, nil)
	off.MustJSON(t, "POST", "/api/v1/counters/quay-1/open", nil, 200, nil) // any change on the board
	e2e.WaitJS(t, ctx, "idle, the ticket rated elsewhere", `document.body.dataset.screen === 'idle'`, 5*time.Second, rateState)

	// Too late (10 minutes) on the reasons step: the tablet says so plainly.
	c4 := kiosk.Issue(t, "dat-dai", false)
	off.Act(t, "quay-2", "next")
	off.Act(t, "quay-2", "done")
	e2e.WaitJS(t, ctx, "the faces for "+c4.Number, `document.body.dataset.screen === 'rate'`, 5*time.Second, rateState)
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS(`#rate-widget button.level[data-rating="1"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#rate-widget button.send`)))
	app.Clock.Add(11 * time.Minute)
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS(`#rate-widget button.send`)))
	e2e.WaitJS(t, ctx, "the notice", `document.body.dataset.screen === 'notice'
	  && document.querySelector('#notice-text').textContent.includes('hơn 10 phút')`, 5*time.Second, rateState)
	if fb := ticketFeedback(t, kiosk, c4.Token); fb != nil {
		t.Fatalf("rated after the window: %+v", fb)
	}

	// Rated from the phone while the citizen wrote a comment here: the
	// tablet says it was rated, and keeps the first rating.
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS(`#notice-view`)))
	c5 := kiosk.Issue(t, "dat-dai", false)
	off.Act(t, "quay-2", "next")
	off.Act(t, "quay-2", "done")
	e2e.WaitJS(t, ctx, "the faces for "+c5.Number, fmt.Sprintf(`document.body.dataset.screen === 'rate'
	  && document.querySelector('#rate-title b').textContent === %q`, c5.Number), 5*time.Second, rateState)
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS(`#rate-widget button.level[data-rating="2"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#rate-widget button.send`)))
	kiosk.MustJSON(t, "POST", "/api/v1/tickets/"+c5.Token+"/feedback", map[string]any{"rating": 4}, 201, nil)
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS(`#rate-widget button.send`)))
	e2e.WaitJS(t, ctx, "the notice", `document.body.dataset.screen === 'notice'
	  && document.querySelector('#notice-title').textContent === 'Số này đã được đánh giá'`, 5*time.Second, rateState)
	if fb := ticketFeedback(t, kiosk, c5.Token); fb == nil || fb.Rating != 4 || fb.Via != "phone" {
		t.Fatalf("feedback of %s: %+v, want the phone's 4", c5.Number, fb)
	}
}

// TestPhoneRating: the tracking page offers the rating once the ticket is
// done, stores it, then shows the thanks and, on a reload, the rating
// given.
func TestPhoneRating(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	off, kiosk := app.Officer(t), app.Client()
	tk := kiosk.Issue(t, "dat-dai", false)
	off.Act(t, "quay-2", "next")

	ctx := e2e.Browser(t, 390, 844)
	e2e.WatchConsole(t, ctx)
	const state = `JSON.stringify({status: document.body.dataset.status, mode: document.querySelector('#rating').dataset.mode,
	  rating: document.querySelector('#rating').innerText})`
	e2e.Run(t, ctx, chromedp.Navigate(app.URL+"/t/"+tk.Token))
	e2e.WaitJS(t, ctx, "called", `document.body.dataset.status === 'called'`, 5*time.Second, state)
	var mode string
	e2e.Eval(t, ctx, `document.querySelector('#rating').dataset.mode || ''`, &mode)
	if mode != "none" {
		t.Errorf("rating section while called: %q, want none", mode)
	}

	off.Act(t, "quay-2", "done")
	e2e.WaitJS(t, ctx, "the rating offered", `document.querySelector('#rating').dataset.mode === 'offer'
	  && document.querySelectorAll('#rating button.level svg').length === 4`, 5*time.Second, state)
	e2e.Run(t, ctx,
		chromedp.Click(chromedp.CSS(`#rating button.level[data-rating="1"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#rating button.reason[data-reason="thai_do"]`)),
		chromedp.Click(chromedp.CSS(`#rating button.reason[data-reason="thai_do"]`)),
		chromedp.Click(chromedp.CSS(`#rating button.reason[data-reason="khac"]`)),
		chromedp.SendKeys(chromedp.CSS("#rating-comment"), "Cán bộ nói hơi nhanh"),
		chromedp.Click(chromedp.CSS(`#rating button.send`)),
	)
	e2e.WaitJS(t, ctx, "thanks", `document.querySelector('#rating').dataset.mode === 'thanks'`, 5*time.Second, state)
	fb := ticketFeedback(t, kiosk, tk.Token)
	if fb == nil || fb.Rating != 1 || strings.Join(fb.Reasons, ",") != "thai_do,khac" || fb.Comment != "Cán bộ nói hơi nhanh" || fb.Via != "phone" {
		t.Fatalf("stored feedback %+v", fb)
	}
	e2e.Run(t, ctx, chromedp.Reload())
	e2e.WaitJS(t, ctx, "the rating given", `document.querySelector('#rating').dataset.mode === 'rated'
	  && document.querySelector('#rating .rated-level').textContent === 'Không hài lòng'`, 5*time.Second, state)

	// A day later, by the server's clock (the browser's is another): too late.
	late := kiosk.Issue(t, "dat-dai", false)
	off.Act(t, "quay-2", "next")
	off.Act(t, "quay-2", "done")
	app.Clock.Add(24*time.Hour + time.Minute)
	e2e.Run(t, ctx, chromedp.Navigate(app.URL+"/t/"+late.Token))
	e2e.WaitJS(t, ctx, "too late", `document.querySelector('#rating').dataset.mode === 'late'
	  && document.querySelector('#rating').textContent.includes('24 giờ')`, 5*time.Second, state)
}
