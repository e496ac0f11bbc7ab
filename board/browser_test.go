package board_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"xephang/board"

	"github.com/chromedp/chromedp"

	"xephang/bolt"
	"xephang/internal/e2e"
	"xephang/internal/testutil"
)

// These tests drive the real pages in a real Chromium (e2e.Browser):
// the lobby board and the phone tracking page, over the real app.

// announcement is what board.js records of each call it says aloud.
type announcement struct {
	Seq     uint64 `json:"seq"`
	Number  string `json:"number"`
	Counter int    `json:"counter"`
	Recall  bool   `json:"recall"`
	Phrase  string `json:"phrase"`
	Way     string `json:"way"`
}

func navigate(t *testing.T, ctx context.Context, url, ready string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS(ready))); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
}

const boardState = `JSON.stringify({latest: document.querySelector('#latest-number').textContent,
  counter: document.querySelector('#latest-counter').textContent,
  offline: !document.querySelector('#offline').classList.contains('hidden'),
  rows: [...document.querySelectorAll('#counters tr')].map(r => r.textContent),
  announced: window.xephangAnnounced})`

func announced(t *testing.T, ctx context.Context) []announcement {
	t.Helper()
	var out []announcement
	e2e.Eval(t, ctx, "window.xephangAnnounced || []", &out)
	return out
}

func TestBoardPageShowsAndAnnouncesCalls(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	off := app.Officer(t)
	openCounter(t, off, "quay-1")
	openCounter(t, off, "quay-3")
	a1 := off.Issue(t, "tu-phap-ho-tich", false)
	b1 := off.Issue(t, "chung-thuc", false)

	ctx := e2e.Browser(t, 1920, 1080)
	e2e.WatchConsole(t, ctx)
	// rate=4: the real voice, four times faster, so the test is quick.
	navigate(t, ctx, app.URL+"/board?rate=4", "#counters tr")
	e2e.WaitJS(t, ctx, "the snapshot", `document.querySelectorAll('.queue').length > 0`, 5*time.Second, boardState)

	// How soon a call shows is measured by make bench (call → boards) and
	// logged here; the test asserts what the board shows and says, and in
	// which order, and waits only as long as a test may.
	start := time.Now()
	off.Act(t, "quay-1", "next")
	shown := e2e.WaitJS(t, ctx, "A001 on the board", fmt.Sprintf(`document.querySelector('#latest-number').textContent === %q`, a1.Number), 5*time.Second, boardState)
	// A second call right after the first: both show, and are said one
	// after the other, in order.
	off.Act(t, "quay-3", "next")
	e2e.WaitJS(t, ctx, "both calls in the counter rows", fmt.Sprintf(
		`(() => { const r = [...document.querySelectorAll('#counters tr')].map(r => r.textContent);
		  return r[0].includes(%q) && r[2].includes(%q); })()`, a1.Number, b1.Number), time.Second, boardState)
	e2e.WaitJS(t, ctx, "two announcements", `(window.xephangAnnounced || []).length >= 2`, 30*time.Second, boardState)

	off.Act(t, "quay-3", "recall")
	e2e.WaitJS(t, ctx, "the recall announced", `(window.xephangAnnounced || []).length >= 3`, 30*time.Second, boardState)
	e2e.WaitJS(t, ctx, "the last announcement over", `document.querySelector('#announced li:last-child').dataset.done === 'true'`, 30*time.Second, boardState)

	got := announced(t, ctx)
	want := []announcement{
		{Number: a1.Number, Counter: 1},
		{Number: b1.Number, Counter: 3},
		{Number: b1.Number, Counter: 3, Recall: true},
	}
	if len(got) != len(want) {
		t.Fatalf("announced %+v, want %d announcements", got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Number != w.Number || g.Counter != w.Counter || g.Recall != w.Recall {
			t.Errorf("announcement %d: %+v, want %s at counter %d recall=%v", i, g, w.Number, w.Counter, w.Recall)
		}
		if p := board.CallPhrase(w.Number, w.Counter); g.Phrase != p {
			t.Errorf("announcement %d phrase %q, want %q", i, g.Phrase, p)
		}
		if i > 0 && g.Seq <= got[i-1].Seq {
			t.Errorf("announcement %d seq %d after %d", i, g.Seq, got[i-1].Seq)
		}
	}
	t.Logf("voice: %s; the first call shown %v after next; three announcements in %v", got[0].Way,
		shown.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
}

func TestBoardPageComesBackAfterRestart(t *testing.T) {
	s := e2e.ServeApp(t, e2e.ServeOptions{})
	off := s.Officer(t)
	openCounter(t, off, "quay-1")
	a1 := off.Issue(t, "tu-phap-ho-tich", false)
	a2 := off.Issue(t, "tu-phap-ho-tich", false)
	off.Act(t, "quay-1", "next")

	ctx := e2e.Browser(t, 1920, 1080)
	e2e.WatchConsole(t, ctx, "WebSocket connection", "ERR_CONNECTION_REFUSED")
	navigate(t, ctx, s.URL+"/board?rate=4", "#counters tr")
	e2e.WaitJS(t, ctx, "A001 on the board", fmt.Sprintf(`document.querySelector('#latest-number').textContent === %q`, a1.Number), 5*time.Second, boardState)
	e2e.WaitJS(t, ctx, "no disconnect mark", `document.querySelector('#offline').classList.contains('hidden')`, time.Second, boardState)

	s.Stop(t)
	e2e.WaitJS(t, ctx, "the disconnect mark", `!document.querySelector('#offline').classList.contains('hidden')`, 5*time.Second, boardState)
	var mark string
	e2e.Eval(t, ctx, `document.querySelector('#offline').textContent`, &mark)
	if mark != "Mất kết nối Disconnected" {
		t.Errorf("disconnect mark %q", mark)
	}

	s2 := e2e.ServeApp(t, e2e.ServeOptions{Addr: s.Addr, Path: s.Path, Clock: s.Clock})
	off2 := s2.Officer(t)
	off2.Act(t, "quay-1", "done")
	off2.Act(t, "quay-1", "next")
	e2e.WaitJS(t, ctx, "the call made after the restart", fmt.Sprintf(
		`document.querySelector('#latest-number').textContent === %q && document.querySelector('#offline').classList.contains('hidden')`, a2.Number),
		15*time.Second, boardState)
	var rows []string
	e2e.Eval(t, ctx, `[...document.querySelectorAll('#counters tr')].map(r => r.textContent)`, &rows)
	if len(rows) != 3 || !strings.Contains(rows[0], a2.Number) || strings.Contains(rows[0], a1.Number) {
		t.Errorf("counter rows after the restart: %q, want counter 1 with %s only", rows, a2.Number)
	}
	e2e.WaitJS(t, ctx, "the new call announced", fmt.Sprintf(
		`(window.xephangAnnounced || []).some(a => a.number === %q)`, a2.Number), 10*time.Second, boardState)
}

func TestTrackPageFollowsTicket(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	off := app.Officer(t)
	off.Issue(t, "tu-phap-ho-tich", false)
	mine := off.Issue(t, "tu-phap-ho-tich", false)

	ctx := e2e.Browser(t, 390, 844)
	e2e.WatchConsole(t, ctx, "status of 404") // the unknown ticket
	const trackState = `JSON.stringify({number: document.querySelector('#number').textContent,
	  status: document.querySelector('#status').textContent, ahead: document.querySelector('#ahead').textContent,
	  counter: document.querySelector('#counter').textContent, alerts: window.xephangAlerts})`
	navigate(t, ctx, app.URL+"/t/"+mine.Token, "#ticket")
	e2e.WaitJS(t, ctx, "the ticket", fmt.Sprintf(`document.querySelector('#number').textContent === %q
	  && document.querySelector('#status-title').textContent === 'Đang chờ'
	  && document.querySelector('#ahead').textContent === '1 người'
	  && document.querySelector('#live-text').textContent === 'Cập nhật trực tiếp'`, mine.Number), 5*time.Second, trackState)
	// No counter serving it is open yet: no wait is promised, until one opens.
	e2e.WaitJS(t, ctx, "no counter open", `document.querySelector('#eta').textContent === 'Quầy chưa mở'`, 5*time.Second, trackState)
	openCounter(t, off, "quay-1")
	e2e.WaitJS(t, ctx, "a wait once counter 1 opens", `document.querySelector('#eta').textContent === 'Chờ khoảng 5 phút'`, 5*time.Second, trackState)

	off.Act(t, "quay-1", "next") // the one before
	e2e.WaitJS(t, ctx, "nobody ahead", `document.querySelector('#ahead').textContent === '0 người'`, 5*time.Second, trackState)

	off.Act(t, "quay-1", "done")
	off.Act(t, "quay-1", "next") // mine
	// The page refetches its ticket at once when the call is for it; how
	// soon is a speed, not this test's business: it waits as a test may.
	called := e2e.WaitJS(t, ctx, "called to counter 1", `document.querySelector('#status-title').textContent === 'Đã đến lượt!'
	  && document.querySelector('#counter').textContent === 'Quầy 1'
	  && document.querySelector('#status-detail').textContent.includes('Quầy 1')`, 5*time.Second, trackState)
	t.Logf("the phone showed the call %v after next", called.Round(time.Millisecond))
	var alerts []struct {
		Number  string `json:"number"`
		Counter int    `json:"counter"`
	}
	e2e.Eval(t, ctx, "window.xephangAlerts", &alerts)
	if len(alerts) != 1 || alerts[0].Number != mine.Number || alerts[0].Counter != 1 {
		t.Errorf("alerts %+v, want one for %s at counter 1", alerts, mine.Number)
	}
	var rating string
	e2e.Eval(t, ctx, `document.querySelector('main > section#rating:last-child') ? 'ok' : 'missing'`, &rating)
	if rating != "ok" {
		t.Errorf("the empty rating section is %s at the bottom of the page", rating)
	}

	t.Run("UnknownToken", func(t *testing.T) {
		navigate(t, ctx, app.URL+"/t/no-such-ticket", "body")
		e2e.WaitJS(t, ctx, "the not-found page", `!document.querySelector('#unknown').classList.contains('hidden')
		  && document.querySelector('#ticket').classList.contains('hidden')`, 5*time.Second,
			`document.body.innerText`)
		var h1 string
		e2e.Eval(t, ctx, `document.querySelector('#unknown h1').textContent`, &h1)
		if h1 != "Không tìm thấy phiếu" {
			t.Errorf("heading %q", h1)
		}
	})
}

// TestBoardSessionLabel: the board names the session; out of hours it says
// so and when it opens again, unless the kiosk issues anyway (--schedule
// always), which must not read as closed.
func TestBoardSessionLabel(t *testing.T) {
	evening := testutil.At(2026, 3, 2, 21, 0)
	for _, tc := range []struct {
		name string
		o    e2e.Options
		want string
	}{
		{"morning", e2e.Options{}, "Buổi sáng"},
		{"evening", e2e.Options{Now: evening}, "Ngoài giờ làm việc"},
		{"always", e2e.Options{Now: evening, Store: bolt.Options{AlwaysOpen: true}}, "Đang cấp số"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := e2e.NewApp(t, tc.o)
			ctx := e2e.Browser(t, 1920, 1080)
			e2e.WatchConsole(t, ctx)
			navigate(t, ctx, app.URL+"/board", "#counters tr")
			e2e.WaitJS(t, ctx, tc.want, fmt.Sprintf(`document.querySelector('#session-name').textContent === %q`, tc.want),
				5*time.Second, `document.querySelector('#session').textContent`)
		})
	}
}
