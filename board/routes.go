package board

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"
)

// Register adds the board stream (GET /ws/board) to e and the snapshot
// (GET /board) to api, the /api/v1 group. Both are public.
func (h *Hub) Register(e *echo.Echo, api *echo.Group) {
	e.GET("/ws/board", h.handleStream)
	api.GET("/board", h.handleSnapshot)
}

func (h *Hub) handleStream(c echo.Context) error {
	h.ServeWS(c.Response(), c.Request())
	return nil
}

// handleSnapshot answers exactly the stream's first message, for pages
// and tools that only need the board once.
func (h *Hub) handleSnapshot(c echo.Context) error {
	data, err := h.Snapshot(c.Request().Context())
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSONBlob(http.StatusOK, data)
}

// Snapshot returns the snapshot message {"type":"snapshot","seq","board"}
// of the board now.
func (h *Hub) Snapshot(ctx context.Context) ([]byte, error) {
	b, seq, err := h.src.Board(ctx)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	return encode("snapshot", seq, nil, data), nil
}
