package httpcache

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// origin is a fake server below the cache: each request is answered by
// the handler, with the clock of the test.
type fakeOrigin struct {
	mu      sync.Mutex
	clock   *clock
	calls   atomic.Int32
	last    *http.Request
	handler func(req *http.Request, n int) *http.Response
	err     error
}

func (o *fakeOrigin) RoundTrip(req *http.Request) (*http.Response, error) {
	n := int(o.calls.Add(1))
	o.mu.Lock()
	o.last = req
	err := o.err
	o.mu.Unlock()
	if req.Body != nil {
		req.Body.Close()
	}
	if err != nil {
		return nil, err
	}
	resp := o.handler(req, n)
	resp.Request = req
	if resp.Header == nil {
		resp.Header = http.Header{}
	}
	if resp.Header.Get("Date") == "" {
		resp.Header.Set("Date", o.clock.now().UTC().Format(http.TimeFormat))
	}
	if resp.Body == nil {
		resp.Body = http.NoBody
	}
	if resp.Status == "" {
		resp.Status = strconv.Itoa(resp.StatusCode) + " " + http.StatusText(resp.StatusCode)
	}
	return resp, nil
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// reply is a response with a body and header fields given as "Name: value".
func reply(code int, body string, fields ...string) *http.Response {
	h := http.Header{}
	for _, f := range fields {
		k, v, _ := strings.Cut(f, ": ")
		h.Add(k, v)
	}
	return &http.Response{
		StatusCode: code, Header: h, ProtoMajor: 1, ProtoMinor: 1, Proto: "HTTP/1.1",
		Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)),
	}
}

func setup(t *testing.T, handler func(req *http.Request, n int) *http.Response) (*Transport, *fakeOrigin, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)}
	o := &fakeOrigin{clock: c, handler: handler}
	tr := New(NewMemoryStore(1<<20), o)
	tr.now = c.now
	t.Cleanup(func() { tr.Close() })
	return tr, o, c
}

// get makes a request through the cache and reads the whole body.
func get(t *testing.T, tr http.RoundTripper, method, url string, fields ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fields {
		k, v, _ := strings.Cut(f, ": ")
		req.Header.Add(k, v)
	}
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, url, err)
	}
	resp.Body.Close()
	return resp, string(b)
}

const u = "http://example.test/a"

func TestFreshResponseIsServedFromTheStore(t *testing.T) {
	tr, o, c := setup(t, func(req *http.Request, n int) *http.Response {
		return reply(200, "body "+strconv.Itoa(n), "Cache-Control: max-age=60")
	})
	_, b1 := get(t, tr, "GET", u)
	c.advance(30 * time.Second)
	resp, b2 := get(t, tr, "GET", u)
	if b1 != "body 1" || b2 != "body 1" || o.calls.Load() != 1 {
		t.Fatalf("bodies %q, %q after %d calls; want the first twice, one call", b1, b2, o.calls.Load())
	}
	if got := resp.Header.Get("Age"); got != "30" {
		t.Errorf("Age = %q; want 30", got)
	}
	if !FromCache(resp.Header) {
		t.Errorf("FromCache(%q) = false", resp.Header["Cache-Status"])
	}
	c.advance(31 * time.Second)
	if _, b3 := get(t, tr, "GET", u); b3 != "body 2" {
		t.Errorf("a stale response was served: %q", b3)
	}
}

func TestHeuristicFreshnessFromLastModified(t *testing.T) {
	lm := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC).Add(-100 * time.Hour).Format(http.TimeFormat)
	tr, o, c := setup(t, func(req *http.Request, n int) *http.Response {
		return reply(200, "x", "Last-Modified: "+lm)
	})
	get(t, tr, "GET", u)
	c.advance(9 * time.Hour) // a tenth of 100 hours is 10
	get(t, tr, "GET", u)
	if o.calls.Load() != 1 {
		t.Fatalf("%d calls; want 1 (heuristically fresh)", o.calls.Load())
	}
	c.advance(2 * time.Hour)
	resp, _ := get(t, tr, "GET", u)
	if o.calls.Load() != 2 || resp.Header.Get("Cache-Status") == "" {
		t.Fatalf("%d calls; want 2 (stale, validated with If-Modified-Since)", o.calls.Load())
	}
}

func TestValidationMergesThe304(t *testing.T) {
	tr, o, _ := setup(t, func(req *http.Request, n int) *http.Response {
		if req.Header.Get("If-None-Match") == `"v1"` {
			return reply(304, "", "ETag: \"v1\"", "X-New: 2", "Content-Length: 99", "Cache-Control: no-cache")
		}
		return reply(200, "stored body", "ETag: \"v1\"", "X-New: 1", "Cache-Control: no-cache", "Content-Length: 11")
	})
	get(t, tr, "GET", u)
	resp, body := get(t, tr, "GET", u)
	if body != "stored body" || resp.StatusCode != 200 || o.calls.Load() != 2 {
		t.Fatalf("got %d %q after %d calls; want 200 and the stored body after 2", resp.StatusCode, body, o.calls.Load())
	}
	if resp.Header.Get("X-New") != "2" || resp.Header.Get("Content-Length") != "11" {
		t.Errorf("header after the 304: %v; want X-New 2 and the stored Content-Length", resp.Header)
	}
	if !FromCache(resp.Header) {
		t.Errorf("FromCache(%q) = false for a revalidated response", resp.Header["Cache-Status"])
	}
	resp, _ = get(t, tr, "GET", u)
	if resp.Header.Get("X-New") != "2" {
		t.Errorf("the update was not stored: X-New %q", resp.Header.Get("X-New"))
	}
}

func TestVarySelectsVariants(t *testing.T) {
	tr, o, _ := setup(t, func(req *http.Request, n int) *http.Response {
		return reply(200, "lang "+req.Header.Get("Accept-Language"), "Cache-Control: max-age=60", "Vary: Accept-Language")
	})
	get(t, tr, "GET", u, "Accept-Language: en")
	get(t, tr, "GET", u, "Accept-Language: de")
	_, en := get(t, tr, "GET", u, "Accept-Language: EN")
	_, de := get(t, tr, "GET", u, "Accept-Language: de")
	_, none := get(t, tr, "GET", u)
	if en != "lang en" || de != "lang de" || none != "lang " || o.calls.Load() != 3 {
		t.Fatalf("got %q %q %q after %d calls; want each variant, 3 calls", en, de, none, o.calls.Load())
	}
}

func TestVaryStarAndHugeVaryAreNotStored(t *testing.T) {
	huge := make([]string, maxVaryNames+1)
	for i := range huge {
		huge[i] = "X-" + strconv.Itoa(i)
	}
	for _, vary := range []string{"*", "Foo, *", strings.Join(huge, ", ")} {
		tr, o, _ := setup(t, func(req *http.Request, n int) *http.Response {
			return reply(200, "x", "Cache-Control: max-age=60", "Vary: "+vary)
		})
		get(t, tr, "GET", u)
		get(t, tr, "GET", u)
		if o.calls.Load() != 2 {
			t.Errorf("Vary %.30q: %d calls; want 2", vary, o.calls.Load())
		}
	}
}

func TestDirectives(t *testing.T) {
	tests := []struct {
		name   string
		resp   []string
		req    []string // on the second request
		calls  int32
		status int
	}{
		{"a no-store response is not stored", []string{"Cache-Control: no-store, max-age=60"}, nil, 2, 200},
		{"a no-store request neither reads nor writes", []string{"Cache-Control: max-age=60"}, []string{"Cache-Control: no-store"}, 2, 200},
		{"a no-cache request revalidates", []string{"Cache-Control: max-age=60", "ETag: \"a\""}, []string{"Cache-Control: no-cache"}, 2, 200},
		{"Pragma: no-cache without Cache-Control revalidates", []string{"Cache-Control: max-age=60"}, []string{"Pragma: no-cache"}, 2, 200},
		{"a max-age=0 request revalidates", []string{"Cache-Control: max-age=60"}, []string{"Cache-Control: max-age=0"}, 2, 200},
		{"min-fresh beyond what is left misses", []string{"Cache-Control: max-age=60"}, []string{"Cache-Control: min-fresh=120"}, 2, 200},
		{"only-if-cached is served when stored", []string{"Cache-Control: max-age=60"}, []string{"Cache-Control: only-if-cached"}, 1, 200},
		{"malformed Cache-Control is a miss at worst", []string{`Cache-Control: max-age="60, =,,, "unterminated`}, nil, 2, 200},
		{"a private response is stored by a private cache", []string{"Cache-Control: private, max-age=60"}, nil, 1, 200},
		{"no-store with must-understand is stored for a known status", []string{"Cache-Control: max-age=60, no-store, must-understand"}, nil, 1, 200},
		{"an Age that overflows makes it stale", []string{"Cache-Control: max-age=60", "Age: 99999999999999999999999"}, nil, 2, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, o, _ := setup(t, func(req *http.Request, n int) *http.Response {
				return reply(200, "x", tt.resp...)
			})
			get(t, tr, "GET", u)
			resp, _ := get(t, tr, "GET", u, tt.req...)
			if o.calls.Load() != tt.calls || resp.StatusCode != tt.status {
				t.Errorf("%d calls, status %d; want %d, %d", o.calls.Load(), resp.StatusCode, tt.calls, tt.status)
			}
		})
	}
}

func TestOnlyIfCachedMiss(t *testing.T) {
	tr, o, _ := setup(t, func(req *http.Request, n int) *http.Response { return reply(200, "x") })
	resp, _ := get(t, tr, "GET", u, "Cache-Control: only-if-cached")
	if resp.StatusCode != 504 || o.calls.Load() != 0 {
		t.Errorf("status %d after %d calls; want 504 without a call", resp.StatusCode, o.calls.Load())
	}
}

func TestUnsafeMethodsInvalidate(t *testing.T) {
	for _, tt := range []struct {
		method string
		status int
		calls  int32
	}{
		{"POST", 200, 3}, {"PUT", 204, 3}, {"DELETE", 200, 3}, {"PATCH", 303, 3},
		{"POST", 500, 2}, {"OPTIONS", 200, 2},
	} {
		tr, o, _ := setup(t, func(req *http.Request, n int) *http.Response {
			if req.Method != "GET" {
				return reply(tt.status, "")
			}
			return reply(200, "x", "Cache-Control: max-age=600")
		})
		get(t, tr, "GET", u)
		get(t, tr, tt.method, u)
		get(t, tr, "GET", u)
		if o.calls.Load() != tt.calls {
			t.Errorf("%s answered %d: %d calls; want %d", tt.method, tt.status, o.calls.Load(), tt.calls)
		}
	}
}

func TestLocationOfTheSameOriginIsInvalidated(t *testing.T) {
	tr, o, _ := setup(t, func(req *http.Request, n int) *http.Response {
		if req.Method == "POST" {
			return reply(201, "", "Location: /b", "Content-Location: http://other.test/b")
		}
		return reply(200, "x", "Cache-Control: max-age=600")
	})
	get(t, tr, "GET", "http://example.test/b")
	get(t, tr, "POST", u)
	get(t, tr, "GET", "http://example.test/b")
	if o.calls.Load() != 3 {
		t.Errorf("%d calls; want 3 (/b invalidated by the Location)", o.calls.Load())
	}
}

func TestABodyReadInPartIsNotStored(t *testing.T) {
	tr, o, _ := setup(t, func(req *http.Request, n int) *http.Response {
		return reply(200, strings.Repeat("x", 1000), "Cache-Control: max-age=60")
	})
	req, _ := http.NewRequest("GET", u, nil)
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	io.ReadFull(resp.Body, make([]byte, 10))
	resp.Body.Close()
	get(t, tr, "GET", u)
	get(t, tr, "GET", u)
	if o.calls.Load() != 2 {
		t.Errorf("%d calls; want 2 (the first body was read in part)", o.calls.Load())
	}
}

func TestABodyShorterThanAnnouncedIsNotStored(t *testing.T) {
	tr, o, _ := setup(t, func(req *http.Request, n int) *http.Response {
		r := reply(200, "short", "Cache-Control: max-age=60")
		r.ContentLength = 1 << 40 // a peer's claim, not an allocation size
		return r
	})
	get(t, tr, "GET", u)
	get(t, tr, "GET", u)
	if o.calls.Load() != 2 {
		t.Errorf("%d calls; want 2", o.calls.Load())
	}
}

func TestStaleIfError(t *testing.T) {
	for _, tt := range []struct {
		name    string
		cc      string
		fail    func(o *fakeOrigin)
		wantErr bool
		status  int
	}{
		{"a 503 within stale-if-error", "max-age=1, stale-if-error=60", func(o *fakeOrigin) {}, false, 200},
		{"a lost connection", "max-age=1", func(o *fakeOrigin) { o.err = errors.New("connection reset") }, false, 200},
		{"a lost connection and must-revalidate", "max-age=1, must-revalidate", func(o *fakeOrigin) { o.err = errors.New("connection reset") }, true, 0},
		{"a 503 without stale-if-error", "max-age=1", func(o *fakeOrigin) {}, false, 503},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tr, o, c := setup(t, func(req *http.Request, n int) *http.Response {
				if n > 1 {
					return reply(503, "down")
				}
				return reply(200, "x", "Cache-Control: "+tt.cc)
			})
			get(t, tr, "GET", u)
			c.advance(10 * time.Second)
			tt.fail(o)
			req, _ := http.NewRequest("GET", u, nil)
			resp, err := tr.RoundTrip(req)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v; want an error: %v", err, tt.wantErr)
			}
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode != tt.status {
					t.Errorf("status %d; want %d", resp.StatusCode, tt.status)
				}
			}
		})
	}
}

func TestStaleWhileRevalidateInBackground(t *testing.T) {
	tr, o, c := setup(t, func(req *http.Request, n int) *http.Response {
		return reply(200, "v"+strconv.Itoa(n), "Cache-Control: max-age=1, stale-while-revalidate=60", "ETag: \"e"+strconv.Itoa(n)+"\"")
	})
	get(t, tr, "GET", u)
	c.advance(5 * time.Second)
	_, b := get(t, tr, "GET", u)
	if b != "v1" {
		t.Fatalf("got %q; want the stale v1 at once", b)
	}
	tr.Close() // waits for the revalidation
	if o.calls.Load() != 2 {
		t.Fatalf("%d calls; want 2 (one in the background)", o.calls.Load())
	}
	if _, b := get(t, tr, "GET", u); b != "v2" {
		t.Errorf("got %q; want v2, stored by the background revalidation", b)
	}
}

func TestRangeFromAStoredResponse(t *testing.T) {
	tr, o, _ := setup(t, func(req *http.Request, n int) *http.Response {
		return reply(200, "0123456789", "Cache-Control: max-age=60")
	})
	get(t, tr, "GET", u)
	for rng, want := range map[string]string{"bytes=0-1": "01", "bytes=7-": "789", "bytes=-2": "89", "bytes=5-100": "56789"} {
		resp, b := get(t, tr, "GET", u, "Range: "+rng)
		if resp.StatusCode != 206 || b != want {
			t.Errorf("Range %s: %d %q; want 206 %q", rng, resp.StatusCode, b, want)
		}
	}
	if o.calls.Load() != 1 {
		t.Errorf("%d calls; want 1", o.calls.Load())
	}
}

func TestHeadIsAnsweredFromAStoredGet(t *testing.T) {
	tr, o, _ := setup(t, func(req *http.Request, n int) *http.Response {
		return reply(200, "0123456789", "Cache-Control: max-age=60")
	})
	get(t, tr, "GET", u)
	resp, b := get(t, tr, "HEAD", u)
	if resp.StatusCode != 200 || b != "" || o.calls.Load() != 1 {
		t.Errorf("HEAD: %d %q after %d calls; want 200, no body, 1 call", resp.StatusCode, b, o.calls.Load())
	}
}

func TestTheCallersRequestIsNotModified(t *testing.T) {
	tr, _, c := setup(t, func(req *http.Request, n int) *http.Response {
		return reply(200, "x", "Cache-Control: max-age=1", "ETag: \"a\"", "Last-Modified: Mon, 07 Dec 2026 10:00:00 GMT")
	})
	get(t, tr, "GET", u)
	c.advance(time.Minute)
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("X-Mine", "1")
	before := fmt.Sprint(req.Header)
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if after := fmt.Sprint(req.Header); after != before {
		t.Errorf("the request's header changed from %s to %s", before, after)
	}
}

type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

func TestTheRequestBodyIsClosedOnAHit(t *testing.T) {
	tr, _, _ := setup(t, func(req *http.Request, n int) *http.Response {
		return reply(200, "x", "Cache-Control: max-age=60")
	})
	get(t, tr, "GET", u)
	body := &closeRecorder{Reader: strings.NewReader("")}
	req, _ := http.NewRequest("GET", u, body)
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !body.closed {
		t.Error("the request body was not closed")
	}
}

// garbageStore returns bytes that are not entries.
type garbageStore struct{ data [][]byte }

func (g *garbageStore) Get(context.Context, string) (io.ReadCloser, error) {
	if len(g.data) == 0 {
		return nil, errors.New("empty")
	}
	d := g.data[0]
	g.data = g.data[1:]
	return io.NopCloser(strings.NewReader(string(d))), nil
}
func (g *garbageStore) Put(context.Context, string) (Writer, error) {
	return nil, errors.New("read-only")
}
func (g *garbageStore) Delete(context.Context, string) error { return nil }

func TestAStoreReturningGarbageIsAMiss(t *testing.T) {
	good := NewMemoryStore(1 << 20)
	tr0 := New(good, &fakeOrigin{clock: &clock{t: time.Now()}, handler: func(*http.Request, int) *http.Response {
		return reply(200, "body", "Cache-Control: max-age=60")
	}})
	get(t, tr0, "GET", u)
	rc, _ := good.Get(context.Background(), u)
	entry, _ := io.ReadAll(rc)
	var inputs [][]byte
	inputs = append(inputs, nil, []byte("GRC1"), []byte(strings.Repeat("\xff", 100)), entry[:len(entry)-1])
	for i := range entry {
		bad := append([]byte(nil), entry...)
		bad[i] ^= 0x40
		inputs = append(inputs, bad)
	}
	for i, in := range inputs {
		g := &garbageStore{data: [][]byte{in}}
		tr, o, _ := setup(t, func(*http.Request, int) *http.Response { return reply(200, "fresh") })
		tr.store = g
		resp, b := get(t, tr, "GET", u)
		if b != "fresh" || o.calls.Load() != 1 || resp.StatusCode != 200 {
			t.Errorf("input %d: got %q after %d calls; want a miss", i, b, o.calls.Load())
		}
	}
}

func TestAStoredPartialResponseIsCompleted(t *testing.T) {
	tr, o, _ := setup(t, func(req *http.Request, n int) *http.Response {
		switch req.Header.Get("Range") {
		case "bytes=0-4":
			return reply(206, "01234", "Cache-Control: max-age=60", "Content-Range: bytes 0-4/10", "ETag: \"e\"")
		case "bytes=5-":
			if req.Header.Get("If-Range") != `"e"` {
				return reply(200, "0123456789", "Cache-Control: max-age=60")
			}
			return reply(206, "56789", "Cache-Control: max-age=60", "Content-Range: bytes 5-9/10", "ETag: \"e\"")
		}
		return reply(200, "0123456789", "Cache-Control: max-age=60")
	})
	get(t, tr, "GET", u, "Range: bytes=0-4")
	resp, b := get(t, tr, "GET", u)
	if resp.StatusCode != 200 || b != "0123456789" || resp.Header.Get("Content-Range") != "" {
		t.Fatalf("got %d %q %v; want the whole 200", resp.StatusCode, b, resp.Header)
	}
	if _, b := get(t, tr, "GET", u); b != "0123456789" || o.calls.Load() != 2 {
		t.Errorf("got %q after %d calls; want the joined response stored", b, o.calls.Load())
	}
}
