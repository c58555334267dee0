package requests_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-requests/requests"
)

// countingTransport counts the exchanges that pass through it, as an
// otelhttp-like middleware would see them.
type countingTransport struct {
	next http.RoundTripper
	n    *atomic.Int32
}

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	r = r.Clone(r.Context())
	r.Header.Set("X-Traced", "1")
	return c.next.RoundTrip(r)
}

func TestWrapTransportSeesEveryExchange(t *testing.T) {
	leakCheck(t)
	var fails atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Header.Get("X-Traced") != "1":
			w.WriteHeader(http.StatusBadRequest)
		case r.URL.Path == "/flaky" && fails.Add(1) < 3:
			w.WriteHeader(http.StatusServiceUnavailable)
		case r.URL.Path == "/redirect":
			http.Redirect(w, r, "/flaky", http.StatusFound)
		}
	}))
	defer srv.Close()
	var n atomic.Int32
	s := requests.NewSession(requests.WrapTransport(func(next http.RoundTripper) http.RoundTripper {
		return countingTransport{next, &n}
	}), requests.Retry{Status: 3, StatusForcelist: []int{503}})
	defer s.Close()
	resp, err := s.Get(context.Background(), srv.URL+"/redirect")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("%v %v", resp, err)
	}
	// The redirect, two 503s retried, and the success.
	if n.Load() != 4 || resp.Retries != 2 {
		t.Errorf("the wrapper saw %d exchanges, %d retries; want 4 and 2", n.Load(), resp.Retries)
	}
	if resp.Timing.FirstByte == 0 {
		t.Error("no Timing: the engine was not underneath the wrapper")
	}
	failing := requests.WrapTransport(func(http.RoundTripper) http.RoundTripper {
		return roundTripperFunc(func(*http.Request) (*http.Response, error) { return nil, errors.New("refused by middleware") })
	})
	if _, err := s.Get(context.Background(), srv.URL, failing); !errors.Is(err, requests.ErrRequest) {
		t.Errorf("a wrapper's error: %v; want it wrapped in ErrRequest", err)
	}
}

func TestRequestHookRunsBeforeEachHop(t *testing.T) {
	var seen []string
	hook := requests.RequestHook(func(pr *requests.PreparedRequest) error {
		seen = append(seen, pr.URL.Path)
		pr.Header.Set("X-Hook", "1")
		return nil
	})
	resp, err := requests.Get(context.Background(), httpbinURL+"/redirect-to?url=/headers", hook)
	var got struct{ Headers map[string][]string }
	if err != nil || resp.JSON(&got) != nil || got.Headers["X-Hook"] == nil || len(seen) != 2 {
		t.Errorf("hook saw %v; headers %v; %v", seen, got.Headers, err)
	}
	stop := requests.RequestHook(func(*requests.PreparedRequest) error { return errors.New("stop") })
	if _, err := requests.Get(context.Background(), httpbinURL+"/get", stop); !errors.Is(err, requests.ErrRequest) {
		t.Errorf("a hook's error: %v", err)
	}
}

func TestBaseURL(t *testing.T) {
	s := requests.NewSession(requests.BaseURL(httpbinURL + "/anything/v1/"))
	defer s.Close()
	for ref, want := range map[string]string{"users": "/anything/v1/users", "/get": "/get", httpbinURL + "/status/204": "/status/204"} {
		resp, err := s.Get(context.Background(), ref)
		if err != nil || resp.URL.Path != want {
			t.Errorf("Get(%q) with a base URL went to %v, %v; want %s", ref, resp.URL, err, want)
		}
	}
	// A base URL written without its trailing slash is a directory all the
	// same: RFC 3986 alone would request /anything/users.
	noSlash := requests.NewSession(requests.BaseURL(httpbinURL + "/anything/v1"))
	defer noSlash.Close()
	if resp, err := noSlash.Get(context.Background(), "users"); err != nil || resp.URL.Path != "/anything/v1/users" {
		t.Errorf("BaseURL(.../v1) + users went to %v, %v; want /anything/v1/users", resp.URL, err)
	}
	if _, err := requests.Get(context.Background(), "x", requests.BaseURL("relative/")); !errors.Is(err, requests.ErrInvalidURL) {
		t.Errorf("a relative BaseURL: %v", err)
	}
}

func TestUnixSocket(t *testing.T) {
	leakCheck(t)
	path := filepath.Join(t.TempDir(), "app.sock")
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Skip(err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s %s", r.Host, r.URL.Path)
	})}}
	srv.Start()
	defer srv.Close()
	s := requests.NewSession(requests.UnixSocket(path))
	defer s.Close()
	for range 2 {
		resp, err := s.Get(context.Background(), "http://docker/v1.45/info")
		if err != nil || resp.Text() != "docker /v1.45/info" {
			t.Fatalf("over a Unix socket: %v %v", resp, err)
		}
	}
}

func TestDecodeJSON(t *testing.T) {
	resp, err := requests.Get(context.Background(), httpbinURL+"/json")
	if err != nil {
		t.Fatal(err)
	}
	type slideshow struct {
		Slideshow struct{ Title string }
	}
	v, err := requests.DecodeJSON[slideshow](resp)
	if err != nil || v.Slideshow.Title == "" {
		t.Errorf("DecodeJSON = %+v, %v", v, err)
	}
	if _, err := requests.DecodeJSON[[]int](resp); !errors.Is(err, requests.ErrJSONDecode) {
		t.Errorf("DecodeJSON into the wrong type: %v", err)
	}
}

func TestOKIsRaiseForStatus(t *testing.T) {
	for code, ok := range map[int]bool{200: true, 399: true, 400: false, 599: false, 600: true} {
		resp := &requests.Response{StatusCode: code}
		if resp.OK() != ok || (resp.RaiseForStatus() == nil) != ok {
			t.Errorf("status %d: OK() = %v", code, resp.OK())
		}
	}
}

func TestPaginate(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		switch {
		case r.URL.Path == "/loop":
			w.Header().Set("Link", `</loop>; rel="next"`)
		case page < 3:
			w.Header().Set("Link", fmt.Sprintf(`</items?page=%d>; rel="next"`, page+1))
		}
		fmt.Fprint(w, page)
	}))
	defer srv.Close()
	s := requests.NewSession()
	defer s.Close()
	var pages []string
	for resp, err := range s.Paginate(context.Background(), srv.URL+"/items?page=1") {
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, resp.Text())
	}
	if fmt.Sprint(pages) != "[1 2 3]" {
		t.Errorf("pages %v", pages)
	}
	var last error
	n := 0
	for _, err := range s.Paginate(context.Background(), srv.URL+"/loop") {
		n++
		last = err
	}
	if n != 2 || !errors.Is(last, requests.ErrRequest) {
		t.Errorf("a loop of pages: %d yields, last %v", n, last)
	}
}

func TestSessionClient(t *testing.T) {
	leakCheck(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/login":
			http.SetCookie(w, &http.Cookie{Name: "sid", Value: "42"})
			http.Redirect(w, r, "/me", http.StatusFound)
		case "/me":
			user, _, _ := r.BasicAuth()
			c, _ := r.Cookie("sid")
			body, _ := io.ReadAll(r.Body)
			fmt.Fprintf(w, "%s %s %s %s", r.Method, user, c.Value, body)
		}
	}))
	defer srv.Close()
	s := requests.NewSession(requests.BasicAuth("ann", "pw"))
	defer s.Close()
	client := s.Client()
	resp, err := client.Get(srv.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "GET ann 42 " {
		t.Errorf("through Client(): %q", body)
	}
	req, _ := http.NewRequest("PUT", srv.URL+"/me", stringsReader("payload"))
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "PUT ann 42 payload" {
		t.Errorf("a PUT through Client(): %q", body)
	}
	_, err = client.Get("http://127.0.0.1:1/")
	var ue *url.Error
	if !errors.As(err, &ue) || !errors.Is(err, requests.ErrConnection) {
		t.Errorf("a refused connection through Client(): %v", err)
	}
}

func stringsReader(s string) io.Reader { return &onlyReader{s: s} }

type onlyReader struct{ s string }

func (r *onlyReader) Read(p []byte) (int, error) {
	if r.s == "" {
		return 0, io.EOF
	}
	n := copy(p, r.s)
	r.s = r.s[n:]
	return n, nil
}

func TestUnencryptedHTTP2(t *testing.T) {
	leakCheck(t)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, r.Proto) }))
	srv.Config.Protocols = new(http.Protocols)
	srv.Config.Protocols.SetHTTP1(true)
	srv.Config.Protocols.SetUnencryptedHTTP2(true)
	srv.Start()
	defer srv.Close()
	s := requests.NewSession(requests.UnencryptedHTTP2(true))
	defer s.Close()
	for range 2 {
		resp, err := s.Get(context.Background(), srv.URL)
		if err != nil || resp.Text() != "HTTP/2.0" || resp.Proto != "HTTP/2.0" {
			t.Fatalf("h2c: %v %v", resp, err)
		}
	}
	if resp, err := requests.Get(context.Background(), srv.URL); err != nil || resp.Text() != "HTTP/1.1" {
		t.Errorf("without the option: %v %v", resp, err)
	}
}

// A wrapper that answers without the engine (a cache, an HTTP/3 transport)
// still gets the Session's read timeout.
func TestReadTimeoutHoldsForAWrapperThatAnswersItself(t *testing.T) {
	t.Parallel() // slow (it waits on timeouts): run beside the others; the package-wide leak check covers it
	stall := requests.WrapTransport(func(http.RoundTripper) http.RoundTripper {
		return roundTripperFunc(func(r *http.Request) (*http.Response, error) {
			pr, pw := io.Pipe()
			go func() {
				pw.Write([]byte("part"))
				<-r.Context().Done()
				pw.CloseWithError(r.Context().Err())
			}()
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: pr, ContentLength: -1, Request: r}, nil
		})
	})
	_, err := requests.Get(context.Background(), "http://example.invalid/", stall, requests.Timeout{Read: 200 * time.Millisecond})
	if !errors.Is(err, requests.ErrReadTimeout) {
		t.Errorf("a stalled body from a wrapper: %v; want ErrReadTimeout", err)
	}
}

// hopRecorder is a wrapper that answers every request itself and keeps
// the Hop of each, and counts the calls of its CloseIdleConnections.
type hopRecorder struct {
	hops   []requests.Hop
	oks    []bool
	closed int
	built  int
}

func (h *hopRecorder) wrap(http.RoundTripper) http.RoundTripper { h.built++; return hopRecorderRT{h} }

type hopRecorderRT struct{ h *hopRecorder }

func (rt hopRecorderRT) RoundTrip(r *http.Request) (*http.Response, error) {
	hop, ok := requests.HopOf(r.Clone(r.Context())) // a clone carries it too
	rt.h.hops, rt.h.oks = append(rt.h.hops, hop), append(rt.h.oks, ok)
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
}

func (rt hopRecorderRT) CloseIdleConnections() { rt.h.closed++ }

func TestHopOf(t *testing.T) {
	rec := &hopRecorder{}
	s := requests.NewSession(requests.WrapTransport(rec.wrap), requests.TrustEnv(false))
	ctx := context.Background()
	calls := []struct {
		url  string
		opts []requests.Option
	}{
		{"https://a.example/", nil},
		{"https://b.example/", nil},
		{"https://a.example/", []requests.Option{requests.Verify(false)}},
		{"https://c.example/", []requests.Option{requests.Verify(false)}},
		{"http://a.example/", nil},
		{"https://a.example/", []requests.Option{requests.Proxies{"https": "http://proxy.example:3128"}}},
		{"https://a.example/", []requests.Option{requests.Transport(http.DefaultTransport)}},
		{"http://a.example/", []requests.Option{requests.UnixSocket("/run/app.sock")}},
		{"http://a.example/", []requests.Option{requests.UnixSocket("/run/app.sock"), requests.Transport(http.DefaultTransport)}},
	}
	for _, c := range calls {
		if _, err := s.Get(ctx, c.url, c.opts...); err != nil {
			t.Fatalf("%s: %v", c.url, err)
		}
	}
	h := rec.hops
	for i, ok := range rec.oks {
		if !ok {
			t.Fatalf("call %d: HopOf found no hop", i)
		}
	}
	switch {
	case h[0].TLSConfig == nil || h[0].TLSConfig != h[1].TLSConfig:
		t.Errorf("default settings: TLSConfig %p and %p, want one shared config", h[0].TLSConfig, h[1].TLSConfig)
	case h[0].TLSConfig.InsecureSkipVerify:
		t.Errorf("default settings skip verification")
	case h[2].TLSConfig == nil || h[2].TLSConfig == h[0].TLSConfig || !h[2].TLSConfig.InsecureSkipVerify:
		t.Errorf("Verify(false): TLSConfig %+v, want one of its own that skips verification", h[2].TLSConfig)
	case h[3].TLSConfig != h[2].TLSConfig:
		t.Errorf("Verify(false) twice: two configs; want one pool for one set of settings")
	case h[4].TLSConfig != nil:
		t.Errorf("http URL: TLSConfig %p, want nil", h[4].TLSConfig)
	case h[0].Proxy != nil || h[5].Proxy == nil || h[5].Proxy.Host != "proxy.example:3128":
		t.Errorf("proxies: %v without, %v with; want nil and proxy.example:3128", h[0].Proxy, h[5].Proxy)
	case h[0].ConnectTimeout != requests.DefaultConnectTimeout:
		t.Errorf("ConnectTimeout %v, want the default %v", h[0].ConnectTimeout, requests.DefaultConnectTimeout)
	case h[7].UnixSocket != "/run/app.sock" || h[8].UnixSocket != "":
		t.Errorf("UnixSocket: %q, and %q over Transport(rt); want /run/app.sock and none", h[7].UnixSocket, h[8].UnixSocket)
	case h[6].TLSConfig != nil || h[6].Proxy != nil:
		t.Errorf("over Transport(rt): %+v, want no TLS config and no proxy (rt's business)", h[6])
	}
	if _, ok := requests.HopOf(httptest.NewRequest("GET", "/", nil)); ok {
		t.Errorf("HopOf found a hop in a request that is not the Session's")
	}
	if _, ok := requests.HopOf(nil); ok {
		t.Errorf("HopOf(nil) found a hop")
	}
	s.Close()
	// One wrapper kept per engine used: the default one, Verify(false)'s
	// and the Unix socket's; the two requests that gave their own
	// Transport built theirs for the call.
	if rec.closed != 3 || rec.built != 5 {
		t.Errorf("wrappers built %d times, CloseIdleConnections called %d times by Session.Close; want 5 (3 kept, one per engine, and 2 for a call) and 3", rec.built, rec.closed)
	}
}
