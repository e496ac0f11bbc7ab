// Package history makes the finished tickets of a busy center, for the
// report benchmarks and tests and for make bench: reproducible from a
// seed, in the shape the reports must handle at scale.
package history

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"xephang/queue"
)

// Busy makes days × perDay finished tickets of a busy center on the
// weekdays from first on: 55% in the morning, 30% in the afternoon, the
// rest in the extended hour; most served, a few no-shows, transfers and
// expired, two thirds of the served rated, mostly 3–4.
func Busy(first time.Time, days, perDay int, seed uint64) []queue.Ticket {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	services := queue.DefaultServices()
	weights := []int{22, 20, 14, 8, 6, 8, 12, 10} // by kiosk order; online guidance 12%
	counterOf := map[string]string{}
	for _, c := range queue.DefaultCounters() {
		for _, s := range c.Services {
			if counterOf[s] == "" {
				counterOf[s] = c.ID
			}
		}
	}
	pick := func() queue.Service {
		n := rng.IntN(100)
		for i, w := range weights {
			if n < w {
				return services[i]
			}
			n -= w
		}
		return services[0]
	}
	out := make([]queue.Ticket, 0, days*perDay)
	day := first
	for d := 0; d < days; {
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			day = day.AddDate(0, 0, 1)
			continue
		}
		dayTickets := make([]queue.Ticket, 0, perDay)
		for i := 0; i < perDay; i++ {
			var t queue.Ticket
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
			sv := pick()
			t.IssuedFor, t.ServiceID = sv.ID, sv.ID
			t.IssuedAt = day.Add(start + time.Duration(rng.Int64N(int64(span))))
			t.Priority = rng.IntN(100) < 8
			wait := time.Duration(rng.ExpFloat64()*12*60) * time.Second
			switch n := rng.IntN(100); {
			case n < 3: // never called
				t.Status, t.ExpiredAt = queue.StatusExpired, day.AddDate(0, 0, 1)
			case n < 7: // no-show, expired at the day's end
				t.FirstCalledAt = t.IssuedAt.Add(wait)
				t.CalledAt = t.FirstCalledAt
				t.NoShowAt = t.CalledAt.Add(3 * time.Minute)
				t.Status, t.ExpiredAt = queue.StatusExpired, day.AddDate(0, 0, 1)
			default:
				t.FirstCalledAt = t.IssuedAt.Add(wait)
				t.CalledAt = t.FirstCalledAt
				if n < 10 { // transferred once, called again in the new service
					other := services[rng.IntN(len(services))]
					t.ServiceID, t.Transfers = other.ID, 1
					t.TransferredAt = t.CalledAt.Add(2 * time.Minute)
					t.CalledAt = t.TransferredAt.Add(time.Duration(rng.IntN(15)) * time.Minute)
				}
				t.StartedAt = t.CalledAt.Add(30 * time.Second)
				t.DoneAt = t.CalledAt.Add(2*time.Minute + time.Duration(rng.ExpFloat64()*5*60)*time.Second)
				t.Status = queue.StatusDone
				if rng.IntN(100) < 66 {
					f := &queue.Feedback{At: t.DoneAt.Add(time.Minute), Via: queue.FeedbackCounter}
					switch r := rng.IntN(100); {
					case r < 55:
						f.Rating = 4
					case r < 90:
						f.Rating = 3
					case r < 97:
						f.Rating = 2
					default:
						f.Rating = 1
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
			dayTickets = append(dayTickets, t)
		}
		slices.SortFunc(dayTickets, func(a, b queue.Ticket) int { return a.IssuedAt.Compare(b.IssuedAt) })
		out = append(out, dayTickets...)
		day = day.AddDate(0, 0, 1)
		d++
	}
	return out
}
