package crashtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"

	"xephang/bolt"
	"xephang/internal/e2e"
	"xephang/queue"
)

// The kiosks of this test: 16 clients taking tickets of three services as
// fast as the server answers.
const clients = 16

var crashServices = []string{"tu-phap-ho-tich", "chung-thuc", "dat-dai"}

// ack is a ticket whose 201 answer reached its kiosk: it must survive.
type ack struct {
	Token     string `json:"token"`
	Number    string `json:"number"`
	ServiceID string `json:"service_id"`
	round     int
}

// TestKill9KeepsEveryAcknowledgedTicket runs the real binary, has 16
// kiosks take tickets, and kills the process with SIGKILL at random
// moments (one round in five during start-up), 20 times (200 with
// XEPHANG_LONG=1). Between a kill and the restart the file must pass
// tx.Check, hold every ticket whose 201 reached its kiosk with the number
// the kiosk printed, and hold no number twice on a day, with no gaps:
// every number is a committed ticket, whether or not its answer got out.
// After the restart each ticket acknowledged in the round before is served
// by the API, and the next ticket continues the numbers.
//
// The kill moments come from a seeded generator: the seed is logged, and
// XEPHANG_CRASH_SEED=<seed> replays the same moments.
func TestKill9KeepsEveryAcknowledgedTicket(t *testing.T) {
	kills := 20
	if long() {
		kills = 200
	}
	if v := os.Getenv("XEPHANG_CRASH_KILLS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("XEPHANG_CRASH_KILLS=%q", v)
		}
		kills = n
	}
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("XEPHANG_CRASH_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("XEPHANG_CRASH_SEED=%q", v)
		}
		seed = n
	}
	t.Logf("seed %d (XEPHANG_CRASH_SEED=%d replays these kill moments)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))

	data := filepath.Join(t.TempDir(), "xephang.db")
	args := []string{"--schedule", "always", "--issue-limit", "0"}
	acked := map[string]ack{}
	var last []ack // acknowledged in the previous round
	var startupKills, loadKills, requests, failed, stored int
	began := time.Now()
	for round := 1; round <= kills; round++ {
		if rng.IntN(5) == 0 {
			// A kill during start-up: opening, migrating, seeding.
			p := e2e.StartProc(t, e2e.ProcOptions{Data: data, Args: args, NoWait: true})
			time.Sleep(time.Duration(rng.IntN(150)) * time.Millisecond)
			p.Kill(t)
			startupKills++
			checkFile(t, round, data, acked)
			continue
		}
		p := e2e.StartProc(t, e2e.ProcOptions{Data: data, Args: args})
		checkServed(t, round, p.URL, last)
		l := startLoad(p.URL, round)
		time.Sleep(time.Duration(30+rng.IntN(370)) * time.Millisecond)
		p.Kill(t)
		loadKills++
		last = l.stop()
		for _, a := range last {
			if old, dup := acked[a.Token]; dup {
				t.Fatalf("round %d: token %s acknowledged twice (%s, then %s)", round, a.Token, old.Number, a.Number)
			}
			acked[a.Token] = a
		}
		requests += int(l.requests.Load())
		failed += int(l.failed.Load())
		if len(l.unexpected) > 0 {
			t.Fatalf("round %d: unexpected answers: %q", round, l.unexpected)
		}
		stored = checkFile(t, round, data, acked)
	}

	// The last restart: the tickets are served and the numbers go on.
	p := e2e.StartProc(t, e2e.ProcOptions{Data: data, Args: args})
	checkServed(t, kills+1, p.URL, last)
	maxSeq := map[string]int{}
	for _, a := range acked {
		_, n, _ := queue.ParseNumber(a.Number)
		maxSeq[a.ServiceID] = max(maxSeq[a.ServiceID], n)
	}
	for _, sv := range crashServices {
		a, err := issue(http.DefaultClient, p.URL, sv)
		if err != nil {
			t.Fatalf("after the last restart: %v", err)
		}
		if _, n, _ := queue.ParseNumber(a.Number); n <= maxSeq[sv] {
			t.Fatalf("after the last restart %s got %s, not after the acknowledged %d", sv, a.Number, maxSeq[sv])
		}
	}
	p.Signal(t, os.Interrupt)
	if code := p.Wait(t, 15*time.Second); code != 0 {
		t.Fatalf("exit code %d after SIGINT:\n%s", code, p.Stderr())
	}
	t.Logf("%d kills survived (%d during start-up, %d under load) in %v: %d requests, %d acknowledged tickets, all kept; "+
		"%d requests cut by a kill, of which %d were committed (numbers used, never twice)",
		kills, startupKills, loadKills, time.Since(began).Round(time.Millisecond), requests, len(acked), failed, stored-len(acked))
}

// load is 16 kiosks taking tickets until stop.
type load struct {
	wg         sync.WaitGroup
	done       chan struct{}
	mu         sync.Mutex
	acks       []ack
	unexpected []string
	requests   atomic.Int64
	failed     atomic.Int64
}

func startLoad(url string, round int) *load {
	l := &load{done: make(chan struct{})}
	hc := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	for i := range clients {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			defer hc.CloseIdleConnections()
			for k := 0; ; k++ {
				select {
				case <-l.done:
					return
				default:
				}
				l.requests.Add(1)
				a, err := issue(hc, url, crashServices[(i+k)%len(crashServices)])
				var se statusError
				switch {
				case err == nil:
					a.round = round
					l.mu.Lock()
					l.acks = append(l.acks, a)
					l.mu.Unlock()
				case asStatus(err, &se):
					// An answer, but not a ticket: never expected here.
					l.mu.Lock()
					l.unexpected = append(l.unexpected, se.Error())
					l.mu.Unlock()
				default:
					// Cut by the kill: the ticket may or may not be
					// committed, and nobody was told it was.
					l.failed.Add(1)
					time.Sleep(2 * time.Millisecond)
				}
			}
		}()
	}
	return l
}

// stop ends the kiosks (the server is dead by now) and returns what was
// acknowledged.
func (l *load) stop() []ack {
	close(l.done)
	l.wg.Wait()
	return l.acks
}

type statusError struct {
	status int
	body   string
}

func (e statusError) Error() string { return fmt.Sprintf("status %d: %s", e.status, e.body) }

func asStatus(err error, se *statusError) bool {
	s, ok := err.(statusError)
	if ok {
		*se = s
	}
	return ok
}

// issue takes one ticket; only a whole 201 answer is an acknowledgement.
func issue(hc *http.Client, url, service string) (ack, error) {
	res, err := hc.Post(url+"/api/v1/tickets", "application/json", strings.NewReader(`{"service_id":"`+service+`"}`))
	if err != nil {
		return ack{}, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return ack{}, err
	}
	if res.StatusCode != http.StatusCreated {
		return ack{}, statusError{res.StatusCode, string(body)}
	}
	var a ack
	if err := json.Unmarshal(body, &a); err != nil || a.Token == "" || a.Number == "" {
		return ack{}, fmt.Errorf("201 with %q: %v", body, err)
	}
	return a, nil
}

// checkFile checks the file of a killed process: tx.Check on a read-only
// open, then, through the store, every acknowledged ticket with its number
// and no number twice or missing on a day.
func checkFile(t *testing.T, round int, data string, acked map[string]ack) int {
	t.Helper()
	if fi, err := os.Stat(data); err != nil || fi.Size() == 0 {
		if len(acked) > 0 {
			t.Fatalf("round %d: the file is gone or empty (%v) after tickets were acknowledged", round, err)
		}
		return 0 // killed before the file was written: nothing was promised
	}
	db, err := bbolt.Open(data, 0o600, &bbolt.Options{ReadOnly: true, Timeout: 2 * time.Second})
	if err != nil {
		t.Fatalf("round %d: open the killed process's file read-only: %v", round, err)
	}
	err = db.View(func(tx *bbolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatalf("round %d: tx.Check: %v", round, err)
	}

	s, err := bolt.Open(data, bolt.Options{AlwaysOpen: true})
	if err != nil {
		t.Fatalf("round %d: open the store: %v", round, err)
	}
	defer s.Close()
	type stored struct{ number, service string }
	found := map[string]stored{}
	numbers := map[string]string{} // day/number → token
	seqs := map[string][]int{}     // day/service → sequence numbers
	err = s.ForEachTicket(context.Background(), "0000-01-01", "9999-12-31", func(tk *queue.Ticket) error {
		found[tk.Token] = stored{tk.Number, tk.IssuedFor}
		key := tk.Day + "/" + tk.Number
		if other, dup := numbers[key]; dup {
			return fmt.Errorf("number %s issued twice on %s (tokens %s and %s)", tk.Number, tk.Day, other, tk.Token)
		}
		numbers[key] = tk.Token
		_, n, err := queue.ParseNumber(tk.Number)
		if err != nil {
			return fmt.Errorf("stored number %q: %v", tk.Number, err)
		}
		seqs[tk.Day+"/"+tk.IssuedFor] = append(seqs[tk.Day+"/"+tk.IssuedFor], n)
		return nil
	})
	if err != nil {
		t.Fatalf("round %d: %v", round, err)
	}
	for _, a := range acked {
		got, ok := found[a.Token]
		if !ok {
			t.Fatalf("round %d: ticket %s (%s, acknowledged in round %d) is lost", round, a.Number, a.Token, a.round)
		}
		if got.number != a.Number || got.service != a.ServiceID {
			t.Fatalf("round %d: ticket %s acknowledged as %s of %s is stored as %s of %s",
				round, a.Token, a.Number, a.ServiceID, got.number, got.service)
		}
	}
	for k, ns := range seqs {
		slices.Sort(ns)
		for i, n := range ns {
			if n != i+1 {
				t.Fatalf("round %d: %s numbers %v...: a gap at position %d", round, k, ns[:min(len(ns), i+3)], i+1)
			}
		}
	}
	return len(found)
}

// checkServed fetches each ticket of acks from the restarted server: the
// API must know it, with its number.
func checkServed(t *testing.T, round int, url string, acks []ack) {
	t.Helper()
	work := make(chan ack)
	errs := make(chan error, len(acks))
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range work {
				res, err := http.Get(url + "/api/v1/tickets/" + a.Token)
				if err != nil {
					errs <- err
					continue
				}
				var got ack
				err = json.NewDecoder(res.Body).Decode(&got)
				res.Body.Close()
				if err != nil || res.StatusCode != 200 || got.Number != a.Number {
					errs <- fmt.Errorf("GET ticket %s (%s): status %d, number %q, %v", a.Token, a.Number, res.StatusCode, got.Number, err)
				}
			}
		}()
	}
	for _, a := range acks {
		work <- a
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("round %d, after the restart: %v", round, err)
	}
}
