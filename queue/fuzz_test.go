package queue

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The fuzz tests of the pure rules. `go test` runs their seeds (f.Add and
// testdata/fuzz/FuzzXxx); `go test -fuzz FuzzXxx ./queue/` searches for
// more (see the README, "Fuzzing").

// FuzzParseNumber: any text an officer types either parses to one letter
// A-Z and a sequence that formats back to the same number, or is refused
// with an EINVALID error on the field "number"; never a panic.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"A005", "a5", " B012 ", "C1000", "", "A", "5A", "AA1", "A-1", "A١٢", "Ă01",
		"A12345678901234", "Z99999999999", "A+1", "A 1", "ı5", "ſ12", "A0x1", "A1e3", "\x00", "A\u00a01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prefix, seq, err := ParseNumber(s)
		if err != nil {
			if ErrorCode(err) != EINVALID || ErrorField(err) != "number" {
				t.Fatalf("ParseNumber(%q): error %v (code %s, field %q), want invalid on number", s, err, ErrorCode(err), ErrorField(err))
			}
			return
		}
		if len(prefix) != 1 || prefix[0] < 'A' || prefix[0] > 'Z' || seq < 0 {
			t.Fatalf("ParseNumber(%q) = %q, %d", s, prefix, seq)
		}
		up := strings.ToUpper(strings.TrimSpace(s))
		if got := FormatNumber(prefix, seq, len(up)-1); got != up {
			t.Fatalf("ParseNumber(%q) = %q, %d, which formats as %q, not %q", s, prefix, seq, got, up)
		}
		p2, n2, err := ParseNumber(FormatNumber(prefix, seq, 3))
		if err != nil || p2 != prefix || n2 != seq {
			t.Fatalf("round trip of %q: %q, %d, %v", s, p2, n2, err)
		}
	})
}

// FuzzFormatNumber: every number a service can print (a letter, a
// sequence, 1 to 9 digits) parses back to its letter and sequence, or, when
// it is longer than an officer may type (12 characters), is refused; the
// sequence is never cut.
func FuzzFormatNumber(f *testing.F) {
	f.Add(byte(0), uint64(1), uint8(3))
	f.Add(byte(2), uint64(1000), uint8(3))
	f.Add(byte(25), uint64(0), uint8(1))
	f.Add(byte(7), uint64(99999999999), uint8(9))
	f.Add(byte(3), uint64(1<<63), uint8(0))
	f.Fuzz(func(t *testing.T, letter byte, seq uint64, digits uint8) {
		prefix := string(rune('A' + letter%26))
		n := int(seq % (1 << 62))
		d := 1 + int(digits%9)
		s := FormatNumber(prefix, n, d)
		if !strings.HasSuffix(s, strconv.Itoa(n)) || len(s) < 1+d {
			t.Fatalf("FormatNumber(%q, %d, %d) = %q", prefix, n, d, s)
		}
		p, got, err := ParseNumber(s)
		if len(s) > 12 {
			if err == nil {
				t.Fatalf("ParseNumber(%q) accepted %d characters", s, len(s))
			}
			return
		}
		if err != nil || p != prefix || got != n {
			t.Fatalf("ParseNumber(FormatNumber(%q, %d, %d) = %q) = %q, %d, %v", prefix, n, d, s, p, got, err)
		}
	})
}

// fuzzZones are the zones the schedule is fuzzed in: the center's, UTC,
// and zones with daylight saving time, a DST change at midnight, a day
// skipped (Apia, 2011) and a half-hour change.
var fuzzZones = []string{"Asia/Ho_Chi_Minh", "UTC", "Europe/Berlin", "America/Sao_Paulo", "Pacific/Apia", "Australia/Lord_Howe"}

// FuzzSchedule: any schedule JSON the admin could send either fails
// Validate with a field error, or is a schedule whose every rule (SessionAt,
// CanIssue, IssuingUntil, OpenUntil, NextOpening, SessionsOn, ClosedError)
// answers at any moment, in any zone, without a panic or a long loop, and
// consistently: a moment the kiosk issues at is inside an opening, before
// the issuing stops; the next opening is later than now.
func FuzzSchedule(f *testing.F) {
	def, _ := json.Marshal(DefaultSchedule())
	campaign := time.Date(2026, 3, 2, 16, 25, 0, 0, time.UTC).Unix()
	f.Add(def, campaign, uint8(0))
	f.Add(def, time.Date(2026, 3, 28, 23, 59, 0, 0, time.UTC).Unix(), uint8(0))
	f.Add([]byte(`{"sessions":[{"name":"Cả ngày","days":[1,2,3,4,5,6,7],"start":"00:00","end":"23:59"}],"stop_minutes":0}`), campaign, uint8(1))
	f.Add([]byte(`{"sessions":[{"name":"Đêm","days":[7],"start":"02:00","end":"03:30"}],"stop_minutes":120}`), time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC).Unix(), uint8(2))
	f.Add([]byte(`{"sessions":[{"name":"Sáng","days":[1],"start":"00:00","end":"00:30"}],"stop_minutes":0}`), time.Date(2018, 11, 4, 0, 10, 0, 0, time.UTC).Unix(), uint8(3))
	f.Add([]byte(`{"sessions":[{"name":"X","days":[5],"start":"08:00","end":"09:00","from":"2011-12-29","to":"2011-12-31"}],"holidays":["2011-12-29"]}`),
		time.Date(2011, 12, 29, 12, 0, 0, 0, time.UTC).Unix(), uint8(4))
	f.Add([]byte(`{"sessions":[],"holidays":[],"always_open":true}`), int64(0), uint8(5))
	f.Add([]byte(`{"sessions":[{"name":"A","days":[1],"start":"07:30","end":"11:30"},{"name":"B","days":[1],"start":"11:00","end":"12:00"}]}`), campaign, uint8(0))
	f.Add([]byte(`{"sessions":[{"name":"A","days":[0,8],"start":"7:30","end":"24:00"}],"stop_minutes":-1}`), campaign, uint8(0))
	f.Add([]byte(`{"sessions":null,"holidays":["2026-02-30"," 2026-03-02 "]}`), campaign, uint8(0))
	zones := make([]*time.Location, len(fuzzZones))
	for i, z := range fuzzZones {
		loc, err := time.LoadLocation(z)
		if err != nil {
			f.Fatal(err)
		}
		zones[i] = loc
	}
	f.Fuzz(func(t *testing.T, data []byte, unix int64, zone uint8) {
		var sc Schedule
		if err := json.Unmarshal(data, &sc); err != nil {
			return
		}
		sc.Normalize()
		if err := sc.Validate(); err != nil {
			if ErrorCode(err) != EINVALID || ErrorField(err) == "" {
				t.Fatalf("Validate: %v (code %s, field %q), want invalid with a field", err, ErrorCode(err), ErrorField(err))
			}
			return
		}
		loc := zones[int(zone)%len(zones)]
		// Any second from 1970 to about 2100.
		now := time.Unix(int64(uint64(unix)%(130*365*86400)), 0).In(loc)
		start := time.Now()

		sess := sc.SessionAt(now, loc)
		if sess != nil && !slices.ContainsFunc(sc.Sessions, func(s Session) bool { return s.Name == sess.Name }) {
			t.Fatalf("SessionAt gave %q, which is not in the schedule", sess.Name)
		}
		issuing, ok := sc.CanIssue(now, loc)
		if issuing != nil && sess != nil && issuing.Name != sess.Name {
			t.Fatalf("CanIssue session %q, SessionAt %q", issuing.Name, sess.Name)
		}
		until, open := sc.IssuingUntil(now, loc), sc.OpenUntil(now, loc)
		if ok && !sc.AlwaysOpen {
			if !until.After(now) || !open.After(now) || until.After(open) {
				t.Fatalf("issuing at %v, but issuing until %v and open until %v", now, until, open)
			}
		}
		next := sc.NextOpening(now, loc)
		if !next.IsZero() && !next.After(now) {
			t.Fatalf("NextOpening(%v) = %v, not later", now, next)
		}
		if len(sc.Sessions) > 0 && next.IsZero() && !hasDateRange(sc) && len(sc.Holidays) < 366 {
			t.Fatalf("NextOpening(%v) found none for a schedule with weekly sessions", now)
		}
		for _, s := range sc.SessionsOn(now, loc) {
			if !slices.Contains(s.Days, isoWeekday(now)) {
				t.Fatalf("SessionsOn(%v) gave %q, which does not run on weekday %d", now, s.Name, isoWeekday(now))
			}
		}
		if e := sc.ClosedError(now, loc); e == nil || e.Code != ECLOSED {
			t.Fatalf("ClosedError = %v", e)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("the rules took %v for one moment", d)
		}
	})
}

// hasDateRange reports whether a session of sc runs only between dates,
// after which no opening may come.
func hasDateRange(sc Schedule) bool {
	return slices.ContainsFunc(sc.Sessions, func(s Session) bool { return s.From != "" || s.To != "" })
}
