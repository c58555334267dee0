package requests

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/go-requests/requests/cookiejar"
)

// CookieJar stores cookies as browsers do (see cookiejar.Jar, whose
// methods it has: All, Get, Lookup, Set, Delete, Clear, Len, Save, Load,
// and Cookies and SetCookies of http.CookieJar). Its errors wrap ErrRequest.
//
// Reading one cookie: Get(name) string is its value, "" when there is none
// (as requests' jar.get(name) answers None); Lookup(name, domain, path)
// (*http.Cookie, error) tells a missing cookie from an empty one, and one
// name set for two domains from another.
//
// Given to NewSession, a CookieJar becomes the Session's jar. Given to one
// request, its cookies that match the URL are sent and the jar is not
// changed.
//
// A CookieJar is safe for concurrent use.
type CookieJar struct {
	*cookiejar.Jar
}

// NewCookieJar returns an empty jar that uses the public suffix list of
// golang.org/x/net/publicsuffix.
func NewCookieJar() *CookieJar { return &CookieJar{cookiejar.New()} }

func (j *CookieJar) apply(c *config) { c.jar = j }

// Errors of CookieJar.Lookup.
var (
	// ErrCookieNotFound means no cookie matches; it is also
	// cookiejar.ErrNotFound.
	ErrCookieNotFound = newKind("cookie not found", ErrRequest)
	// ErrCookieConflict means several cookies match, in different domains or
	// paths, and none can be chosen for the caller; it is also
	// cookiejar.ErrConflict.
	ErrCookieConflict = newKind("cookie conflict", ErrRequest)
)

// Lookup returns the cookie called name whose domain and path are the ones
// given; an empty domain or path matches any. A domain is matched with or
// without its leading dot. It returns an error wrapping ErrCookieNotFound
// when no cookie matches, and ErrCookieConflict when several do.
func (j *CookieJar) Lookup(name, domain, path string) (*http.Cookie, error) {
	c, err := j.Jar.Lookup(name, domain, path)
	switch {
	case errors.Is(err, cookiejar.ErrNotFound):
		return nil, &Error{Kind: ErrCookieNotFound, Err: err}
	case errors.Is(err, cookiejar.ErrConflict):
		return nil, &Error{Kind: ErrCookieConflict, Err: err}
	}
	return c, err
}

// Set stores c as if a server had set it: c.Domain is required, with a
// leading dot for a domain cookie and without one for a host-only cookie;
// an empty Path is "/"; MaxAge and Expires work as in Set-Cookie. A cookie
// that could break a Cookie header is refused with ErrInvalidHeader.
func (j *CookieJar) Set(c *http.Cookie) error {
	return jarError(j.Jar.Set(c))
}

// Save writes every cookie that has not expired to path, with all its
// attributes (session cookies included), readable by Load. The file is
// written whole or not at all, readable by its owner only.
func (j *CookieJar) Save(path string) error { return jarError(j.Jar.Save(path)) }

// Load adds the cookies of a file to the jar, replacing those with the same
// name, domain and path. It reads what Save writes, and the Netscape
// cookies.txt format that curl, wget and browser extensions export.
// Expired cookies, and cookies that could not be sent as they are, are
// skipped.
func (j *CookieJar) Load(path string) error { return jarError(j.Jar.Load(path)) }

// jarError wraps an error of the jar in ErrRequest (ErrInvalidHeader for a
// cookie that would break a header).
func jarError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, cookiejar.ErrInvalid):
		return &Error{Kind: ErrInvalidHeader, Err: err}
	}
	return &Error{Kind: ErrRequest, Err: err}
}

// matching returns the cookies of j to send to u; none for a nil jar.
func (j *CookieJar) matching(u *url.URL) []http.Cookie {
	if j == nil {
		return nil
	}
	return j.Matching(u)
}

// setCookieLines stores the Set-Cookie header values of a response from u.
func (j *CookieJar) setCookieLines(u *url.URL, lines []string) {
	j.SetCookieLines(u, lines)
}

// validCookie refuses a request cookie that would break the Cookie header.
func validCookie(name, value string) error { return jarError(cookiejar.ValidCookie(name, value)) }

// cookieHeader builds the Cookie header for u: the cookies of the session's
// jar and of a jar given to the request, overridden by name by the
// request's own Cookies when sendOwn. It returns "" when there are none.
func cookieHeader(u *url.URL, session *CookieJar, cfg *config, sendOwn bool) string {
	own := cfg.cookies
	if !sendOwn {
		own = nil
	}
	fromJars := cfg.jar.matching(u)
	var b strings.Builder
	add := func(name, value string) {
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		if name != "" { // a nameless cookie goes as its value alone (RFC 6265bis 5.8.3)
			b.WriteString(name)
			b.WriteByte('=')
		}
		b.WriteString(value)
	}
	shadowed := func(name string) bool {
		if _, ok := own[name]; ok {
			return true
		}
		return slices.ContainsFunc(fromJars, func(c http.Cookie) bool { return c.Name == name })
	}
	for _, c := range session.matching(u) {
		if !shadowed(c.Name) {
			add(c.Name, c.Value)
		}
	}
	for _, c := range fromJars {
		if _, ok := own[c.Name]; !ok {
			add(c.Name, c.Value)
		}
	}
	if len(own) > 0 {
		names := make([]string, 0, len(own))
		for k := range own {
			names = append(names, k)
		}
		slices.Sort(names)
		for _, k := range names {
			add(k, own[k])
		}
	}
	return b.String()
}
