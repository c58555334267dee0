package requests

import (
	"net/http"
	"testing"

	"github.com/go-requests/requests/internal/decode"
)

func TestURLCache(t *testing.T) {
	const raw, query = "HTTP://Example.COM:80/a/../b c?x=1", "y=%C3%A9"
	want, err := parsePreparedURL(raw, query)
	if err != nil {
		t.Fatal(err)
	}
	h := urlCache.hash(raw, query)
	urlCache.entries[h%urlCacheSlots].Store(nil) // whatever earlier tests left
	urlCache.seen[h%urlCacheSlots].Store(0)
	for i := range 3 {
		got, err := prepareURL(raw, query)
		if err != nil || got != want {
			t.Fatalf("call %d: %+v, %v; want %+v", i, got.u, err, want.u)
		}
		// Kept from the second call on, not before.
		if _, kept := urlCache.get(h, raw, query); kept != (i >= 1) {
			t.Fatalf("after call %d, cached: %v", i, kept)
		}
	}
	// Another query is another URL.
	if got, _ := prepareURL(raw, "y=2"); got.u.RawQuery != "x=1&y=2" {
		t.Errorf("another query: %q", got.u.RawQuery)
	}
	// What a cache hit gives, and the request made of it, are their own.
	hit, _ := prepareURL(raw, query)
	src := http.Header{"A": {"1"}}
	pr := newPreparedRequest(&hit, src, true)
	pr.URL.Path, hit.u.RawQuery = "/changed", "changed"
	pr.Header["A"][0] = "2"
	if again, _ := prepareURL(raw, query); again != want {
		t.Errorf("a change to a request's URL reached the cache: %+v", again.u)
	}
	if src["A"][0] != "1" {
		t.Error("a change to a request's header reached the header it was copied from")
	}
	// Credentials are never kept.
	const secret = "http://user:pw@example.com/"
	for range 3 {
		if _, err := prepareURL(secret, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, kept := urlCache.get(urlCache.hash(secret, ""), secret, ""); kept {
		t.Error("a URL with credentials was cached")
	}
}

// A decompressed body's buffer grows no further than the decompression
// limit (and a byte to see it passed): a bomb stops with the buffer at the
// limit, not at twice it.
func TestBodyGrowsToTheLimit(t *testing.T) {
	b := &body{dec: decode.New(nil, nil, 1000)}
	buf := make([]byte, 600)
	if got := cap(b.grow(buf)); got != 1001 {
		t.Errorf("grow from 600 under a limit of 1000: cap %d; want 1001", got)
	}
	if got := cap(b.grow(make([]byte, 100))); got != 200 {
		t.Errorf("grow from 100: cap %d; want 200", got)
	}
	if got := cap((&body{}).grow(make([]byte, 600))); got != 1200 {
		t.Errorf("grow without a decoder: cap %d; want 1200", got)
	}
}
