package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"time"
)

// conn is one keep-alive HTTP/1.1 connection of the load generator. It
// writes each request whole and reads the answer in the same goroutine, as
// wrk does: net/http's client hands every request between three
// goroutines, and on two cores shared with the server that costs as much
// CPU as the server's own work, which would measure the client instead.
type conn struct {
	c    net.Conn
	r    *bufio.Reader
	req  []byte // scratch for the request
	body []byte // scratch for the answer's body
}

// target is where the load goes: host:port and the request path.
type target struct {
	addr, path string
}

func parseTarget(rawURL string) (target, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return target{}, err
	}
	if u.Scheme != "http" || u.Host == "" {
		return target{}, fmt.Errorf("load target %q: want http://host:port/path", rawURL)
	}
	p := u.RequestURI()
	return target{addr: u.Host, path: p}, nil
}

func dial(ctx context.Context, t target) (*conn, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", t.addr)
	if err != nil {
		return nil, err
	}
	return &conn{c: c, r: bufio.NewReaderSize(c, 4096)}, nil
}

func (c *conn) close() { c.c.Close() }

// post sends a POST of a JSON body and reads the answer; any status but
// want is an error that quotes the body.
func (c *conn) post(t target, body []byte, want int) error {
	b := c.req[:0]
	b = append(b, "POST "...)
	b = append(b, t.path...)
	b = append(b, " HTTP/1.1\r\nHost: "...)
	b = append(b, t.addr...)
	b = append(b, "\r\nContent-Type: application/json\r\nContent-Length: "...)
	b = strconv.AppendInt(b, int64(len(body)), 10)
	b = append(b, "\r\n\r\n"...)
	b = append(b, body...)
	c.req = b
	c.c.SetDeadline(time.Now().Add(time.Minute))
	if _, err := c.c.Write(b); err != nil {
		return err
	}
	status, msg, err := c.readResponse()
	if err != nil {
		return err
	}
	if status != want {
		return fmt.Errorf("POST %s: %d %s", t.path, status, msg)
	}
	return nil
}

var errMalformed = errors.New("malformed HTTP response")

// readResponse reads one answer: the status line, the headers and a body
// of Content-Length bytes (or chunked). It returns the status and the
// body.
func (c *conn) readResponse() (int, []byte, error) {
	line, err := c.line()
	if err != nil {
		return 0, nil, err
	}
	// HTTP/1.1 201 Created
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, nil, errMalformed
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, nil, errMalformed
	}
	length, chunked := -1, false
	for {
		line, err := c.line()
		if err != nil {
			return 0, nil, err
		}
		if len(line) == 0 {
			break
		}
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return 0, nil, errMalformed
		}
		v = bytes.TrimSpace(v)
		switch {
		case bytes.EqualFold(k, []byte("Content-Length")):
			if length, err = strconv.Atoi(string(v)); err != nil {
				return 0, nil, errMalformed
			}
		case bytes.EqualFold(k, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(v, []byte("chunked"))
		}
	}
	var body []byte
	switch {
	case chunked:
		body, err = c.chunks()
	case length >= 0:
		if cap(c.body) < length {
			c.body = make([]byte, length)
		}
		body = c.body[:length]
		_, err = io.ReadFull(c.r, body)
	default:
		err = errMalformed // keep-alive needs a length
	}
	return status, body, err
}

// line reads one CRLF-terminated line, without the CRLF. The slice is
// valid until the next read.
func (c *conn) line() ([]byte, error) {
	line, err := c.r.ReadSlice('\n')
	if err != nil {
		return nil, err
	}
	return bytes.TrimRight(line, "\r\n"), nil
}

// chunks reads a chunked body.
func (c *conn) chunks() ([]byte, error) {
	var body []byte
	for {
		line, err := c.line()
		if err != nil {
			return nil, err
		}
		size, _, _ := bytes.Cut(line, []byte(";"))
		n, err := strconv.ParseInt(string(bytes.TrimSpace(size)), 16, 32)
		if err != nil || n < 0 {
			return nil, errMalformed
		}
		if n == 0 {
			for { // trailers, then the blank line
				line, err := c.line()
				if err != nil {
					return nil, err
				}
				if len(line) == 0 {
					return body, nil
				}
			}
		}
		start := len(body)
		body = append(body, make([]byte, n)...)
		if _, err := io.ReadFull(c.r, body[start:]); err != nil {
			return nil, err
		}
		if line, err := c.line(); err != nil || len(line) != 0 {
			return nil, errMalformed
		}
	}
}
