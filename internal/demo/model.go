// Package demo is the one model of a busy center's day — who comes when,
// for which service, how the ticket ends and how the citizen rates it —
// and its two renderings: Fill plays it through the real store on a
// simulated clock (the demo-data command), and Busy draws the finished
// tickets of many days at once, to import for the report tests and
// benchmarks and for make bench.
package demo

import (
	"math"
	"math/rand/v2"
	"time"

	"xephang/queue"
)

// officers are the officers of the demo, with their display names.
var officers = []struct{ username, name string }{
	{"canbo1", "Nguyễn Thị Lan"},
	{"canbo2", "Trần Văn Hùng"},
	{"canbo3", "Lê Thị Mai"},
	{"canbo4", "Phạm Văn Đức"},
}

// comments are what unhappy citizens write.
var comments = []string{
	"Chờ hơi lâu vào buổi sáng, nên bố trí thêm quầy giờ cao điểm.",
	"Cán bộ hướng dẫn chưa rõ, phải hỏi lại nhiều lần.",
	"Hồ sơ phải bổ sung nhiều lần, mong được hướng dẫn một lần cho đủ.",
	"Thái độ cán bộ chưa niềm nở.",
	"Máy lấy số khó dùng với người lớn tuổi.",
}

// weights are the shares of each default service, in kiosk order.
var weights = map[string]int{
	"tu-phap-ho-tich": 22, "chung-thuc": 24, "dat-dai": 12, "ho-kinh-doanh": 6,
	"xay-dung": 5, "bao-tro-xa-hoi": 8, queue.ServiceOnline: 12, "tra-ket-qua": 11,
}

// The ways a called ticket ends.
const (
	endDone     = "done"
	endNoShow   = "noshow"
	endTransfer = "transfer"
)

// model draws the center's citizens and what becomes of them, from one
// seeded source.
type model struct {
	rng *rand.Rand
}

func newModel(seed uint64, stream uint64) model {
	return model{rng: rand.New(rand.NewPCG(seed, stream))}
}

// rate is how many tickets a minute a session of day draws: mornings are
// the busiest, the extended hour is busier on Mondays (people after the
// weekend), Mondays a little busier and Fridays a little calmer overall.
func rate(sess queue.Session, start time.Time, day time.Weekday) float64 {
	r := 0.27 // the afternoon
	switch {
	case sess.Extended:
		r = 0.32
		if day == time.Monday {
			r *= 1.8
		}
	case start.Hour() < 12:
		r = 0.36
	}
	switch day {
	case time.Monday:
		r *= 1.15
	case time.Friday:
		r *= 0.9
	}
	return r
}

// arrival returns where in its session (0..1) a citizen arrives: evenly,
// but in the morning on a triangle that peaks a third of the way in.
func (m model) arrival(morning bool) float64 {
	if !morning {
		return m.rng.Float64()
	}
	if u := m.rng.Float64(); u < 1.0/3 {
		return math.Sqrt(u / 3)
	} else {
		return 1 - math.Sqrt((1-u)*2/3)
	}
}

// service draws a service among the active ones; in the extended hour
// online guidance and results are asked for twice as often.
func (m model) service(services []queue.Service, extended bool) string {
	weight := func(id string) int {
		w := weights[id]
		if extended && (id == queue.ServiceOnline || id == "tra-ket-qua") {
			w *= 2
		}
		return max(w, 1)
	}
	total := 0
	for _, sv := range services {
		if sv.Active {
			total += weight(sv.ID)
		}
	}
	n := m.rng.IntN(total)
	for _, sv := range services {
		if !sv.Active {
			continue
		}
		if n -= weight(sv.ID); n < 0 {
			return sv.ID
		}
	}
	return services[0].ID
}

// priority returns the priority kind of a citizen: 8% have one.
func (m model) priority() string {
	if m.rng.IntN(100) < 8 {
		return queue.PriorityKinds[m.rng.IntN(len(queue.PriorityKinds))]
	}
	return ""
}

// end draws how a called ticket ends, and how long its counter is busy
// with it: 4% no-shows (called 1.5–3.5 minutes in vain), 3% transferred
// (after 1–4 minutes; only once), the rest served, log-normal around five
// minutes, from 1.5 to 30.
func (m model) end(transfers int) (string, time.Duration) {
	switch r := m.rng.IntN(100); {
	case r < 4:
		return endNoShow, time.Duration(90+m.rng.IntN(120)) * time.Second
	case r < 7 && transfers == 0:
		return endTransfer, time.Duration(60+m.rng.IntN(180)) * time.Second
	}
	mins := math.Exp(math.Log(5) + 0.5*m.rng.NormFloat64())
	mins = min(max(mins, 1.5), 30)
	return endDone, time.Duration(mins*60) * time.Second
}

// otherService draws the service a ticket of from is transferred to.
func (m model) otherService(services []queue.Service, from string) string {
	for {
		if to := m.service(services, false); to != from {
			return to
		}
	}
}

// feedback draws the rating of a served ticket, nil for the 30% who do
// not rate: mostly 4 and 3, a few 2 and 1 with a reason and sometimes a
// comment; the extended hour pleases a little more (no queue after work).
// A quarter rate on their phone, the rest on the counter's tablet.
func (m model) feedback(extended bool) (*queue.Feedback, string) {
	if m.rng.IntN(100) >= 70 {
		return nil, ""
	}
	f := &queue.Feedback{Rating: 4}
	switch r := m.rng.IntN(100); {
	case r < 56:
	case r < 88:
		f.Rating = 3
	case r < 96:
		f.Rating = 2
	default:
		f.Rating = 1
	}
	if extended && f.Rating < 4 && m.rng.IntN(4) == 0 {
		f.Rating++
	}
	if f.Rating <= 2 {
		f.Reasons = []string{queue.Reasons[m.rng.IntN(len(queue.Reasons))].Code}
		if m.rng.IntN(2) == 0 {
			f.Comment = comments[m.rng.IntN(len(comments))]
		}
	}
	via := queue.FeedbackCounter
	if m.rng.IntN(4) == 0 {
		via = queue.FeedbackPhone
	}
	return f, via
}
