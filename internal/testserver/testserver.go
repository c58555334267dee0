// Package testserver provides the loopback servers the package's tests use
// for what an HTTP handler cannot show: byte-level scripts (trickles,
// stalls, cut bodies, corrupt encodings) and a port that never accepts.
package testserver

import (
	"bufio"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"
)

// Raw starts a TCP server on 127.0.0.1 that runs script for each
// connection, and returns its base URL ("http://127.0.0.1:port"). The
// server and every connection are closed when the test ends.
func Raw(t testing.TB, script func(c net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		conns []net.Conn
		wg    sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				script(c)
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return "http://" + ln.Addr().String()
}

// ReadRequest reads one request (head and body) from c, so that a script
// answers only once the client has sent everything.
func ReadRequest(c net.Conn) (*http.Request, error) {
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	req, err := http.ReadRequest(bufio.NewReader(c))
	if err != nil {
		return nil, err
	}
	defer req.Body.Close()
	buf := make([]byte, 32<<10)
	for {
		if _, err := req.Body.Read(buf); err != nil {
			break
		}
	}
	return req, nil
}

// Reply returns a script that reads a request and writes response as is.
func Reply(response string) func(net.Conn) {
	return func(c net.Conn) {
		if _, err := ReadRequest(c); err != nil {
			return
		}
		c.Write([]byte(response))
		// Hold the connection until the client is done with it.
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		var b [1]byte
		c.Read(b[:])
	}
}

// ReplyAndClose returns a script that reads a request, writes response as
// is, and closes the connection.
func ReplyAndClose(response string) func(net.Conn) {
	return func(c net.Conn) {
		if _, err := ReadRequest(c); err == nil {
			c.Write([]byte(response))
		}
	}
}
