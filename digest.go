package requests

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"
	"sync"
)

// digestAuth is HTTP Digest authentication (RFC 7616) as requests'
// HTTPDigestAuth does it: it answers a 4xx Digest challenge once per
// request, then reuses the server's nonce on later requests, counting its
// uses.
type digestAuth struct {
	user, pass string

	mu    sync.Mutex
	chal  map[string]string // the challenge being answered
	nonce string            // the nonce nc counts for
	nc    int
}

// DigestAuth sends HTTP Digest credentials: MD5, MD5-sess, SHA-256,
// SHA-256-sess, SHA-512-256 (and requests' SHA and SHA-512), with
// qop="auth" or none. The first request of a server is sent without
// credentials; its challenge is answered by sending the request once more.
// Keep one DigestAuth (on a Session, or in a variable) to reuse the nonce on
// later requests, as requests does.
func DigestAuth(user, password string) Option { return &digestAuth{user: user, pass: password} }

func (d *digestAuth) apply(c *config) { c.auth = d }

// Authorize sets credentials for the nonce of the last challenge, if any.
func (d *digestAuth) Authorize(r *PreparedRequest) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.chal == nil {
		return nil
	}
	if h := d.header(r); h != "" {
		r.Header["Authorization"] = []string{h}
	}
	return nil
}

// Challenge answers a Digest challenge in a 4xx response.
func (d *digestAuth) Challenge(resp *Response, r *PreparedRequest) (bool, error) {
	chal := pickDigestChallenge(resp.Header.Values("Www-Authenticate"))
	if chal == nil {
		return false, nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.chal = chal
	h := d.header(r)
	if h == "" {
		return false, nil
	}
	r.Header["Authorization"] = []string{h}
	return true, nil
}

// digestHashes are the algorithms supported, strongest first.
var digestHashes = []struct {
	name string
	new  func() hash.Hash
}{
	{"SHA-512-256", sha512.New512_256},
	{"SHA-512", sha512.New},
	{"SHA-256", sha256.New},
	{"SHA", sha1.New},
	{"MD5", md5.New},
}

// digestHash returns the hash of an algorithm name (without -sess), or nil.
func digestHash(algorithm string) (func() hash.Hash, int) {
	base := strings.TrimSuffix(strings.ToUpper(algorithm), "-SESS")
	if base == "" {
		base = "MD5"
	}
	for i, h := range digestHashes {
		if h.name == base {
			return h.new, i
		}
	}
	return nil, -1
}

// header builds the Authorization header for r from the current challenge,
// or returns "" when the challenge cannot be answered (an unknown algorithm,
// a qop without "auth").
func (d *digestAuth) header(r *PreparedRequest) string {
	algorithm := d.chal["algorithm"]
	newHash, _ := digestHash(algorithm)
	if newHash == nil {
		return ""
	}
	qop := d.chal["qop"]
	if qop != "" && !containsToken(qop, "auth") {
		return ""
	}
	H := func(s string) string {
		h := newHash()
		h.Write([]byte(s))
		return hex.EncodeToString(h.Sum(nil))
	}
	nonce, realm := d.chal["nonce"], d.chal["realm"]
	if nonce == d.nonce {
		d.nc++
	} else {
		d.nonce, d.nc = nonce, 1
	}
	nc := fmt.Sprintf("%08x", d.nc)
	cnonce := rand.Text()[:16]
	uri := r.URL.EscapedPath()
	if uri == "" {
		uri = "/"
	}
	if r.URL.RawQuery != "" {
		uri += "?" + r.URL.RawQuery
	}
	ha1 := H(d.user + ":" + realm + ":" + d.pass)
	if strings.HasSuffix(strings.ToUpper(algorithm), "-SESS") {
		ha1 = H(ha1 + ":" + nonce + ":" + cnonce)
	}
	ha2 := H(r.Method + ":" + uri)
	var response string
	if qop == "" {
		response = H(ha1 + ":" + nonce + ":" + ha2)
	} else {
		response = H(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Digest username=%s, realm=%s, nonce=%s, uri=%s, response=%s",
		quoteParam(d.user), quoteParam(realm), quoteParam(nonce), quoteParam(uri), quoteParam(response))
	if opaque, ok := d.chal["opaque"]; ok {
		fmt.Fprintf(&b, ", opaque=%s", quoteParam(opaque))
	}
	if algorithm != "" {
		fmt.Fprintf(&b, ", algorithm=%s", algorithm)
	}
	if qop != "" {
		fmt.Fprintf(&b, ", qop=auth, nc=%s, cnonce=%s", nc, quoteParam(cnonce))
	}
	return b.String()
}

func quoteParam(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func containsToken(list, token string) bool {
	for t := range strings.SplitSeq(list, ",") {
		if strings.EqualFold(strings.TrimSpace(t), token) {
			return true
		}
	}
	return false
}

// pickDigestChallenge returns the parameters of the strongest Digest
// challenge with a supported algorithm among WWW-Authenticate values, or
// nil.
func pickDigestChallenge(values []string) map[string]string {
	var best map[string]string
	bestRank := len(digestHashes)
	for _, v := range values {
		for _, c := range parseChallenges(v) {
			if !strings.EqualFold(c.scheme, "Digest") || c.params["nonce"] == "" {
				continue
			}
			if _, rank := digestHash(c.params["algorithm"]); rank >= 0 && rank < bestRank {
				best, bestRank = c.params, rank
			}
		}
	}
	return best
}

// challenge is one auth-scheme with its parameters.
type challenge struct {
	scheme string
	params map[string]string
}

// parseChallenges parses a WWW-Authenticate value (RFC 9110 section 11.6.1),
// which may hold several challenges: `Digest realm="a", nonce="b", Basic
// realm="c"`. Parameter names are lower-cased.
func parseChallenges(s string) []challenge {
	var out []challenge
	i := 0
	skip := func(set string) {
		for i < len(s) && strings.IndexByte(set, s[i]) >= 0 {
			i++
		}
	}
	token := func() string {
		start := i
		for i < len(s) && strings.IndexByte(" \t,=\"", s[i]) < 0 {
			i++
		}
		return s[start:i]
	}
	for i < len(s) {
		skip(" \t,")
		tok := token()
		if tok == "" {
			if i < len(s) {
				i++ // a stray character
			}
			continue
		}
		skip(" \t")
		if i < len(s) && s[i] == '=' && len(out) > 0 {
			i++
			skip(" \t")
			var val string
			if i < len(s) && s[i] == '"' {
				var b strings.Builder
				for i++; i < len(s) && s[i] != '"'; i++ {
					if s[i] == '\\' && i+1 < len(s) {
						i++
					}
					b.WriteByte(s[i])
				}
				i++
				val = b.String()
			} else {
				val = token()
			}
			out[len(out)-1].params[strings.ToLower(tok)] = val
			continue
		}
		out = append(out, challenge{scheme: tok, params: map[string]string{}})
	}
	return out
}
