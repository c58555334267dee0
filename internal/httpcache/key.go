package httpcache

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// maxVaryNames bounds the fields a stored response may vary on: a
// response that varies on more is not stored.
const maxVaryNames = 64

// primaryKey is the store key of a URI (RFC 9111 section 2): the scheme
// and host in lower case, the default port dropped, the path and query as
// sent, without the fragment. ok is false for a URL that is not absolute.
func primaryKey(u *url.URL, host string) (string, bool) {
	if u == nil || u.Scheme == "" {
		return "", false
	}
	if host == "" {
		host = u.Host
	}
	if host == "" {
		return "", false
	}
	scheme := strings.ToLower(u.Scheme)
	host = strings.ToLower(host)
	switch {
	case scheme == "http" && strings.HasSuffix(host, ":80"):
		host = host[:len(host)-3]
	case scheme == "https" && strings.HasSuffix(host, ":443"):
		host = host[:len(host)-4]
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	var b strings.Builder
	b.Grow(len(scheme) + len(host) + len(path) + len(u.RawQuery) + 8)
	b.WriteString(scheme)
	b.WriteString("://")
	b.WriteString(host)
	b.WriteString(path)
	if u.RawQuery != "" || u.ForceQuery {
		b.WriteByte('?')
		b.WriteString(u.RawQuery)
	}
	return b.String(), true
}

func requestKey(req *http.Request) (string, bool) {
	host := req.Host
	if req.URL != nil && host == req.URL.Host {
		host = ""
	}
	return primaryKey(req.URL, host)
}

// varyNames reads a response's Vary field lines: the canonical field
// names, sorted and without duplicates. star is true for a "*"; ok is
// false when there are too many names to store.
func varyNames(h http.Header) (names []string, star, ok bool) {
	for _, line := range h["Vary"] {
		for _, f := range strings.Split(line, ",") {
			f = trimOWS(f)
			switch {
			case f == "":
			case f == "*":
				star = true
			default:
				names = append(names, http.CanonicalHeaderKey(f))
			}
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	return names, star, len(names) <= maxVaryNames
}

// variantKey is the store key of the variant of primary that a request
// with header h selects under a vary index.
func variantKey(primary string, v *varyIndex, h http.Header) string {
	s := sha256.New()
	for _, name := range v.names {
		s.Write([]byte(name))
		vs, present := h[name]
		if !present {
			s.Write([]byte{0, 1})
			continue
		}
		s.Write([]byte{0, 0})
		s.Write([]byte(normalizeField(name, vs)))
		s.Write([]byte{0})
	}
	return primary + "\x00vary\x00" + v.nonce + "\x00" + hex.EncodeToString(s.Sum(nil))
}

// normalizeField is the value of a selecting field for matching (RFC 9111
// section 4.1): its lines combined, whitespace around list elements
// dropped; Accept-Language, whose order and case carry no meaning without
// weights, is also lowered and sorted.
func normalizeField(name string, vs []string) string {
	var elems []string
	for _, v := range vs {
		for _, e := range strings.Split(v, ",") {
			elems = append(elems, trimOWS(e))
		}
	}
	if name == "Accept-Language" {
		for i, e := range elems {
			elems[i] = strings.ToLower(strings.ReplaceAll(e, " ", ""))
		}
		slices.Sort(elems)
	}
	return strings.Join(elems, ",")
}

func newNonce() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
