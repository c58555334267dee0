package wire_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-requests/requests/internal/testserver"
	"github.com/go-requests/requests/internal/wire"
)

// get makes a GET of raw with t and reads the body.
func get(t *testing.T, tr *wire.Transport, raw string, mod func(*wire.Request)) (*http.Response, string, error) {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	req := &wire.Request{Method: "GET", URL: u, Header: http.Header{}, Timing: &wire.Timing{}}
	if mod != nil {
		mod(req)
	}
	var resp http.Response
	if err := tr.RoundTrip(context.Background(), req, &resp); err != nil {
		return nil, "", err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	return &resp, string(b), err
}

// newTransport returns a Transport whose idle connections close when the
// test ends.
func newTransport(t *testing.T) *wire.Transport {
	tr := &wire.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return tr
}

// countConns starts a server that counts the connections it accepts.
func countConns(t *testing.T, h http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	return startCounting(t, h, false)
}

// startCounting starts a server that counts the connections it accepts;
// with h2, over TLS with HTTP/2.
func startCounting(t *testing.T, h http.HandlerFunc, h2 bool) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(c net.Conn, s http.ConnState) {
		if s == http.StateNew {
			n.Add(1)
		}
	}
	if h2 {
		srv.EnableHTTP2 = true
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestConnectionsAreReused(t *testing.T) {
	srv, conns := countConns(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "hello") })
	tr := newTransport(t)
	for i := range 3 {
		var timing wire.Timing
		resp, body, err := get(t, tr, srv.URL+"/x", func(r *wire.Request) { r.Timing = &timing })
		if err != nil || body != "hello" || resp.StatusCode != 200 {
			t.Fatalf("GET %d = %v %q %v", i, resp, body, err)
		}
		if timing.Reused != (i > 0) {
			t.Errorf("GET %d: Reused = %v", i, timing.Reused)
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("3 GETs opened %d connections; want 1", n)
	}
}

func TestBodyNotReadToEndClosesTheConnection(t *testing.T) {
	srv, conns := countConns(t, func(w http.ResponseWriter, r *http.Request) { w.Write(bytes.Repeat([]byte("x"), 100<<10)) })
	tr := newTransport(t)
	u, _ := url.Parse(srv.URL)
	for range 2 {
		var resp http.Response
		if err := tr.RoundTrip(context.Background(), &wire.Request{Method: "GET", URL: u}, &resp); err != nil {
			t.Fatal(err)
		}
		resp.Body.Read(make([]byte, 10))
		resp.Body.Close()
	}
	if n := conns.Load(); n != 2 {
		t.Errorf("two half-read bodies left %d connections; want 2 (neither reused)", n)
	}
}

// A server that closes each connection after one response, without saying
// so: the next request finds a dead pooled connection and goes again on a
// fresh one.
func TestStaleConnectionIsReplaced(t *testing.T) {
	var served atomic.Int32
	base := testserver.Raw(t, func(c net.Conn) {
		if _, err := testserver.ReadRequest(c); err != nil {
			return
		}
		served.Add(1)
		c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
	})
	tr := newTransport(t)
	for i := range 3 {
		_, body, err := get(t, tr, base+"/", nil)
		if err != nil || body != "ok" {
			t.Fatalf("GET %d: %q %v", i, body, err)
		}
	}
	for i := range 2 {
		time.Sleep(20 * time.Millisecond) // the FIN arrives; the pooled connection is found closed before use
		u, _ := url.Parse(base + "/")
		req := &wire.Request{Method: "POST", URL: u, Body: strings.NewReader("data"), ContentLength: 4}
		var resp http.Response
		if err := tr.RoundTrip(context.Background(), req, &resp); err != nil {
			t.Fatalf("POST %d after the server closed: %v", i, err)
		}
		io.Copy(io.Discard, resp.Body)
	}
	if n := served.Load(); n != 5 {
		t.Errorf("served %d requests; want 5", n)
	}
}

func TestReadTimeout(t *testing.T) {
	t.Parallel()
	stall := testserver.Raw(t, func(c net.Conn) {
		testserver.ReadRequest(c)
		time.Sleep(time.Second)
	})
	trickle := testserver.Raw(t, func(c net.Conn) {
		testserver.ReadRequest(c)
		c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab"))
		time.Sleep(time.Second)
	})
	tr := newTransport(t)
	limit := func(r *wire.Request) { r.ReadTimeout = 100 * time.Millisecond }

	_, _, err := get(t, tr, stall, limit)
	var we *wire.Error
	var te *wire.TimeoutError
	if !errors.As(err, &we) || we.Op != "read" || !errors.As(err, &te) || te.Connect {
		t.Errorf("no response: %v; want a read timeout", err)
	}
	_, body, err := get(t, tr, trickle, limit)
	if !errors.As(err, &we) || we.Op != "body" || !errors.As(err, &te) || body != "ab" {
		t.Errorf("body cut: %q %v; want \"ab\" and a body read timeout", body, err)
	}
}

// The read timeout is a silence: a slow reader of the body does not trip
// it, and neither does a server that sends a byte every so often.
func TestReadTimeoutIsTheLongestSilence(t *testing.T) {
	t.Parallel()
	base := testserver.Raw(t, func(c net.Conn) {
		testserver.ReadRequest(c)
		c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"))
		for range 5 {
			time.Sleep(60 * time.Millisecond)
			c.Write([]byte("x"))
		}
	})
	tr := newTransport(t)
	u, _ := url.Parse(base)
	req := &wire.Request{Method: "GET", URL: u, ReadTimeout: 150 * time.Millisecond}
	var resp http.Response
	if err := tr.RoundTrip(context.Background(), req, &resp); err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	time.Sleep(300 * time.Millisecond) // the caller's pause does not count
	b, err := io.ReadAll(resp.Body)
	if err != nil || string(b) != "xxxxx" {
		t.Errorf("body %q, %v", b, err)
	}
}

func TestConnectTimeout(t *testing.T) {
	t.Parallel()
	tr := newTransport(t)
	start := time.Now()
	_, _, err := get(t, tr, "http://"+testserver.Blackhole(t), func(r *wire.Request) { r.ConnectTimeout = 100 * time.Millisecond })
	var we *wire.Error
	var te *wire.TimeoutError
	if !errors.As(err, &we) || we.Op != "dial" || !errors.As(err, &te) || !te.Connect {
		t.Errorf("dial to a black hole: %v; want a connect timeout", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the connect timeout of 100ms took %v", d)
	}
}

func TestContextEndsTheExchange(t *testing.T) {
	t.Parallel()
	base := testserver.Raw(t, func(c net.Conn) {
		testserver.ReadRequest(c)
		c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab"))
		time.Sleep(time.Second)
	})
	tr := newTransport(t)
	u, _ := url.Parse(base)
	cause := errors.New("the caller gave up")
	ctx, cancel := context.WithCancelCause(context.Background())
	var resp http.Response
	if err := tr.RoundTrip(ctx, &wire.Request{Method: "GET", URL: u}, &resp); err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(50*time.Millisecond, func() { cancel(cause) })
	_, err := io.ReadAll(resp.Body)
	if !errors.Is(err, cause) {
		t.Errorf("body read after cancel: %v; want the context's cause", err)
	}
	// An ended context fails before anything is sent.
	if err := tr.RoundTrip(ctx, &wire.Request{Method: "GET", URL: u}, &resp); !errors.Is(err, cause) {
		t.Errorf("RoundTrip with an ended context: %v", err)
	}
}

// Bytes that would break the framing are refused before a connection is
// even made.
func TestInvalidRequestSendsNothing(t *testing.T) {
	var conns atomic.Int32
	base := testserver.Raw(t, func(c net.Conn) { conns.Add(1) })
	tr := newTransport(t)
	for name, mod := range map[string]func(*wire.Request){
		"a CR LF in a header value": func(r *wire.Request) { r.Header.Set("X", "a\r\nInjected: 1") },
		"a NUL in a header value":   func(r *wire.Request) { r.Header["X"] = []string{"a\x00b"} },
		"a space in a header name":  func(r *wire.Request) { r.Header["X Y"] = []string{"1"} },
		"a LF in the method":        func(r *wire.Request) { r.Method = "GET\n" },
		"a CR in the Host":          func(r *wire.Request) { r.Host = "example.com\r" },
		"a space in the query":      func(r *wire.Request) { r.URL.RawQuery = "a b" },
	} {
		_, _, err := get(t, tr, base+"/", mod)
		var ie *wire.InvalidError
		if !errors.As(err, &ie) {
			t.Errorf("%s: %v; want an *InvalidError", name, err)
		}
	}
	if n := conns.Load(); n != 0 {
		t.Errorf("%d connections were made", n)
	}
}

// What the engine writes: the request line, Host first, the fields sorted,
// the framing, and a small body in the same write as the head.
func TestRequestOnTheWire(t *testing.T) {
	got := make(chan string, 1)
	base := testserver.Raw(t, func(c net.Conn) {
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		buf := make([]byte, 4096)
		n, _ := c.Read(buf)
		got <- string(buf[:n])
		c.Write([]byte("HTTP/1.1 204 No Content\r\n\r\n"))
	})
	tr := newTransport(t)
	var writes atomic.Int32
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := net.Dial(network, addr)
		return countingConn{c, &writes}, err
	}
	u, _ := url.Parse(base + "/p%20q?a=1&b")
	req := &wire.Request{Method: "POST", URL: u, Header: http.Header{
		"User-Agent": {"t"}, "Accept": {"*/*"}, "Content-Length": {"999"},
	}, Body: strings.NewReader(`{"a":1}`), ContentLength: 7}
	var resp http.Response
	if err := tr.RoundTrip(context.Background(), req, &resp); err != nil {
		t.Fatal(err)
	}
	want := "POST /p%20q?a=1&b HTTP/1.1\r\nHost: " + u.Host + "\r\nAccept: */*\r\nUser-Agent: t\r\nContent-Length: 7\r\n\r\n{\"a\":1}"
	if s := <-got; s != want {
		t.Errorf("sent\n%q\nwant\n%q", s, want)
	}
	if n := writes.Load(); n != 1 {
		t.Errorf("the request left in %d writes; want 1", n)
	}
}

type countingConn struct {
	net.Conn
	n *atomic.Int32
}

func (c countingConn) Write(p []byte) (int, error) {
	c.n.Add(1)
	return c.Conn.Write(p)
}

func TestChunkedUpload(t *testing.T) {
	srv, _ := countConns(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%v %d %s", r.TransferEncoding, r.ContentLength, b)
	})
	tr := newTransport(t)
	pr, pw := io.Pipe()
	go func() {
		for _, s := range []string{"one ", "two ", "three"} {
			pw.Write([]byte(s))
		}
		pw.Close()
	}()
	_, body, err := get(t, tr, srv.URL, func(r *wire.Request) {
		r.Method, r.Body, r.ContentLength = "PUT", pr, -1
	})
	if err != nil || body != "[chunked] -1 one two three" {
		t.Errorf("chunked upload: %q %v", body, err)
	}
}

func TestExpectContinue(t *testing.T) {
	srv, _ := countConns(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/refuse" {
			w.WriteHeader(http.StatusExpectationFailed)
			return
		}
		b, _ := io.ReadAll(r.Body)
		w.Write(b)
	})
	tr := newTransport(t)
	expect := func(path string) func(*wire.Request) {
		return func(r *wire.Request) {
			r.Method, r.Body, r.ContentLength = "POST", strings.NewReader("payload"), 7
			r.Header.Set("Expect", "100-continue")
			r.URL.Path = path
		}
	}
	resp, body, err := get(t, tr, srv.URL, expect("/echo"))
	if err != nil || body != "payload" {
		t.Errorf("after 100 Continue: %v %q %v", resp, body, err)
	}
	resp, _, err = get(t, tr, srv.URL, expect("/refuse"))
	if err != nil || resp.StatusCode != http.StatusExpectationFailed {
		t.Errorf("refused: %v %v", resp, err)
	}
}

func TestUpgrade(t *testing.T) {
	base := testserver.Raw(t, func(c net.Conn) {
		testserver.ReadRequest(c)
		c.Write([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n"))
		io.Copy(c, io.LimitReader(c, 5))
	})
	tr := newTransport(t)
	u, _ := url.Parse(base)
	var resp http.Response
	if err := tr.RoundTrip(context.Background(), &wire.Request{Method: "GET", URL: u, Header: http.Header{"Upgrade": {"echo"}, "Connection": {"Upgrade"}}}, &resp); err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	rw, ok := resp.Body.(io.ReadWriter)
	if resp.StatusCode != 101 || !ok {
		t.Fatalf("101: %d, writable %v", resp.StatusCode, ok)
	}
	rw.Write([]byte("hello"))
	b := make([]byte, 5)
	if _, err := io.ReadFull(rw, b); err != nil || string(b) != "hello" {
		t.Errorf("echo over the upgraded connection: %q %v", b, err)
	}
}

func TestUpgradeNotAskedFor(t *testing.T) {
	// The server holds the connection: reading what follows the 101 as a
	// body would wait for it.
	base := testserver.Raw(t, testserver.Reply("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\x81\x02hi"))
	tr := newTransport(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	u, _ := url.Parse(base)
	var resp http.Response
	if err := tr.RoundTrip(ctx, &wire.Request{Method: "GET", URL: u, Header: http.Header{}}, &resp); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode != 101 || len(b) != 0 || err != nil {
		t.Errorf("a 101 the request did not ask for: %d, body %q, %v; want 101 and no body", resp.StatusCode, b, err)
	}
	if _, ok := resp.Body.(io.Writer); ok {
		t.Error("the body of a 101 the request did not ask for is the connection")
	}
}

func TestProxies(t *testing.T) {
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "origin saw %q", r.Header.Get("Proxy-Authorization"))
	}))
	defer origin.Close()
	secure := httptest.NewTLSServer(origin.Config.Handler)
	defer secure.Close()
	proxyURL, seen := testserver.Proxy(t, "u", "p w")
	p, _ := url.Parse(proxyURL)
	p.User = url.UserPassword("u", "p w")
	tr := newTransport(t)
	tr.TLSConfig = &tls.Config{InsecureSkipVerify: true}
	via := func(r *wire.Request) { r.Proxy = p }

	_, body, err := get(t, tr, origin.URL+"/plain", via)
	if err != nil || body != `origin saw ""` {
		t.Errorf("http through the proxy: %q %v", body, err)
	}
	_, body, err = get(t, tr, secure.URL+"/tls", via)
	if err != nil || body != `origin saw ""` {
		t.Errorf("https through a tunnel: %q %v", body, err)
	}
	all := seen.All()
	if len(all) != 2 || all[0][0] != "GET" || all[0][1] != origin.URL+"/plain" || all[1][0] != "CONNECT" || all[0][2] == "" || all[1][2] != all[0][2] {
		t.Errorf("the proxy saw %q", all)
	}

	p.User = url.UserPassword("u", "wrong")
	_, _, err = get(t, tr, secure.URL+"/tls", via)
	var we *wire.Error
	var refused *wire.ProxyRefusedError
	if !errors.As(err, &we) || we.Op != "proxy" || !errors.As(err, &refused) || !strings.HasPrefix(refused.Status, "407") {
		t.Errorf("wrong credentials: %v; want the proxy's 407", err)
	}
}

func TestHTTP2(t *testing.T) {
	forEachH2Engine(t, testHTTP2)
}

// forEachH2Engine runs a test with x/net's HTTP/2 client connection and
// with the engine's own.
func forEachH2Engine(t *testing.T, test func(t *testing.T, own bool)) {
	t.Run("x/net", func(t *testing.T) { test(t, false) })
	t.Run("own", func(t *testing.T) { test(t, true) })
}

func testHTTP2(t *testing.T, own bool) {
	var mu sync.Mutex
	remotes := map[string]bool{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		remotes[r.RemoteAddr] = true
		mu.Unlock()
		fmt.Fprint(w, r.Proto)
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	defer srv.Close()
	tr := newTransport(t)
	tr.H2Legacy = !own
	tr.TLSConfig = &tls.Config{InsecureSkipVerify: true}
	for range 3 {
		resp, body, err := get(t, tr, srv.URL, nil)
		if err != nil || resp.Proto != "HTTP/2.0" || body != "HTTP/2.0" {
			t.Fatalf("h2: %v %q %v", resp, body, err)
		}
	}
	if len(remotes) != 1 {
		t.Errorf("3 requests over HTTP/2 used %d connections; want 1", len(remotes))
	}
	stall := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("a"))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(time.Second):
		}
	}))
	stall.EnableHTTP2 = true
	stall.StartTLS()
	defer stall.Close()
	_, body, err := get(t, tr, stall.URL, func(r *wire.Request) { r.ReadTimeout = 100 * time.Millisecond })
	var te *wire.TimeoutError
	if !errors.As(err, &te) || body != "a" {
		t.Errorf("h2 stall: %q %v; want a read timeout", body, err)
	}
}

func TestIdleConnectionsExpire(t *testing.T) {
	srv, conns := countConns(t, func(w http.ResponseWriter, r *http.Request) {})
	tr := newTransport(t)
	tr.IdleTimeout = 50 * time.Millisecond
	get(t, tr, srv.URL, nil)
	time.Sleep(150 * time.Millisecond)
	get(t, tr, srv.URL, nil)
	if n := conns.Load(); n != 2 {
		t.Errorf("after the idle timeout, %d connections; want 2", n)
	}
	tr.IdleTimeout, tr.MaxConnAge = 0, time.Nanosecond
	get(t, tr, srv.URL, nil)
	get(t, tr, srv.URL, nil)
	if n := conns.Load(); n != 4 {
		t.Errorf("past the maximum age, %d connections; want 4", n)
	}
}

// Many goroutines share the pool.
func TestConcurrentUse(t *testing.T) {
	srv, conns := countConns(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, r.URL.Query().Get("i")) })
	tr := newTransport(t)
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 20 {
				want := fmt.Sprint(g*100 + i)
				if _, body, err := get(t, tr, srv.URL+"/?i="+want, nil); err != nil || body != want {
					t.Errorf("got %q %v; want %q", body, err, want)
				}
			}
		})
	}
	wg.Wait()
	if n := conns.Load(); n > 16 {
		t.Errorf("16 workers opened %d connections", n)
	}
}

// A response cut in its head is a failure of the exchange, not a pooled
// connection found closed: the request is not sent again.
func TestCutResponseIsNotRetried(t *testing.T) {
	var served atomic.Int32
	base := testserver.Raw(t, func(c net.Conn) {
		br := bufio.NewReader(c)
		for i := 0; ; i++ {
			req, err := http.ReadRequest(br)
			if err != nil {
				return
			}
			io.Copy(io.Discard, req.Body)
			served.Add(1)
			if i == 0 {
				c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
				continue
			}
			c.Write([]byte("HTTP/1.1 200 OK\r\nContent-"))
			return
		}
	})
	tr := newTransport(t)
	if _, body, err := get(t, tr, base, nil); err != nil || body != "ok" {
		t.Fatalf("first GET: %q %v", body, err)
	}
	_, _, err := get(t, tr, base, nil)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("a head cut short: %v; want io.ErrUnexpectedEOF", err)
	}
	if n := served.Load(); n != 2 {
		t.Errorf("the server saw %d requests; want 2", n)
	}
}

// A pooled connection keeps its deadlines between exchanges (moving them
// costs): the next exchange's shorter timeout still holds, and a later
// exchange without one is not cut by an old deadline.
func TestTimeoutsChangeOnAPooledConnection(t *testing.T) {
	t.Parallel()
	base := testserver.Raw(t, func(c net.Conn) {
		br := bufio.NewReader(c)
		for i := 0; ; i++ {
			if _, err := http.ReadRequest(br); err != nil {
				return
			}
			if i == 1 {
				time.Sleep(400 * time.Millisecond) // a stall for the second request
			}
			if _, err := c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")); err != nil {
				return
			}
		}
	})
	tr := newTransport(t)
	timeout := func(d time.Duration) func(*wire.Request) { return func(r *wire.Request) { r.ReadTimeout = d } }
	if _, _, err := get(t, tr, base, timeout(time.Hour)); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, _, err := get(t, tr, base, timeout(100*time.Millisecond))
	var te *wire.TimeoutError
	if !errors.As(err, &te) || time.Since(start) > 350*time.Millisecond {
		t.Errorf("after an hour-long timeout, one of 100ms: %v after %v", err, time.Since(start))
	}
	// A fresh connection (the timed-out one was closed), then one with a
	// short timeout, then none.
	get(t, tr, base, timeout(50*time.Millisecond))
	time.Sleep(100 * time.Millisecond)
	if _, body, err := get(t, tr, base, nil); err != nil || body != "ok" {
		t.Errorf("no timeout after an expired deadline: %q %v", body, err)
	}
}

// A head or a trailer that needed repair (a line skipped, a NUL read as a
// space) is not trusted with the connection; a clean one is.
func TestRepairedResponsesCloseTheConnection(t *testing.T) {
	for _, c := range []struct {
		name, response string
		conns          int32
	}{
		{"a clean response", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 1},
		{"a head line without a colon", "HTTP/1.1 200 OK\r\nX-No-Colon\r\nContent-Length: 2\r\n\r\nok", 2},
		{"a NUL in a value", "HTTP/1.1 200 OK\r\nX-Nul: a\x00b\r\nContent-Length: 2\r\n\r\nok", 2},
		{"a trailer line without a colon", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-No-Colon\r\n\r\n", 2},
	} {
		var conns atomic.Int32
		base := testserver.Raw(t, func(nc net.Conn) {
			conns.Add(1)
			for range 2 {
				if _, err := testserver.ReadRequest(nc); err != nil {
					return
				}
				nc.Write([]byte(c.response))
			}
		})
		tr := newTransport(t)
		for i := range 2 {
			resp, body, err := get(t, tr, base+"/", nil)
			if err != nil || body != "ok" {
				t.Fatalf("%s, GET %d: %v %q %v", c.name, i, resp, body, err)
			}
		}
		if n := conns.Load(); n != c.conns {
			t.Errorf("%s: two GETs made %d connections; want %d", c.name, n, c.conns)
		}
	}
}

func TestMaxConnsPerHostQueuesFirstComeFirstServed(t *testing.T) {
	var open, most atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(2 * time.Millisecond)
		fmt.Fprint(w, r.URL.Query().Get("n"))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		switch s {
		case http.StateNew:
			if n := open.Add(1); n > most.Load() {
				most.Store(n)
			}
		case http.StateClosed, http.StateHijacked:
			open.Add(-1)
		}
	}
	srv.Start()
	defer srv.Close()
	tr := newTransport(t)
	tr.MaxConnsPerHost = 2
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, body, err := get(t, tr, fmt.Sprintf("%s/?n=%d", srv.URL, i), nil); err != nil || body != fmt.Sprint(i) {
				t.Errorf("request %d: %q, %v", i, body, err)
			}
		}()
	}
	wg.Wait()
	if most.Load() > 2 {
		t.Errorf("MaxConnsPerHost 2: the server saw %d connections at once", most.Load())
	}

	// A waiter whose context ends leaves the queue; the next one is served.
	tr.CloseIdleConnections()
	tr.MaxConnsPerHost = 1
	hold, err := holdConn(tr, srv.URL+"/?n=held")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	u, _ := url.Parse(srv.URL)
	var resp http.Response
	err = tr.RoundTrip(ctx, &wire.Request{Method: "GET", URL: u, Header: http.Header{}}, &resp)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a waiter past its deadline: %v; want context.DeadlineExceeded", err)
	}
	// Two waiters, queued one after the other, are served in that order.
	served := make(chan string, 2)
	for _, n := range []string{"first", "second"} {
		go func() {
			_, body, err := get(t, tr, srv.URL+"/?n="+n, nil)
			if err != nil {
				t.Error(err)
			}
			served <- body
		}()
		time.Sleep(20 * time.Millisecond) // queued before the next
	}
	hold.Body.Close() // unread: the connection closes and its slot goes to the oldest waiter
	if a, b := <-served, <-served; a != "first" || b != "second" {
		t.Errorf("the waiters were served %q then %q; want first then second", a, b)
	}
}

// holdConn makes a GET whose body is left unread, holding its connection.
func holdConn(tr *wire.Transport, raw string) (*http.Response, error) {
	u, _ := url.Parse(raw)
	resp := new(http.Response)
	err := tr.RoundTrip(context.Background(), &wire.Request{Method: "GET", URL: u, Header: http.Header{}}, resp)
	return resp, err
}
