package urlprep

import "testing"

func TestCache(t *testing.T) {
	const raw, query = "HTTP://Example.COM:80/a/../b c?x=1", "y=%C3%A9"
	want, err := prepare(raw, query)
	if err != nil {
		t.Fatal(err)
	}
	h := cache.hash(raw, query)
	cache.entries[h%cacheSlots].Store(nil) // whatever earlier tests left
	cache.seen[h%cacheSlots].Store(0)
	for i := range 3 {
		got, err := Prepare(raw, query)
		if err != nil || got != want {
			t.Fatalf("call %d: %+v, %v; want %+v", i, got.URL, err, want.URL)
		}
		// Kept from the second call on, not before.
		if _, kept := cache.get(h, raw, query); kept != (i >= 1) {
			t.Fatalf("after call %d, cached: %v", i, kept)
		}
	}
	// Another query is another URL.
	if got, _ := Prepare(raw, "y=2"); got.URL.RawQuery != "x=1&y=2" {
		t.Errorf("another query: %q", got.URL.RawQuery)
	}
	// A change to what a hit gave does not reach the cache.
	hit, _ := Prepare(raw, query)
	hit.URL.RawQuery = "changed"
	if again, _ := Prepare(raw, query); again != want {
		t.Errorf("a change to a prepared URL reached the cache: %+v", again.URL)
	}
	// Credentials are never kept.
	const secret = "http://user:pw@example.com/"
	for range 3 {
		if _, err := Prepare(secret, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, kept := cache.get(cache.hash(secret, ""), secret, ""); kept {
		t.Error("a URL with credentials was cached")
	}
}
