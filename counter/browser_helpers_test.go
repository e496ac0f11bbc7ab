package counter_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gorilla/websocket"

	"xephang/internal/e2e"
)

// signIn fills the sign-in form of /counter or /rate.
func signIn(t *testing.T, ctx context.Context) {
	t.Helper()
	e2e.Run(t, ctx,
		chromedp.WaitVisible(chromedp.CSS("#login-form")),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#login-username').value = '';
		  document.querySelector('#login-password').value = ''`),
		chromedp.SendKeys(chromedp.CSS("#login-username"), e2e.OfficerUser),
		chromedp.SendKeys(chromedp.CSS("#login-password"), e2e.OfficerPassword),
		chromedp.Click(chromedp.CSS(`#login-form button[type=submit]`)),
	)
}

// shooter saves screenshots into $XEPHANG_SCREENSHOTS, when set.
func shooter(t *testing.T, ctx context.Context) func(name string) {
	dir := os.Getenv("XEPHANG_SCREENSHOTS")
	return func(name string) {
		t.Helper()
		if dir == "" {
			return
		}
		time.Sleep(150 * time.Millisecond) // let a transition end
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// boardCall is a call message of the board stream.
type boardCall struct {
	Type string `json:"type"`
	Call *struct {
		Number        string `json:"number"`
		CounterNumber int    `json:"counter_number"`
		Recall        bool   `json:"recall"`
	} `json:"call"`
}

// boardStream connects to /ws/board as the lobby TV does and returns the
// calls it announces, in order. It returns once the snapshot has come: the
// hub registers a board after the handshake, and a call made before that
// is in the snapshot, not in a message.
func boardStream(t *testing.T, app *e2e.App) <-chan boardCall {
	t.Helper()
	url := "ws" + strings.TrimPrefix(app.URL, "http") + "/ws/board"
	c, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatalf("dial %s: %v", url, err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, _, err := c.ReadMessage(); err != nil {
		t.Fatalf("read the board snapshot: %v", err)
	}
	c.SetReadDeadline(time.Time{})
	out := make(chan boardCall, 100)
	go func() {
		defer close(out)
		for {
			_, data, err := c.ReadMessage()
			if err != nil {
				return
			}
			var m boardCall
			if json.Unmarshal(data, &m) == nil && m.Call != nil {
				out <- m
			}
		}
	}()
	return out
}

// nextCall waits for the next call on the board stream.
func nextCall(t *testing.T, calls <-chan boardCall) boardCall {
	t.Helper()
	select {
	case m, ok := <-calls:
		if !ok {
			t.Fatal("the board stream closed")
		}
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("no call on the board stream within 10 s")
	}
	return boardCall{}
}
