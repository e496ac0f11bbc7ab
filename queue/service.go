package queue

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Service is a field of administrative procedures (lĩnh vực) that citizens
// queue for. Its prefix letter starts every ticket number it issues.
type Service struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Prefix      string `json:"prefix"`
	FirstNumber int    `json:"first_number"`
	Digits      int    `json:"digits"`
	DailyCap    int    `json:"daily_cap"`
	Active      bool   `json:"active"`
	Order       int    `json:"order"`
}

// ServiceOnline is the id of the default service that guides citizens to
// file dossiers online; reports count it on its own, as the model asks.
const ServiceOnline = "huong-dan-truc-tuyen"

// DefaultServices are the eight fields of a commune center, seeded on first
// run.
func DefaultServices() []Service {
	list := []struct{ id, name, prefix string }{
		{"tu-phap-ho-tich", "Tư pháp – Hộ tịch", "A"},
		{"chung-thuc", "Chứng thực", "B"},
		{"dat-dai", "Đất đai", "C"},
		{"ho-kinh-doanh", "Đăng ký hộ kinh doanh", "D"},
		{"xay-dung", "Xây dựng", "E"},
		{"bao-tro-xa-hoi", "Bảo trợ xã hội – Người có công", "F"},
		{ServiceOnline, "Hướng dẫn nộp hồ sơ trực tuyến", "G"},
		{"tra-ket-qua", "Trả kết quả", "H"},
	}
	out := make([]Service, len(list))
	for i, s := range list {
		out[i] = Service{ID: s.id, Name: s.name, Prefix: s.prefix, FirstNumber: 1, Digits: 3, Active: true, Order: i + 1}
	}
	return out
}

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// ValidID reports whether id is a usable slug: lower-case ASCII letters,
// digits and dashes, at most 40 characters.
func ValidID(id string) bool { return slugRE.MatchString(id) }

// Normalize trims the text fields, puts the name in NFC (queue/text.go)
// and upper-cases the prefix, so that what is validated is what is stored.
func (s *Service) Normalize() {
	s.ID = strings.TrimSpace(s.ID)
	s.Name = normText(s.Name, false)
	s.Prefix = strings.ToUpper(strings.TrimSpace(s.Prefix))
}

// Validate checks one service on its own; uniqueness of id and prefix is
// the store's job, as it needs the others. The name comes first: an id
// made from an empty name would otherwise blame the id.
func (s *Service) Validate() error {
	if err := checkText("name", s.Name, false); err != nil {
		return err
	}
	switch {
	case s.Name == "" || utf8.RuneCountInString(s.Name) > 120:
		return FieldErrorf("name", "Tên lĩnh vực không được để trống và tối đa 120 ký tự.",
			"Service name must be 1 to 120 characters.")
	case !ValidID(s.ID):
		return FieldErrorf("id", "Mã lĩnh vực %q không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu gạch ngang.",
			"Service id %q is invalid: use lower-case letters, digits and dashes.", s.ID)
	case len(s.Prefix) != 1 || s.Prefix[0] < 'A' || s.Prefix[0] > 'Z':
		return FieldErrorf("prefix", "Ký hiệu (prefix) phải là một chữ cái A–Z.",
			"Prefix must be one letter A–Z.")
	case s.FirstNumber < 0 || s.FirstNumber > 9999:
		return FieldErrorf("first_number", "Số bắt đầu phải từ 0 đến 9999.",
			"First number must be between 0 and 9999.")
	case s.Digits < 1 || s.Digits > 6:
		return FieldErrorf("digits", "Số chữ số phải từ 1 đến 6.", "Digits must be between 1 and 6.")
	case s.DailyCap < 0 || s.DailyCap > 100000:
		return FieldErrorf("daily_cap", "Giới hạn số mỗi ngày phải từ 0 (không giới hạn) đến 100000.",
			"Daily cap must be between 0 (none) and 100000.")
	case s.Order < 0:
		return FieldErrorf("order", "Thứ tự hiển thị không được âm.", "Order must not be negative.")
	}
	return nil
}

// Number formats the n-th ticket of the day (n counts from 1) of s.
func (s *Service) Number(n int) string {
	return FormatNumber(s.Prefix, s.FirstNumber+n-1, s.Digits)
}

// CheckRenumber refuses a change from s to next that could give a number
// twice on a day when s has already issued issuedToday tickets: a new prefix
// (the old numbers stay in the queue and "call by number" would become
// ambiguous) or a lower first number (the next numbers would repeat earlier
// ones). Both are fine before the first ticket of the day.
func (s *Service) CheckRenumber(next *Service, issuedToday int) error {
	if issuedToday == 0 {
		return nil
	}
	if next.Prefix != s.Prefix {
		return FieldErrorf("prefix", "Hôm nay lĩnh vực %s đã cấp %d số với ký hiệu %s; đổi ký hiệu lúc này sẽ làm trùng số. Vui lòng đổi vào ngày mai, trước khi cấp số đầu tiên.",
			"Service %s has issued %d tickets with prefix %s today; changing it now would repeat numbers. Please change it tomorrow, before the first ticket.",
			s.Name, issuedToday, s.Prefix)
	}
	if next.FirstNumber < s.FirstNumber {
		return FieldErrorf("first_number", "Hôm nay lĩnh vực %s đã cấp %d số; giảm số bắt đầu lúc này sẽ làm trùng số. Vui lòng đổi vào ngày mai, trước khi cấp số đầu tiên.",
			"Service %s has issued %d tickets today; lowering the first number now would repeat numbers. Please change it tomorrow, before the first ticket.",
			s.Name, issuedToday)
	}
	return nil
}
