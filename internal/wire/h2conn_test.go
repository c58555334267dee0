package wire_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-requests/requests/internal/servers"
	"github.com/go-requests/requests/internal/wire"
)

// exchange is what a client made of a request: compared between the
// engine's HTTP/2, x/net's and net/http's.
type exchange struct {
	status        int
	proto         string
	header        http.Header
	contentLength int64
	body          string
	trailer       http.Header
	err           string
}

func (x exchange) String() string {
	body := x.body
	if len(body) > 40 {
		body = fmt.Sprintf("%s... (%d bytes)", body[:40], len(body))
	}
	return fmt.Sprintf("%d %s %v cl=%d body=%q trailer=%v err=%s", x.status, x.proto, x.header, x.contentLength, body, x.trailer, x.err)
}

func (x exchange) equal(y exchange) bool {
	eq := func(a, b http.Header) bool {
		return len(a) == len(b) && !slices.ContainsFunc(slices.Collect(mapKeys(a)), func(k string) bool { return !slices.Equal(a[k], b[k]) })
	}
	return x.status == y.status && x.proto == y.proto && eq(x.header, y.header) && x.contentLength == y.contentLength &&
		x.body == y.body && eq(x.trailer, y.trailer) && x.err == y.err
}

func mapKeys(h http.Header) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range h {
			if !yield(k) {
				return
			}
		}
	}
}

func newExchange(resp *http.Response, body []byte, err error) exchange {
	if err != nil {
		return exchange{err: "error"}
	}
	h := resp.Header.Clone()
	h.Del("Date")
	return exchange{status: resp.StatusCode, proto: resp.Proto, header: h, contentLength: resp.ContentLength, body: string(body), trailer: resp.Trailer}
}

// wireExchange makes method target with body on tr.
func wireExchange(tr *wire.Transport, method, target string, body []byte) exchange {
	u, _ := url.Parse(target)
	req := &wire.Request{Method: method, URL: u, Header: http.Header{"User-Agent": {"h2-test"}}, ContentLength: -1}
	if body != nil {
		req.Body = bytes.NewReader(body)
		req.ContentLength = int64(len(body))
	}
	var resp http.Response
	if err := tr.RoundTrip(context.Background(), req, &resp); err != nil {
		return newExchange(nil, nil, err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	return newExchange(&resp, b, err)
}

// netExchange makes method target with body with net/http's Transport.
func netExchange(tr http.RoundTripper, method, target string, body []byte) exchange {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, _ := http.NewRequest(method, target, r)
	req.Header.Set("User-Agent", "h2-test")
	resp, err := tr.RoundTrip(req)
	if err != nil {
		return newExchange(nil, nil, err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	return newExchange(resp, b, err)
}

// h2Handler answers the differential cases.
func h2Handler(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/echo":
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Length", fmt.Sprint(len(b)))
		w.Write(b)
	case "/big":
		chunk := bytes.Repeat([]byte("0123456789abcdef"), 4096)
		for range 160 { // 10 MiB: stream WINDOW_UPDATEs
			w.Write(chunk)
		}
	case "/trailers":
		w.Header().Set("Trailer", "X-Sum, X-Declared-Unset")
		w.Write([]byte("with trailers"))
		w.(http.Flusher).Flush()
		w.Header().Set("X-Sum", "42")
		w.Header().Set(http.TrailerPrefix+"X-Late", "late")
	case "/204":
		w.WriteHeader(http.StatusNoContent)
	case "/304":
		w.Header().Set("Etag", `"x"`)
		w.WriteHeader(http.StatusNotModified)
	case "/103":
		w.Header().Set("Link", "</style.css>; rel=preload")
		w.WriteHeader(http.StatusEarlyHints)
		w.Header().Set("X-Final", "yes")
		w.Write([]byte("after early hints"))
	case "/large-head": // CONTINUATION frames
		w.Header().Set("X-Large", strings.Repeat("v", 40<<10))
		w.Write([]byte("large head"))
	case "/headers":
		for i := range 50 {
			w.Header().Add("X-Many", fmt.Sprint(i))
		}
		w.Header()["X-Twice"] = []string{"a", "b"}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, r.Header.Get("User-Agent"), r.Proto, r.Host)
	default:
		w.Header().Set("Content-Length", "5")
		w.Write([]byte("hello"))
	}
}

func newH2Server(t testing.TB, h http.Handler) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func h2Transports(t *testing.T, cfg *tls.Config) (own, legacy *wire.Transport) {
	own, legacy = newTransport(t), newTransport(t)
	legacy.H2Legacy, own.TLSConfig, legacy.TLSConfig = true, cfg, cfg
	return own, legacy
}

var h2Cases = []struct {
	name, method, path string
	body               []byte
}{
	{"a GET", "GET", "/", nil},
	{"a GET of many header fields", "GET", "/headers", nil},
	{"a head in CONTINUATION frames", "GET", "/large-head", nil},
	{"a small POST", "POST", "/echo", []byte("small body")},
	{"an empty POST", "POST", "/echo", []byte{}},
	{"a POST of 5 MiB, beyond the server's windows", "POST", "/echo", bytes.Repeat([]byte("x"), 5<<20)},
	{"a GET of 10 MiB, beyond the client's stream window", "GET", "/big", nil},
	{"a response with trailers", "GET", "/trailers", nil},
	{"a HEAD", "HEAD", "/", nil},
	{"a 204", "GET", "/204", nil},
	{"a 304", "GET", "/304", nil},
	{"a 103 before the response", "GET", "/103", nil},
}

func TestH2SameAsNetHTTP(t *testing.T) {
	t.Parallel()
	srv := newH2Server(t, http.HandlerFunc(h2Handler))
	own, legacy := h2Transports(t, srv.Client().Transport.(*http.Transport).TLSClientConfig)
	ref := srv.Client().Transport
	for _, c := range h2Cases {
		want := netExchange(ref, c.method, srv.URL+c.path, c.body)
		if want.err != "" || want.proto != "HTTP/2.0" {
			t.Fatalf("%s: net/http: %v", c.name, want)
		}
		if got := wireExchange(own, c.method, srv.URL+c.path, c.body); !got.equal(want) {
			t.Errorf("%s: own engine:\n got %v\nwant %v", c.name, got, want)
		}
		if got := wireExchange(legacy, c.method, srv.URL+c.path, c.body); !got.equal(want) {
			t.Errorf("%s: x/net engine:\n got %v\nwant %v", c.name, got, want)
		}
	}
}

// Many goroutines share one connection's streams.
func TestH2ConcurrentStreams(t *testing.T) {
	srv, conns := startCounting(t, h2Handler, true)
	own, _ := h2Transports(t, srv.Client().Transport.(*http.Transport).TLSClientConfig)
	wireExchange(own, "GET", srv.URL, nil) // the connection, which the others find
	var wg sync.WaitGroup
	for g := range 64 {
		wg.Go(func() {
			for i := range 10 {
				body := []byte(strings.Repeat(fmt.Sprint(g*100+i), 1+i*300))
				x := wireExchange(own, "POST", srv.URL+"/echo", body)
				if x.err != "" || x.body != string(body) {
					t.Errorf("stream %d/%d: %v", g, i, x)
					return
				}
			}
		})
	}
	wg.Wait()
	if n := conns.Load(); n != 1 {
		t.Errorf("64 goroutines used %d connections; want 1", n)
	}
}

// nginxH2Conf serves the differential cases nginx can answer.
const nginxH2Conf = `
server {
	listen 127.0.0.1:{{.Port}} ssl http2;
	ssl_certificate {{.Dir}}/good.pem;
	ssl_certificate_key {{.Dir}}/good.key;
	root {{.Dir}}/www;
	location = /echo { client_max_body_size 10m; client_body_buffer_size 10m; return 200 "posted\n"; }
	location = /trailers { add_trailer X-Sum 42; return 200 "with trailers\n"; }
	location = /204 { return 204; }
	location = /headers { add_header X-Twice a; add_header X-Twice2 b; return 200 "$http_user_agent $server_protocol $host\n"; }
}
`

func TestH2SameAsNetHTTPWithNginx(t *testing.T) {
	t.Parallel()
	base, cfg := startNginxH2(t, servers.Files{
		"www/index.html": "<p>hello</p>\n",
		"www/big.bin":    strings.Repeat("0123456789abcdef", 10<<16),
	})
	own, legacy := h2Transports(t, cfg)
	ref := &http.Transport{TLSClientConfig: cfg, ForceAttemptHTTP2: true}
	t.Cleanup(ref.CloseIdleConnections)
	cases := []struct {
		name, method, path string
		body               []byte
	}{
		{"a GET of a file", "GET", "/index.html", nil},
		{"a GET of 10 MiB", "GET", "/big.bin", nil},
		{"a HEAD", "HEAD", "/big.bin", nil},
		{"a small POST", "POST", "/echo", []byte("small")},
		{"a POST of 5 MiB", "POST", "/echo", bytes.Repeat([]byte("y"), 5<<20)},
		{"trailers", "GET", "/trailers", nil},
		{"a 204", "GET", "/204", nil},
		{"header fields", "GET", "/headers", nil},
		{"a 404", "GET", "/missing", nil},
	}
	for _, c := range cases {
		want := netExchange(ref, c.method, base+c.path, c.body)
		if want.err != "" || want.proto != "HTTP/2.0" {
			t.Fatalf("%s: net/http: %v", c.name, want)
		}
		if got := wireExchange(own, c.method, base+c.path, c.body); !got.equal(want) {
			t.Errorf("%s: own engine:\n got %v\nwant %v", c.name, got, want)
		}
		if c.path == "/trailers" {
			// The x/net path loses trailers that the head did not announce
			// (it copies the response's Trailer map before x/net replaces
			// it), and nginx announces none.
			continue
		}
		if got := wireExchange(legacy, c.method, base+c.path, c.body); !got.equal(want) {
			t.Errorf("%s: x/net engine:\n got %v\nwant %v", c.name, got, want)
		}
	}
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for range 1 {
				if x := wireExchange(own, "GET", base+"/big.bin", nil); x.err != "" || len(x.body) != 10<<20 {
					t.Errorf("concurrent GET: %v", x)
					return
				}
			}
		})
	}
	wg.Wait()
}

// The request head: pseudo-header fields from the request, fields in
// lower case, none of those specific to a connection, TE only as
// "trailers"; the response carries the TLS state, and the timings say
// when the connection was reused.
func TestH2RequestHead(t *testing.T) {
	srv := newH2Server(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		fmt.Fprintf(&b, "%s %s %s %s\n", r.Method, r.Host, r.URL.RequestURI(), r.Proto)
		for _, k := range slices.Sorted(mapKeys(r.Header)) {
			fmt.Fprintf(&b, "%s: %s\n", k, strings.Join(r.Header[k], ", "))
		}
		w.Write([]byte(b.String()))
	}))
	own, _ := h2Transports(t, srv.Client().Transport.(*http.Transport).TLSClientConfig)
	u, _ := url.Parse(srv.URL + "/a%20b?q=1")
	for i := range 2 {
		timing := &wire.Timing{}
		req := &wire.Request{Method: "GET", URL: u, Host: "example.test", Timing: timing, Header: http.Header{
			"Connection":        {"keep-alive"},
			"Keep-Alive":        {"300"},
			"Proxy-Connection":  {"keep-alive"},
			"Upgrade":           {"h2c"},
			"Transfer-Encoding": {"chunked"},
			"Te":                {"trailers, deflate"},
			"X-Custom":          {"a", "b"},
			"User-Agent":        {"h2-test"},
		}}
		var resp http.Response
		if err := own.RoundTrip(context.Background(), req, &resp); err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		want := "GET example.test /a%20b?q=1 HTTP/2.0\nTe: trailers\nUser-Agent: h2-test\nX-Custom: a, b\n"
		if string(body) != want {
			t.Errorf("the server got\n%s\nwant\n%s", body, want)
		}
		if resp.TLS == nil || resp.TLS.NegotiatedProtocol != "h2" {
			t.Errorf("TLS state %v; want h2's", resp.TLS)
		}
		if timing.Reused != (i > 0) || timing.FirstByte <= 0 {
			t.Errorf("request %d: timing %+v", i, timing)
		}
	}
}

// Abort makes a Read waiting in another goroutine return.
func TestH2AbortEndsARead(t *testing.T) {
	srv := newH2Server(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("a"))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	own, _ := h2Transports(t, srv.Client().Transport.(*http.Transport).TLSClientConfig)
	u, _ := url.Parse(srv.URL)
	var resp http.Response
	if err := own.RoundTrip(context.Background(), &wire.Request{Method: "GET", URL: u}, &resp); err != nil {
		t.Fatal(err)
	}
	read := make(chan error)
	go func() {
		_, err := io.ReadAll(resp.Body)
		read <- err
	}()
	time.Sleep(20 * time.Millisecond)
	resp.Body.(interface{ Abort() }).Abort()
	if err := <-read; err == nil {
		t.Error("Abort: the Read went on")
	}
	resp.Body.Close()
}

// A read cut short by the read timeout, over TLS, leaves the connection
// whole for the next exchange: the interrupted read keeps what it read.
func TestH2TimeoutKeepsTheTLSConnection(t *testing.T) {
	srv, conns := startCounting(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/stall-body" {
			w.Write([]byte("a"))
			w.(http.Flusher).Flush()
		}
		if r.URL.Path != "/ok" {
			<-r.Context().Done()
			return
		}
		w.Write([]byte("ok"))
	}, true)
	own, _ := h2Transports(t, srv.Client().Transport.(*http.Transport).TLSClientConfig)
	for _, path := range []string{"/stall-head", "/stall-body"} {
		_, _, err := get(t, own, srv.URL+path, func(r *wire.Request) { r.ReadTimeout = 50 * time.Millisecond })
		var te *wire.TimeoutError
		if !errors.As(err, &te) {
			t.Errorf("%s: %v; want a read timeout", path, err)
		}
		if _, body, err := get(t, own, srv.URL+"/ok", nil); err != nil || body != "ok" {
			t.Errorf("after %s: %q %v", path, body, err)
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections; want 1", n)
	}
}
