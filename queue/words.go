package queue

// The vocabulary: every word table of the domain, in Vietnamese and
// English, owned here and nowhere else. The server's messages use them, and
// the pages get them from GET /api/v1/words instead of keeping copies.

// Word is one term of a table: its code and its words in both languages.
// Short, when set, is the shorter form a narrow place shows (a badge, a
// column head).
type Word struct {
	Code    string `json:"code"`
	VI      string `json:"vi"`
	EN      string `json:"en"`
	ShortVI string `json:"short_vi,omitempty"`
	ShortEN string `json:"short_en,omitempty"`
}

// StatusWord is a ticket status as an officer's message names it inside a
// sentence ("số này đang chờ") and as the ticket's holder reads it at the
// head of the tracking page.
type StatusWord struct {
	VI       string `json:"vi"`
	EN       string `json:"en"`
	HolderVI string `json:"holder_vi"`
	HolderEN string `json:"holder_en"`
}

// StatusWords are the words of each ticket status.
var StatusWords = map[Status]StatusWord{
	StatusWaiting: {"đang chờ", "waiting", "Đang chờ", "Waiting"},
	StatusCalled:  {"đã được gọi", "called", "Đã đến lượt!", "It is your turn!"},
	StatusServing: {"đang được phục vụ", "being served", "Đang được phục vụ", "Being served"},
	StatusDone:    {"đã hoàn thành", "done", "Đã hoàn thành", "Done"},
	StatusNoShow:  {"vắng mặt", "no-show", "Vắng mặt khi được gọi", "Missed the call"},
	StatusExpired: {"đã hết hạn", "expired", "Phiếu đã hết hiệu lực", "Ticket expired"},
}

// CounterStatusWords are the words of a counter's status on the board
// (BoardCounter.Status).
var CounterStatusWords = map[string]Word{
	CounterClosed:  {Code: CounterClosed, VI: "Tạm nghỉ", EN: "Closed"},
	CounterOpen:    {Code: CounterOpen, VI: "Sẵn sàng", EN: "Ready"},
	CounterCalled:  {Code: CounterCalled, VI: "Đang mời", EN: "Calling"},
	CounterServing: {Code: CounterServing, VI: "Đang phục vụ", EN: "Serving"},
}

// PriorityWords are the priority kinds in the order the kiosk shows them:
// the full words the citizen chooses from, and the short ones of the
// officer's console.
var PriorityWords = []Word{
	{Code: PriorityElderly, VI: "Người cao tuổi", EN: "Elderly person", ShortVI: "Người cao tuổi", ShortEN: "Elderly"},
	{Code: PriorityDisabled, VI: "Người khuyết tật", EN: "Person with a disability", ShortVI: "Người khuyết tật", ShortEN: "Disability"},
	{Code: PriorityPregnant, VI: "Phụ nữ mang thai", EN: "Pregnant woman", ShortVI: "Phụ nữ mang thai", ShortEN: "Pregnant"},
	{Code: PriorityMerit, VI: "Người có công với cách mạng", EN: "Person of national merit", ShortVI: "Người có công", ShortEN: "National merit"},
}

// PriorityKinds lists the priority kinds in the order the kiosk shows them.
var PriorityKinds = codes(PriorityWords)

// RatingWord is one rating level and its words.
type RatingWord struct {
	Rating int    `json:"rating"`
	VI     string `json:"vi"`
	EN     string `json:"en"`
}

// RatingWords are the rating levels, best first, as the pages show them.
var RatingWords = []RatingWord{
	{RatingVerySatisfied, "Rất hài lòng", "Very satisfied"},
	{RatingSatisfied, "Hài lòng", "Satisfied"},
	{RatingNeutral, "Bình thường", "Neutral"},
	{RatingUnsatisfied, "Không hài lòng", "Unsatisfied"},
}

// RatingNames are the Vietnamese and English words of each level, indexed
// by level.
var RatingNames = func() (n [RatingVerySatisfied + 1][2]string) {
	for _, w := range RatingWords {
		n[w.Rating] = [2]string{w.VI, w.EN}
	}
	return n
}()

// Reasons lists the reason codes a citizen may pick at rating 2 or below,
// with their words, in the order pages show them.
var Reasons = []Word{
	{Code: ReasonAttitude, VI: "Thái độ", EN: "Attitude"},
	{Code: ReasonWait, VI: "Thời gian chờ", EN: "Waiting time"},
	{Code: ReasonGuidance, VI: "Hướng dẫn chưa rõ", EN: "Unclear guidance"},
	{Code: ReasonOther, VI: "Khác", EN: "Other"},
}

// WeekdayWord is an ISO weekday (1 Monday … 7 Sunday) and its words, as
// they read inside a sentence ("thứ Hai", "Monday") and in a narrow
// column ("T2", "Mon").
type WeekdayWord struct {
	Day     int    `json:"day"`
	VI      string `json:"vi"`
	EN      string `json:"en"`
	ShortVI string `json:"short_vi"`
	ShortEN string `json:"short_en"`
}

// Weekdays are the days of Session.Days, Monday first.
var Weekdays = []WeekdayWord{
	{1, "thứ Hai", "Monday", "T2", "Mon"},
	{2, "thứ Ba", "Tuesday", "T3", "Tue"},
	{3, "thứ Tư", "Wednesday", "T4", "Wed"},
	{4, "thứ Năm", "Thursday", "T5", "Thu"},
	{5, "thứ Sáu", "Friday", "T6", "Fri"},
	{6, "thứ Bảy", "Saturday", "T7", "Sat"},
	{7, "Chủ nhật", "Sunday", "CN", "Sun"},
}

func codes(ws []Word) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Code
	}
	return out
}
