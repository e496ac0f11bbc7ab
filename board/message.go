package board

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/gorilla/websocket"

	"xephang/queue"
)

// snapshot is a board ready to send: its JSON, the seq it reflects and,
// once a client needed it, the framed snapshot message.
type snapshot struct {
	gen   uint64 // the enqueue count read before the board
	seq   uint64
	board []byte
	at    time.Time
	pm    *websocket.PreparedMessage
}

// snapshotNow returns the current snapshot with its framed message. The
// last one built is reused while no event came since and it is recent, so
// a crowd of boards reconnecting at once costs one board.
func (h *Hub) snapshotNow(ctx context.Context) (*snapshot, error) {
	h.mu.Lock()
	gen := h.gen
	h.mu.Unlock()
	if h.snap == nil || h.snap.gen != gen || time.Since(h.snap.at) > snapshotMaxAge {
		if err := h.build(ctx); err != nil {
			return nil, err
		}
	}
	if h.snap.pm == nil {
		pm, err := websocket.NewPreparedMessage(websocket.TextMessage, encode("snapshot", h.snap.seq, nil, h.snap.board))
		if err != nil {
			return nil, err
		}
		h.snap.pm = pm
	}
	return h.snap, nil
}

// build reads the board once and keeps it as the latest snapshot.
func (h *Hub) build(ctx context.Context) error {
	h.mu.Lock()
	gen := h.gen
	h.mu.Unlock()
	b, seq, err := h.src.Board(ctx)
	if err != nil {
		return err
	}
	data, err := json.Marshal(b)
	if err != nil {
		return err
	}
	h.snap = &snapshot{gen: gen, seq: seq, board: data, at: time.Now()}
	return nil
}

// encode writes a board message: {"type","seq","call"?,"board"}. The
// board's JSON is encoded once per drain and spliced in.
func encode(typ string, seq uint64, call *queue.Call, board []byte) []byte {
	b := make([]byte, 0, len(board)+256)
	b = append(b, `{"type":"`...)
	b = append(b, typ...)
	b = append(b, `","seq":`...)
	b = strconv.AppendUint(b, seq, 10)
	if call != nil {
		cj, _ := json.Marshal(call) // a Call always encodes
		b = append(b, `,"call":`...)
		b = append(b, cj...)
	}
	b = append(b, `,"board":`...)
	b = append(b, board...)
	return append(b, '}')
}
