package report

import (
	"slices"
	"sort"
	"time"

	"xephang/queue"
)

// fill writes the rows of the report from the accumulated groups.
func (b *builder) fill(rep *Report, settings *queue.Settings, services []queue.Service,
	counters []queue.Counter, users []queue.User, loc *time.Location) {
	rep.Summary = b.row(dimSummary, "", "all", "Tổng cộng")
	rep.Procedures = b.row(dimClass, classProcedures, classProcedures, "Giải quyết thủ tục hành chính")
	onlineName := b.names[queue.ServiceOnline]
	if onlineName == "" {
		onlineName = "Hướng dẫn nộp hồ sơ trực tuyến"
	}
	rep.Online = b.row(dimClass, classOnline, queue.ServiceOnline, onlineName)

	// Days, in date order.
	days := b.keys(dimDay)
	sort.Strings(days)
	rep.ByDay = make([]Row, 0, len(days))
	rep.ExtendedByDay = []DayBar{}
	for _, d := range days {
		row := b.row(dimDay, d, d, DayName(d))
		rep.ByDay = append(rep.ByDay, row)
		if row.Extended.Issued > 0 {
			rep.ExtendedDays++
		}
		if row.Extended.Issued > 0 || extendedRunsOn(&settings.Schedule, d, loc) {
			rep.ExtendedByDay = append(rep.ExtendedByDay, DayBar{Day: d, Issued: row.Extended.Issued, Served: row.Extended.Served})
		}
	}
	rep.Days = len(days)

	// Sessions, in the order of the schedule, then any other name, and
	// tickets issued outside every session last.
	order := map[string]int{}
	sessions := slices.Clone(settings.Sessions)
	sort.SliceStable(sessions, func(i, j int) bool { return sessions[i].Start < sessions[j].Start })
	for i, s := range sessions {
		if _, ok := order[s.Name]; !ok {
			order[s.Name] = i
		}
	}
	keys := b.keys(dimSession)
	sort.SliceStable(keys, func(i, j int) bool {
		oi, iok := order[keys[i]]
		oj, jok := order[keys[j]]
		switch {
		case iok && jok:
			return oi < oj
		case iok != jok:
			return iok
		case (keys[i] == queue.SessionOutside) != (keys[j] == queue.SessionOutside):
			return keys[j] == queue.SessionOutside
		}
		return keys[i] < keys[j]
	})
	rep.BySession = make([]Row, 0, len(keys))
	for _, k := range keys {
		name := k
		if name == "" {
			name = "Không rõ"
		}
		row := b.row(dimSession, k, k, name)
		row.ExtendedSession = b.dims[dimSession].groups[b.dims[dimSession].index[k]].ext
		rep.BySession = append(rep.BySession, row)
	}

	// Services, in kiosk order, then unknown ids.
	rank := map[string]int{}
	for i, sv := range services {
		rank[sv.ID] = i
	}
	keys = b.keys(dimService)
	sortByRank(keys, rank)
	rep.ByService = make([]Row, 0, len(keys))
	for _, k := range keys {
		name := b.names[k]
		if name == "" {
			name = k
		}
		rep.ByService = append(rep.ByService, b.row(dimService, k, k, name))
	}

	// Counters by number; the tickets never called last.
	rank = map[string]int{}
	cname := map[string]string{}
	for _, c := range counters {
		rank[c.ID] = c.Number
		cname[c.ID] = c.Name
	}
	keys = b.keys(dimCounter)
	sortByRank(keys, rank)
	rep.ByCounter = b.namedRows(dimCounter, keys, cname)

	// Officers by name; the tickets never called last.
	uname := map[string]string{}
	for _, u := range users {
		uname[u.ID] = u.DisplayName
		if uname[u.ID] == "" {
			uname[u.ID] = u.Username
		}
	}
	rep.ByOfficer = b.namedRows(dimOfficer, b.keys(dimOfficer), uname)
	sort.SliceStable(rep.ByOfficer, func(i, j int) bool {
		a, c := rep.ByOfficer[i], rep.ByOfficer[j]
		if (a.Key == "") != (c.Key == "") {
			return c.Key == ""
		}
		return a.Name < c.Name
	})

	// Satisfaction.
	s := &rep.Summary
	for lvl := 4; lvl >= 1; lvl-- {
		rep.Satisfaction.Levels = append(rep.Satisfaction.Levels, Level{
			Rating: lvl, Name: queue.RatingNames[lvl][0],
			Total: s.Total.Ratings[lvl], Regular: s.Regular.Ratings[lvl], Extended: s.Extended.Ratings[lvl],
		})
	}
	rep.Satisfaction.Reasons = []Reason{}
	known := map[string]bool{}
	for _, r := range queue.Reasons {
		known[r.Code] = true
		rep.Satisfaction.Reasons = append(rep.Satisfaction.Reasons, Reason{Code: r.Code, Name: r.VI,
			Total: b.reasons[partTotal][r.Code], Regular: b.reasons[partRegular][r.Code], Extended: b.reasons[partExtended][r.Code]})
	}
	for _, code := range slices.Sorted(mapKeys(b.reasons[partTotal])) {
		if !known[code] {
			rep.Satisfaction.Reasons = append(rep.Satisfaction.Reasons, Reason{Code: code, Name: code,
				Total: b.reasons[partTotal][code], Regular: b.reasons[partRegular][code], Extended: b.reasons[partExtended][code]})
		}
	}
	rep.Satisfaction.Comments = make([]Comment, 0, len(b.comments))
	for i := len(b.comments) - 1; i >= 0; i-- {
		c := b.comments[i]
		if n := b.names[c.Service]; n != "" {
			c.Service = n
		}
		rep.Satisfaction.Comments = append(rep.Satisfaction.Comments, c)
	}
}

// NotCalled names the row, in the counter and officer breakdowns, of the
// tickets that no counter holds: never called, or transferred and not
// called again (a transfer clears the counter).
const NotCalled = "Chưa được gọi (hoặc đã chuyển, chưa gọi lại)"

func mapKeys(m map[string]int) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// sortByRank sorts keys by rank, unknown keys after by name, and the empty
// key last.
func sortByRank(keys []string, rank map[string]int) {
	sort.SliceStable(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if (a == "") != (b == "") {
			return b == ""
		}
		ra, aok := rank[a]
		rb, bok := rank[b]
		switch {
		case aok && bok:
			return ra < rb
		case aok != bok:
			return aok
		}
		return a < b
	})
}

func (b *builder) keys(d int) []string {
	out := make([]string, len(b.dims[d].groups))
	for i, g := range b.dims[d].groups {
		out[i] = g.key
	}
	return out
}

// namedRows makes the rows of dimension d in the order of keys, each
// named from names: the tickets never called as NotCalled, an id without
// a name as itself.
func (b *builder) namedRows(d int, keys []string, names map[string]string) []Row {
	rows := make([]Row, 0, len(keys))
	for _, k := range keys {
		name := names[k]
		switch {
		case k == "":
			name = NotCalled
		case name == "":
			name = k
		}
		rows = append(rows, b.row(d, k, k, name))
	}
	return rows
}

func (b *builder) row(d int, groupKey, key, name string) Row {
	g := b.dims[d].groups[b.dims[d].index[groupKey]]
	return Row{Key: key, Name: name,
		Total: g.parts[partTotal].figures(), Regular: g.parts[partRegular].figures(), Extended: g.parts[partExtended].figures()}
}

func (c *cell) figures() Figures {
	f := Figures{
		Issued: c.issued, Served: c.served, NoShow: c.noShow, Transferred: c.transferred,
		TransferredIn: c.transferredIn, Expired: c.expired, InProgress: c.inProgress,
		Wait: c.wait.durations(), Service: c.svc.durations(), Ratings: c.ratings,
	}
	f.Ratings[0] = 0
	for lvl := 1; lvl <= 4; lvl++ {
		f.Rated += c.ratings[lvl]
	}
	if c.served > 0 {
		f.ResponseRate = ptr(float64(f.Rated) / float64(c.served))
	}
	if f.Rated > 0 {
		f.Satisfied = ptr(float64(c.ratings[3]+c.ratings[4]) / float64(f.Rated))
	}
	return f
}

func ptr(v float64) *float64 { return &v }

var weekdays = [...]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// DayName writes a day as "Thứ Hai, 23/02/2026".
func DayName(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return weekdays[t.Weekday()] + ", " + t.Format("02/01/2006")
}

// extendedRunsOn reports whether an extended session of sc runs on day.
func extendedRunsOn(sc *queue.Schedule, day string, loc *time.Location) bool {
	t, err := time.ParseInLocation(time.DateOnly, day, loc)
	if err != nil {
		return false
	}
	for _, s := range sc.SessionsOn(t.Add(12*time.Hour), loc) {
		if s.Extended {
			return true
		}
	}
	return false
}
