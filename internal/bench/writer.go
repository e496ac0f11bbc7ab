package bench

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// writerSample is the ticket writer's counters on the server's /metrics at
// one moment (see queue.WriterStats).
type writerSample struct {
	at                 time.Time
	commits, requests  float64
	busy, write, pages float64 // seconds, seconds, pages
}

// writerRun is what the writer did over one closed-loop run: the figures
// that show whether the group commit is what limits tickets/s.
type writerRun struct {
	perCommit float64       // requests a commit
	busy      float64       // share of the run's time the writer was busy
	commit    time.Duration // mean time of a commit, fsyncs included
	write     time.Duration // of which writing pages and syncing
	pages     float64       // pages written a commit
}

// sampleWriter reads the writer's counters from base's /metrics.
func sampleWriter(ctx context.Context, base string) (writerSample, error) {
	s := writerSample{at: time.Now()}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metrics", nil)
	if err != nil {
		return s, err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return s, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return s, fmt.Errorf("GET /metrics: %s", res.Status)
	}
	fields := map[string]*float64{
		"xephang_issue_commits_total":             &s.commits,
		"xephang_issue_requests_total":            &s.requests,
		"xephang_issue_writer_busy_seconds_total": &s.busy,
		"xephang_bolt_write_seconds_total":        &s.write,
		"xephang_bolt_pages_written_total":        &s.pages,
	}
	found := 0
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if p := fields[name]; ok && p != nil {
			if *p, err = strconv.ParseFloat(value, 64); err != nil {
				return s, fmt.Errorf("/metrics %s: %w", name, err)
			}
			found++
		}
	}
	if err := sc.Err(); err != nil {
		return s, err
	}
	if found != len(fields) {
		return s, fmt.Errorf("/metrics has %d of the %d writer counters", found, len(fields))
	}
	return s, nil
}

// between is what the writer did from a to b.
func between(a, b writerSample) writerRun {
	commits := max(b.commits-a.commits, 1)
	return writerRun{
		perCommit: (b.requests - a.requests) / commits,
		busy:      (b.busy - a.busy) / max(b.at.Sub(a.at).Seconds(), 1e-9),
		commit:    time.Duration((b.busy - a.busy) / commits * 1e9),
		write:     time.Duration((b.write - a.write) / commits * 1e9),
		pages:     (b.pages - a.pages) / commits,
	}
}
