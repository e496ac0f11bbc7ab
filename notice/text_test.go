package notice

import (
	"testing"

	"xephang/queue"
)

func TestDays(t *testing.T) {
	for _, tc := range []struct {
		days []int
		want string
	}{
		{[]int{1, 2, 3, 4, 5}, "thứ Hai đến thứ Sáu"},
		{[]int{5, 4, 3, 2, 1, 1}, "thứ Hai đến thứ Sáu"},
		{[]int{1, 2, 3, 4, 5, 6, 7}, "thứ Hai đến Chủ nhật"},
		{[]int{1, 3, 5}, "thứ Hai, thứ Tư và thứ Sáu"},
		{[]int{6, 7}, "thứ Bảy và Chủ nhật"},
		{[]int{2}, "thứ Ba"},
		{nil, ""},
	} {
		if got := Days(tc.days); got != tc.want {
			t.Errorf("Days(%v) = %q, want %q", tc.days, got, tc.want)
		}
	}
}

func TestDates(t *testing.T) {
	for _, tc := range []struct {
		from, to, want string
	}{
		{"2026-02-23", "2026-03-23", "từ ngày 23/02/2026 đến ngày 23/03/2026"},
		{"2026-02-23", "", "từ ngày 23/02/2026"},
		{"", "2026-03-23", "đến ngày 23/03/2026"},
		{"", "", ""},
	} {
		if got := Dates(queue.Session{From: tc.from, To: tc.to}); got != tc.want {
			t.Errorf("Dates(%s, %s) = %q, want %q", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestDescription(t *testing.T) {
	got := Description(queue.DefaultSchedule().Sessions)
	want := "Giờ thứ 9: giải quyết thủ tục hành chính thêm 16:30 – 17:30, thứ Hai đến thứ Sáu, " +
		"từ ngày 23/02/2026 đến ngày 23/03/2026. Xem giờ làm việc, số người đang chờ và hướng dẫn nộp hồ sơ trực tuyến."
	if got != want {
		t.Errorf("Description =\n%q, want\n%q", got, want)
	}
	if got := Description(Regular(queue.DefaultSchedule().Sessions)); got != "Xem giờ làm việc, số người đang chờ và hướng dẫn nộp hồ sơ trực tuyến." {
		t.Errorf("without an extended session: %q", got)
	}
}
