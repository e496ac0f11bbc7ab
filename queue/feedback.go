package queue

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Feedback is a citizen's rating of a finished ticket, the model's measure
// of quality.
type Feedback struct {
	Rating  int       `json:"rating"`
	Reasons []string  `json:"reasons"`
	Comment string    `json:"comment"`
	At      time.Time `json:"at"`
	Via     string    `json:"via"` // FeedbackPhone or FeedbackCounter
}

// Where a rating came from.
const (
	FeedbackPhone   = "phone"
	FeedbackCounter = "counter"
)

// Rating levels; their words are RatingWords (words.go).
const (
	RatingVerySatisfied = 4 // Rất hài lòng
	RatingSatisfied     = 3 // Hài lòng
	RatingNeutral       = 2 // Bình thường
	RatingUnsatisfied   = 1 // Không hài lòng
)

// Reason codes a citizen may pick at rating 2 or below; their words are
// Reasons (words.go).
const (
	ReasonAttitude = "thai_do"           // thái độ
	ReasonWait     = "thoi_gian_cho"     // thời gian chờ
	ReasonGuidance = "huong_dan_chua_ro" // hướng dẫn chưa rõ
	ReasonOther    = "khac"              // khác
)

// Windows in which a done ticket may still be rated.
const (
	PhoneRatingWindow   = 24 * time.Hour
	CounterRatingWindow = 10 * time.Minute
	MaxCommentRunes     = 500
)

// reasonCode maps a code or a label, in either language and any case, to
// its code.
func reasonCode(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, r := range Reasons {
		if s == r.Code || strings.EqualFold(s, r.VI) || strings.EqualFold(s, r.EN) {
			return r.Code, true
		}
	}
	return "", false
}

// Normalize validates f and rewrites its reasons as codes. Reasons are for
// ratings of 2 or below; a comment may come with any rating.
func (f *Feedback) Normalize() error {
	if f.Rating < RatingUnsatisfied || f.Rating > RatingVerySatisfied {
		return FieldErrorf("rating", "Mức đánh giá phải từ 1 đến 4.", "Rating must be between 1 and 4.")
	}
	if len(f.Reasons) > 0 && f.Rating > RatingNeutral {
		return FieldErrorf("reasons", "Chỉ chọn lý do khi đánh giá từ mức 2 trở xuống.",
			"Reasons are only for a rating of 2 or below.")
	}
	codes := make([]string, 0, len(f.Reasons))
	seen := map[string]bool{}
	for _, r := range f.Reasons {
		c, ok := reasonCode(r)
		if !ok {
			return FieldErrorf("reasons", "Lý do %q không hợp lệ.", "Unknown reason %q.", r)
		}
		if !seen[c] {
			seen[c] = true
			codes = append(codes, c)
		}
	}
	f.Reasons = codes
	f.Comment = normText(f.Comment, true)
	if utf8.RuneCountInString(f.Comment) > MaxCommentRunes || !utf8.ValidString(f.Comment) {
		return FieldErrorf("comment", "Góp ý tối đa 500 ký tự.", "Comment must be at most 500 characters.")
	}
	if err := checkText("comment", f.Comment, true); err != nil {
		return err
	}
	return nil
}
