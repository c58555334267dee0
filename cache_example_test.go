package requests_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"

	"github.com/go-requests/requests"
)

// A Session with a cache asks the server once for a response that is
// fresh for an hour; the second Get is answered from memory.
func ExampleCache() {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Cache-Control", "max-age=3600")
		fmt.Fprint(w, `{"answer": 42}`)
	}))
	defer srv.Close()

	s := requests.NewSession(requests.Cache(requests.MemoryCache(64 << 20)))
	defer s.Close()
	for range 2 {
		resp, err := s.Get(context.Background(), srv.URL)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(resp.Text(), resp.FromCache())
	}
	fmt.Println("the server was asked", hits.Load(), "time")
	// Output:
	// {"answer": 42} false
	// {"answer": 42} true
	// the server was asked 1 time
}

// A response with an ETag is revalidated once stale: the server answers
// 304 Not Modified and the stored body is served.
func ExampleResponse_FromCache() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache") // store, but ask each time
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, "the body")
	}))
	defer srv.Close()

	s := requests.NewSession(requests.Cache(requests.MemoryCache(1 << 20)))
	defer s.Close()
	for range 2 {
		resp, err := s.Get(context.Background(), srv.URL)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(resp.StatusCode, resp.Text(), resp.FromCache())
	}
	// Output:
	// 200 the body false
	// 200 the body true
}

// A DiskCache keeps responses across Sessions, and across runs of a
// program.
func ExampleDiskCache() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=600")
		fmt.Fprint(w, "stored on disk")
	}))
	defer srv.Close()
	dir, err := os.MkdirTemp("", "cache")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	for range 2 {
		s := requests.NewSession(requests.Cache(requests.DiskCache(dir, 1<<30)))
		resp, err := s.Get(context.Background(), srv.URL)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(resp.Text(), resp.FromCache())
		s.Close()
	}
	// Output:
	// stored on disk false
	// stored on disk true
}

// A request's own Cache-Control steers the cache: only-if-cached answers
// 504 Gateway Timeout when nothing stored fits, without asking the server.
func ExampleMemoryCache() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=60")
		fmt.Fprint(w, "hello")
	}))
	defer srv.Close()

	s := requests.NewSession(requests.Cache(requests.MemoryCache(1 << 20)))
	defer s.Close()
	ctx := context.Background()
	onlyCached := requests.Headers{"Cache-Control": "only-if-cached"}

	resp, _ := s.Get(ctx, srv.URL, onlyCached)
	fmt.Println(resp.StatusCode)
	resp, _ = s.Get(ctx, srv.URL) // stores it
	resp, _ = s.Get(ctx, srv.URL, onlyCached)
	status, _, _ := strings.Cut(resp.Header.Get("Cache-Status"), "; ttl=")
	fmt.Println(resp.StatusCode, resp.Text(), status)
	// Output:
	// 504
	// 200 hello go-requests; hit
}
