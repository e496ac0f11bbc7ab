package kiosk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os/exec"
	"runtime/debug"
	"strings"
	"time"

	"xephang/queue"
)

// Server-side printing (--print-cmd): every ticket issued is printed by a
// command that reads the PDF on its standard input, such as `lp -d TICKET`.
// One worker prints in issue order; a slow or broken printer fills a
// bounded queue and is logged, and never delays or fails the kiosk.

const (
	printQueue   = 64               // tickets waiting to print
	printTimeout = 20 * time.Second // one print command at most
)

type printJob struct {
	ticket  queue.TicketInfo
	baseURL string
}

// printer runs the print command for each ticket issued.
type printer struct {
	h       *Handler
	args    []string
	timeout time.Duration
	jobs    chan printJob
	log     *slog.Logger
	// render makes the PDF of a ticket: the handler's ticketPDF, a
	// panicking one in a test.
	render func(ctx context.Context, ti queue.TicketInfo, baseURL string) ([]byte, error)
}

// PrintWith makes h print every ticket it issues with cmd: split into a
// program and arguments like a shell would (quotes and backslashes, no
// variables, no pipes), run without a shell, the PDF on its standard
// input. It returns the loop that prints; the server runs it until
// shutdown. Without the loop running, tickets are issued and not printed.
func (h *Handler) PrintWith(cmd string, log *slog.Logger) (loop func(ctx context.Context)) {
	p := &printer{
		h: h, args: splitCommand(cmd), timeout: printTimeout,
		jobs: make(chan printJob, printQueue), log: log, render: h.ticketPDF,
	}
	if len(p.args) > 0 {
		if _, err := exec.LookPath(p.args[0]); err != nil {
			log.Warn("print command not found; tickets will not print until it is installed",
				slog.String("cmd", cmd), slog.Any("error", err))
		}
	}
	h.printer = p
	return p.run
}

// enqueue hands a ticket to the print worker, without ever waiting.
func (p *printer) enqueue(ti queue.TicketInfo, baseURL string) {
	select {
	case p.jobs <- printJob{ticket: ti, baseURL: baseURL}:
	default:
		p.log.Error("print queue full; ticket not printed",
			slog.String("number", ti.Number), slog.Int("queued", printQueue))
	}
}

func (p *printer) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			if n := len(p.jobs); n > 0 {
				p.log.Warn("shutting down with tickets not printed", slog.Int("tickets", n))
			}
			return
		case j := <-p.jobs:
			p.print(ctx, j)
		}
	}
}

// print prints one ticket, within the timeout. Shutdown stops a print in
// progress: the citizen still has the number on the screen, and the
// service must stop promptly. A panic while printing is logged and ends
// that print only: nothing a ticket holds may end the process (a panic in
// this goroutine would, and again at every restart, as the next ticket
// came).
func (p *printer) print(ctx context.Context, j printJob) {
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	number := slog.String("number", j.ticket.Number)
	defer func() {
		if v := recover(); v != nil {
			p.log.Error("print ticket: panic; ticket not printed", number,
				slog.Any("panic", v), slog.String("stack", tail(string(debug.Stack()), 2000)))
		}
	}()
	if len(p.args) == 0 {
		p.log.Error("print ticket: empty print command", number)
		return
	}
	start := time.Now()
	pdf, err := p.render(ctx, j.ticket, j.baseURL)
	if err != nil {
		p.log.Error("print ticket: render", number, slog.Any("error", err))
		return
	}
	cmd := exec.CommandContext(ctx, p.args[0], p.args[1:]...)
	cmd.Stdin = bytes.NewReader(pdf)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// A killed command's children may hold its output open; stop waiting
	// for them soon after.
	cmd.WaitDelay = time.Second
	err = cmd.Run()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		err = fmt.Errorf("timed out after %s: %w", p.timeout, err)
	}
	if err != nil {
		p.log.Error("print ticket failed", number, slog.String("cmd", strings.Join(p.args, " ")),
			slog.Any("error", err), slog.String("output", tail(out.String(), 500)))
		return
	}
	p.log.Info("ticket printed", number, slog.Duration("took", time.Since(start)))
}

// tail returns the last n bytes of s, for logs.
func tail(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// splitCommand splits cmd into words as a POSIX shell would for plain
// words, 'single' and "double" quotes and backslash escapes; nothing else
// is special. An unclosed quote runs to the end.
func splitCommand(cmd string) []string {
	var (
		words []string
		cur   strings.Builder
		in    bool // inside a word
		quote rune // the open quote, or 0
		esc   bool
	)
	for _, r := range cmd {
		switch {
		case esc:
			cur.WriteRune(r)
			esc = false
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case quote == '"':
			switch r {
			case '"':
				quote = 0
			case '\\':
				esc = true
			default:
				cur.WriteRune(r)
			}
		case r == '\\':
			esc, in = true, true
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		words = append(words, cur.String())
	}
	return words
}
