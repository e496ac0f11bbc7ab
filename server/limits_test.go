package server

import "testing"

// TestWSMaxDefault: the total cap on board streams stays a reserve below
// the open-files limit, within sane bounds.
func TestWSMaxDefault(t *testing.T) {
	for _, tc := range []struct {
		limit uint64
		want  int
	}{
		{20_000, 19_000},     // these machines: 1,000 files kept for HTTP
		{1_048_576, 100_000}, // a huge limit: the ceiling
		{0, 100_000},         // unknown
		{1 << 62, 100_000},   // unlimited
		{1024, 768},          // a small limit keeps a quarter
		{40, wsMaxFloor},     // tiny
		{4_000, 3_000},       // the reserve is whole from 4,000 up
		{3_000, 3_000 - 750},
		{100_999, 99_999},
	} {
		if got := wsMaxDefault(tc.limit); got != tc.want {
			t.Errorf("wsMaxDefault(%d)=%d, want %d", tc.limit, got, tc.want)
		}
	}
	if got := (Config{}).wsPerAddr(); got != 256 {
		t.Errorf("default per address %d, want 256", got)
	}
	if got := (Config{WSPerAddr: -1}).wsPerAddr(); got != 0 {
		t.Errorf("per address -1 → %d, want 0 (no cap)", got)
	}
}
