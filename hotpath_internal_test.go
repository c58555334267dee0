package requests

import (
	"net/http"
	"testing"

	"github.com/go-requests/requests/internal/decode"
)

// What a cache hit gives, and the request made of it, are their own.
func TestPreparedURLsAreTheirOwn(t *testing.T) {
	const raw, query = "HTTP://Example.COM:80/a/../b c?x=1", "y=%C3%A9"
	want, err := prepareURL(raw, query)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		prepareURL(raw, query) // kept from the second call on
	}
	hit, _ := prepareURL(raw, query)
	src := http.Header{"A": {"1"}}
	pr := newPreparedRequest(&hit, src, true)
	pr.URL.Path, hit.URL.RawQuery = "/changed", "changed"
	pr.Header["A"][0] = "2"
	if again, _ := prepareURL(raw, query); again != want {
		t.Errorf("a change to a request's URL reached the cache: %+v", again.URL)
	}
	if src["A"][0] != "1" {
		t.Error("a change to a request's header reached the header it was copied from")
	}
}

// A decompressed body's buffer grows no further than the decompression
// limit (and a byte to see it passed): a bomb stops with the buffer at the
// limit, not at twice it.
func TestBodyGrowsToTheLimit(t *testing.T) {
	b := &responseBody{dec: decode.New(nil, nil, 1000)}
	buf := make([]byte, 600)
	if got := cap(b.grow(buf)); got != 1001 {
		t.Errorf("grow from 600 under a limit of 1000: cap %d; want 1001", got)
	}
	if got := cap(b.grow(make([]byte, 100))); got != 200 {
		t.Errorf("grow from 100: cap %d; want 200", got)
	}
	if got := cap((&responseBody{}).grow(make([]byte, 600))); got != 1200 {
		t.Errorf("grow without a decoder: cap %d; want 1200", got)
	}
}
