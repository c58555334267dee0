// Package redact is the library's one redaction policy: which headers and
// query parameters hold credentials, and how their values are hidden. The
// Logger, PreparedRequest.Curl and requeststest.Record all apply it, so a
// secret hidden in one is hidden in all.
package redact

import (
	"net/http"
	"net/url"
	"strings"
)

// Mask stands for a hidden value.
const Mask = "REDACTED"

// secretWords are the words that make a header or query parameter name a
// credential's: X-Api-Key, X-Auth-Token, access_token, client_secret,
// X-Amz-Signature, PHPSESSID, db_password. "Credential" is not among them:
// Access-Control-Allow-Credentials holds none, nor does X-Amz-Credential
// (a key's public id). A name is split into words at
// any character that is not a letter or digit; a word matches when it is
// one of these or, for the longer ones, contains one (apikey, sessionid).
var secretWords = []string{"key", "token", "secret", "password", "passwd", "pwd", "session", "auth", "signature", "sig", "jwt", "cookie"}

// containedWords match inside a word too: "accesstoken", "apikey",
// "phpsessid".
var containedWords = []string{"token", "secret", "password", "passwd", "apikey", "session", "sessid", "signature"}

// alwaysHeaders are hidden whatever their name says.
var alwaysHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie"}

// Policy says which names are secret: the defaults and the names added.
// The zero value and nil are the defaults.
type Policy struct {
	extra map[string]bool // lower case
}

// New returns the default policy with names added (header or query
// parameter names, compared case-insensitively).
func New(names ...string) *Policy {
	if len(names) == 0 {
		return nil
	}
	p := &Policy{extra: make(map[string]bool, len(names))}
	for _, n := range names {
		p.extra[strings.ToLower(n)] = true
	}
	return p
}

// Secret reports whether a header or query parameter of this name holds a
// credential.
func (p *Policy) Secret(name string) bool {
	lower := strings.ToLower(name)
	if p != nil && p.extra[lower] {
		return true
	}
	for _, h := range alwaysHeaders {
		if strings.EqualFold(name, h) {
			return true
		}
	}
	for w := range strings.FieldsFuncSeq(lower, func(r rune) bool { return !('a' <= r && r <= 'z' || '0' <= r && r <= '9') }) {
		for _, s := range secretWords {
			if w == s {
				return true
			}
		}
		for _, s := range containedWords {
			if strings.Contains(w, s) {
				return true
			}
		}
	}
	return false
}

// HeaderValue returns v, a value of header name, with its secret hidden:
// the values of cookies (their names and attributes kept), or the whole
// value.
func (p *Policy) HeaderValue(name, v string) string {
	switch {
	case strings.EqualFold(name, "Cookie"):
		return cookies(v)
	case strings.EqualFold(name, "Set-Cookie"):
		return setCookie(v)
	case p.Secret(name):
		return Mask
	}
	return v
}

// Header returns a copy of h with the secrets hidden.
func (p *Policy) Header(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		c := make([]string, len(vs))
		for i, v := range vs {
			c[i] = p.HeaderValue(k, v)
		}
		out[k] = c
	}
	return out
}

// URL returns u as a string with its password and the values of secret
// query parameters hidden; the query keeps its order otherwise.
func (p *Policy) URL(u *url.URL) string {
	c := *u
	if _, has := u.User.Password(); has {
		c.User = url.UserPassword(u.User.Username(), Mask)
	}
	c.RawQuery = p.Query(u.RawQuery)
	return c.String()
}

// Query returns a raw query with the values of secret parameters hidden,
// the rest as it was.
func (p *Policy) Query(raw string) string {
	if raw == "" {
		return raw
	}
	var b strings.Builder
	changed := false
	for i, pair := range strings.Split(raw, "&") {
		if i > 0 {
			b.WriteByte('&')
		}
		name, value, hasValue := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(name)
		if err != nil {
			key = name
		}
		if hasValue && value != "" && p.Secret(key) {
			b.WriteString(name + "=" + Mask)
			changed = true
			continue
		}
		b.WriteString(pair)
	}
	if !changed {
		return raw
	}
	return b.String()
}

// cookies hides the values of a Cookie header: "a=1; b=2" becomes
// "a=REDACTED; b=REDACTED".
func cookies(v string) string {
	parts := strings.Split(v, ";")
	for i, part := range parts {
		parts[i] = cookie(strings.TrimSpace(part))
	}
	return strings.Join(parts, "; ")
}

// setCookie hides the value of a Set-Cookie header and keeps its
// attributes: "id=1; Path=/" becomes "id=REDACTED; Path=/".
func setCookie(v string) string {
	pair, attrs, found := strings.Cut(v, ";")
	v = cookie(strings.TrimSpace(pair))
	if found {
		v += ";" + attrs
	}
	return v
}

// cookie hides the value of one name=value pair.
func cookie(pair string) string {
	if pair == "" {
		return ""
	}
	name, _, found := strings.Cut(pair, "=")
	if !found {
		return Mask // a value without a name
	}
	return name + "=" + Mask
}
