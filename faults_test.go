package requests_test

// The byte-level faults of issue 8's matrix not covered beside their
// features (timeout_test.go: silence, trickle, stalls; decompress_test.go:
// cut bodies, bad chunks, corrupt codings, bad status lines, HTTP/1.0
// bodies; redirect_test.go: unsupported schemes).

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/testserver"
)

func TestDecompressionBomb(t *testing.T) {
	// Not parallel: it measures the process's allocations.
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	zeros := make([]byte, 1<<20)
	for range 16 { // 16 MiB of zeros in about 20 KiB
		zw.Write(zeros)
	}
	zw.Close()
	bomb := buf.Bytes()
	url := testserver.Raw(t, func(c net.Conn) {
		for {
			if _, err := testserver.ReadRequest(c); err != nil {
				return
			}
			fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n", len(bomb))
			c.Write(bomb)
		}
	})
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := requests.Get(context.Background(), url, requests.DecompressionLimit(2<<20))
	if !errors.Is(err, requests.ErrContentDecoding) || !strings.Contains(err.Error(), "limit of 2097152 bytes") {
		t.Fatalf("a 16 MiB bomb under a 2 MiB limit: %v", err)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 10<<20 {
		t.Errorf("%d MiB allocated for a 2 MiB limit", grown>>20)
	}
	resp, err := requests.Get(context.Background(), url, requests.DecompressionLimit(0))
	if err != nil || len(resp.Content()) != 16<<20 {
		t.Errorf("no limit: %v", err)
	}
}

func TestMoreFaults(t *testing.T) {
	leakCheck(t)
	for _, tt := range []struct {
		name, response string
		kind           error // nil: success with body "ok"
	}{
		{"reset in the middle of the headers", "HTTP/1.1 200 OK\r\nContent-Ty", requests.ErrConnection},
		{"1xx responses before the final one", "HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\nHTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", nil},
	} {
		url := testserver.Raw(t, testserver.ReplyAndClose(tt.response))
		resp, err := requests.Get(context.Background(), url)
		switch {
		case tt.kind == nil && (err != nil || resp.Text() != "ok" || resp.StatusCode != 200):
			t.Errorf("%s: %v %v", tt.name, resp, err)
		case tt.kind != nil && !errors.Is(err, tt.kind):
			t.Errorf("%s: %v; want %v", tt.name, err, tt.kind)
		}
	}
}

func TestHugeResponseHeaders(t *testing.T) {
	leakCheck(t)
	big := strings.Repeat("x", 11<<20) // net/http reads at most 10 MiB of headers
	url := testserver.Raw(t, testserver.ReplyAndClose("HTTP/1.1 200 OK\r\nX-Big: "+big+"\r\n\r\n"))
	if _, err := requests.Get(context.Background(), url); !errors.Is(err, requests.ErrConnection) {
		t.Errorf("11 MiB of headers: %v; want ErrConnection", err)
	}
}

func TestExpectContinue(t *testing.T) {
	leakCheck(t)
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = r.Header.Get("Expect") + "|" + string(b)
	}))
	defer srv.Close()
	_, err := requests.Post(context.Background(), srv.URL, requests.Data("payload"), requests.Headers{"Expect": "100-continue"})
	if err != nil || got != "100-continue|payload" {
		t.Errorf("Expect: 100-continue: %v, server got %q", err, got)
	}
}

func TestRedirectLoop(t *testing.T) {
	leakCheck(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Path, http.StatusFound) // to itself
	}))
	defer srv.Close()
	_, err := requests.Get(context.Background(), srv.URL+"/loop", requests.MaxRedirects(5))
	var rerr *requests.Error
	if !errors.Is(err, requests.ErrTooManyRedirects) || !errors.As(err, &rerr) || rerr.Response.StatusCode != 302 {
		t.Errorf("a redirect loop: %v", err)
	}
}

// failingReader yields some bytes, then an error.
type failingReader struct{ n int }

var errDisk = errors.New("disk on fire")

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errDisk
	}
	n := min(len(p), f.n)
	f.n -= n
	return n, nil
}

func TestDataReaderFailingMidway(t *testing.T) {
	leakCheck(t)
	srv, conns := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
	}))
	s := requests.NewSession()
	defer s.Close()
	_, err := s.Post(context.Background(), srv.URL, requests.Data(&failingReader{n: 1000}))
	if !errors.Is(err, errDisk) || !errors.Is(err, requests.ErrRequest) {
		t.Fatalf("a body reader failing midway: %v; want its error", err)
	}
	if _, err := s.Get(context.Background(), srv.URL); err != nil {
		t.Fatal(err)
	}
	if n := conns.Load(); n != 2 {
		t.Errorf("%d connections; the half-sent one must not be reused", n)
	}
}

func TestUnclosedResponsesDoNotWedgeThePool(t *testing.T) {
	srv, _ := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(bytes.Repeat([]byte("x"), 64<<10))
	}))
	s := requests.NewSession()
	defer s.Close()
	var abandoned []*requests.Response
	for range 20 {
		resp, err := s.Get(context.Background(), srv.URL, requests.Stream(true))
		if err != nil {
			t.Fatal(err)
		}
		abandoned = append(abandoned, resp) // never read, never closed
	}
	resp, err := s.Get(context.Background(), srv.URL)
	if err != nil || len(resp.Content()) != 64<<10 {
		t.Errorf("after 20 abandoned streams: %v", err)
	}
	for _, r := range abandoned {
		r.Close() // release them for the leak check
	}
}

func TestBadInputNamesTheProblem(t *testing.T) {
	leakCheck(t)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if strings.ContainsAny(r.RequestURI, "\r\n") {
			t.Errorf("a raw CR or LF reached the server: %q", r.RequestURI)
		}
	}))
	defer srv.Close()
	var noContext context.Context // nil, on purpose
	_, err := requests.Get(noContext, srv.URL)
	if !errors.Is(err, requests.ErrRequest) || !strings.Contains(err.Error(), "nil context") {
		t.Errorf("a nil context: %v", err)
	}
	// Tabs and newlines anywhere in a URL are dropped, as the WHATWG URL
	// standard says: nothing can be injected.
	host := strings.TrimPrefix(srv.URL, "http://")
	resp, err := requests.Get(context.Background(), "http://"+host[:3]+"\r\n"+host[3:]+"/a\r\nX-Injected: 1?q=\r\n\tb")
	if err != nil || !strings.HasSuffix(resp.Request.URL.String(), "/aX-Injected:%201?q=b") {
		t.Errorf("CR/LF in the URL: %v %v", resp, err)
	}
	if hits.Load() != 1 {
		t.Errorf("%d requests reached the server; want only the encoded one", hits.Load())
	}
}
