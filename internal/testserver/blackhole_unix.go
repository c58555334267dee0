//go:build unix

package testserver

import (
	"fmt"
	"net"
	"syscall"
	"testing"
	"time"
)

// Blackhole returns an address ("127.0.0.1:port") at which a connection is
// never established: the listener's accept queue is full, so the SYNs are
// dropped and a dial times out. It is closed when the test ends.
func Blackhole(t testing.TB) string {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Skipf("no raw socket: %v", err)
	}
	sa := &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}
	if err := syscall.Bind(fd, sa); err != nil {
		syscall.Close(fd)
		t.Fatal(err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		syscall.Close(fd)
		t.Fatal(err)
	}
	got, err := syscall.Getsockname(fd)
	if err != nil {
		syscall.Close(fd)
		t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", got.(*syscall.SockaddrInet4).Port)
	// Fill the accept queue.
	var fillers []net.Conn
	for range 4 {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			break
		}
		fillers = append(fillers, c)
	}
	t.Cleanup(func() {
		for _, c := range fillers {
			c.Close()
		}
		syscall.Close(fd)
	})
	return addr
}
