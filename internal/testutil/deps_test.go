package testutil_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestStoreTestsLinkNoServerNorBrowser keeps the harness pointing inward:
// the store's tests, and these helpers, build without the echo app, the
// e2e harness or chromedp, so a store change is tested without them.
func TestStoreTestsLinkNoServerNorBrowser(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go") // go test sets GOROOT
	}
	out, err := exec.Command(goTool, "list", "-deps", "-test", "xephang/bolt", "xephang/internal/testutil").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if pkg == "xephang/server" || strings.HasPrefix(pkg, "xephang/internal/e2e") || strings.Contains(pkg, "chromedp") ||
			strings.HasPrefix(pkg, "github.com/labstack/echo") {
			t.Errorf("the store's tests link %s", pkg)
		}
	}
}
