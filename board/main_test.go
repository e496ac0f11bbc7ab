package board_test

import (
	"os"
	"testing"

	"xephang/internal/testutil"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testutil.RemoveBinary() // built by the kill -9 restart test
	os.Exit(code)
}
