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
	s.rw.RLock()
	defer s.rw.RUnlock()
	return s.st.info(r.t), nil
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
	s.mu.Lock()
	err := s.rolloverLocked()
	if err == nil {
		err = s.writeLocked(func(w *wtx) error {
			// Issuing only appends to these two buckets (the keys are
			// sequence numbers): fill their pages instead of leaving each
			// half empty, bbolt's default for random inserts. Half as many
			// pages to read, copy and write per commit.
			w.tx.Bucket(bucketTickets).FillPercent = appendFill
			w.tx.Bucket(bucketActive).FillPercent = appendFill
			// One clock reading for the batch, so the schedule is read once.
			sc := s.schedule(w.st)
			sess, open := sc.CanIssue(w.now, w.st.loc)
			var closed error
			if !open {
				closed = sc.ClosedError(w.now, w.st.loc)
			}
			issued := map[string]int{} // this batch's tickets per service
			for _, r := range batch {
				if closed != nil {
					r.err = closed
					continue
				}
				r.err = s.issueOne(w, r, sess, issued)
				if r.err != nil && queue.ErrorCode(r.err) == queue.EINTERNAL {
					return r.err // a storage error: the whole batch fails
				}
			}
			if err := putDayCounts(w, issued); err != nil {
				return err
			}
			w.after(func(st *state) {
				for _, r := range batch {
					if r.err == nil {
						st.add(&r.t)
					}
				}
				for id, n := range issued {
					st.issued[id] += n
				}
			})
			return nil
		})
	}
	s.mu.Unlock()
	// Counted before the answers, so whoever got one sees it counted.
	s.written.commits.Add(1)
	s.written.requests.Add(uint64(len(batch)))
	s.written.busy.Add(int64(time.Since(start)))
	for _, r := range batch {
		if err != nil {
			r.err = err
		}
		close(r.done)
	}
}

// issueOne issues one ticket of session sess inside the batch's
// transaction, into r.t; the batch adds it to the memory state after the
// commit. Business errors (cap reached, unknown service) are found before
// anything is written, so they never leave half a ticket behind.
func (s *Store) issueOne(w *wtx, r *issueReq, sess *queue.Session, issued map[string]int) error {
	st := w.st
	sv := st.service(r.req.ServiceID)
	if sv == nil || !sv.Active {
		return queue.Errorf(queue.ENOTFOUND, "Không có lĩnh vực %q.", "No service %q.", r.req.ServiceID)
	}
	n := st.issued[sv.ID] + issued[sv.ID] + 1
	if sv.DailyCap > 0 && n > sv.DailyCap {
		return queue.Errorf(queue.ECAPREACHED,
			"Lĩnh vực %s đã hết số trong ngày (tối đa %d số). Vui lòng quay lại vào ngày làm việc tiếp theo hoặc hỏi cán bộ hướng dẫn.",
			"Service %s has issued all of today's %d tickets. Please come back on the next working day or ask the staff.",
			sv.Name, sv.DailyCap)
	}
	kind := r.req.PriorityKind
	if !r.req.Priority {
		kind = ""
	}
	r.t = queue.Ticket{
		Day: st.day, Number: sv.Number(n), ServiceID: sv.ID, IssuedFor: sv.ID,
		Priority: r.req.Priority, PriorityKind: kind,
		Status: queue.StatusWaiting, IssuedAt: w.now,
	}
	t := &r.t
	if sess != nil {
		t.Session, t.Extended = sess.Name, sess.Extended
	} else {
		t.Session = queue.SessionOutside
	}
	tickets := w.tx.Bucket(bucketTickets)
	id, err := tickets.NextSequence()
	if err != nil {
		return err
	}
	t.ID = id
	key := tokenKey(id)
	t.Token = base64.RawURLEncoding.EncodeToString(key)
	if len(issued) == 0 { // the batch's first ticket
		if err := putFirstOfDay(w, id); err != nil {
			return err
		}
	}
	if err := w.putTicket(t); err != nil {
		return err
	}
	if err := w.tx.Bucket(bucketActive).Put(itob(id), nil); err != nil {
		return err
	}
	issued[sv.ID]++
	w.event(queue.EventIssue, t, nil)
	return nil
}

// putFirstOfDay records id as the day's first ticket, unless the day has
// one.
func putFirstOfDay(w *wtx, id uint64) error {
	days := w.tx.Bucket(bucketDays)
	if days.Get([]byte(w.st.day)) != nil {
		return nil
	}
	return putUint(days, []byte(w.st.day), id)
}

// putDayCounts writes the day's count of each service the batch issued
// for: once a batch, not once a ticket, in the same transaction.
func putDayCounts(w *wtx, issued map[string]int) error {
	days := w.tx.Bucket(bucketDays)
	for id, n := range issued {
		if err := putUint(days, []byte(w.st.day+"/"+id), uint64(w.st.issued[id]+n)); err != nil {
			return err
		}
	}
	return nil
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
