package bolt

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"sync/atomic"
	"time"

	"xephang/queue"
)

// Tickets are issued through one writer goroutine that commits every
// request waiting at that moment in one transaction, with one fsync: a
// group commit. Under load the batch grows while the previous one syncs, so
// throughput follows the disk's fsync rate times the batch, while each
// kiosk still hears back only after its ticket is on disk.

// maxIssueBatch bounds one group commit.
const maxIssueBatch = 512

// appendFill is the bbolt FillPercent of buckets whose new keys always go
// at the end.
const appendFill = 1.0

type issueReq struct {
	req  queue.IssueRequest
	t    queue.Ticket
	err  error
	done chan struct{}
}

// ErrClosed is returned by a store that is shutting down.
var ErrClosed = errors.New("bolt: store is closed")

// Issue implements queue.TicketStore.
func (s *Store) Issue(ctx context.Context, req queue.IssueRequest) (queue.TicketInfo, error) {
	if err := ctxErr(ctx); err != nil {
		return queue.TicketInfo{}, err
	}
	r := &issueReq{req: req, done: make(chan struct{})}
	select {
	case s.issues <- r:
	case <-s.quit:
		return queue.TicketInfo{}, ErrClosed
	}
	// Once queued, wait for the outcome even if the client leaves: the
	// ticket may already be committed, and the answer must say so.
	<-r.done
	if r.err != nil {
		return queue.TicketInfo{}, r.err
	}
	return s.info(r.t), nil
}

func (s *Store) issueWriter() {
	defer s.writerW.Done()
	batch := make([]*issueReq, 0, maxIssueBatch)
	for {
		select {
		case r := <-s.issues:
			batch = append(batch[:0], r)
		case <-s.quit:
			s.drainIssues()
			return
		}
	fill:
		for len(batch) < maxIssueBatch {
			select {
			case r := <-s.issues:
				batch = append(batch, r)
			default:
				break fill
			}
		}
		s.issueBatch(batch)
	}
}

// writerCounters count the writer's work, for WriterStats.
type writerCounters struct {
	commits, requests atomic.Uint64
	busy              atomic.Int64 // nanoseconds
}

// WriterStats returns what the ticket writer has done since the store
// opened, and bbolt's disk figures.
func (s *Store) WriterStats() queue.WriterStats {
	tx := s.db.Stats().TxStats
	return queue.WriterStats{
		Commits:  s.written.commits.Load(),
		Requests: s.written.requests.Load(),
		Busy:     time.Duration(s.written.busy.Load()),
		Write:    tx.GetWriteTime(),
		Pages:    uint64(tx.GetWrite()),
	}
}

// drainIssues answers requests that raced with Close.
func (s *Store) drainIssues() {
	for {
		select {
		case r := <-s.issues:
			r.err = ErrClosed
			close(r.done)
		default:
			return
		}
	}
}

func (s *Store) issueBatch(batch []*issueReq) {
	start := time.Now()
	reqs := make([]queue.IssueRequest, len(batch))
	for i, r := range batch {
		reqs[i] = r.req
	}
	var res []queue.IssueResult
	s.mu.Lock()
	err := s.rolloverLocked()
	if err == nil {
		err = s.writeLocked(func(w *wtx) (queue.Change, error) {
			// Issuing only appends to these two buckets (the keys are
			// sequence numbers): fill their pages instead of leaving each
			// half empty, bbolt's default for random inserts. Half as many
			// pages to read, copy and write per commit.
			tickets := w.tx.Bucket(bucketTickets)
			tickets.FillPercent = appendFill
			w.tx.Bucket(bucketActive).FillPercent = appendFill
			ch, r, err := w.d.Issue(w.now, reqs, func() (uint64, string, error) {
				id, err := tickets.NextSequence()
				if err != nil {
					return 0, "", err
				}
				return id, base64.RawURLEncoding.EncodeToString(tokenKey(id)), nil
			})
			res = r
			return ch, err
		})
	}
	s.mu.Unlock()
	// Counted before the answers, so whoever got one sees it counted.
	s.written.commits.Add(1)
	s.written.requests.Add(uint64(len(batch)))
	s.written.busy.Add(int64(time.Since(start)))
	for i, r := range batch {
		if err != nil {
			r.err = err
		} else {
			r.t, r.err = res[i].Ticket, res[i].Err
		}
		close(r.done)
	}
}

// tokenKey returns the bytes of a new ticket's token: its id, big-endian,
// then 128 random bits. The random bits make the token unguessable; the id
// in front finds the ticket without an index, so issuing writes no token
// bucket (the profile of the issue path showed the pages of a random-keyed
// token index as the commit's main cost). The token is its URL-safe
// base64; a lookup compares the whole token with the stored one.
func tokenKey(id uint64) []byte {
	b := make([]byte, 8+16)
	binary.BigEndian.PutUint64(b, id)
	rand.Read(b[8:]) // never fails (crypto/rand since Go 1.24)
	return b
}
