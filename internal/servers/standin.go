package servers

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// StandIn is a server written in Go that answers as one of the real servers
// this package starts would, for machines where that one is not installed:
// the tutorial's nginx setup ([NginxStandIn]), its Flask upload app and its
// small Python servers ([PythonStandIn]). Each writes its responses as the
// real server does (status line, headers in its order, bodies), so that a
// client cannot tell them apart but by the Server header and the dates.
// Like a [Process] it listens on a loopback port and works in a directory of
// its own until Stop, or until the context it was started with is done.
type StandIn struct {
	// URL is its base URL, "http://127.0.0.1:port"; Port the port.
	URL  string
	Port int
	// Dir is its directory: nginx's config and pages, or where the upload
	// app saves files.
	Dir string

	ln       net.Listener
	serve    func(net.Conn) // answers one connection as the imitated server does
	wg       sync.WaitGroup
	mu       sync.Mutex
	conns    map[net.Conn]struct{}
	stopOnce sync.Once
	release  func() bool // stops the context's AfterFunc
}

// startStandIn listens on addr ("127.0.0.1:0" for any port) and serves each
// connection with serve until Stop or ctx is done. It owns dir.
func startStandIn(ctx context.Context, addr, dir string, serve func(net.Conn)) (*StandIn, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	s := &StandIn{URL: "http://127.0.0.1:" + strconv.Itoa(port), Port: port, Dir: dir,
		ln: ln, serve: serve, conns: map[net.Conn]struct{}{}}
	s.release = context.AfterFunc(ctx, s.Stop)
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

func (s *StandIn) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return // closed by Stop
		}
		s.mu.Lock()
		if s.conns == nil { // stopped
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			s.serve(c)
			c.Close()
			s.mu.Lock()
			delete(s.conns, c)
			s.mu.Unlock()
		}()
	}
}

// Stop closes the listener and every connection, waits for their
// goroutines and removes the directory.
func (s *StandIn) Stop() {
	s.stopOnce.Do(func() {
		s.release()
		s.ln.Close()
		s.mu.Lock()
		for c := range s.conns {
			c.Close()
		}
		s.conns = nil
		s.mu.Unlock()
		s.wg.Wait()
		os.RemoveAll(s.Dir)
	})
}

// field is one header line of a response, written verbatim.
type field struct{ name, value string }

// reply is a response as an imitated server writes it: its own status line
// and reason phrase, its headers in its order and letter case.
type reply struct {
	proto  string // "HTTP/1.1"
	status int
	reason string
	header []field
	body   []byte
}

func (r *reply) add(name, value string) { r.header = append(r.header, field{name, value}) }

// writeTo writes the response, without its body if head (a HEAD request).
func (r *reply) writeTo(w io.Writer, head bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d %s\r\n", r.proto, r.status, r.reason)
	for _, f := range r.header {
		b.WriteString(f.name + ": " + f.value + "\r\n")
	}
	b.WriteString("\r\n")
	if !head {
		b.Write(r.body)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// httpDate formats t as Date and Last-Modified headers do.
func httpDate(t time.Time) string { return t.UTC().Format(http.TimeFormat) }

// closeWrite ends the response the way Python's servers do: shut down the
// sending side, then close (the caller closes).
func closeWrite(c net.Conn) {
	if tc, ok := c.(interface{ CloseWrite() error }); ok {
		tc.CloseWrite()
	}
}

// readRequest reads a request with net/http's parser, which the nginx and
// Werkzeug stand-ins share; a nil request and a nil error mean the client
// went away.
func readRequest(br *bufio.Reader) (*http.Request, error) {
	req, err := http.ReadRequest(br)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) {
		return nil, nil
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return nil, nil
	}
	return req, err
}
