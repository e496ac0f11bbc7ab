// Package notice announces the center's hours to the public: the printed
// A4 notice (THÔNG BÁO) posted at the center and on the commune's notice
// boards, and the short description a shared link of the public page
// shows on Zalo or Facebook. Both are written from the schedule, so what
// is posted is what the kiosk does.
package notice

import (
	"fmt"
	"slices"
	"strings"

	"xephang/queue"
)

// ModelName is the name of the model the extra hour belongs to.
const ModelName = "Giải quyết thủ tục hành chính giờ thứ 9"

// weekdayNames are the ISO weekdays (1 Monday … 7 Sunday) as a
// Vietnamese notice writes them.
var weekdayNames = [8]string{"", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"}

// Days writes a set of ISO weekdays: "thứ Hai đến thứ Sáu" for a run of
// three or more, otherwise a list ("thứ Hai, thứ Tư và thứ Sáu").
func Days(days []int) string {
	days = slices.Clone(days)
	slices.Sort(days)
	days = slices.Compact(days)
	var names []string
	for _, d := range days {
		if d >= 1 && d <= 7 {
			names = append(names, weekdayNames[d])
		}
	}
	n := len(names)
	switch {
	case n == 0:
		return ""
	case n >= 3 && days[n-1]-days[0] == n-1:
		return names[0] + " đến " + names[n-1]
	case n == 1:
		return names[0]
	}
	return strings.Join(names[:n-1], ", ") + " và " + names[n-1]
}

// Date writes YYYY-MM-DD as dd/mm/yyyy; anything else is returned as is.
func Date(day string) string {
	if len(day) != 10 {
		return day
	}
	return day[8:10] + "/" + day[5:7] + "/" + day[0:4]
}

// Dates writes the date range of a session: "từ ngày 23/02/2026 đến ngày
// 23/03/2026", one bound alone, or "" when it runs every week.
func Dates(s queue.Session) string {
	switch {
	case s.From != "" && s.To != "":
		return fmt.Sprintf("từ ngày %s đến ngày %s", Date(s.From), Date(s.To))
	case s.From != "":
		return "từ ngày " + Date(s.From)
	case s.To != "":
		return "đến ngày " + Date(s.To)
	}
	return ""
}

// Hours writes a session's hours with an en dash: "16:30 – 17:30".
func Hours(s queue.Session) string { return s.Start + " – " + s.End }

// Extended returns the sessions of the schedule flagged extended, in
// order.
func Extended(sessions []queue.Session) []queue.Session {
	var out []queue.Session
	for _, s := range sessions {
		if s.Extended {
			out = append(out, s)
		}
	}
	return out
}

// Regular returns the sessions that are not extended.
func Regular(sessions []queue.Session) []queue.Session {
	var out []queue.Session
	for _, s := range sessions {
		if !s.Extended {
			out = append(out, s)
		}
	}
	return out
}

// Description is the one or two sentences a shared link of the public page
// shows under its title: the extra hour when the schedule has one, then
// what the page offers.
func Description(sessions []queue.Session) string {
	const offer = "Xem giờ làm việc, số người đang chờ và hướng dẫn nộp hồ sơ trực tuyến."
	ext := Extended(sessions)
	if len(ext) == 0 {
		return offer
	}
	s := ext[0]
	text := fmt.Sprintf("%s: giải quyết thủ tục hành chính thêm %s, %s", s.Name, Hours(s), Days(s.Days))
	if d := Dates(s); d != "" {
		text += ", " + d
	}
	return text + ". " + offer
}
