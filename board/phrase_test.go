package board_test

import (
	"testing"
	"xephang/board"
)

// TestCallPhrase pins the sentence the board speaks; board.js builds the
// same one (the browser test compares them).
func TestCallPhrase(t *testing.T) {
	for _, tc := range []struct {
		number  string
		counter int
		want    string
	}{
		{"A005", 2, "Mời công dân có số thứ tự A, không, không, năm, đến quầy số 2"},
		{"A001", 1, "Mời công dân có số thứ tự A, không, không, một, đến quầy số 1"},
		{"B123", 3, "Mời công dân có số thứ tự B, một, hai, ba, đến quầy số 3"},
		{"C406", 12, "Mời công dân có số thứ tự C, bốn, không, sáu, đến quầy số 12"},
		{"G789", 7, "Mời công dân có số thứ tự G, bảy, tám, chín, đến quầy số 7"},
		{"H1000", 3, "Mời công dân có số thứ tự H, một, không, không, không, đến quầy số 3"},
		{"D05", 4, "Mời công dân có số thứ tự D, không, năm, đến quầy số 4"},
	} {
		if got := board.CallPhrase(tc.number, tc.counter); got != tc.want {
			t.Errorf("CallPhrase(%q, %d)\n got %q\nwant %q", tc.number, tc.counter, got, tc.want)
		}
	}
}
