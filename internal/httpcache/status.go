package httpcache

import (
	"net/http"
	"strings"
)

// FromCache reports whether a response this cache returned was served
// from its store: a hit (fresh, or stale where allowed), a stored response
// the origin confirmed with a 304, or one that stood in for an error under
// stale-if-error or when the origin could not be reached. It reads the last member of the Cache-Status field,
// which is always this cache's own: the cache adds one to every response
// it returns. The stored response is named by "hit", or by a detail
// parameter of "revalidated" or "stale-if-error". Call it only on
// responses of a Transport.
func FromCache(h http.Header) bool {
	lines := h["Cache-Status"]
	if len(lines) == 0 {
		return false
	}
	last := lines[len(lines)-1]
	if i := strings.LastIndexByte(last, ','); i >= 0 {
		last = last[i+1:]
	}
	name, params, _ := strings.Cut(last, ";")
	if trimOWS(name) != Name {
		return false
	}
	for _, p := range strings.Split(params, ";") {
		k, v, _ := strings.Cut(trimOWS(p), "=")
		if k == "hit" || k == "detail" && (v == "revalidated" || v == "stale-if-error" || v == "disconnected") {
			return true
		}
	}
	return false
}
