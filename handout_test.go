package requests_test

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
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-requests/requests"
)

// Defect 1 of issue "layers": s.RoundTripper() followed redirects and kept
// cookies. It is one exchange: the 302 comes back as it came.
func TestRoundTripperReturnsRedirectAsItCame(t *testing.T) {
	leakCheck(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/archive" {
			http.SetCookie(w, &http.Cookie{Name: "sid", Value: "1"})
			http.Redirect(w, r, "/download/v1.tar.gz", http.StatusFound)
			return
		}
		fmt.Fprint(w, "tarball")
	}))
	defer srv.Close()
	s := requests.NewSession()
	defer s.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/archive", nil)
	resp, err := s.RoundTripper().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/download/v1.tar.gz" {
		t.Errorf("RoundTrip(GET /archive) = %d Location %q; want the 302 with its Location", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp.Request != req {
		t.Errorf("resp.Request is not the request given")
	}
	if len(s.Cookies().Jar.Cookies(req.URL)) != 0 {
		t.Errorf("RoundTrip stored the response's cookie in the Session's jar")
	}
}

// Defect 1, through net/http's client: redirects are net/http's, so
// resp.Request is the last request and a caller's CheckRedirect is called.
func TestClientRedirectsAreNetHTTPs(t *testing.T) {
	leakCheck(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/a":
			http.Redirect(w, r, "/b", http.StatusFound)
		case "/b":
			http.Redirect(w, r, "/c", http.StatusFound)
		default:
			fmt.Fprint(w, r.URL.Path)
		}
	}))
	defer srv.Close()
	s := requests.NewSession()
	defer s.Close()
	c := s.Client()
	resp, err := c.Get(srv.URL + "/a")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/c" {
		t.Errorf("Client().Get(/a): resp.Request.URL = %s; want the last request, /c", resp.Request.URL)
	}
	var seen []string
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		seen = append(seen, req.URL.Path)
		return http.ErrUseLastResponse
	}
	resp, err = c.Get(srv.URL + "/a")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || strings.Join(seen, ",") != "/b" {
		t.Errorf("a caller's CheckRedirect: status %d, called for %v; want 302, [/b]", resp.StatusCode, seen)
	}

	limited := requests.NewSession(requests.MaxRedirects(1))
	defer limited.Close()
	_, err = limited.Client().Get(srv.URL + "/a")
	if !errors.Is(err, requests.ErrTooManyRedirects) {
		t.Errorf("MaxRedirects(1) through Client(): %v; want ErrTooManyRedirects", err)
	}
}

// Defect 1: behind httputil.ReverseProxy, one user's Set-Cookie went out
// with another user's request.
func TestReverseProxyDoesNotShareCookiesBetweenUsers(t *testing.T) {
	leakCheck(t)
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/login" {
			http.SetCookie(w, &http.Cookie{Name: "session", Value: r.URL.Query().Get("user"), Path: "/"})
			return
		}
		fmt.Fprint(w, r.Header.Get("Cookie"))
	}))
	defer backend.Close()
	s := requests.NewSession()
	defer s.Close()
	target, _ := url.Parse(backend.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.Transport = s.RoundTripper()
	front := httptest.NewServer(proxy)
	defer front.Close()

	get := func(path string) string {
		resp, err := http.Get(front.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	get("/login?user=alice")
	if got := get("/me"); got != "" {
		t.Errorf("bob's request reached the backend with Cookie %q; want none (alice's cookie stays hers)", got)
	}
}

func gzipped(s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.Bytes()
}

// Defect 2: a body was decompressed although the caller asked for the
// encoding itself (an S3 object stored gzip-encoded).
func TestRoundTripperDecodesOnlyWhatItAskedFor(t *testing.T) {
	leakCheck(t)
	stored := gzipped("object")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("X-Accept-Encoding", r.Header.Get("Accept-Encoding"))
		w.Write(stored)
	}))
	defer srv.Close()
	s := requests.NewSession()
	defer s.Close()

	req, _ := http.NewRequest("GET", srv.URL, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := s.RoundTripper().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(body, stored) || resp.Header.Get("Content-Encoding") != "gzip" || resp.Uncompressed {
		t.Errorf("own Accept-Encoding: body %q, Content-Encoding %q, Uncompressed %v; want the stored bytes, gzip, false", body, resp.Header.Get("Content-Encoding"), resp.Uncompressed)
	}

	req, _ = http.NewRequest("GET", srv.URL, nil)
	resp, err = s.RoundTripper().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "object" || resp.Header.Get("Content-Encoding") != "" || !resp.Uncompressed {
		t.Errorf("no Accept-Encoding: body %q, Content-Encoding %q, Uncompressed %v; want it decoded", body, resp.Header.Get("Content-Encoding"), resp.Uncompressed)
	}
	if req.Header.Get("Accept-Encoding") != "" {
		t.Errorf("RoundTrip changed the caller's request")
	}
}

// Defect 3: req.GetBody was ignored, so a POST meeting a 307 through
// Client(), or retried by the Session's Retry, failed.
func TestHandOutsSendTheBodyAgainWithGetBody(t *testing.T) {
	leakCheck(t)
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		switch r.URL.Path {
		case "/moved":
			http.Redirect(w, r, "/new", http.StatusTemporaryRedirect)
		case "/flaky":
			if calls.Add(1) == 1 {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			fmt.Fprintf(w, "%s", body)
		default:
			fmt.Fprintf(w, "%s", body)
		}
	}))
	defer srv.Close()
	s := requests.NewSession(requests.Retry{Status: 2, StatusForcelist: []int{503}, AllowedMethods: []string{"POST"}})
	defer s.Close()
	for _, path := range []string{"/moved", "/flaky"} {
		req, _ := http.NewRequest("POST", srv.URL+path, stringsReader("content"))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(stringsReader("content")), nil }
		resp, err := s.Client().Do(req)
		if err != nil {
			t.Fatalf("POST %s through Client(): %v", path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(body) != "content" {
			t.Errorf("POST %s through Client(): the server got %q; want the body sent again", path, body)
		}
	}
}

// Defect 4: WrapTransport's function ran for every exchange, so a recorder
// added with it kept only the last one.
func TestWrapTransportBuiltOncePerEngine(t *testing.T) {
	leakCheck(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/start" {
			http.Redirect(w, r, "/end", http.StatusFound)
		}
	}))
	defer srv.Close()
	var built int
	var exchanges []string
	s := requests.NewSession(requests.WrapTransport(func(next http.RoundTripper) http.RoundTripper {
		built++
		return roundTripperFunc(func(r *http.Request) (*http.Response, error) {
			exchanges = append(exchanges, r.URL.Path)
			return next.RoundTrip(r)
		})
	}))
	defer s.Close()
	for range 3 {
		if _, err := s.Get(context.Background(), srv.URL+"/start"); err != nil {
			t.Fatal(err)
		}
	}
	if built != 1 || len(exchanges) != 6 {
		t.Errorf("3 calls of 2 exchanges: wrapper built %d times, saw %v; want once, 6 exchanges", built, exchanges)
	}
}

// A wrapper that gives the request a fresh context (as some middleware
// does) still reaches the engine, with the Session's settings.
func TestEngineUnderWrapperWithFreshContext(t *testing.T) {
	leakCheck(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") }))
	defer srv.Close()
	s := requests.NewSession(requests.WrapTransport(func(next http.RoundTripper) http.RoundTripper {
		return roundTripperFunc(func(r *http.Request) (*http.Response, error) {
			return next.RoundTrip(r.WithContext(context.Background()))
		})
	}))
	defer s.Close()
	resp, err := s.Get(context.Background(), srv.URL)
	if err != nil || resp.Text() != "ok" {
		t.Errorf("a wrapper with a fresh context: %v, %v; want ok", resp, err)
	}
}

// Defect 5: Paginate added its Params to every next link, so an API that
// reads the last value looped.
func TestPaginateParamsOnFirstRequestOnly(t *testing.T) {
	leakCheck(t)
	var queries []string
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		queries = append(queries, r.URL.RawQuery)
		q := r.URL.Query()["page"]
		page := q[len(q)-1] // the API reads the last value
		if page != "3" {
			next := map[string]string{"1": "2", "2": "3"}[page]
			w.Header().Set("Link", fmt.Sprintf("<%s/items?page=%s>; rel=\"next\"", srv.URL, next))
		}
	}))
	defer srv.Close()
	s := requests.NewSession()
	defer s.Close()
	n := 0
	for _, err := range s.Paginate(context.Background(), srv.URL+"/items", requests.Params{"page": 1}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 3 || strings.Join(queries, " ") != "page=1 page=2 page=3" {
		t.Errorf("Paginate(Params{page: 1}): %d pages, queries %v; want 3: page=1 page=2 page=3", n, queries)
	}
}

// Defect 6: a read timeout through s.Client() was no timeout to net/http
// style code.
func TestClientTimeoutIsNetErrorTimeout(t *testing.T) {
	t.Parallel() // slow (it waits on timeouts): run beside the others; the package-wide leak check covers it
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	s := requests.NewSession(requests.Timeout{Read: 50 * time.Millisecond})
	defer s.Close()
	_, err := s.Client().Get(srv.URL)
	var ue *url.Error
	if !errors.As(err, &ue) || !ue.Timeout() || !os.IsTimeout(err) || !errors.Is(err, requests.ErrReadTimeout) {
		t.Errorf("a read timeout through Client(): %v; want (*url.Error).Timeout() and os.IsTimeout true", err)
	}
	var e *requests.Error
	if !errors.As(err, &e) || !e.Timeout() {
		t.Errorf("(*Error).Timeout() false for %v", err)
	}
	if (&requests.Error{Kind: requests.ErrConnection}).Timeout() {
		t.Errorf("(*Error).Timeout() true for ErrConnection")
	}
}

// The Session's credential rule holds through Client(): its auth does not
// follow a redirect to another host.
func TestClientKeepsTheCredentialRules(t *testing.T) {
	leakCheck(t)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, r.Header.Get("Authorization"))
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1), http.StatusFound)
	}))
	defer srv.Close()
	s := requests.NewSession(requests.BasicAuth("ann", "pw"))
	defer s.Close()
	for _, name := range []string{"Session auth", "caller's header"} {
		req, _ := http.NewRequest("GET", srv.URL, nil)
		if name == "caller's header" {
			req.Header.Set("Authorization", "Bearer mine")
		}
		resp, err := s.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if len(b) != 0 {
			t.Errorf("%s: a redirect to another host got Authorization %q; want none", name, b)
		}
	}
}

func TestPoolAndDialContextReachTheEngine(t *testing.T) {
	leakCheck(t)
	var most, open atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(time.Millisecond)
		fmt.Fprint(w, "ok")
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		switch s {
		case http.StateNew:
			if n := open.Add(1); n > most.Load() {
				most.Store(n)
			}
		case http.StateClosed:
			open.Add(-1)
		}
	}
	srv.Start()
	defer srv.Close()
	var dials atomic.Int32
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
	s := requests.NewSession(requests.Pool{MaxConnsPerHost: 1}, requests.DialContext(dial))
	defer s.Close()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if resp, err := s.Get(context.Background(), srv.URL); err != nil || resp.Text() != "ok" {
				t.Errorf("Get: %v %v", resp, err)
			}
		}()
	}
	wg.Wait()
	if most.Load() != 1 || dials.Load() != 1 {
		t.Errorf("Pool{MaxConnsPerHost: 1} with DialContext: %d connections at once, %d dials; want 1 and 1", most.Load(), dials.Load())
	}
	if _, err := s.Get(context.Background(), srv.URL, requests.Pool{MaxIdlePerHost: 1}); !errors.Is(err, requests.ErrRequest) {
		t.Errorf("Pool given to a request: %v; want an error saying it is a Session setting", err)
	}
}

// A Mount that replaces another takes over its prefix also under the
// Session's wrappers, which were built over the first.
func TestRemountUnderWrappers(t *testing.T) {
	s := requests.NewSession(requests.WrapTransport(func(next http.RoundTripper) http.RoundTripper { return next }))
	defer s.Close()
	answer := func(body string) http.RoundTripper {
		return roundTripperFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
		})
	}
	for _, body := range []string{"first", "second"} {
		s.Mount("mock://", answer(body))
		resp, err := s.Get(context.Background(), "mock://x/")
		if err != nil || resp.Text() != body {
			t.Errorf("after Mount(%s): %v, %v; want %s", body, resp, err, body)
		}
	}
}
