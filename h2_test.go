package requests_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/testserver"
)

// h2Origin serves h over TLS with HTTP/2 and counts the connections it
// accepts; the Session trusts its certificate.
func h2Origin(t *testing.T, h http.Handler) (*httptest.Server, *requests.Session, *atomic.Int32) {
	t.Helper()
	pki := testserver.NewPKI(t)
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(h)
	srv.EnableHTTP2 = true
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{pki.Good}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	s := requests.NewSession(requests.CABundle(pki.CAFile))
	t.Cleanup(func() { s.Close() })
	return srv, s, &conns
}

// What a Session does over HTTP/2, each through the engine's HTTP/2
// connections: bodies both ways past the flow-control windows, streams
// sharing one connection, statuses without a body, a redirect that sends
// its body again, decoding, cookies.
func TestHTTP2Exchanges(t *testing.T) {
	leakCheck(t)
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<17) // 2 MiB: past the windows a connection and a stream start with
	mux := http.NewServeMux()
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		sum := sha256.New()
		n, _ := io.Copy(sum, r.Body)
		fmt.Fprintf(w, "%s %d %x", r.Proto, n, sum.Sum(nil))
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(len(big)))
		w.Write(big)
	})
	mux.HandleFunc("/empty", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		http.Redirect(w, r, "/echo", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		zw.Write([]byte("unzipped"))
		zw.Close()
	})
	mux.HandleFunc("/cookie", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "h2", Value: "yes"})
		fmt.Fprint(w, r.Header.Get("Cookie"))
	})
	srv, s, conns := h2Origin(t, mux)
	ctx := context.Background()

	upload := bytes.Repeat([]byte("u"), 1<<20) // past the 64 KiB a stream may send before a WINDOW_UPDATE
	want := fmt.Sprintf("HTTP/2.0 %d %x", len(upload), sha256.Sum256(upload))
	resp, err := s.Post(ctx, srv.URL+"/echo", requests.Data(upload))
	if err != nil || resp.Proto != "HTTP/2.0" || resp.Text() != want {
		t.Fatalf("POST 1 MiB: %v, %s %q; want %q", err, resp.Proto, resp.Text(), want)
	}
	resp, err = s.Get(ctx, srv.URL+"/big", requests.Stream(true))
	if err != nil {
		t.Fatal(err)
	}
	var got []byte
	for chunk, err := range resp.IterContent(32 << 10) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, chunk...)
	}
	if !bytes.Equal(got, big) {
		t.Errorf("a streamed 2 MiB body: %d bytes, equal %v", len(got), bytes.Equal(got, big))
	}
	if resp, err := s.Get(ctx, srv.URL+"/empty"); err != nil || resp.StatusCode != http.StatusNoContent || len(resp.Content()) != 0 {
		t.Errorf("204: %v %v", err, resp)
	}
	if resp, err := s.Head(ctx, srv.URL+"/big"); err != nil || resp.StatusCode != 200 || len(resp.Content()) != 0 || resp.Header.Get("Content-Length") != fmt.Sprint(len(big)) {
		t.Errorf("HEAD: %v %v %q", err, resp, resp.Header.Get("Content-Length"))
	}
	body := []byte("sent twice")
	if resp, err := s.Post(ctx, srv.URL+"/redirect", requests.Data(body)); err != nil || resp.Text() != fmt.Sprintf("HTTP/2.0 %d %x", len(body), sha256.Sum256(body)) || len(resp.History) != 1 {
		t.Errorf("307 with a body: %v %q", err, resp.Text())
	}
	if resp, err := s.Get(ctx, srv.URL+"/gzip"); err != nil || resp.Text() != "unzipped" {
		t.Errorf("gzip: %v %q", err, resp.Text())
	}
	s.Get(ctx, srv.URL+"/cookie")
	if resp, err := s.Get(ctx, srv.URL+"/cookie"); err != nil || resp.Text() != "h2=yes" {
		t.Errorf("cookies: %v %q", err, resp.Text())
	}

	// 64 requests at once: streams of the one connection.
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Go(func() {
			b := []byte(strings.Repeat("x", i*100))
			resp, err := s.Post(ctx, srv.URL+"/echo", requests.Data(b))
			if err != nil || resp.Text() != fmt.Sprintf("HTTP/2.0 %d %x", len(b), sha256.Sum256(b)) {
				t.Errorf("stream %d: %v %q", i, err, resp.Text())
			}
		})
	}
	wg.Wait()
	if n := conns.Load(); n != 1 {
		t.Errorf("the server accepted %d connections; want 1, its streams shared", n)
	}
}

// The read timeout and the caller's context end an HTTP/2 exchange,
// before its head or in its body, with the errors they end an HTTP/1.1
// one with; the connection keeps serving other streams.
func TestHTTP2TimeoutsAndCancellation(t *testing.T) {
	leakCheck(t)
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/silent", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/stall", func(w http.ResponseWriter, r *http.Request) {
		w.Write(bytes.Repeat([]byte("a"), 1000))
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
	srv, s, conns := h2Origin(t, mux)
	defer close(release)
	ctx := context.Background()
	short := requests.Timeout{Read: 150 * time.Millisecond}

	_, err := s.Get(ctx, srv.URL+"/silent", short)
	if !errors.Is(err, requests.ErrReadTimeout) {
		t.Errorf("a silent server: %v; want ErrReadTimeout", err)
	}
	resp, err := s.Get(ctx, srv.URL+"/stall", short)
	if !errors.Is(err, requests.ErrReadTimeout) {
		t.Errorf("a body that stalls: %v, %v; want ErrReadTimeout", resp, err)
	}
	cctx, cancel := context.WithCancel(ctx)
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err = s.Get(cctx, srv.URL+"/silent")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled context: %v; want context.Canceled", err)
	}
	resp, err = s.Get(ctx, srv.URL+"/stall", requests.Stream(true))
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 1000)
	if _, err := io.ReadFull(resp.Reader(), buf); err != nil {
		t.Fatal(err)
	}
	resp.Close() // mid-body: the stream is reset, the connection stays
	if resp, err := s.Get(ctx, srv.URL+"/ok"); err != nil || resp.Text() != "ok" || resp.Proto != "HTTP/2.0" {
		t.Errorf("after all that: %v %q", err, resp.Text())
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("the server accepted %d connections; want 1 (a stream's end is not its connection's)", n)
	}
}

// A server that goes away (closing its connections, as a restart does)
// costs the next request nothing but a new connection.
func TestHTTP2ServerGoesAway(t *testing.T) {
	leakCheck(t)
	srv, s, conns := h2Origin(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") }))
	ctx := context.Background()
	if _, err := s.Get(ctx, srv.URL); err != nil {
		t.Fatal(err)
	}
	srv.CloseClientConnections()
	time.Sleep(20 * time.Millisecond) // the GOAWAY and the close reach the client
	for i := range 3 {
		if resp, err := s.Get(ctx, srv.URL); err != nil || resp.Text() != "ok" {
			t.Fatalf("request %d after the server closed its connections: %v", i, err)
		}
	}
	if n := conns.Load(); n != 2 {
		t.Errorf("the server accepted %d connections; want 2", n)
	}
}
