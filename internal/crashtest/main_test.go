package crashtest

import (
	"os"
	"testing"

	"xephang/internal/e2e"
)

func TestMain(m *testing.M) {
	code := m.Run()
	e2e.RemoveBinary()
	os.Exit(code)
}

// long reports whether the long variants run (XEPHANG_LONG=1).
func long() bool { return os.Getenv("XEPHANG_LONG") == "1" }
