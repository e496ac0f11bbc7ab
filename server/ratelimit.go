package server

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"

	"xephang/queue"
)

// limiter is a token bucket per key (a client address, a username): n
// events per period, in a burst of at most n.
type limiter struct {
	n      int
	period time.Duration
	now    func() time.Time // the store's clock, which tests move

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(n int, period time.Duration, now func() time.Time) *limiter {
	return &limiter{n: n, period: period, now: now, buckets: map[string]*bucket{}}
}

// allow takes one token from key's bucket.
func (l *limiter) allow(key string) bool {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		b = &bucket{lim: rate.NewLimiter(rate.Every(l.period/time.Duration(l.n)), l.n)}
		l.buckets[key] = b
	}
	b.seen = now
	return b.lim.AllowN(now, 1)
}

// pruneLoop forgets keys idle for a whole period: their buckets are full
// again, so forgetting them changes nothing but the memory.
func (l *limiter) pruneLoop(ctx context.Context) {
	t := time.NewTicker(l.period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			now := l.now()
			l.mu.Lock()
			for k, b := range l.buckets {
				if now.Sub(b.seen) > l.period {
					delete(l.buckets, k)
				}
			}
			l.mu.Unlock()
		}
	}
}

// limitIssue is the per-address limit on ticket issuing: a stuck button or
// a script cannot empty the day.
func (s *Server) limitIssue(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ip := c.RealIP()
		if !s.issue.allow(ip) {
			s.log.Warn("ticket issue rate limited", slog.String("ip", ip))
			return queue.Errorf(queue.ETOOMANYREQUESTS,
				"Máy này đã lấy quá nhiều số trong một phút (tối đa %d). Vui lòng chờ một chút rồi thử lại, hoặc nhờ cán bộ hỗ trợ.",
				"Too many tickets from this device in a minute (at most %d). Please wait a moment and try again, or ask the staff.",
				s.cfg.IssueLimit)
		}
		return next(c)
	}
}
