package queue

import (
	"fmt"
	"net/url"
	"slices"
	"time"
	"unicode/utf8"
)

// Settings is what the center's leader edits on the admin page; everything
// not given by flags at start-up lives here, in the database.
type Settings struct {
	CenterName   string `json:"center_name"`
	Address      string `json:"address"`
	Phone        string `json:"phone"`
	Notice       string `json:"notice"`        // shown on the board as a ticker
	TicketFooter string `json:"ticket_footer"` // the thank-you line of the ticket
	PortalURL    string `json:"portal_url"`    // the online public-service portal
	OnlineGuide  string `json:"online_guide"`  // a few lines on filing online
	MapURL       string `json:"map_url"`       // where to find the center
	Zone         string `json:"zone"`
	Schedule
}

// DefaultZone is the zone every rule runs in unless configured otherwise.
const DefaultZone = "Asia/Ho_Chi_Minh"

// DefaultSettings are the settings of the Luận Thành center.
func DefaultSettings() Settings {
	return Settings{
		CenterName: "Trung tâm Phục vụ hành chính công xã Luận Thành",
		Address:    "xã Luận Thành, tỉnh Thanh Hóa",
		Notice: "Trung tâm giải quyết thủ tục hành chính thêm \"Giờ thứ 9\" từ 16:30 đến 17:30, " +
			"thứ Hai đến thứ Sáu, từ ngày 23/02/2026 đến ngày 23/03/2026.",
		TicketFooter: "Cảm ơn Ông/Bà đã đến Trung tâm!",
		PortalURL:    "https://dichvucong.gov.vn",
		OnlineGuide: "Ông/Bà có thể nộp hồ sơ trực tuyến tại Cổng Dịch vụ công quốc gia bằng tài khoản định danh điện tử VNeID. " +
			"Cán bộ tại quầy \"Hướng dẫn nộp hồ sơ trực tuyến\" sẽ hướng dẫn từng bước.",
		Zone:     DefaultZone,
		Schedule: DefaultSchedule(),
	}
}

// SettingsPatch carries the fields of a settings update; nil fields keep
// their value.
type SettingsPatch struct {
	CenterName   *string    `json:"center_name,omitempty"`
	Address      *string    `json:"address,omitempty"`
	Phone        *string    `json:"phone,omitempty"`
	Notice       *string    `json:"notice,omitempty"`
	TicketFooter *string    `json:"ticket_footer,omitempty"`
	PortalURL    *string    `json:"portal_url,omitempty"`
	OnlineGuide  *string    `json:"online_guide,omitempty"`
	MapURL       *string    `json:"map_url,omitempty"`
	Zone         *string    `json:"zone,omitempty"`
	Sessions     *[]Session `json:"sessions,omitempty"`
	Holidays     *[]string  `json:"holidays,omitempty"`
	StopMinutes  *int       `json:"stop_minutes,omitempty"`
	AlwaysOpen   *bool      `json:"always_open,omitempty"`
}

// Clone returns a copy of s that shares no slice with it, so the copy can
// be normalized or changed while others read s.
func (s Settings) Clone() Settings {
	s.Sessions = slices.Clone(s.Sessions)
	for i := range s.Sessions {
		s.Sessions[i].Days = slices.Clone(s.Sessions[i].Days)
	}
	s.Holidays = append([]string{}, s.Holidays...)
	return s
}

// Apply returns a copy of s with the patch applied; it does not validate.
func (p *SettingsPatch) Apply(s Settings) Settings {
	s = s.Clone()
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&s.CenterName, p.CenterName)
	set(&s.Address, p.Address)
	set(&s.Phone, p.Phone)
	set(&s.Notice, p.Notice)
	set(&s.TicketFooter, p.TicketFooter)
	set(&s.PortalURL, p.PortalURL)
	set(&s.OnlineGuide, p.OnlineGuide)
	set(&s.MapURL, p.MapURL)
	set(&s.Zone, p.Zone)
	if p.Sessions != nil {
		s.Sessions = append([]Session(nil), *p.Sessions...)
	}
	if p.Holidays != nil {
		s.Holidays = append([]string(nil), *p.Holidays...)
	}
	if p.StopMinutes != nil {
		s.StopMinutes = *p.StopMinutes
	}
	if p.AlwaysOpen != nil {
		s.AlwaysOpen = *p.AlwaysOpen
	}
	return s
}

// Normalize trims the text fields and the schedule, and puts the texts in
// NFC (queue/text.go).
func (s *Settings) Normalize() {
	for _, f := range []*string{&s.CenterName, &s.Address, &s.Phone, &s.TicketFooter,
		&s.PortalURL, &s.MapURL, &s.Zone} {
		*f = normText(*f, false)
	}
	s.Notice = normText(s.Notice, true)
	s.OnlineGuide = normText(s.OnlineGuide, true)
	s.Schedule.Normalize()
	for i := range s.Sessions {
		s.Sessions[i].Name = normText(s.Sessions[i].Name, false)
	}
}

// checkTexts refuses a text of s holding a character of no place in a text
// (queue/text.go).
func (s *Settings) checkTexts() error {
	for _, t := range []struct {
		field, v  string
		multiline bool
	}{
		{"center_name", s.CenterName, false}, {"address", s.Address, false}, {"phone", s.Phone, false},
		{"notice", s.Notice, true}, {"ticket_footer", s.TicketFooter, false},
		{"online_guide", s.OnlineGuide, true}, {"portal_url", s.PortalURL, false},
		{"map_url", s.MapURL, false}, {"zone", s.Zone, false},
	} {
		if err := checkText(t.field, t.v, t.multiline); err != nil {
			return err
		}
	}
	for i, ss := range s.Sessions {
		if err := checkText(fmt.Sprintf("sessions[%d].name", i), ss.Name, false); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks every field of s.
func (s *Settings) Validate() error {
	if err := s.checkTexts(); err != nil {
		return err
	}
	texts := []struct {
		field, vi, en string
		v             string
		max           int
		required      bool
	}{
		{"center_name", "Tên trung tâm", "Center name", s.CenterName, 200, true},
		{"address", "Địa chỉ", "Address", s.Address, 300, false},
		{"phone", "Số điện thoại", "Phone", s.Phone, 40, false},
		{"notice", "Thông báo", "Notice", s.Notice, 1000, false},
		{"ticket_footer", "Lời cảm ơn trên phiếu", "Ticket footer", s.TicketFooter, 200, false},
		{"online_guide", "Hướng dẫn nộp trực tuyến", "Online filing guide", s.OnlineGuide, 2000, false},
	}
	for _, t := range texts {
		n := utf8.RuneCountInString(t.v)
		if (t.required && n == 0) || n > t.max || !utf8.ValidString(t.v) {
			e := &Error{Code: EINVALID, Field: t.field,
				Message: fmt.Sprintf("%s tối đa %d ký tự.", t.vi, t.max),
				English: fmt.Sprintf("%s must be at most %d characters.", t.en, t.max)}
			if t.required {
				e.Message = fmt.Sprintf("%s không được để trống và tối đa %d ký tự.", t.vi, t.max)
				e.English = fmt.Sprintf("%s must be 1 to %d characters.", t.en, t.max)
			}
			return e
		}
	}
	for _, u := range []struct{ field, v string }{{"portal_url", s.PortalURL}, {"map_url", s.MapURL}} {
		if u.v == "" {
			continue
		}
		p, err := url.Parse(u.v)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || len(u.v) > 500 {
			return FieldErrorf(u.field, "Địa chỉ %q không hợp lệ: cần bắt đầu bằng http:// hoặc https://.",
				"%q is not a valid address: it must start with http:// or https://.", u.v)
		}
	}
	if _, err := LoadZone(s.Zone); err != nil {
		return err
	}
	return s.Schedule.Validate()
}

// LoadZone loads a time zone by name, with an EINVALID error naming the
// zone field when it is unknown.
func LoadZone(name string) (*time.Location, error) {
	if name == "" {
		name = DefaultZone
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return nil, FieldErrorf("zone", "Múi giờ %q không hợp lệ, ví dụ Asia/Ho_Chi_Minh.",
			"Unknown time zone %q, e.g. Asia/Ho_Chi_Minh.", name)
	}
	return loc, nil
}
