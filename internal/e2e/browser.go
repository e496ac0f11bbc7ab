package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xephang/internal/testutil"
)

// ChromiumPath is where the browser tests find Chromium.
const ChromiumPath = "/usr/bin/chromium"

// Browser returns a chromedp context on a fresh headless Chromium with the
// given window size, closed when the test ends. Under -short the test is
// skipped (the inner loop has no browser). Without Chromium it is skipped
// too, unless XEPHANG_E2E=1 (as in CI), where it fails.
func Browser(t testing.TB, width, height int) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: skipped under -short")
	}
	if _, err := os.Stat(ChromiumPath); err != nil {
		if os.Getenv("XEPHANG_E2E") == "1" {
			t.Fatalf("XEPHANG_E2E=1 but Chromium is missing at %s: %v", ChromiumPath, err)
		}
		t.Skipf("Chromium not installed at %s (set XEPHANG_E2E=1 to make this a failure)", ChromiumPath)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(ChromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.Flag("hide-scrollbars", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// isConsoleError tells whether a console message is an uncaught exception,
// a console error or a refusal of the Content Security Policy.
func isConsoleError(m *chromedp.ConsoleMessage) bool {
	return m.IsException() || m.Type == "error" ||
		strings.Contains(m.Text, "Refused to") || strings.Contains(m.Text, "Content Security Policy")
}

// ConsoleErrors collects the page's uncaught exceptions, console errors
// and CSP refusals from now on; the function returns those so far.
func ConsoleErrors(ctx context.Context) func() []string {
	var (
		mu   sync.Mutex
		errs []string
	)
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if isConsoleError(&m) {
				mu.Lock()
				errs = append(errs, m.String()+" "+m.URL)
				mu.Unlock()
			}
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(errs)
	}
}

// WatchConsole fails the test, when it ends, for every console error of
// the page (ConsoleErrors) that contains none of allowed.
func WatchConsole(t *testing.T, ctx context.Context, allowed ...string) {
	t.Helper()
	errs := ConsoleErrors(ctx)
	t.Cleanup(func() {
		for _, m := range errs() {
			if !slices.ContainsFunc(allowed, func(a string) bool { return strings.Contains(m, a) }) {
				t.Errorf("page console: %s", m)
			}
		}
	})
}

// Run runs steps in the page, failing the test after 20 s rather than at
// the browser's own deadline; with XEPHANG_SCREENSHOTS=dir it saves what
// the page showed then.
func Run(t testing.TB, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, steps...); err != nil {
		if dir := os.Getenv("XEPHANG_SCREENSHOTS"); dir != "" {
			if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
				os.WriteFile(filepath.Join(dir, "failure-"+strings.ReplaceAll(t.Name(), "/", "_")+".png"), png, 0o644)
			}
		}
		t.Fatal(err)
	}
}

// Eval runs js in the page and decodes its JSON value into out.
func Eval(t testing.TB, ctx context.Context, js string, out any) {
	t.Helper()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("evaluate %s: decode %s: %v", js, raw, err)
	}
}

// WaitJS polls the boolean expression js until it holds and returns how
// long that took; after timeout it fails the test, saying what was awaited
// and what the expression describe shows. The timeout is a test timeout,
// never a claim of speed: it is at least testutil.EventuallyTimeout, so a
// loaded machine does not fail a page that is right (a timeout of 1 s
// did); how fast a page follows is for benchmarks.
func WaitJS(t testing.TB, ctx context.Context, what, js string, timeout time.Duration, describe string) time.Duration {
	t.Helper()
	timeout = max(timeout, testutil.EventuallyTimeout)
	start := time.Now()
	for {
		var ok bool
		Eval(t, ctx, "!!("+js+")", &ok)
		if ok {
			return time.Since(start)
		}
		if time.Since(start) > timeout {
			var state string
			Eval(t, ctx, describe, &state)
			t.Fatalf("waited %v for %s; page shows: %s", timeout, what, state)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// Text returns the text of the first element matching the CSS selector
// sel, as the user reads it.
func Text(t testing.TB, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}
