package requests_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/go-requests/requests"
)

// Code that takes an *http.Client gets the Session's defaults, auth,
// cookies, redirects and retries.
func ExampleSession_Client() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	s := requests.NewSession(requests.BearerAuth("t0ken"))
	defer s.Close()
	var client *http.Client = s.Client() // hand it to an SDK
	resp, err := client.Get(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(string(body))
	// Output: Bearer t0ken
}

func ExampleSession_RoundTripper() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, r.Header.Get("User-Agent") == "go-requests/"+requests.Version)
	}))
	defer srv.Close()
	s := requests.NewSession()
	defer s.Close()
	req, _ := http.NewRequest("GET", srv.URL, nil)
	resp, _ := s.RoundTripper().RoundTrip(req)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(string(body))
	// Output: true
}

func ExampleWrapTransport() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	// A middleware that logs each exchange, with the library's own
	// transport underneath.
	logging := requests.WrapTransport(func(next http.RoundTripper) http.RoundTripper {
		return roundTripperFunc(func(r *http.Request) (*http.Response, error) {
			resp, err := next.RoundTrip(r)
			if err == nil {
				fmt.Println(r.Method, r.URL.Path, resp.StatusCode)
			}
			return resp, err
		})
	})
	s := requests.NewSession(logging)
	defer s.Close()
	s.Get(context.Background(), srv.URL+"/a")
	// Output: GET /a 200
}

func ExampleRequestHook() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, r.Header.Get("X-Request-Id"))
	}))
	defer srv.Close()
	n := 0
	stamp := requests.RequestHook(func(pr *requests.PreparedRequest) error {
		n++
		pr.Header.Set("X-Request-Id", fmt.Sprint("req-", n))
		return nil
	})
	resp, _ := requests.Get(context.Background(), srv.URL, stamp)
	fmt.Println(resp.Text())
	// Output: req-1
}

func ExampleBaseURL() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, r.URL.Path) }))
	defer srv.Close()
	api := requests.NewSession(requests.BaseURL(srv.URL + "/v1/"))
	defer api.Close()
	resp, _ := api.Get(context.Background(), "users/7")
	fmt.Println(resp.Text())
	// Output: /v1/users/7
}

func ExampleUnixSocket() {
	dir, _ := os.MkdirTemp("", "sock")
	defer os.RemoveAll(dir)
	ln, err := net.Listen("unix", filepath.Join(dir, "app.sock"))
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, r.Method, " ", r.URL.Path, " over a Unix socket")
	})}}
	srv.Start()
	defer srv.Close()
	s := requests.NewSession(requests.UnixSocket(filepath.Join(dir, "app.sock")))
	defer s.Close()
	resp, _ := s.Get(context.Background(), "http://app/info")
	fmt.Println(resp.Text())
	// Output: GET /info over a Unix socket
}

func ExampleDecodeJSON() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `[{"name":"ann"},{"name":"bob"}]`)
	}))
	defer srv.Close()
	resp, _ := requests.Get(context.Background(), srv.URL)
	users, err := requests.DecodeJSON[[]struct{ Name string }](resp)
	fmt.Println(users, err)
	// Output: [{ann} {bob}] <nil>
}

func ExampleSession_Paginate() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page := r.URL.Query().Get("page")
		if page == "1" {
			w.Header().Set("Link", `</items?page=2>; rel="next"`)
		}
		fmt.Fprint(w, "page ", page)
	}))
	defer srv.Close()
	s := requests.NewSession()
	defer s.Close()
	for resp, err := range s.Paginate(context.Background(), srv.URL+"/items?page=1") {
		if err != nil {
			fmt.Println(err)
			break
		}
		fmt.Println(resp.Text())
	}
	// Output:
	// page 1
	// page 2
}

func ExampleUnencryptedHTTP2() {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, r.Proto) }))
	srv.Config.Protocols = new(http.Protocols)
	srv.Config.Protocols.SetUnencryptedHTTP2(true) // h2c only
	srv.Start()
	defer srv.Close()
	s := requests.NewSession(requests.UnencryptedHTTP2(true))
	defer s.Close()
	resp, err := s.Get(context.Background(), srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Text())
	// Output: HTTP/2.0
}

func ExampleHopOf() {
	// A wrapper that answers by itself (as an HTTP/3 transport or a cache
	// does) reads the settings the Session would have used underneath.
	answer := requests.WrapTransport(func(next http.RoundTripper) http.RoundTripper {
		return roundTripperFunc(func(r *http.Request) (*http.Response, error) {
			hop, _ := requests.HopOf(r)
			fmt.Println("proxy:", hop.Proxy, "verify:", !hop.TLSConfig.InsecureSkipVerify)
			return &http.Response{StatusCode: 204, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
		})
	})
	s := requests.NewSession(answer, requests.TrustEnv(false))
	defer s.Close()
	ctx := context.Background()
	s.Get(ctx, "https://example.com/")
	s.Get(ctx, "https://example.com/", requests.Verify(false), requests.Proxies{"https": "http://proxy.example:3128"})
	// Output:
	// proxy: <nil> verify: true
	// proxy: http://proxy.example:3128 verify: false
}
