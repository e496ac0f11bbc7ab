// Package report computes the results of the "Giải quyết thủ tục hành chính
// giờ thứ 9" model from the stored tickets, and writes them as JSON (for the
// admin page), CSV, XLSX and an A4 PDF report.
//
// Every figure stands three times: for all tickets, for those issued in
// regular hours and for those issued in an extended session ("Giờ thứ 9"),
// so the extra hour can be read beside the working day in every breakdown.
//
// How tickets are counted:
//   - issued: every ticket issued on a day of the range;
//   - served: done; no-show: marked as a no-show and not served later (a
//     no-show left at the end of its day expires in the store, but it is
//     still counted as a no-show here); expired: left waiting, called or in
//     service at the end of its day; in progress: still in today's queue.
//     served + no-show + expired + in progress = issued.
//   - transferred: sent to another service at least once (Transfers > 0).
//   - waiting time: issue → first call, over the tickets called at least
//     once; service time: latest call → done, over the served tickets.
//     Mean, median, 90th percentile and maximum, exact over the data (see
//     quantile.go), in minutes.
//   - ratings: count per level 1–4; response rate = rated / served; share
//     satisfied = ratings of 3 or 4 / rated.
//
// Breakdowns: by day of issue; by session (the session the ticket was
// issued in); by service, where "issued" and "transferred" count the
// service the ticket was issued for (IssuedFor) and every outcome (served,
// no-show, expired, times, ratings) the service it ended in (ServiceID),
// with "transferred_in" counting the tickets that ended in a service they
// were not issued for; by counter and by officer of the latest call, with
// the tickets never called in a row of their own. The online-filing
// guidance service (queue.ServiceOnline) is reported on its own, beside the
// administrative procedures of every other service.
package report

import (
	"encoding/json"
	"strconv"
	"time"
)

// Report is the result of the model over a range of days, as the admin page
// shows it and every format writes it.
type Report struct {
	Center      string    `json:"center"`
	Address     string    `json:"address"`
	From        string    `json:"from"` // YYYY-MM-DD, included
	To          string    `json:"to"`   // YYYY-MM-DD, included
	GeneratedAt time.Time `json:"generated_at"`
	// Days counts the days of the range with at least one ticket;
	// ExtendedDays those with at least one ticket of an extended session.
	Days         int `json:"days"`
	ExtendedDays int `json:"extended_days"`
	// Text is the summary paragraph of the report, in Vietnamese, as the
	// PDF prints it.
	Text string `json:"summary_text"`

	// Summary is every ticket of the range.
	Summary Row `json:"summary"`
	// Procedures is every service but the online-filing guidance; Online
	// is that service on its own.
	Procedures Row `json:"procedures"`
	Online     Row `json:"online"`

	ByDay     []Row `json:"by_day"`
	BySession []Row `json:"by_session"`
	ByService []Row `json:"by_service"`
	ByCounter []Row `json:"by_counter"`
	ByOfficer []Row `json:"by_officer"`

	Satisfaction Satisfaction `json:"satisfaction"`
	// ExtendedByDay is the chart of the extended hour: one bar per day on
	// which an extended session ran or had tickets.
	ExtendedByDay []DayBar `json:"extended_by_day"`
}

// Row is one line of a breakdown: its figures for all tickets, for regular
// hours and for the extended session.
type Row struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	// ExtendedSession marks, in the session breakdown, the extended
	// session ("Giờ thứ 9").
	ExtendedSession bool    `json:"extended_session,omitempty"`
	Total           Figures `json:"total"`
	Regular         Figures `json:"regular"`
	Extended        Figures `json:"extended"`
}

// Figures are the statistics of one set of tickets.
type Figures struct {
	Issued      int `json:"issued"`
	Served      int `json:"served"`
	NoShow      int `json:"no_show"`
	Transferred int `json:"transferred"`
	// TransferredIn counts, in the service breakdown, the tickets that
	// ended in the service after a transfer from another; 0 elsewhere.
	TransferredIn int `json:"transferred_in"`
	Expired       int `json:"expired"`
	InProgress    int `json:"in_progress"`

	Wait    Durations `json:"wait_minutes"`
	Service Durations `json:"service_minutes"`

	Ratings Ratings `json:"ratings"`
	Rated   int     `json:"rated"`
	// ResponseRate is Rated / Served, nil when nothing was served.
	ResponseRate *float64 `json:"response_rate"`
	// Satisfied is the share of ratings of 3 or 4, nil when nothing was
	// rated.
	Satisfied *float64 `json:"satisfied_share"`
}

// Durations summarize waiting or service times, in minutes. The
// statistics are nil when Count is 0.
type Durations struct {
	Count  int      `json:"count"`
	Mean   *float64 `json:"mean"`
	Median *float64 `json:"median"`
	P90    *float64 `json:"p90"`
	Max    *float64 `json:"max"`
}

// Ratings counts the ratings per level; index 1 to 4 (0 is unused).
type Ratings [5]int

// MarshalJSON writes {"1":n,"2":n,"3":n,"4":n}, so a reader need not
// know which index holds which level.
func (r Ratings) MarshalJSON() ([]byte, error) {
	m := make(map[string]int, 4)
	for lvl := 1; lvl <= 4; lvl++ {
		m[strconv.Itoa(lvl)] = r[lvl]
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (r *Ratings) UnmarshalJSON(data []byte) error {
	var m map[string]int
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	*r = Ratings{}
	for k, n := range m {
		if lvl, err := strconv.Atoi(k); err == nil && lvl >= 1 && lvl <= 4 {
			r[lvl] = n
		}
	}
	return nil
}

// Satisfaction is the citizens' rating of the service, the model's
// measure of quality.
type Satisfaction struct {
	// Levels are the four levels, from 4 "Rất hài lòng" down to 1.
	Levels []Level `json:"levels"`
	// Reasons counts the reasons picked at a rating of 2 or below.
	Reasons []Reason `json:"reasons"`
	// Comments are the latest comments left with a rating of 2 or below,
	// newest first, at most MaxComments: the material for improvements.
	Comments []Comment `json:"comments"`
}

// Level is one rating level with its counts.
type Level struct {
	Rating   int    `json:"rating"`
	Name     string `json:"name"`
	Total    int    `json:"total"`
	Regular  int    `json:"regular"`
	Extended int    `json:"extended"`
}

// Reason is one reason of a low rating with its counts.
type Reason struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Total    int    `json:"total"`
	Regular  int    `json:"regular"`
	Extended int    `json:"extended"`
}

// Comment is a citizen's comment with a low rating.
type Comment struct {
	Day      string   `json:"day"`
	Number   string   `json:"number"`
	Service  string   `json:"service"`
	Rating   int      `json:"rating"`
	Reasons  []string `json:"reasons"`
	Text     string   `json:"text"`
	Extended bool     `json:"extended"`
}

// MaxComments bounds the comments a report carries.
const MaxComments = 20

// DayBar is one bar of the extended-hour chart.
type DayBar struct {
	Day    string `json:"day"`
	Issued int    `json:"issued"`
	Served int    `json:"served"`
}
