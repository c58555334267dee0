//go:build unix

package wire

import (
	"crypto/tls"
	"syscall"

	"golang.org/x/sys/unix"
)

// alive reports whether an idle connection may still be used: nothing has
// arrived on it, neither the end of the input nor unasked-for bytes (a TLS
// close_notify, a stray response). It asks the socket without blocking.
func (c *conn) alive() bool {
	if c.br.Buffered() > 0 {
		return false
	}
	nc := c.nc
	if tc, ok := nc.(*tls.Conn); ok {
		nc = tc.NetConn()
	}
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return true
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	alive := false
	var buf [1]byte
	err = rc.Read(func(fd uintptr) bool {
		_, _, err := unix.Recvfrom(int(fd), buf[:], unix.MSG_PEEK|unix.MSG_DONTWAIT)
		alive = err == unix.EAGAIN || err == unix.EWOULDBLOCK
		return true
	})
	return err == nil && alive
}
