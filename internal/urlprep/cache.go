package urlprep

import (
	"hash/maphash"
	"strings"
	"sync/atomic"
)

// cache remembers recently prepared URLs. Preparing one (urllib3's
// parsing and normalisation, requoting, then net/url's parsing) is the
// largest part of what a request costs before it reaches the transport, and
// programs call the same URLs again and again. Prepare is a pure function
// of its two arguments, so a hit is the answer.
//
// The cache is a fixed table of slots indexed by a hash of the arguments; a
// slot holds the last URL that hashed there. A URL is stored only the second
// time it is seen in a row for its slot (seen holds the hash of the last
// miss), so that a program whose URLs are all different pays no allocation
// for entries it will never use. URLs with credentials are not kept.
var cache table

const (
	cacheSlots  = 256 // a power of two
	cacheMaxLen = 1024
)

type table struct {
	seed    maphash.Seed
	entries [cacheSlots]atomic.Pointer[entry]
	seen    [cacheSlots]atomic.Uint64
}

type entry struct {
	raw, query string
	pu         Prepared
}

func init() { cache.seed = maphash.MakeSeed() }

// hash is the hash of a URL's arguments; it picks the slot.
func (t *table) hash(raw, query string) uint64 {
	h := maphash.String(t.seed, raw)
	if query != "" {
		h = h*31 ^ maphash.String(t.seed, query)
	}
	return h
}

// get returns the URL kept for raw and query, whose hash is h.
func (t *table) get(h uint64, raw, query string) (Prepared, bool) {
	if e := t.entries[h%cacheSlots].Load(); e != nil && e.raw == raw && e.query == query {
		return e.pu, true
	}
	return Prepared{}, false
}

// remember keeps pu when its URL was also the last one missed in its slot.
func (t *table) remember(h uint64, raw, query string, pu *Prepared) {
	if len(raw)+len(query) > cacheMaxLen || pu.URL.User != nil || strings.IndexByte(raw, '@') >= 0 {
		return
	}
	if t.seen[h%cacheSlots].Swap(h) != h {
		return
	}
	t.entries[h%cacheSlots].Store(&entry{raw: raw, query: query, pu: *pu})
}
