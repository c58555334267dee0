package requests_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/go-requests/requests"
)

// countingServer counts the TCP connections it accepts.
func countingServer(t *testing.T, h http.Handler) (*httptest.Server, *atomic.Int32) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &conns
}

func TestSessionMergesLikeRequests(t *testing.T) {
	s := requests.NewSession(
		requests.Headers{"Accept": "application/json", "X-Session": "s"},
		requests.Params{"v": "1", "shared": "session"},
		requests.BasicAuth("session", "pw"),
	)
	defer s.Close()
	resp, err := s.Get(context.Background(), httpbinURL+"/anything",
		requests.Headers{"accept": "text/plain"}, requests.Params{"shared": "request"}, requests.BearerAuth("tok"))
	if err != nil {
		t.Fatal(err)
	}
	e := decodeEcho(t, resp)
	if got := e.Headers["Accept"]; len(got) != 1 || got[0] != "text/plain" {
		t.Errorf("Accept %q; want the request's, merged case-insensitively", got)
	}
	if got := e.Headers["X-Session"]; len(got) != 1 || got[0] != "s" {
		t.Errorf("X-Session %q; want the session's", got)
	}
	if resp.URL.RawQuery != "shared=request&v=1" {
		t.Errorf("query %q; want params merged key by key", resp.URL.RawQuery)
	}
	if got := e.Headers["Authorization"]; len(got) != 1 || got[0] != "Bearer tok" {
		t.Errorf("Authorization %q; want the request's auth", got)
	}
	resp, _ = s.Get(context.Background(), httpbinURL+"/anything", requests.DropHeaders("X-Session", "accept-encoding"))
	e = decodeEcho(t, resp)
	if _, ok := e.Headers["X-Session"]; ok {
		t.Errorf("DropHeaders left X-Session")
	}
	if _, ok := e.Headers["Accept-Encoding"]; ok {
		t.Errorf("DropHeaders left the default Accept-Encoding")
	}
	resp, _ = s.Get(context.Background(), httpbinURL+"/anything")
	if e = decodeEcho(t, resp); len(e.Headers["X-Session"]) != 1 || e.Headers["Authorization"][0] != "Basic c2Vzc2lvbjpwdw==" {
		t.Errorf("a request's options changed the session: %v", e.Headers)
	}
}

func TestSessionReusesOneConnection(t *testing.T) {
	srv, conns := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	s := requests.NewSession()
	defer s.Close()
	for range 100 {
		if _, err := s.Get(context.Background(), srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("100 sequential requests opened %d connections; want 1", n)
	}
}

func TestSessionIsSafeForConcurrentUse(t *testing.T) {
	t.Parallel() // slow (it waits on timeouts): run beside the others; the package-wide leak check covers it
	var hits atomic.Int64
	srv, _ := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		http.SetCookie(w, &http.Cookie{Name: "c" + fmt.Sprint(n%5), Value: "v"})
		w.Write([]byte(r.URL.Query().Get("i")))
	}))
	s := requests.NewSession(requests.Headers{"X-Shared": "yes"}, requests.Params{"p": "1"})
	defer s.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				want := fmt.Sprintf("%d-%d", g, i)
				resp, err := s.Get(context.Background(), srv.URL, requests.Params{"i": want}, requests.Headers{"X-Goroutine": want})
				if err != nil {
					errs <- err
					return
				}
				if resp.Text() != want {
					errs <- fmt.Errorf("got %q; want %q", resp.Text(), want)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if hits.Load() != 6400 || s.Cookies().Len() != 5 {
		t.Errorf("%d requests, %d cookies", hits.Load(), s.Cookies().Len())
	}
}

func TestMountLongestPrefixWins(t *testing.T) {
	s := requests.NewSession()
	defer s.Close()
	answer := func(code int) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: code, Header: http.Header{}, Body: http.NoBody}, nil
		})
	}
	s.Mount("http://api.example/", answer(201))
	s.Mount("HTTP://API.EXAMPLE/v2/", answer(202))
	s.Mount("http://", answer(203))
	for url, want := range map[string]int{
		"http://api.example/v1":     201,
		"http://api.example/v2/x":   202,
		"http://Api.Example/V2/x":   202,
		"http://other.example/":     203,
		"http://api.example.evil/x": 203,
	} {
		resp, err := s.Get(context.Background(), url)
		if err != nil || resp.StatusCode != want {
			t.Errorf("Get(%s) = %v, %v; want %d", url, resp, err, want)
		}
	}
}

func TestCookiesInFlight(t *testing.T) {
	ctx := context.Background()
	// httpbin's /cookies/set sets cookies and redirects to /cookies, which
	// shows the cookies it received.
	resp, err := requests.Get(ctx, httpbinURL+"/cookies/set?theme=dark&user=jane")
	if err != nil {
		t.Fatal(err)
	}
	var shown struct{ Cookies map[string]string }
	resp.JSON(&shown)
	if shown.Cookies["theme"] != "dark" || shown.Cookies["user"] != "jane" {
		t.Errorf("cookies of the redirect hop were not sent on: %v", shown.Cookies)
	}
	if got := resp.History[0].Cookies().Get("theme"); got != "dark" {
		t.Errorf("History[0].Cookies() theme = %q", got)
	}
	// The package verbs keep nothing between calls, as requests.get.
	resp, _ = requests.Get(ctx, httpbinURL+"/cookies")
	shown.Cookies = nil
	resp.JSON(&shown)
	if len(shown.Cookies) != 0 {
		t.Errorf("a later package-level call sent %v", shown.Cookies)
	}

	s := requests.NewSession()
	defer s.Close()
	s.Get(ctx, httpbinURL+"/cookies/set?theme=dark&user=jane")
	resp, _ = s.Get(ctx, httpbinURL+"/cookies", requests.Cookies{"theme": "light", "extra": "1"})
	shown.Cookies = nil
	resp.JSON(&shown)
	if shown.Cookies["theme"] != "light" || shown.Cookies["user"] != "jane" || shown.Cookies["extra"] != "1" {
		t.Errorf("request cookies over session cookies: %v", shown.Cookies)
	}
	if got := resp.Request.Header.Get("Cookie"); strings.Count(got, "theme=") != 1 {
		t.Errorf("Cookie header %q sends theme twice", got)
	}
	if s.Cookies().Get("theme") != "dark" || s.Cookies().Get("extra") != "" {
		t.Errorf("request cookies were kept: theme=%q extra=%q", s.Cookies().Get("theme"), s.Cookies().Get("extra"))
	}
}

func TestResponseCookiesSentBack(t *testing.T) {
	// The tutorial's cookie_set_request: cookies received, then sent back.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c := r.Header.Get("Cookie"); c != "" {
			fmt.Fprintf(w, "Client sent cookies: %s", c)
			return
		}
		w.Header().Add("Set-Cookie", "sessionid=1778336578; Path=/; HttpOnly; Max-Age=3600")
		w.Header().Add("Set-Cookie", "theme=dark; Path=/; Max-Age=3600")
		w.Header().Add("Set-Cookie", "user=jane; Path=/; Max-Age=3600")
		fmt.Fprint(w, "Cookies set send them back on the next request.")
	}))
	defer srv.Close()
	resp, err := requests.Get(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	jar := resp.Cookies()
	var names []string
	for _, c := range jar.All() {
		names = append(names, c.Name+"="+c.Value)
	}
	if strings.Join(names, " ") != "sessionid=1778336578 theme=dark user=jane" {
		t.Errorf("All() = %v; want the order set", names)
	}
	next, err := requests.Get(context.Background(), srv.URL, jar)
	if err != nil || next.Text() != "Client sent cookies: sessionid=1778336578; theme=dark; user=jane" {
		t.Errorf("%q, %v", next.Text(), err)
	}
}

// TestCVE_2015_2296 checks that a cookie set without a Domain by host A on
// its redirect to host B is never sent to B.
func TestCVE_2015_2296(t *testing.T) {
	var toB []string
	b := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		toB = append(toB, r.Header.Get("Cookie"))
	}))
	defer b.Close()
	bURL := strings.Replace(b.URL, "127.0.0.1", "localhost", 1)
	a := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Set-Cookie", "secret=from-a")
		http.Redirect(w, r, bURL+"/landing", http.StatusFound)
	}))
	defer a.Close()
	s := requests.NewSession()
	defer s.Close()
	for _, get := range []func(context.Context, string, ...requests.Option) (*requests.Response, error){requests.Get, s.Get} {
		toB = nil
		if _, err := get(context.Background(), a.URL, requests.Cookies{"mine": "only-for-a"}); err != nil {
			t.Fatal(err)
		}
		if len(toB) != 1 || toB[0] != "" {
			t.Errorf("B received cookies %q", toB)
		}
	}
	if c, err := s.Cookies().Lookup("secret", "", ""); err != nil || c.Domain != "127.0.0.1" {
		t.Errorf("the session stored %v, %v; want secret scoped to A", c, err)
	}
}
