package server

import "syscall"

// WSPerAddrDefault is the default cap on the board streams of one client
// address: a whole lobby (TVs, phones following their tickets) behind one
// NAT, or a carrier's NAT in front of a town's phones.
const WSPerAddrDefault = 256

// Bounds of the default total cap on board streams.
const (
	wsReserve   = 1000    // open files kept for HTTP, the database, logs
	wsMaxCeil   = 100_000 // a sane ceiling whatever the limit says
	wsMaxFloor  = 64      // a machine with a tiny limit still shows boards
	wsNoLimitFd = 1 << 20 // an "unlimited" open-files limit counts as this
)

func (c Config) wsPerAddr() int {
	switch {
	case c.WSPerAddr == 0:
		return WSPerAddrDefault
	case c.WSPerAddr < 0:
		return 0 // no cap
	}
	return c.WSPerAddr
}

func (c Config) wsMax() int {
	if c.WSMax > 0 {
		return c.WSMax
	}
	return wsMaxDefault(openFilesLimit())
}

// wsMaxDefault is the total cap on board streams for an open-files limit
// of n: every stream holds a file, so they stop a reserve short of the
// limit and the kiosks' requests and /healthz always get one. A small
// limit keeps a quarter for them instead.
func wsMaxDefault(n uint64) int {
	if n == 0 || n > wsNoLimitFd {
		n = wsNoLimitFd
	}
	reserve := min(uint64(wsReserve), n/4)
	return int(max(min(n-reserve, wsMaxCeil), wsMaxFloor))
}

// openFilesLimit is the process's soft RLIMIT_NOFILE (Go raises it to the
// hard limit at start), 0 when unknown.
func openFilesLimit() uint64 {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r); err != nil {
		return 0
	}
	return r.Cur
}
