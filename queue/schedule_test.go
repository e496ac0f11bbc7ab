package queue

import (
	"testing"
	"time"
)

var hcm = func() *time.Location {
	loc, err := time.LoadLocation(DefaultZone)
	if err != nil {
		panic(err)
	}
	return loc
}()

func at(y int, m time.Month, d, hh, mm int) time.Time { return time.Date(y, m, d, hh, mm, 0, 0, hcm) }

// TestCanIssue walks the boundaries of DESIGN.md: on a campaign day the
// afternoon and "Giờ thứ 9" form one opening, so the kiosk issues straight
// through 16:30 until 17:20; on other weekdays it stops at 16:20.
func TestCanIssue(t *testing.T) {
	sc := DefaultSchedule()
	sc.Holidays = []string{"2026-03-04"}
	tests := []struct {
		name    string
		t       time.Time
		ok      bool
		session string
	}{
		{"CampaignMorningStart", at(2026, 3, 2, 7, 30), true, SessionMorning},
		{"CampaignBeforeOpen", at(2026, 3, 2, 7, 29), false, ""},
		{"CampaignMorningStop", at(2026, 3, 2, 11, 20), false, ""},
		{"CampaignMorningLastMinute", at(2026, 3, 2, 11, 19), true, SessionMorning},
		{"CampaignLunch", at(2026, 3, 2, 12, 0), false, ""},
		{"Campaign1619", at(2026, 3, 2, 16, 19), true, SessionAfternoon},
		{"Campaign1620", at(2026, 3, 2, 16, 20), true, SessionAfternoon},
		{"Campaign1630", at(2026, 3, 2, 16, 30), true, SessionExtended},
		{"Campaign1719", at(2026, 3, 2, 17, 19), true, SessionExtended},
		{"Campaign1720", at(2026, 3, 2, 17, 20), false, ""},
		{"Campaign1729", at(2026, 3, 2, 17, 29), false, ""},
		{"Campaign1730", at(2026, 3, 2, 17, 30), false, ""},
		{"CampaignFirstDay1630", at(2026, 2, 23, 16, 30), true, SessionExtended},
		{"CampaignLastDay1700", at(2026, 3, 23, 17, 0), true, SessionExtended},
		{"DayAfterCampaign1619", at(2026, 3, 24, 16, 19), true, SessionAfternoon},
		{"DayAfterCampaign1620", at(2026, 3, 24, 16, 20), false, ""},
		{"DayAfterCampaign1630", at(2026, 3, 24, 16, 30), false, ""},
		{"DayBeforeCampaign1630", at(2026, 2, 20, 16, 30), false, ""},
		{"Holiday", at(2026, 3, 4, 9, 0), false, ""},
		{"Saturday", at(2026, 3, 7, 9, 0), false, ""},
		{"Sunday", at(2026, 3, 8, 16, 45), false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := sc.CanIssue(tt.t, hcm)
			if ok != tt.ok {
				t.Fatalf("CanIssue(%s)=%v, want %v", tt.t.Format("Mon 02/01 15:04"), ok, tt.ok)
			}
			name := ""
			if ok && s != nil {
				name = s.Name
			}
			if name != tt.session {
				t.Fatalf("session=%q, want %q", name, tt.session)
			}
		})
	}
}

func TestSessionAt(t *testing.T) {
	sc := DefaultSchedule()
	tests := []struct {
		t    time.Time
		want string
	}{
		{at(2026, 3, 2, 16, 29), SessionAfternoon},
		{at(2026, 3, 2, 16, 30), SessionExtended}, // start included, end excluded
		{at(2026, 3, 2, 17, 29), SessionExtended},
		{at(2026, 3, 2, 17, 30), ""},
		{at(2026, 3, 24, 16, 30), ""},
		// UTC input is read in the center's zone: 09:45 UTC is 16:45 there.
		{time.Date(2026, 3, 2, 9, 45, 0, 0, time.UTC), SessionExtended},
	}
	for _, tt := range tests {
		got := ""
		if s := sc.SessionAt(tt.t, hcm); s != nil {
			got = s.Name
		}
		if got != tt.want {
			t.Errorf("SessionAt(%s)=%q, want %q", tt.t, got, tt.want)
		}
	}
}

func TestNextOpening(t *testing.T) {
	sc := DefaultSchedule()
	sc.Holidays = []string{"2026-03-09"}
	tests := []struct {
		name string
		t    time.Time
		want time.Time
	}{
		{"BeforeMorning", at(2026, 3, 2, 6, 0), at(2026, 3, 2, 7, 30)},
		{"InMorningStopWindow", at(2026, 3, 2, 11, 25), at(2026, 3, 2, 13, 30)},
		{"AfterCampaignHour", at(2026, 3, 2, 17, 25), at(2026, 3, 3, 7, 30)},
		{"FridayEvening", at(2026, 3, 6, 18, 0), at(2026, 3, 10, 7, 30)}, // Monday 9th is a holiday
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sc.NextOpening(tt.t, hcm); !got.Equal(tt.want) {
				t.Fatalf("NextOpening=%s, want %s", got, tt.want)
			}
		})
	}
	if err := sc.ClosedError(at(2026, 3, 2, 17, 25), hcm); err.Code != ECLOSED ||
		err.Message != "Ngoài giờ cấp số. Trung tâm mở cửa lại lúc 07:30 03/03/2026." {
		t.Fatalf("ClosedError=%+v", err)
	}
	empty := Schedule{}
	if got := empty.NextOpening(at(2026, 3, 2, 6, 0), hcm); !got.IsZero() {
		t.Fatalf("no sessions: NextOpening=%s", got)
	}
}

func TestAlwaysOpen(t *testing.T) {
	sc := DefaultSchedule()
	sc.AlwaysOpen = true
	if _, ok := sc.CanIssue(at(2026, 3, 7, 23, 0), hcm); !ok {
		t.Fatal("always open refused a Saturday night")
	}
	if s, _ := sc.CanIssue(at(2026, 3, 2, 16, 45), hcm); s == nil || !s.Extended {
		t.Fatal("always open lost the session name")
	}
}

func TestScheduleValidate(t *testing.T) {
	week := []int{1, 2, 3, 4, 5}
	tests := []struct {
		name     string
		sessions []Session
		holidays []string
		stop     int
		field    string
	}{
		{"Default", DefaultSchedule().Sessions, nil, 10, ""},
		{"EndsBeforeStart", []Session{{Name: "X", Days: week, Start: "16:30", End: "16:00"}}, nil, 10, "sessions[0].end"},
		{"EndsAtStart", []Session{{Name: "X", Days: week, Start: "16:30", End: "16:30"}}, nil, 10, "sessions[0].end"},
		{"BadStart", []Session{{Name: "X", Days: week, Start: "7:30", End: "11:30"}}, nil, 10, "sessions[0].start"},
		{"BadEnd", []Session{{Name: "X", Days: week, Start: "07:30", End: "25:00"}}, nil, 10, "sessions[0].end"},
		{"NoDays", []Session{{Name: "X", Start: "07:30", End: "11:30"}}, nil, 10, "sessions[0].days"},
		{"BadDay", []Session{{Name: "X", Days: []int{0}, Start: "07:30", End: "11:30"}}, nil, 10, "sessions[0].days"},
		{"NoName", []Session{{Days: week, Start: "07:30", End: "11:30"}}, nil, 10, "sessions[0].name"},
		{"BadFrom", []Session{{Name: "X", Days: week, Start: "07:30", End: "11:30", From: "23/02/2026"}}, nil, 10, "sessions[0].from"},
		{"ToBeforeFrom", []Session{{Name: "X", Days: week, Start: "07:30", End: "11:30", From: "2026-03-23", To: "2026-02-23"}}, nil, 10, "sessions[0].to"},
		{"Overlap", []Session{
			{Name: "A", Days: week, Start: "07:30", End: "11:30"},
			{Name: "B", Days: []int{5}, Start: "11:00", End: "12:00"},
		}, nil, 10, "sessions[1]"},
		{"TouchingIsFine", []Session{
			{Name: "A", Days: week, Start: "13:30", End: "16:30"},
			{Name: "B", Days: week, Start: "16:30", End: "17:30"},
		}, nil, 10, ""},
		{"OverlapOtherDaysIsFine", []Session{
			{Name: "A", Days: []int{1, 2}, Start: "07:30", End: "11:30"},
			{Name: "B", Days: []int{6}, Start: "08:00", End: "11:00"},
		}, nil, 10, ""},
		{"OverlapDisjointDatesIsFine", []Session{
			{Name: "A", Days: week, Start: "16:30", End: "17:30", From: "2026-02-23", To: "2026-03-23"},
			{Name: "B", Days: week, Start: "16:30", End: "18:00", From: "2026-04-01"},
		}, nil, 10, ""},
		{"BadHoliday", DefaultSchedule().Sessions, []string{"2026-13-01"}, 10, "holidays"},
		{"StopTooLong", DefaultSchedule().Sessions, nil, 121, "stop_minutes"},
		{"StopNegative", DefaultSchedule().Sessions, nil, -1, "stop_minutes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := Schedule{Sessions: tt.sessions, Holidays: tt.holidays, StopMinutes: tt.stop}
			sc.Normalize()
			err := sc.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if ErrorCode(err) != EINVALID || ErrorField(err) != tt.field {
				t.Fatalf("err=%v field=%q, want invalid on %q", err, ErrorField(err), tt.field)
			}
		})
	}
}
