package queue

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Counter is a desk (quầy) where an officer calls and serves tickets of the
// services it lists, in its order of preference.
type Counter struct {
	ID       string   `json:"id"`
	Number   int      `json:"number"`
	Name     string   `json:"name"`
	Services []string `json:"services"`
	Open     bool     `json:"open"`

	// Working state, kept by the store.

	// Current is the id of the ticket called or served here, 0 for none.
	Current uint64 `json:"-"`
	// OfficerID is the user who opened the counter or made its last call.
	OfficerID string `json:"-"`
	// Streak counts the priority tickets called here in a row; it bounds
	// how long normal tickets wait behind priority ones.
	Streak int `json:"-"`
	// LastDone and LastDoneAt name the ticket last finished here, the one
	// the counter's tablet may still rate.
	LastDone   uint64    `json:"-"`
	LastDoneAt time.Time `json:"-"`
}

// DefaultCounters are the three counters seeded on first run. Every
// service is served by at least one; "Trả kết quả" by all.
func DefaultCounters() []Counter {
	return []Counter{
		{ID: "quay-1", Number: 1, Name: "Quầy 1", Services: []string{"tu-phap-ho-tich", "chung-thuc", "tra-ket-qua"}},
		{ID: "quay-2", Number: 2, Name: "Quầy 2", Services: []string{"dat-dai", "xay-dung", "ho-kinh-doanh", "tra-ket-qua"}},
		{ID: "quay-3", Number: 3, Name: "Quầy 3", Services: []string{"bao-tro-xa-hoi", ServiceOnline, "chung-thuc", "tra-ket-qua"}},
	}
}

// Serves reports whether the counter serves service id.
func (c *Counter) Serves(id string) bool {
	return c.Rank(id) >= 0
}

// Rank is the position of service id in the counter's preference, -1 when
// it does not serve it.
func (c *Counter) Rank(id string) int {
	for i, s := range c.Services {
		if s == id {
			return i
		}
	}
	return -1
}

// Normalize trims the text fields and puts the name in NFC (queue/text.go).
func (c *Counter) Normalize() {
	c.ID = strings.TrimSpace(c.ID)
	c.Name = normText(c.Name, false)
}

// Validate checks one counter; that its services exist and its number is
// unique is checked by the store. The number comes first, as the id and
// name of a new counter are made from it.
func (c *Counter) Validate() error {
	switch {
	case c.Number < 1 || c.Number > 999:
		return FieldErrorf("number", "Số quầy phải từ 1 đến 999.", "Counter number must be between 1 and 999.")
	case !ValidID(c.ID):
		return FieldErrorf("id", "Mã quầy %q không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu gạch ngang.",
			"Counter id %q is invalid: use lower-case letters, digits and dashes.", c.ID)
	case c.Name == "" || utf8.RuneCountInString(c.Name) > 80:
		return FieldErrorf("name", "Tên quầy không được để trống và tối đa 80 ký tự.",
			"Counter name must be 1 to 80 characters.")
	case checkText("name", c.Name, false) != nil:
		return checkText("name", c.Name, false)
	case len(c.Services) == 0:
		return FieldErrorf("services", "Quầy phải phục vụ ít nhất một lĩnh vực.",
			"A counter must serve at least one service.")
	}
	seen := map[string]bool{}
	for _, s := range c.Services {
		if seen[s] {
			return FieldErrorf("services", "Lĩnh vực %q bị lặp trong danh sách của quầy.",
				"Service %q is listed twice for this counter.", s)
		}
		seen[s] = true
	}
	return nil
}
