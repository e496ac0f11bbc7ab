package board_test

import (
	"os"
	"testing"

	"xephang/internal/e2e"
)

func TestMain(m *testing.M) {
	code := m.Run()
	e2e.RemoveBinary() // built by the kill -9 restart test
	os.Exit(code)
}
