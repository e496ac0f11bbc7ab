package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"time"

	"xephang/bolt"
	"xephang/queue"
)

// history returns days × perDay finished tickets of a busy center on the
// weekdays that end the day before today (in loc): most served and rated,
// some transferred, some no-shows and some never called, 15% in the
// extended hour. It is the shape of the report benchmarks of report/.
func history(today time.Time, days, perDay int, loc *time.Location) []queue.Ticket {
	rng := rand.New(rand.NewPCG(1, 2))
	services := queue.DefaultServices()
	counters := queue.DefaultCounters()
	counterOf := map[string]string{}
	for _, c := range counters {
		for _, s := range c.Services {
			if counterOf[s] == "" {
				counterOf[s] = c.ID
			}
		}
	}
	var weekdays []time.Time
	d := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc)
	for len(weekdays) < days {
		d = d.AddDate(0, 0, -1)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			weekdays = append(weekdays, d)
		}
	}
	slices.Reverse(weekdays)
	out := make([]queue.Ticket, 0, days*perDay)
	for _, day := range weekdays {
		list := make([]queue.Ticket, perDay)
		for i := range list {
			t := &list[i]
			t.Day = day.Format(time.DateOnly)
			var start, span time.Duration
			switch n := rng.IntN(100); {
			case n < 55:
				t.Session, start, span = queue.SessionMorning, 7*time.Hour+30*time.Minute, 230*time.Minute
			case n < 85:
				t.Session, start, span = queue.SessionAfternoon, 13*time.Hour+30*time.Minute, 180*time.Minute
			default:
				t.Session, start, span, t.Extended = queue.SessionExtended, 16*time.Hour+30*time.Minute, 50*time.Minute, true
			}
			sv := services[rng.IntN(len(services))]
			t.ServiceID, t.IssuedFor = sv.ID, sv.ID
			t.IssuedAt = day.Add(start + time.Duration(rng.Int64N(int64(span))))
			t.Priority = rng.IntN(100) < 8
			wait := time.Duration(rng.ExpFloat64()*12*60) * time.Second
			switch n := rng.IntN(100); {
			case n < 3: // never called
				t.Status, t.ExpiredAt = queue.StatusExpired, day.AddDate(0, 0, 1)
			case n < 7: // a no-show, expired at the day's end
				t.FirstCalledAt = t.IssuedAt.Add(wait)
				t.CalledAt = t.FirstCalledAt
				t.NoShowAt = t.CalledAt.Add(3 * time.Minute)
				t.Status, t.ExpiredAt = queue.StatusExpired, day.AddDate(0, 0, 1)
			default:
				t.FirstCalledAt = t.IssuedAt.Add(wait)
				t.CalledAt = t.FirstCalledAt
				if n < 10 { // transferred once, called again in the new service
					t.ServiceID, t.Transfers = services[rng.IntN(len(services))].ID, 1
					t.TransferredAt = t.CalledAt.Add(2 * time.Minute)
					t.CalledAt = t.TransferredAt.Add(time.Duration(rng.IntN(15)) * time.Minute)
				}
				t.StartedAt = t.CalledAt.Add(30 * time.Second)
				t.DoneAt = t.CalledAt.Add(2*time.Minute + time.Duration(rng.ExpFloat64()*5*60)*time.Second)
				t.Status = queue.StatusDone
				if rng.IntN(3) < 2 {
					f := &queue.Feedback{At: t.DoneAt.Add(time.Minute), Via: queue.FeedbackCounter, Rating: 4}
					switch r := rng.IntN(100); {
					case r < 3:
						f.Rating = 1
					case r < 10:
						f.Rating = 2
					case r < 45:
						f.Rating = 3
					}
					if f.Rating <= 2 {
						f.Reasons = []string{queue.Reasons[rng.IntN(len(queue.Reasons))].Code}
						if rng.IntN(3) == 0 {
							f.Comment = "Phải chờ khá lâu, đề nghị bố trí thêm cán bộ."
						}
					}
					t.Feedback = f
				}
			}
			if c := counterOf[t.ServiceID]; c != "" && !t.CalledAt.IsZero() {
				t.CounterID = c
				t.OfficerID = fmt.Sprintf("officer-%d", rng.IntN(6))
			}
		}
		slices.SortFunc(list, func(a, b queue.Ticket) int { return a.IssuedAt.Compare(b.IssuedAt) })
		out = append(out, list...)
	}
	return out
}

// fillHistory writes days × perDay finished tickets into a new database
// at path through bolt.ImportTickets, and returns the first and last day.
func fillHistory(ctx context.Context, path string, days, perDay int) (from, to string, err error) {
	s, err := bolt.Open(path, bolt.Options{NoSync: true})
	if err != nil {
		return "", "", err
	}
	defer func() {
		if cerr := s.Close(); err == nil {
			err = cerr
		}
	}()
	list := history(s.Clock(), days, perDay, s.Location())
	if err := s.ImportTickets(ctx, list); err != nil {
		return "", "", err
	}
	if err := s.DB().Sync(); err != nil {
		return "", "", err
	}
	return list[0].Day, list[len(list)-1].Day, nil
}

// reportTimes fetches the report of from..to in format reps times, one
// after the other, and returns each time and the size of the last.
func reportTimes(ctx context.Context, admin *apiClient, from, to, format string, reps int) ([]time.Duration, int, error) {
	path := fmt.Sprintf("/api/v1/reports?from=%s&to=%s&format=%s", from, to, format)
	var (
		out  []time.Duration
		size int
	)
	for range reps {
		start := time.Now()
		body, err := admin.do(ctx, http.MethodGet, path, "", http.StatusOK)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, time.Since(start))
		size = len(body)
	}
	return out, size, nil
}
