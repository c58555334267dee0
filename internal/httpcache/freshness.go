package httpcache

import (
	"net/http"
	"time"
)

// heuristicStatus are the status codes RFC 9110 section 15.1 defines as
// heuristically cacheable.
func heuristicStatus(code int) bool {
	switch code {
	case 200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501:
		return true
	}
	return false
}

// understoodStatus are the codes whose caching rules this cache knows,
// for must-understand (RFC 9111 section 5.2.2.3).
func understoodStatus(code int) bool {
	switch code {
	case 200, 203, 204, 206, 300, 301, 302, 303, 307, 308, 404, 405, 410, 414, 501:
		return true
	}
	return false
}

// maxHeuristic bounds a lifetime guessed from Last-Modified, as Firefox
// bounds its own.
const maxHeuristic = 7 * 24 * time.Hour

// freshness is how a stored response stands at one instant.
type freshness struct {
	lifetime time.Duration
	age      time.Duration
	explicit bool // the lifetime came from max-age or Expires
}

func (f freshness) fresh() bool { return f.lifetime > f.age }

// staleness is how long the response has been stale (negative while fresh).
func (f freshness) staleness() time.Duration { return f.age - f.lifetime }

// freshnessOf computes the freshness lifetime and current age of a stored
// response (RFC 9111 sections 4.2.1 and 4.2.3) at now, saturating at
// maxDelta.
func freshnessOf(m *meta, cc directives, now time.Time) freshness {
	return standingOf(m, cc).at(m.responseTime, now)
}

// standing is what a stored response's freshness is made of that does not
// change while it is stored: its lifetime, and its age when it was
// received (the corrected initial age).
type standing struct {
	lifetime time.Duration
	initial  time.Duration
	explicit bool
}

func standingOf(m *meta, cc directives) standing {
	h := m.header
	date, dateOK := headerDate(h, "Date")
	if !dateOK {
		date = m.responseTime
	}
	var s standing
	switch {
	case cc.maxAge >= 0:
		s.lifetime, s.explicit = cc.maxAge, true
	case len(h["Expires"]) > 0:
		s.explicit = true
		if exp, ok := headerDate(h, "Expires"); ok {
			s.lifetime = max(exp.Sub(date), 0)
		}
	default:
		if lm, ok := headerDate(h, "Last-Modified"); ok && (heuristicStatus(m.status) || cc.public) {
			s.lifetime = min(max(date.Sub(lm)/10, 0), maxHeuristic)
		}
	}
	apparent := max(m.responseTime.Sub(date), 0)
	delay := max(m.responseTime.Sub(m.requestTime), 0)
	corrected := addSat(ageValue(h), delay)
	s.initial = max(apparent, corrected)
	s.lifetime = min(s.lifetime, maxDelta)
	return s
}

// at is the freshness at now of a response received at responseTime.
func (s standing) at(responseTime, now time.Time) freshness {
	resident := max(now.Sub(responseTime), 0)
	return freshness{lifetime: s.lifetime, age: addSat(s.initial, resident), explicit: s.explicit}
}

func addSat(a, b time.Duration) time.Duration {
	if a > maxDelta-b {
		return maxDelta
	}
	return a + b
}

// hopByHop are the fields a cache must not store (RFC 9111 section 3.1),
// beside those the Connection field lists.
var hopByHop = []string{
	"Connection", "Keep-Alive", "Proxy-Connection", "Te", "Transfer-Encoding", "Upgrade",
	"Proxy-Authenticate", "Proxy-Authentication-Info", "Proxy-Authorization", "Trailer",
}

// storableHeader is h less the fields a cache does not store.
func storableHeader(h http.Header) http.Header {
	out := h.Clone()
	for _, line := range h["Connection"] {
		for s := line; s != ""; {
			var name string
			name, _, _, _, s = nextDirective(s)
			if name != "" {
				delete(out, http.CanonicalHeaderKey(name))
			}
		}
	}
	for _, k := range hopByHop {
		delete(out, k)
	}
	delete(out, "Cache-Status") // entries of caches below are about that exchange
	return out
}

// noUpdate are the stored fields a 304 or a HEAD never replaces: the
// framing and coding of the stored bytes (RFC 9111 section 3.2).
var noUpdate = map[string]bool{
	"Content-Length": true, "Content-Encoding": true, "Content-Range": true,
	"Transfer-Encoding": true, "Cache-Status": true,
}
