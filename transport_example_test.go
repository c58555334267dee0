package requests_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/go-requests/requests"
)

func ExampleVerify() {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("self-signed")) }))
	defer srv.Close()
	_, err := requests.Get(context.Background(), srv.URL)
	fmt.Println(errors.Is(err, requests.ErrSSL))
	resp, _ := requests.Get(context.Background(), srv.URL, requests.Verify(false))
	fmt.Println(resp.Text())
	// Output:
	// true
	// self-signed
}

func ExampleCABundle() {
	_, err := requests.Get(context.Background(), "https://127.0.0.1:1/", requests.CABundle("/nonexistent/ca.pem"))
	fmt.Println(err)
	// Output: requests: request error: CA bundle /nonexistent/ca.pem: stat /nonexistent/ca.pem: no such file or directory
}

func ExampleCert() {
	_, err := requests.Get(context.Background(), "https://127.0.0.1:1/", requests.Cert("/nonexistent/client.pem", "/nonexistent/client.key"))
	fmt.Println(errors.Is(err, requests.ErrRequest))
	// Output: true
}

func ExampleProxies() {
	// A forward proxy that answers every request itself.
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "proxied %s", r.URL)
	}))
	defer proxy.Close()
	resp, _ := requests.Get(context.Background(), "http://example.com/page",
		requests.Proxies{"http": proxy.URL, "no_proxy": "localhost,127.0.0.1"})
	fmt.Println(resp.Text())
	// Output: proxied http://example.com/page
}

func ExampleTiming() {
	s := requests.NewSession()
	defer s.Close()
	first, _ := s.Get(context.Background(), httpbinURL+"/get")
	second, _ := s.Get(context.Background(), httpbinURL+"/get")
	fmt.Println(first.Timing.Reused, second.Timing.Reused, second.Timing.Connect)
	// Output: false true 0s
}

func ExampleTransport() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s over %s", r.Method, r.Proto)
	}))
	defer srv.Close()
	// net/http's transport in place of the library's engine, for one Session.
	s := requests.NewSession(requests.Transport(http.DefaultTransport))
	defer s.Close()
	resp, err := s.Get(context.Background(), srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Text())
	// Output: GET over HTTP/1.1
}

// Pool and DialContext set the Session's engine: here at most two
// connections to a host, each made by a dialer that counts them.
func ExamplePool() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	dials := 0
	count := func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials++
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
	s := requests.NewSession(requests.Pool{MaxConnsPerHost: 2, IdleTimeout: time.Minute}, requests.DialContext(count))
	defer s.Close()
	for range 3 {
		s.Get(context.Background(), srv.URL)
	}
	fmt.Println("dials:", dials)
	// Output: dials: 1
}

func ExampleDialContext() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, r.Host) }))
	defer srv.Close()
	// Every connection goes to the test server, whatever the URL's host,
	// which is still sent as Host.
	toServer := func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, srv.Listener.Addr().String())
	}
	s := requests.NewSession(requests.DialContext(toServer))
	defer s.Close()
	resp, err := s.Get(context.Background(), "http://api.internal/")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Text())
	// Output: api.internal
}
