package server

import (
	"net"

	"github.com/labstack/echo/v4"
)

// ipExtractor names the client of a request for the rate limits and the
// websocket caps: the peer, unless the peer is one of the trusted reverse
// proxies, whose X-Forwarded-For then names it (the right-most address
// that is not a trusted proxy). Echo trusts loopback and private networks
// by default; here only what --trusted-proxy lists is trusted, so a
// kiosk on the LAN cannot claim another address.
func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}
