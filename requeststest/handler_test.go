package requeststest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/requeststest"
)

// do sends a request through Handler(h) with a plain http.Client and
// returns the response with its body read.
func do(t *testing.T, h http.HandlerFunc, method, url, body string) (*http.Response, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := (&http.Client{Transport: requeststest.Handler(h)}).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, url, err)
	}
	return resp, string(b)
}

func TestHandler(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		method, url  string
		body         string
		handler      http.HandlerFunc
		check        func(*http.Response, string) string // what is wrong, or ""
		wantBody     string
		wantStatus   int
		wantLength   int64
		wantType     string
		wantChunked  bool
		wantTrailers http.Header
	}{
		{
			name: "a small response has a Content-Length and a sniffed Content-Type", method: "GET", url: "http://x.test/",
			handler:    func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "<html><body>hi</body></html>") },
			wantStatus: 200, wantBody: "<html><body>hi</body></html>", wantLength: 28, wantType: "text/html; charset=utf-8",
		},
		{
			name: "a response larger than the buffer streams", method: "GET", url: "http://x.test/",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/plain")
				for range 100 {
					io.WriteString(w, strings.Repeat("x", 99)+"\n")
				}
			},
			wantStatus: 200, wantBody: strings.Repeat(strings.Repeat("x", 99)+"\n", 100), wantLength: -1, wantType: "text/plain", wantChunked: true,
		},
		{
			name: "the handler reads the request body", method: "POST", url: "http://x.test/echo", body: "ping",
			handler: func(w http.ResponseWriter, r *http.Request) {
				b, err := io.ReadAll(r.Body)
				fmt.Fprintf(w, "%d %s %v", r.ContentLength, b, err)
			},
			wantStatus: 200, wantBody: "4 ping <nil>", wantLength: 12, wantType: "text/plain; charset=utf-8",
		},
		{
			name: "the handler sees the request as a server does", method: "GET", url: "https://api.x.test:8443/a%2Fb/c?q=1&r=2",
			handler: func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprintf(w, "%s|%s|%s|%s|%s|%s|%v", r.RequestURI, r.URL, r.URL.Path, r.Host, r.RemoteAddr, r.Proto, r.TLS != nil && r.TLS.ServerName == "api.x.test")
			},
			wantStatus: 200, wantBody: "/a%2Fb/c?q=1&r=2|/a%2Fb/c?q=1&r=2|/a/b/c|api.x.test:8443|192.0.2.1:1234|HTTP/1.1|true", wantLength: 85, wantType: "text/plain; charset=utf-8",
		},
		{
			name: "WriteHeader sets the status and the headers as they were then", method: "GET", url: "http://x.test/",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Before", "1")
				w.WriteHeader(http.StatusTeapot)
				w.Header().Set("X-After", "1")
				w.WriteHeader(http.StatusInternalServerError) // superfluous
			},
			check: func(resp *http.Response, _ string) string {
				if resp.Header.Get("X-Before") != "1" || resp.Header.Get("X-After") != "" || resp.Status != "418 I'm a teapot" {
					return fmt.Sprintf("Status %q, Header %v", resp.Status, resp.Header)
				}
				return ""
			},
			wantStatus: 418, wantLength: 0,
		},
		{
			name: "a HEAD response has no body but its length", method: "HEAD", url: "http://x.test/",
			handler:    func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "twelve bytes") },
			wantStatus: 200, wantLength: 12, wantType: "text/plain; charset=utf-8",
		},
		{
			name: "a 204 has no body and the handler is told", method: "DELETE", url: "http://x.test/item",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusNoContent)
				if _, err := io.WriteString(w, "x"); err != http.ErrBodyNotAllowed {
					panic(err)
				}
			},
			wantStatus: 204, wantLength: 0,
		},
		{
			name: "trailers come after the body", method: "GET", url: "http://x.test/",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Trailer", "X-Sum")
				io.WriteString(w, "data")
				w.(http.Flusher).Flush()
				w.Header().Set("X-Sum", "42")
				w.Header().Set(http.TrailerPrefix+"X-Late", "yes")
			},
			wantStatus: 200, wantBody: "data", wantLength: -1, wantType: "text/plain; charset=utf-8", wantChunked: true,
			wantTrailers: http.Header{"X-Sum": {"42"}, "X-Late": {"yes"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resp, body := do(t, tc.handler, tc.method, tc.url, tc.body)
			if resp.StatusCode != tc.wantStatus || body != tc.wantBody || resp.ContentLength != tc.wantLength ||
				resp.Header.Get("Content-Type") != tc.wantType || (len(resp.TransferEncoding) > 0) != tc.wantChunked {
				t.Errorf("%s %s = %d, %q, length %d, type %q, chunked %v; want %d, %q, %d, %q, %v",
					tc.method, tc.url, resp.StatusCode, body, resp.ContentLength, resp.Header.Get("Content-Type"), resp.TransferEncoding,
					tc.wantStatus, tc.wantBody, tc.wantLength, tc.wantType, tc.wantChunked)
			}
			if resp.Request == nil || resp.Request.URL.String() != tc.url {
				t.Errorf("Response.Request = %v; want the caller's request", resp.Request)
			}
			if tc.wantTrailers != nil && fmt.Sprint(resp.Trailer) != fmt.Sprint(tc.wantTrailers) {
				t.Errorf("Trailer = %v; want %v", resp.Trailer, tc.wantTrailers)
			}
			if tc.check != nil {
				if msg := tc.check(resp, body); msg != "" {
					t.Error(msg)
				}
			}
		})
	}
}

// TestHandlerStreams serves server-sent events to a requests.Session: each
// event arrives while the handler is still running.
func TestHandlerStreams(t *testing.T) {
	t.Parallel()
	next := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for i := range 3 {
			fmt.Fprintf(w, "id: %d\ndata: tick\n\n", i)
			w.(http.Flusher).Flush()
			select {
			case <-next:
			case <-r.Context().Done():
				return
			}
		}
	})
	s := requests.NewSession(requests.Transport(requeststest.Handler(h)))
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	resp, err := s.Get(ctx, "http://events.test/", requests.Stream(true))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Close()
	var ids []string
	for ev, err := range resp.Events() {
		if err != nil {
			t.Fatalf("Events: %v after %v", err, ids)
		}
		ids = append(ids, ev.ID)
		next <- struct{}{} // the handler waits for this before the next event
	}
	if strings.Join(ids, " ") != "0 1 2" {
		t.Errorf("event IDs %v; want 0 1 2", ids)
	}
}

// TestHandlerHangUp checks that the handler's context ends when the
// caller closes the body or when the request's context ends, and that its
// writes then fail.
func TestHandlerHangUp(t *testing.T) {
	t.Parallel()
	for _, how := range []string{"closing the body", "cancelling the request"} {
		t.Run(how, func(t *testing.T) {
			t.Parallel()
			ended := make(chan error, 1)
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, "first")
				w.(http.Flusher).Flush()
				<-r.Context().Done()
				_, err := io.WriteString(w, "more")
				ended <- err
			})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, "GET", "http://x.test/", nil)
			resp, err := requeststest.Handler(h).RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 5)
			if _, err := io.ReadFull(resp.Body, buf); err != nil || string(buf) != "first" {
				t.Fatalf("read %q, %v; want first", buf, err)
			}
			if how == "closing the body" {
				resp.Body.Close()
			} else {
				cancel()
				if _, err := resp.Body.Read(buf); !errors.Is(err, context.Canceled) {
					t.Errorf("reading after the cancel: %v; want context.Canceled", err)
				}
				resp.Body.Close()
			}
			select {
			case err := <-ended:
				if err == nil {
					t.Error("the handler's write after the hang-up succeeded")
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the handler's context did not end")
			}
		})
	}
}

func TestHandlerContextBeforeHeaders(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
		close(release)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://x.test/", nil)
	start := time.Now()
	resp, err := requeststest.Handler(h).RoundTrip(req)
	if !errors.Is(err, context.DeadlineExceeded) || resp != nil {
		t.Errorf("RoundTrip = %v, %v; want context.DeadlineExceeded", resp, err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("RoundTrip returned after %v", d)
	}
	<-release

	// A request whose context has ended is not served.
	served := false
	req, _ = http.NewRequestWithContext(ctx, "GET", "http://x.test/", nil)
	_, err = requeststest.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { served = true })).RoundTrip(req)
	if err == nil || served {
		t.Errorf("RoundTrip with an ended context = %v, served %v; want an error", err, served)
	}
}

// TestHandlerPanic is not parallel: it silences the standard logger.
func TestHandlerPanic(t *testing.T) {
	var logged bytes.Buffer
	defer log.SetOutput(log.Writer())
	log.SetOutput(&logged)

	rt := requeststest.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") }))
	req, _ := http.NewRequest("GET", "http://x.test/p", nil)
	if _, err := rt.RoundTrip(req); err == nil || !strings.Contains(err.Error(), "boom") || !strings.Contains(err.Error(), "GET http://x.test/p") {
		t.Errorf("RoundTrip of a handler that panics = %v; want an error naming the request and the panic", err)
	}
	if !strings.Contains(logged.String(), "goroutine") {
		t.Errorf("the panic's stack was not logged: %q", logged.String())
	}

	// Through a Session, the error wraps ErrRequest.
	s := requests.NewSession(requests.Transport(rt))
	if _, err := s.Get(context.Background(), "http://x.test/p"); !errors.Is(err, requests.ErrRequest) {
		t.Errorf("Get = %v; want an error wrapping ErrRequest", err)
	}

	// Once the body streams, the panic is the body's read error.
	rt = requeststest.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "partial")
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	}))
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	if string(b) != "partial" || !errors.Is(err, http.ErrAbortHandler) {
		t.Errorf("body of an aborted handler = %q, %v; want partial, http.ErrAbortHandler", b, err)
	}
	resp.Body.Close()
}

func TestHandlerGoexit(t *testing.T) {
	t.Parallel()
	rt := requeststest.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		runtime.Goexit() // what t.FailNow does in a handler

	}))
	req, _ := http.NewRequest("GET", "http://x.test/", nil)
	if _, err := rt.RoundTrip(req); err == nil {
		t.Error("RoundTrip of a handler that called runtime.Goexit succeeded")
	}
}
