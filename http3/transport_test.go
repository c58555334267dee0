package http3_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/http3"
	"github.com/go-requests/requests/http3/internal/testcert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// newSession returns a Session that goes through t, trusting the test
// certificate over TCP, and closes both at the end of the test.
func newSession(tb testing.TB, t *http3.Transport, caBundle string, opts ...requests.Option) *requests.Session {
	tb.Helper()
	s := requests.NewSession(append([]requests.Option{requests.WrapTransport(t.Wrap), requests.CABundle(caBundle)}, opts...)...)
	tb.Cleanup(func() {
		s.Close()
		if err := t.Close(); err != nil {
			tb.Errorf("Transport.Close() = %v", err)
		}
	})
	return s
}

func get(t *testing.T, s *requests.Session, url string, opts ...requests.Option) *requests.Response {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := s.Get(ctx, url, opts...)
	if err != nil {
		t.Fatalf("Get(%q) = %v", url, err)
	}
	return resp
}

func TestAltSvcUpgradesTheNextRequest(t *testing.T) {
	srv, ca := fixture(t, protoHandler, false)
	tr := &http3.Transport{}
	s := newSession(t, tr, ca)

	first := get(t, s, srv.URL)
	if first.Proto == "HTTP/3.0" || first.Text() == "HTTP/3.0" {
		t.Fatalf("first response: Proto %q, body %q; want it over TCP", first.Proto, first.Text())
	}
	for i := range 3 {
		resp := get(t, s, srv.URL+"/again")
		if resp.Proto != "HTTP/3.0" || resp.Text() != "HTTP/3.0" {
			t.Fatalf("response %d after Alt-Svc: Proto %q, body %q; want HTTP/3.0", i+2, resp.Proto, resp.Text())
		}
	}
	if srv.UDPPort != srv.TCPPort {
		t.Logf("the UDP port %d was taken: Alt-Svc named 127.0.0.1:%d", srv.TCPPort, srv.UDPPort)
	}
}

func TestAltSvcClearGoesBackToTCP(t *testing.T) {
	var mu sync.Mutex
	altSvc := ""
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if altSvc != "" {
			w.Header().Set("Alt-Svc", altSvc)
		}
		mu.Unlock()
		protoHandler(w, r)
	})
	srv, ca := fixture(t, h, false)
	tr := &http3.Transport{}
	s := newSession(t, tr, ca)

	get(t, s, srv.URL) // learns h3
	mu.Lock()
	altSvc = "clear"
	mu.Unlock()
	if resp := get(t, s, srv.URL); resp.Proto != "HTTP/3.0" {
		t.Fatalf("second response: Proto %q; want HTTP/3.0", resp.Proto)
	}
	if resp := get(t, s, srv.URL); resp.Proto == "HTTP/3.0" {
		t.Fatalf("after Alt-Svc: clear: Proto %q; want TCP", resp.Proto)
	}
}

func TestForceUsesHTTP3AtOnce(t *testing.T) {
	srv, ca := fixture(t, protoHandler, false)
	if srv.UDPPort != srv.TCPPort {
		t.Skip("the UDP port of the same number is taken")
	}
	tr := &http3.Transport{Force: true}
	s := newSession(t, tr, ca)

	resp := get(t, s, srv.URL)
	if resp.Proto != "HTTP/3.0" || resp.Text() != "HTTP/3.0" {
		t.Fatalf("Get with Force: Proto %q, body %q; want HTTP/3.0", resp.Proto, resp.Text())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	post, err := s.Post(ctx, srv.URL, requests.Data("a body"))
	if err != nil {
		t.Fatalf("Post = %v", err)
	}
	if post.Text() != "HTTP/3.0a body" {
		t.Fatalf("Post body = %q; want %q", post.Text(), "HTTP/3.0a body")
	}
}

func TestFallbackWhenNothingListensOnUDP(t *testing.T) {
	srv, ca := fixture(t, protoHandler, true)
	tests := []struct {
		name string
		opts []requests.Option
		want string
	}{
		{"a request without a body goes over TCP", nil, ""},
		{"a body that cannot be read again goes over TCP, whole", []requests.Option{requests.Data(io.MultiReader(strings.NewReader("streamed")))}, "streamed"},
		{"a body that can be read again goes over TCP", []requests.Option{requests.Data("bytes")}, "bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &http3.Transport{Force: true}
			s := newSession(t, tr, ca)
			for i, bound := range []time.Duration{time.Second, 200 * time.Millisecond} {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				start := time.Now()
				resp, err := s.Post(ctx, srv.URL, tt.opts...)
				elapsed := time.Since(start)
				cancel()
				if err != nil {
					t.Fatalf("Post %d = %v; want the TCP response", i+1, err)
				}
				if resp.Proto == "HTTP/3.0" || !strings.HasSuffix(resp.Text(), tt.want) {
					t.Fatalf("Post %d: Proto %q, body %q; want TCP and %q", i+1, resp.Proto, resp.Text(), tt.want)
				}
				// The first pays DialTimeout; then the origin is broken and
				// QUIC is not tried.
				if elapsed > bound {
					t.Errorf("Post %d took %v; want under %v", i+1, elapsed, bound)
				}
				if tt.opts != nil {
					break // the reader is spent
				}
			}
		})
	}
}

func TestFallbackAfterBrokenForTriesAgain(t *testing.T) {
	srv, ca := fixture(t, protoHandler, true)
	tr := &http3.Transport{Force: true, DialTimeout: 50 * time.Millisecond, BrokenFor: 100 * time.Millisecond}
	s := newSession(t, tr, ca)
	get(t, s, srv.URL)
	time.Sleep(150 * time.Millisecond)
	start := time.Now()
	get(t, s, srv.URL)
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Errorf("Get after BrokenFor took %v; want a new QUIC attempt of DialTimeout", d)
	}
}

func TestFallbackOnHandshakeFailure(t *testing.T) {
	other, err := testcert.New()
	if err != nil {
		t.Fatal(err)
	}
	// The client does not trust the certificate over QUIC.
	srv, ca := fixtureCerts(t, protoHandler, false, other)
	tr := &http3.Transport{Force: true}
	s := newSession(t, tr, ca)
	resp := get(t, s, srv.URL)
	if resp.Proto == "HTTP/3.0" {
		t.Fatalf("Get with an untrusted QUIC certificate: Proto %q; want TCP", resp.Proto)
	}
}

func TestStallingServerEndsWithTheDeadline(t *testing.T) {
	release := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	srv, ca := fixture(t, h, false)
	t.Cleanup(func() { close(release) })
	tr := &http3.Transport{Force: true, ReadTimeout: 2 * time.Second}
	s := newSession(t, tr, ca)

	tests := []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		opts []requests.Option
		min  time.Duration // the least the call must take
		max  time.Duration // the most it may take
	}{
		{"the context's deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 300*time.Millisecond)
		}, []requests.Option{requests.Timeout{Read: time.Hour}}, 0, 1500 * time.Millisecond},
		{"Timeout.Total", func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		}, []requests.Option{requests.Timeout{Total: 300 * time.Millisecond, Read: time.Hour}}, 0, 1500 * time.Millisecond},
		{"the Transport's ReadTimeout", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 10*time.Second)
		}, []requests.Option{requests.Timeout{Read: time.Hour}}, 2 * time.Second, 5 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := tt.ctx()
			defer cancel()
			start := time.Now()
			resp, err := s.Get(ctx, srv.URL, tt.opts...)
			if err == nil {
				t.Fatalf("Get = %s; want a timeout", resp.Proto)
			}
			if !errors.Is(err, requests.ErrTimeout) {
				t.Errorf("Get = %v; want ErrTimeout", err)
			}
			if tt.name == "the Transport's ReadTimeout" && !errors.Is(err, requests.ErrReadTimeout) {
				t.Errorf("Get = %v; want ErrReadTimeout for a silent server", err)
			}
			if d := time.Since(start); d < tt.min || d > tt.max {
				t.Errorf("Get took %v; want between %v and %v", d, tt.min, tt.max)
			}
		})
	}
}

func TestCancelMidBody(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "first part;")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	srv, ca := fixture(t, h, false)
	tr := &http3.Transport{Force: true}
	s := newSession(t, tr, ca)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	resp, err := s.Get(ctx, srv.URL, requests.Stream(true))
	if err != nil {
		t.Fatalf("Get = %v", err)
	}
	defer resp.Close()
	if resp.Proto != "HTTP/3.0" {
		t.Fatalf("Proto = %q; want HTTP/3.0", resp.Proto)
	}
	body := resp.Reader()
	buf := make([]byte, len("first part;"))
	if _, err := io.ReadFull(body, buf); err != nil {
		t.Fatalf("reading the first part: %v", err)
	}
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err = io.ReadAll(body)
	if err == nil {
		t.Fatal("reading the rest after cancelling = nil error; want one")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the read ended %v after the cancel; want at once", d)
	}
}

func TestConcurrentRequests(t *testing.T) {
	srv, ca := fixture(t, protoHandler, false)
	tr := &http3.Transport{}
	s := newSession(t, tr, ca)
	get(t, s, srv.URL)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 5 {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				resp, err := s.Get(ctx, srv.URL)
				cancel()
				if err != nil {
					t.Errorf("Get = %v", err)
					return
				}
				if resp.Proto != "HTTP/3.0" {
					t.Errorf("Proto = %q; want HTTP/3.0", resp.Proto)
				}
			}
		})
	}
	wg.Wait()
}

func TestPlainHTTPIsNeverUpgraded(t *testing.T) {
	var seen []string
	next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen = append(seen, r.URL.String())
		return &http.Response{StatusCode: 200, Header: http.Header{"Alt-Svc": {`h3=":443"`}}, Body: http.NoBody, Request: r}, nil
	})
	tr := &http3.Transport{Force: true}
	defer tr.Close()
	rt := tr.Wrap(next)
	for range 2 {
		req, _ := http.NewRequest("GET", "http://example.invalid/", nil)
		resp, err := rt.RoundTrip(req)
		if err != nil {
			t.Fatalf("RoundTrip = %v", err)
		}
		resp.Body.Close()
	}
	if len(seen) != 2 {
		t.Fatalf("next saw %d requests; want 2", len(seen))
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
