package requests_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-requests/requests"
)

// cacheOrigin serves h and counts the requests it gets.
func cacheOrigin(t *testing.T, h http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestCacheServesACompressedBodyDecompressed(t *testing.T) {
	leakCheck(t)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"a": 1}`))
	zw.Close()
	srv, n := cacheOrigin(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Cache-Control", "max-age=60")
		w.Header().Set("Vary", "Accept-Encoding")
		w.Write(gz.Bytes())
	})
	s := requests.NewSession(requests.Cache(requests.MemoryCache(1 << 20)))
	defer s.Close()
	for i := range 3 {
		resp, err := s.Get(context.Background(), srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.Text(); got != `{"a": 1}` {
			t.Fatalf("Get #%d: Text() = %q", i, got)
		}
		if resp.FromCache() != (i > 0) {
			t.Errorf("Get #%d: FromCache() = %v", i, resp.FromCache())
		}
	}
	if n.Load() != 1 {
		t.Errorf("the server got %d requests; want 1", n.Load())
	}
}

func TestCacheStoresRedirectsAndFollowsThemFromTheStore(t *testing.T) {
	leakCheck(t)
	srv, n := cacheOrigin(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			w.Header().Set("Location", "/new")
			w.WriteHeader(http.StatusMovedPermanently) // heuristically cacheable; no Last-Modified
			return
		}
		w.Header().Set("Cache-Control", "max-age=60")
		fmt.Fprint(w, "new")
	})
	// A 301 with max-age: both hops are stored.
	srv2, n2 := cacheOrigin(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			w.Header().Set("Location", srv.URL+"/new")
			w.Header().Set("Cache-Control", "max-age=60")
			w.WriteHeader(http.StatusMovedPermanently)
			return
		}
	})
	s := requests.NewSession(requests.Cache(requests.MemoryCache(1 << 20)))
	defer s.Close()
	for range 2 {
		resp, err := s.Get(context.Background(), srv2.URL+"/old")
		if err != nil {
			t.Fatal(err)
		}
		if resp.Text() != "new" || len(resp.History) != 1 {
			t.Fatalf("got %q with %d redirects; want new after 1", resp.Text(), len(resp.History))
		}
	}
	if n.Load() != 1 || n2.Load() != 1 {
		t.Errorf("the servers got %d and %d requests; want 1 each", n.Load(), n2.Load())
	}
}

func TestCacheStoresAStreamedBodyOnlyWhenReadToTheEnd(t *testing.T) {
	leakCheck(t)
	srv, n := cacheOrigin(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=60")
		w.Write(bytes.Repeat([]byte("x"), 100<<10))
	})
	s := requests.NewSession(requests.Cache(requests.MemoryCache(4 << 20)))
	defer s.Close()
	ctx := context.Background()
	resp, err := s.Get(ctx, srv.URL, requests.Stream(true))
	if err != nil {
		t.Fatal(err)
	}
	for chunk, err := range resp.IterContent(1024) {
		if err != nil || len(chunk) > 0 {
			break // read a little, then give up
		}
	}
	resp.Close()
	resp, err = s.Get(ctx, srv.URL, requests.Stream(true))
	if err != nil {
		t.Fatal(err)
	}
	if resp.FromCache() {
		t.Fatal("a body read in part was stored")
	}
	if len(resp.Content()) != 100<<10 {
		t.Fatalf("read %d bytes", len(resp.Content()))
	}
	resp.Close()
	resp, err = s.Get(ctx, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if !resp.FromCache() || len(resp.Content()) != 100<<10 || n.Load() != 2 {
		t.Errorf("FromCache %v, %d bytes, %d requests; want the whole body stored after 2 requests", resp.FromCache(), len(resp.Content()), n.Load())
	}
}

func TestCacheUnderConcurrentRequests(t *testing.T) {
	leakCheck(t)
	srv, n := cacheOrigin(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=60")
		fmt.Fprint(w, r.URL.Path)
	})
	s := requests.NewSession(requests.Cache(requests.DiskCache(t.TempDir(), 1<<20)))
	defer s.Close()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				path := fmt.Sprintf("/%d", (g+i)%4)
				resp, err := s.Get(context.Background(), srv.URL+path)
				if err != nil {
					t.Error(err)
					return
				}
				if resp.Text() != path {
					t.Errorf("Get(%s) = %q", path, resp.Text())
				}
			}
		}()
	}
	wg.Wait()
	if n.Load() > 40 {
		t.Errorf("the server got %d requests for 4 URLs", n.Load())
	}
}

func TestCacheNilIsAnError(t *testing.T) {
	_, err := requests.Get(context.Background(), "http://127.0.0.1:1/", requests.Cache(nil))
	if !errors.Is(err, requests.ErrRequest) {
		t.Errorf("err = %v; want ErrRequest", err)
	}
}

// mapStore is a user's CacheStore: a map.
type mapStore struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (s *mapStore) Get(_ context.Context, key string) (io.ReadCloser, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.m[key]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

func (s *mapStore) Put(_ context.Context, key string) (requests.CacheWriter, error) {
	return &mapWriter{s: s, key: key}, nil
}

func (s *mapStore) Delete(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
	return nil
}

type mapWriter struct {
	s   *mapStore
	key string
	buf bytes.Buffer
}

func (w *mapWriter) Write(p []byte) (int, error) { return w.buf.Write(p) }
func (w *mapWriter) Abort()                      {}
func (w *mapWriter) Commit() error {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	w.s.m[w.key] = w.buf.Bytes()
	return nil
}

func TestCacheWithAUsersStore(t *testing.T) {
	leakCheck(t)
	srv, n := cacheOrigin(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=60")
		fmt.Fprint(w, "mine")
	})
	store := &mapStore{m: map[string][]byte{}}
	s := requests.NewSession(requests.Cache(store))
	defer s.Close()
	for range 2 {
		if resp, err := s.Get(context.Background(), srv.URL); err != nil || resp.Text() != "mine" {
			t.Fatalf("Get = %v, %v", resp, err)
		}
	}
	// Garbage in the store is a miss, and is replaced.
	for k := range store.m {
		store.m[k] = []byte("garbage")
	}
	resp, err := s.Get(context.Background(), srv.URL)
	if err != nil || resp.Text() != "mine" || resp.FromCache() {
		t.Fatalf("Get over garbage = %v, %v", resp, err)
	}
	if n.Load() != 2 {
		t.Errorf("the server got %d requests; want 2", n.Load())
	}
}

func TestCacheRequestDirectives(t *testing.T) {
	leakCheck(t)
	srv, n := cacheOrigin(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=60")
		w.Header().Set("ETag", `"x"`)
		if r.Header.Get("If-None-Match") == `"x"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, "body")
	})
	s := requests.NewSession(requests.Cache(requests.MemoryCache(1 << 20)))
	defer s.Close()
	ctx := context.Background()
	s.Get(ctx, srv.URL)
	for _, tt := range []struct {
		cc        string
		requests  int32
		fromCache bool
	}{
		{"", 1, true},
		{"no-cache", 2, true}, // revalidated: a 304, the stored body
		{"max-age=0", 3, true},
		{"no-store", 4, false},
	} {
		opts := []requests.Option{}
		if tt.cc != "" {
			opts = append(opts, requests.Headers{"Cache-Control": tt.cc})
		}
		resp, err := s.Get(ctx, srv.URL, opts...)
		if err != nil {
			t.Fatal(err)
		}
		if resp.Text() != "body" || resp.FromCache() != tt.fromCache || n.Load() != tt.requests {
			t.Errorf("Cache-Control %q: %q, FromCache %v, %d requests; want body, %v, %d",
				tt.cc, resp.Text(), resp.FromCache(), n.Load(), tt.fromCache, tt.requests)
		}
	}
}

// BenchmarkCacheHit is BenchmarkGetJSON answered by a Session's cache: the
// same 300-byte JSON document, fresh for an hour, decoded each time.
func BenchmarkCacheHit(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=3600")
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, payload300)
	}))
	defer srv.Close()
	s := requests.NewSession(requests.Cache(requests.MemoryCache(64 << 20)))
	defer s.Close()
	if _, err := s.Get(context.Background(), srv.URL+"/doc"); err != nil {
		b.Fatal(err)
	}
	b.Run("json", func(b *testing.B) { benchSession(b, s, srv.URL+"/doc") })
	b.Run("body", func(b *testing.B) { benchBody(b, s, srv.URL+"/doc") })
}

func TestCacheRevalidatesInTheBackgroundUnderStaleWhileRevalidate(t *testing.T) {
	leakCheck(t)
	var version atomic.Int32
	srv, n := cacheOrigin(t, func(w http.ResponseWriter, r *http.Request) {
		v := version.Add(1)
		if v == 1 {
			w.Header().Set("Age", "10") // stale on arrival, within the window
			w.Header().Set("Cache-Control", "max-age=1, stale-while-revalidate=3600")
		} else {
			w.Header().Set("Cache-Control", "max-age=3600")
		}
		fmt.Fprint(w, "v", v)
	})
	s := requests.NewSession(requests.Cache(requests.MemoryCache(1 << 20)))
	defer s.Close()
	ctx := context.Background()
	s.Get(ctx, srv.URL)
	resp, err := s.Get(ctx, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Text() != "v1" || !resp.FromCache() {
		t.Fatalf("got %q (FromCache %v); want the stale v1 at once", resp.Text(), resp.FromCache())
	}
	// The revalidation stores v2 in the background; until then v1 is
	// served, and no second revalidation starts.
	deadline := time.Now().Add(5 * time.Second)
	for resp.Text() != "v2" && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
		if resp, err = s.Get(ctx, srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	if resp.Text() != "v2" || n.Load() != 2 {
		t.Errorf("got %q after %d requests; want v2 after 2", resp.Text(), n.Load())
	}
}

func TestCacheOnADirectoryThatCannotBeWrittenCachesNothing(t *testing.T) {
	leakCheck(t)
	srv, n := cacheOrigin(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=60")
		fmt.Fprint(w, "ok")
	})
	s := requests.NewSession(requests.Cache(requests.DiskCache("/proc/self/no-such-dir", 1<<20)))
	defer s.Close()
	for range 2 {
		resp, err := s.Get(context.Background(), srv.URL)
		if err != nil || resp.Text() != "ok" || resp.FromCache() {
			t.Fatalf("Get = %v, %v; want ok, not from the cache", resp, err)
		}
	}
	if n.Load() != 2 {
		t.Errorf("the server got %d requests; want 2", n.Load())
	}
}

// countingRT counts the requests that reach it.
type countingRT struct {
	next http.RoundTripper
	n    *atomic.Int32
}

func (c countingRT) RoundTrip(req *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(req)
}

func TestCacheSitsAboveTheWrappers(t *testing.T) {
	leakCheck(t)
	srv, _ := cacheOrigin(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=60")
		fmt.Fprint(w, "ok")
	})
	for _, order := range []string{"Cache first", "WrapTransport first"} {
		var seen atomic.Int32
		wrap := requests.WrapTransport(func(next http.RoundTripper) http.RoundTripper { return countingRT{next, &seen} })
		cache := requests.Cache(requests.MemoryCache(1 << 20))
		opts := []requests.Option{cache, wrap}
		if order != "Cache first" {
			opts = []requests.Option{wrap, cache}
		}
		s := requests.NewSession(opts...)
		for range 3 {
			if _, err := s.Get(context.Background(), srv.URL); err != nil {
				t.Fatal(err)
			}
		}
		s.Close()
		if seen.Load() != 1 {
			t.Errorf("%s: the wrapper saw %d requests; want 1 (the hits stay above it)", order, seen.Load())
		}
	}
}

func TestCacheServesTheHandOuts(t *testing.T) {
	leakCheck(t)
	srv, n := cacheOrigin(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=60")
		fmt.Fprint(w, "ok")
	})
	s := requests.NewSession(requests.Cache(requests.MemoryCache(1 << 20)))
	defer s.Close()
	c := s.Client()
	for i := range 3 {
		resp, err := c.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != "ok" || (i > 0) != strings.Contains(resp.Header.Get("Cache-Status"), "hit") {
			t.Errorf("Client().Get #%d: %q, Cache-Status %q", i, b, resp.Header.Get("Cache-Status"))
		}
	}
	if n.Load() != 1 {
		t.Errorf("the server got %d requests; want 1", n.Load())
	}
}

// A fresh hit of a Session's verbs is answered before any transport is set
// up; it must say what the cache's RoundTrip says for the same entry, on
// both stores, and leave what it does not answer (a request directive, a
// condition, a range, a varying field) to the usual way.
func TestCacheFreshHitOfTheVerbsIsTheRoundTripsHit(t *testing.T) {
	leakCheck(t)
	srv, n := cacheOrigin(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=3600")
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Vary", "X-Lang")
		w.Header().Set("Set-Cookie", "seen=1")
		fmt.Fprint(w, "lang ", r.Header.Get("X-Lang"))
	})
	for name, store := range map[string]requests.CacheStore{
		"memory": requests.MemoryCache(1 << 20),
		"disk":   requests.DiskCache(t.TempDir(), 1<<20),
	} {
		n.Store(0)
		s := requests.NewSession(requests.Cache(store))
		ctx := context.Background()
		get := func(opts ...requests.Option) *requests.Response {
			t.Helper()
			resp, err := s.Get(ctx, srv.URL+"/doc", opts...)
			if err != nil {
				t.Fatal(err)
			}
			return resp
		}
		get(requests.Headers{"X-Lang": "en"})
		verb := get(requests.Headers{"X-Lang": "en"})
		req, _ := http.NewRequest("GET", srv.URL+"/doc", nil)
		req.Header.Set("X-Lang", "en")
		rt, err := s.RoundTripper().RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rt.Body)
		rt.Body.Close()
		if !verb.FromCache() || verb.Text() != "lang en" || string(body) != "lang en" || n.Load() != 1 {
			t.Fatalf("%s: FromCache %v, %q and %q, %d requests; want a hit of lang en after 1 request", name, verb.FromCache(), verb.Text(), body, n.Load())
		}
		strip := func(h http.Header) http.Header {
			h = h.Clone()
			h.Del("Age") // may tick between the two
			h.Del("Cache-Status")
			return h
		}
		if a, b := strip(verb.Header), strip(rt.Header); fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("%s: the verb's hit has header\n%v\nthe RoundTrip's\n%v", name, a, b)
		}
		if name == "memory" {
			// The verbs' hit skips the transport's set-up: 33 allocations
			// for this call (its options and the variant's key
			// included), where RoundTrip's way takes 52.
			allocs := testing.AllocsPerRun(20, func() { get(requests.Headers{"X-Lang": "en"}) })
			if allocs > 42 {
				t.Errorf("a hit of the verbs takes %.0f allocations; want the fast path's 33 or so, not the transport's 52", allocs)
			}
		}
		if a, b := verb.Header.Get("Cache-Status"), rt.Header.Get("Cache-Status"); !strings.HasPrefix(a, "go-requests; hit; ttl=") || !strings.HasPrefix(b, "go-requests; hit; ttl=") {
			t.Errorf("%s: Cache-Status %q and %q; want hits", name, a, b)
		}
		if c, err := s.Cookies().Lookup("seen", "127.0.0.1", "/"); err != nil || c.Value != "1" {
			t.Errorf("%s: the Session has cookie %v (%v); want seen=1, from the first response", name, c, err)
		}
		// What a plain hit does not answer goes through RoundTrip.
		if resp := get(requests.Headers{"X-Lang": "fr"}); resp.FromCache() || resp.Text() != "lang fr" {
			t.Errorf("%s: another variant: FromCache %v, %q", name, resp.FromCache(), resp.Text())
		}
		if resp := get(requests.Headers{"X-Lang": "en", "If-None-Match": `"v1"`}); resp.StatusCode != http.StatusNotModified || !resp.FromCache() {
			t.Errorf("%s: a condition the entry meets: %d, FromCache %v; want a 304 from the cache", name, resp.StatusCode, resp.FromCache())
		}
		if resp := get(requests.Headers{"X-Lang": "en", "Cache-Control": "no-cache"}); resp.FromCache() {
			t.Errorf("%s: no-cache was answered from the store", name)
		}
		if resp := get(requests.Headers{"X-Lang": "en", "Range": "bytes=0-3"}); resp.StatusCode != http.StatusPartialContent || resp.Text() != "lang" {
			t.Errorf("%s: a range: %d %q; want 206 lang", name, resp.StatusCode, resp.Text())
		}
		s.Close()
	}
}
