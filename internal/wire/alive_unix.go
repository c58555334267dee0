//go:build unix

package wire

import (
	"crypto/tls"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// alive reports whether an idle connection may still be used: nothing has
// arrived on it, neither the end of the input nor unasked-for bytes (a TLS
// close_notify, a stray response). It asks the socket without blocking,
// through a raw connection and a function made once per connection, so that
// the check allocates nothing.
func (c *conn) alive() bool {
	if c.br.Buffered() > 0 {
		return false
	}
	if !c.readDL.IsZero() && time.Now().After(c.readDL) {
		c.setReadDeadline(time.Time{}) // a raw read would fail on it
	}
	if c.raw == nil {
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
		c.raw = rc
		buf := new(byte)
		c.peek = func(fd uintptr) bool {
			// recvfrom(2) without an address: unix.Recvfrom would allocate one.
			_, _, errno := unix.Syscall6(unix.SYS_RECVFROM, fd, uintptr(unsafe.Pointer(buf)), 1,
				unix.MSG_PEEK|unix.MSG_DONTWAIT, 0, 0)
			c.idleOK = errno == unix.EAGAIN || errno == unix.EWOULDBLOCK
			return true
		}
	}
	c.idleOK = false
	return c.raw.Read(c.peek) == nil && c.idleOK
}
