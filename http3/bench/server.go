package main

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-requests/requests/http3/internal/testcert"

	quichttp3 "github.com/quic-go/quic-go/http3"
)

// serverEnv, set in its environment, makes the program (or the test
// binary) the servers' process.
const serverEnv = "REQUESTS_H3BENCH_SERVER"

// maxStreamMiB bounds what /stream sends.
const maxStreamMiB = 1 << 10

// docJSON is the small document of the GET workloads: 400 bytes.
var docJSON = []byte(`{"id":12345,"name":"requests for Go","tags":["http","client","go","quic"],"active":true,"score":98.6,` +
	`"owner":{"login":"gopher","id":42,"url":"https://example.com/users/gopher"},` +
	`"description":"` + strings.Repeat("x", 219) + `"}`)

// docID is the id docJSON holds.
const docID = 12345

// keyPair is how the certificate travels to the servers' process, on its
// standard input.
type keyPair struct {
	Cert []byte // PEM
	Key  []byte // PEM (PKCS #8)
}

// addrs are the servers' host:port addresses, which the servers' process
// prints as one JSON line.
type addrs struct {
	H1 string // TCP, TLS offering http/1.1 only
	H2 string // TCP, TLS offering h2 and http/1.1
	H3 string // UDP, QUIC
}

// servers is the servers' process, seen from the benchmark's.
type servers struct {
	addrs addrs
	log   *warnLog // its standard error
	cmd   *exec.Cmd
	stdin io.WriteCloser
	done  chan error // the process's exit

	once    sync.Once
	stopErr error
}

// startServers runs this program again, as the servers' process, so that
// the servers' CPU is not counted as the client's. It hands it the
// certificate and reads where the servers listen; the process's standard
// error goes to stderr.
func startServers(c *testcert.Cert, stderr *warnLog) (*servers, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), serverEnv+"=1")
	cmd.Stderr = stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &servers{log: stderr, cmd: cmd, stdin: stdin, done: make(chan error, 1)}
	ready := make(chan error, 1)
	go func() {
		if err := json.NewEncoder(stdin).Encode(keyPair{Cert: c.CertPEM, Key: c.KeyPEM}); err != nil {
			ready <- err
			return
		}
		line, err := bufio.NewReader(stdout).ReadBytes('\n')
		if err == nil {
			err = json.Unmarshal(line, &s.addrs)
		}
		ready <- err
	}()
	select {
	case err = <-ready:
		if err != nil {
			err = fmt.Errorf("reading where the servers listen: %w", err)
		}
	case <-time.After(30 * time.Second):
		err = errors.New("the servers' process did not say where it listens within 30s")
	}
	// Wait only now: it closes stdout, which must have been read.
	go func() { s.done <- cmd.Wait() }()
	if err != nil {
		cmd.Process.Kill()
		s.stop()
		return nil, err
	}
	return s, nil
}

// stop asks the servers' process to close its servers and exit, by
// closing its standard input, and kills it if it has not exited within
// ten seconds. Only the first call does this and reports its error.
func (s *servers) stop() error {
	var err error
	s.once.Do(func() {
		s.stdin.Close()
		select {
		case err = <-s.done:
		case <-time.After(10 * time.Second):
			s.cmd.Process.Kill()
			<-s.done
			err = errors.New("the servers' process did not exit within 10s of being asked; killed")
		}
		s.stopErr = err
	})
	return err
}

// serve is the servers' process: it reads the certificate from stdin,
// starts the three servers on 127.0.0.1, prints their addresses to stdout,
// and closes them when stdin ends.
func serve(stdin io.Reader, stdout io.Writer) error {
	dec := json.NewDecoder(stdin)
	var kp keyPair
	if err := dec.Decode(&kp); err != nil {
		return fmt.Errorf("reading the certificate: %w", err)
	}
	pair, err := tls.X509KeyPair(kp.Cert, kp.Key)
	if err != nil {
		return err
	}
	certs := []tls.Certificate{pair}

	h1ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	h2ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		h1ln.Close()
		return err
	}
	udp, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		h1ln.Close()
		h2ln.Close()
		return err
	}
	h := handler()
	h1 := &http.Server{
		Handler:   h,
		TLSConfig: &tls.Config{Certificates: certs, NextProtos: []string{"http/1.1"}},
		// A non-nil empty map keeps net/http from adding HTTP/2.
		TLSNextProto: map[string]func(*http.Server, *tls.Conn, http.Handler){},
	}
	h2 := &http.Server{
		Handler:   h,
		TLSConfig: &tls.Config{Certificates: certs, NextProtos: []string{"h2", "http/1.1"}},
	}
	h3 := &quichttp3.Server{
		Handler:   h,
		TLSConfig: &tls.Config{Certificates: certs},
	}
	failed := make(chan error, 3)
	var wg sync.WaitGroup
	serveOne := func(name string, fn func() error) {
		wg.Go(func() {
			if err := fn(); err != nil && !errors.Is(err, http.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
				failed <- fmt.Errorf("%s server: %w", name, err)
			}
		})
	}
	serveOne("HTTP/1.1", func() error { return h1.ServeTLS(h1ln, "", "") })
	serveOne("HTTP/2", func() error { return h2.ServeTLS(h2ln, "", "") })
	serveOne("HTTP/3", func() error { return h3.Serve(udp) })

	a := addrs{H1: h1ln.Addr().String(), H2: h2ln.Addr().String(), H3: udp.LocalAddr().String()}
	err = json.NewEncoder(stdout).Encode(a)
	if err == nil {
		eof := make(chan error, 1)
		go func() {
			_, err := io.Copy(io.Discard, io.MultiReader(dec.Buffered(), stdin))
			eof <- err
		}()
		select {
		case err = <-eof:
		case err = <-failed:
		}
	}
	err = errors.Join(err, h3.Close(), udp.Close(), h2.Close(), h1.Close())
	wg.Wait()
	close(failed)
	for e := range failed {
		err = errors.Join(err, e)
	}
	return err
}

// handler answers the workloads' requests, the same over every protocol:
//
//	GET /doc.json     the small JSON document
//	GET /stream?n=N   N zero bytes, with a Content-Length
//	GET /cpu          the process's CPU time so far, in nanoseconds
func handler() http.Handler {
	chunk := make([]byte, 64<<10)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /doc.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(docJSON)))
		w.Write(docJSON)
	})
	mux.HandleFunc("GET /stream", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.ParseInt(r.URL.Query().Get("n"), 10, 64)
		if err != nil || n < 0 || n > maxStreamMiB<<20 {
			http.Error(w, "n: a byte count up to 1 GiB", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.FormatInt(n, 10))
		for n > 0 {
			m := min(n, int64(len(chunk)))
			if _, err := w.Write(chunk[:m]); err != nil {
				return
			}
			n -= m
		}
	})
	mux.HandleFunc("GET /cpu", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, strconv.FormatInt(cpuTime().Nanoseconds(), 10))
	})
	return mux
}

// warnLog passes what is written to it on to w, line by line under a
// prefix, and keeps the lines in which quic-go warns about UDP buffer
// sizes. It is safe for concurrent use.
type warnLog struct {
	w      io.Writer
	prefix string

	mu    sync.Mutex
	buf   []byte   // a line not yet ended
	lines []string // the warnings seen
}

// Write passes p on and notes the warnings among its complete lines.
func (l *warnLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			break
		}
		line := string(l.buf[:i])
		l.buf = l.buf[i+1:]
		if strings.Contains(line, "UDP-Buffer-Sizes") || strings.Contains(line, "buffer size") {
			l.lines = append(l.lines, l.prefix+line)
		}
		if _, err := fmt.Fprintf(l.w, "%s%s\n", l.prefix, line); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// seen returns the warnings noted so far.
func (l *warnLog) seen() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}
