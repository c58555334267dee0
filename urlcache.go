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

// slot returns where the URL of raw and query would be kept, and its hash.
func (t *urlTable) slot(raw, query string) (*atomic.Pointer[urlCacheEntry], uint64) {
	h := maphash.String(t.seed, raw)
	if query != "" {
		h = h*31 ^ maphash.String(t.seed, query)
	}
	return &t.entries[h&(urlCacheSlots-1)], h
}

// remember stores pu in slot when its URL was the last one missed there.
func (t *urlTable) remember(slot *atomic.Pointer[urlCacheEntry], h uint64, raw, query string, pu *preparedURL) {
	if len(raw)+len(query) > urlCacheMaxLen || pu.u.User != nil || strings.IndexByte(raw, '@') >= 0 {
		return
	}
	seen := &t.seen[h&(urlCacheSlots-1)]
	if seen.Swap(h) != h {
		return
	}
	slot.Store(&urlCacheEntry{raw: raw, query: query, pu: *pu})
}
