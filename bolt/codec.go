package bolt

import (
	"encoding/binary"
	"errors"
	"time"

	"xephang/queue"
)

// Tickets are the one record stored by the hundred thousand, read whole by
// every report and written on the hot path of the kiosk, so they get a
// compact binary form instead of JSON: a version byte, then the fields in a
// fixed order as varints and length-prefixed strings. New fields go at the
// end; a decoder that runs out of bytes leaves the rest zero, so older
// records still read.
const ticketCodecVersion = 1

var errCorrupt = errors.New("bolt: corrupt ticket record")

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return binary.AppendVarint(b, 0)
	}
	return binary.AppendVarint(b, t.UnixNano())
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// encodeTicket appends the record of t to b.
func encodeTicket(b []byte, t *queue.Ticket) []byte {
	b = append(b, ticketCodecVersion)
	b = appendString(b, t.Day) // first, so a range scan can stop early
	b = binary.AppendUvarint(b, t.ID)
	b = appendString(b, t.Token)
	b = appendString(b, t.Number)
	b = appendString(b, t.ServiceID)
	b = appendString(b, t.IssuedFor)
	b = appendBool(b, t.Priority)
	b = appendString(b, t.PriorityKind)
	b = appendString(b, t.Session)
	b = appendBool(b, t.Extended)
	b = appendString(b, string(t.Status))
	for _, tm := range [...]time.Time{t.IssuedAt, t.FirstCalledAt, t.CalledAt, t.StartedAt,
		t.DoneAt, t.NoShowAt, t.TransferredAt, t.ExpiredAt} {
		b = appendTime(b, tm)
	}
	b = appendString(b, t.CounterID)
	b = binary.AppendVarint(b, int64(t.CounterNumber))
	b = appendString(b, t.OfficerID)
	b = binary.AppendVarint(b, int64(t.Recalls))
	b = binary.AppendVarint(b, int64(t.Transfers))
	b = appendBool(b, t.Feedback != nil)
	if f := t.Feedback; f != nil {
		b = binary.AppendVarint(b, int64(f.Rating))
		b = binary.AppendUvarint(b, uint64(len(f.Reasons)))
		for _, r := range f.Reasons {
			b = appendString(b, r)
		}
		b = appendString(b, f.Comment)
		b = appendTime(b, f.At)
		b = appendString(b, f.Via)
	}
	return b
}

// decoder reads a record; the first error sticks and later reads return
// zero values.
type decoder struct {
	b   []byte
	loc *time.Location
	err error
}

func (d *decoder) more() bool { return d.err == nil && len(d.b) > 0 }

func (d *decoder) uvarint() uint64 {
	if !d.more() {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	if !d.more() {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) string() string {
	n := d.uvarint()
	if d.err != nil {
		return ""
	}
	if n > uint64(len(d.b)) {
		d.err = errCorrupt
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) bool() bool {
	if !d.more() {
		return false
	}
	v := d.b[0] != 0
	d.b = d.b[1:]
	return v
}

func (d *decoder) time() time.Time {
	n := d.varint()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).In(d.loc)
}

// ticketDay returns the day of a record without decoding the rest.
func ticketDay(v []byte) string {
	if len(v) == 0 || v[0] != ticketCodecVersion {
		return ""
	}
	d := decoder{b: v[1:]}
	return d.string()
}

// decodeTicket decodes a record into t, times in loc. It copies what it
// keeps, so v may be bbolt memory that dies with the transaction.
func decodeTicket(v []byte, loc *time.Location, t *queue.Ticket) error {
	if len(v) == 0 || v[0] != ticketCodecVersion {
		return errCorrupt
	}
	d := decoder{b: v[1:], loc: loc}
	*t = queue.Ticket{}
	t.Day = d.string()
	t.ID = d.uvarint()
	t.Token = d.string()
	t.Number = d.string()
	t.ServiceID = d.string()
	t.IssuedFor = d.string()
	t.Priority = d.bool()
	t.PriorityKind = d.string()
	t.Session = d.string()
	t.Extended = d.bool()
	t.Status = queue.Status(d.string())
	for _, tm := range [...]*time.Time{&t.IssuedAt, &t.FirstCalledAt, &t.CalledAt, &t.StartedAt,
		&t.DoneAt, &t.NoShowAt, &t.TransferredAt, &t.ExpiredAt} {
		*tm = d.time()
	}
	t.CounterID = d.string()
	t.CounterNumber = int(d.varint())
	t.OfficerID = d.string()
	t.Recalls = int(d.varint())
	t.Transfers = int(d.varint())
	if d.bool() {
		f := &queue.Feedback{Rating: int(d.varint())}
		n := d.uvarint()
		if n > 16 {
			return errCorrupt
		}
		for i := uint64(0); i < n; i++ {
			f.Reasons = append(f.Reasons, d.string())
		}
		f.Comment = d.string()
		f.At = d.time()
		f.Via = d.string()
		t.Feedback = f
	}
	return d.err
}

// itob encodes a ticket id as a big-endian key, so cursor order is issue
// order.
func itob(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func btoi(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}
