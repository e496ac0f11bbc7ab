package crashtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	bbolt "go.etcd.io/bbolt"

	"xephang/bolt"
	"xephang/internal/e2e"
)

// ballast is how much dead weight the test puts in the file so that the
// backup outlasts the kernel's socket buffers (4 MiB at most here): the
// backup handler is then still writing when SIGTERM comes.
const ballast = 12 << 20

// TestSIGTERMFinishesInFlightWork starts the real binary, then, with a
// backup download read slowly, a ticket request whose body is still on its
// way, and three boards connected, sends SIGTERM. The process must stop
// taking connections, give both requests their whole answer, send every
// board a close frame 1001 (going away), exit 0, and leave a file that
// opens at once (no lock held) and passes tx.Check.
func TestSIGTERMFinishesInFlightWork(t *testing.T) {
	data := filepath.Join(t.TempDir(), "xephang.db")
	addBallast(t, data)
	p := e2e.StartProc(t, e2e.ProcOptions{Data: data, Args: []string{"--schedule", "always"}})

	// The boards.
	var boards []*websocket.Conn
	closes := make(chan error, 3)
	for range 3 {
		c, _, err := websocket.DefaultDialer.Dial("ws://"+p.Addr+"/ws/board", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		boards = append(boards, c)
	}
	for _, c := range boards {
		go func() {
			c.SetReadDeadline(time.Now().Add(30 * time.Second))
			for {
				if _, _, err := c.ReadMessage(); err != nil {
					closes <- err
					return
				}
			}
		}()
	}

	// The backup, read at about 8 MB/s through a small receive buffer.
	admin := login(t, p.URL)
	backupDone := make(chan backupResult, 1)
	firstMB := make(chan struct{})
	go func() { backupDone <- slowBackup(admin, p.URL, firstMB) }()
	select {
	case <-firstMB:
	case r := <-backupDone:
		t.Fatalf("backup ended before its first megabyte: %v", r.err)
	case <-time.After(20 * time.Second):
		t.Fatal("no backup data within 20 s")
	}

	// The ticket request: headers and half the body now, the rest after
	// the signal.
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", p.URL+"/api/v1/tickets", pr)
	req.Header.Set("Content-Type", "application/json")
	req.ContentLength = int64(len(`{"service_id":"dat-dai"}`))
	ticketDone := make(chan ticketResult, 1)
	go func() {
		res, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req)
		if err != nil {
			ticketDone <- ticketResult{err: err}
			return
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		ticketDone <- ticketResult{status: res.StatusCode, body: body, err: err}
	}()
	if _, err := pw.Write([]byte(`{"service_id":`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the server has read the headers

	signalled := time.Now()
	p.Signal(t, syscall.SIGTERM)

	// New connections are refused while the old ones finish.
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", p.Addr, time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("still accepting connections 5 s after SIGTERM")
		}
		time.Sleep(10 * time.Millisecond)
	}
	refusedAfter := time.Since(signalled)
	time.Sleep(200 * time.Millisecond)
	if p.Exited() {
		t.Fatal("the process exited with a request in flight")
	}
	if _, err := pw.Write([]byte(`"dat-dai"}`)); err != nil {
		t.Fatal(err)
	}
	pw.Close()

	tr := <-ticketDone
	if tr.err != nil || tr.status != http.StatusCreated || !bytes.Contains(tr.body, []byte(`"number":"C001"`)) {
		t.Fatalf("the ticket request in flight at SIGTERM: %d %s %v", tr.status, tr.body, tr.err)
	}
	br := <-backupDone
	if br.err != nil {
		t.Fatalf("the backup in flight at SIGTERM: %v after %d bytes", br.err, br.n)
	}
	if !br.last.After(signalled) {
		t.Fatalf("the backup was over before the signal; the test proves nothing")
	}
	defer os.Remove(br.file)
	checkBolt(t, "the backup", br.file, 0)

	for i := range boards {
		select {
		case err := <-closes:
			if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
				t.Fatalf("board %d: %v, want a close frame 1001 (going away)", i, err)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("board %d got no close frame within 20 s", i)
		}
	}
	if code := p.Wait(t, 20*time.Second); code != 0 {
		t.Fatalf("exit code %d, want 0:\n%s", code, p.Stderr())
	}
	stopped := time.Since(signalled)
	// The lock is free at once and the file is whole.
	checkBolt(t, "the database", data, 50*time.Millisecond)
	if log := p.Stderr(); !strings.Contains(log, `"msg":"stopped"`) || strings.Contains(log, `"level":"ERROR"`) {
		t.Fatalf("the log of the shutdown:\n%s", log)
	}
	t.Logf("SIGTERM: refused new connections after %v; a %d MB backup and a ticket in flight finished; 3 boards got 1001; exit 0 after %v",
		refusedAfter.Round(time.Millisecond), br.n>>20, stopped.Round(time.Millisecond))
}

type ticketResult struct {
	status int
	body   []byte
	err    error
}

type backupResult struct {
	file string
	n    int64
	last time.Time // when the last byte arrived
	err  error
}

// slowBackup downloads the backup through a 16 KiB receive buffer at
// about 8 MB/s, closing firstMB after the first megabyte.
func slowBackup(c *http.Client, url string, firstMB chan struct{}) backupResult {
	d := &net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		var err error
		rc.Control(func(fd uintptr) {
			err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 16<<10)
		})
		return err
	}}
	hc := &http.Client{Jar: c.Jar, Transport: &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true}}
	res, err := hc.Get(url + "/api/v1/admin/backup")
	if err != nil {
		return backupResult{err: err}
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		return backupResult{err: &statusError{res.StatusCode, ""}}
	}
	f, err := os.CreateTemp("", "xephang-backup-*.db")
	if err != nil {
		return backupResult{err: err}
	}
	defer f.Close()
	r := backupResult{file: f.Name()}
	buf := make([]byte, 64<<10)
	var once sync.Once
	for {
		n, err := io.ReadFull(res.Body, buf)
		if n > 0 {
			f.Write(buf[:n])
			r.n += int64(n)
			r.last = time.Now()
		}
		if r.n >= 1<<20 {
			once.Do(func() { close(firstMB) })
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return r
		}
		if err != nil {
			r.err = err
			return r
		}
		time.Sleep(8 * time.Millisecond)
	}
}

// login signs in as the admin of a process started by StartProc; the
// client's cookie jar holds the session.
func login(t *testing.T, url string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	body, _ := json.Marshal(map[string]string{"username": "admin", "password": e2e.AdminPassword})
	res, err := c.Post(url+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("login: %d", res.StatusCode)
	}
	return c
}

// addBallast creates the database with the store (so it is a real one)
// and adds a bucket of dead weight, see ballast.
func addBallast(t *testing.T, path string) {
	t.Helper()
	s, err := bolt.Open(path, bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucket([]byte("test-ballast"))
		if err != nil {
			return err
		}
		v := bytes.Repeat([]byte("x"), 1<<20)
		for i := range ballast >> 20 {
			if err := b.Put([]byte{byte(i)}, v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// checkBolt opens path with bbolt, waiting at most timeout for its lock
// (0: read-only), and runs tx.Check.
func checkBolt(t *testing.T, what, path string, timeout time.Duration) {
	t.Helper()
	opts := &bbolt.Options{Timeout: timeout, ReadOnly: timeout == 0}
	if timeout == 0 {
		opts.Timeout = time.Second
	}
	db, err := bbolt.Open(path, 0o600, opts)
	if err != nil {
		t.Fatalf("%s: open: %v", what, err)
	}
	defer db.Close()
	err = db.View(func(tx *bbolt.Tx) error {
		if tx.Bucket([]byte("tickets")) == nil {
			return io.ErrUnexpectedEOF
		}
		for err := range tx.Check() {
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatalf("%s: tx.Check: %v", what, err)
	}
}
