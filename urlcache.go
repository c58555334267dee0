package requests

import (
	"hash/maphash"
	"strings"
	"sync/atomic"
)

// urlCache remembers recently prepared URLs. Preparing one (urllib3's
// parsing and normalisation, requoting, then net/url's parsing) is the
// largest part of what a request costs before it reaches the transport, and
// programs call the same URLs again and again. prepareURL is a pure function
// of its two arguments, so a hit is the answer.
//
// The cache is a fixed table of slots indexed by a hash of the arguments; a
// slot holds the last URL that hashed there. A URL is stored only the second
// time it is seen in a row for its slot (seen holds the hash of the last
// miss), so that a program whose URLs are all different pays no allocation
// for entries it will never use. URLs with credentials are not kept.
var urlCache urlTable

const (
	urlCacheSlots  = 256 // a power of two
	urlCacheMaxLen = 1024
)

type urlTable struct {
	seed    maphash.Seed
	entries [urlCacheSlots]atomic.Pointer[urlCacheEntry]
	seen    [urlCacheSlots]atomic.Uint64
}

type urlCacheEntry struct {
	raw, query string
	pu         preparedURL
}

func init() { urlCache.seed = maphash.MakeSeed() }

// hash is the hash of a URL's arguments; it picks the slot.
func (t *urlTable) hash(raw, query string) uint64 {
	h := maphash.String(t.seed, raw)
	if query != "" {
		h = h*31 ^ maphash.String(t.seed, query)
	}
	return h
}

// get returns the URL kept for raw and query, whose hash is h.
func (t *urlTable) get(h uint64, raw, query string) (preparedURL, bool) {
	if e := t.entries[h%urlCacheSlots].Load(); e != nil && e.raw == raw && e.query == query {
		return e.pu, true
	}
	return preparedURL{}, false
}

// remember keeps pu when its URL was also the last one missed in its slot.
func (t *urlTable) remember(h uint64, raw, query string, pu *preparedURL) {
	if len(raw)+len(query) > urlCacheMaxLen || pu.u.User != nil || strings.IndexByte(raw, '@') >= 0 {
		return
	}
	if t.seen[h%urlCacheSlots].Swap(h) != h {
		return
	}
	t.entries[h%urlCacheSlots].Store(&urlCacheEntry{raw: raw, query: query, pu: *pu})
}
