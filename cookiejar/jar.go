package cookiejar

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/net/publicsuffix"
)

// Jar stores cookies as RFC 6265bis says a user agent does, with the
// public suffix list: a cookie reaches only the hosts and paths it was set
// for, a Secure cookie is never sent over http, and an http response can
// neither set one nor overwrite, delete or shadow one (section 5.7),
// Max-Age wins over Expires, and Max-Age=0 or a past Expires deletes. A
// cookie is one by its name, domain, path and host-only flag; a nameless
// one ("=foo") is kept and sent as "foo". It implements http.CookieJar, so
// a plain http.Client can use it.
//
// Unlike Go's net/http/cookiejar and Python's http.cookiejar, it can be
// listed, searched, saved and loaded. In the cookies it hands out (All,
// Lookup) and takes (Set), a Domain with a leading dot (".example.com") is
// a domain cookie, sent to the domain and its subdomains; a Domain without
// one ("example.com") is a host-only cookie, sent to that host alone, as in
// the Netscape cookies.txt format.
//
// A Jar is safe for concurrent use.
type Jar struct {
	mu      sync.Mutex
	psl     publicSuffixList
	now     func() time.Time
	entries map[string]map[string]*entry // by registrable domain, then id
	seq     uint64                       // the order cookies were first set
	// stored is set once a cookie is stored, and cleared by Clear: while
	// it is unset, requests find no cookies without taking the lock.
	stored atomic.Bool
}

// publicSuffixList is the interface of golang.org/x/net/publicsuffix.List.
type publicSuffixList interface {
	PublicSuffix(domain string) string
}

// entry is a stored cookie.
type entry struct {
	Name        string        `json:"name"`
	Value       string        `json:"value"`
	Quoted      bool          `json:"quoted,omitempty"` // only in files of earlier versions: Value is now kept quoted
	Domain      string        `json:"domain"`           // without a leading dot
	Path        string        `json:"path"`
	HostOnly    bool          `json:"host_only,omitempty"`
	Secure      bool          `json:"secure,omitempty"`
	HttpOnly    bool          `json:"http_only,omitempty"`
	SameSite    http.SameSite `json:"same_site,omitempty"`
	Partitioned bool          `json:"partitioned,omitempty"`
	Persistent  bool          `json:"persistent,omitempty"`
	Expires     time.Time     `json:"expires,omitzero"`
	Creation    time.Time     `json:"creation"`
	LastAccess  time.Time     `json:"last_access"`
	Seq         uint64        `json:"seq"`
}

// id is the cookie's identity in the jar: its name, domain, path and
// whether it is host-only. A host-only cookie and a domain cookie of the
// same name, domain and path are two cookies, as browsers keep them (a
// domain cookie's domain is ".example.com" there).
func (e *entry) id() string {
	if e.HostOnly {
		return e.Domain + ";" + e.Path + ";" + e.Name
	}
	return "." + e.Domain + ";" + e.Path + ";" + e.Name
}

func (e *entry) expired(now time.Time) bool { return e.Persistent && !e.Expires.After(now) }

// cookie returns e as an *http.Cookie with every attribute.
func (e *entry) cookie() *http.Cookie {
	c := &http.Cookie{Name: e.Name, Value: e.Value, Path: e.Path, Domain: e.Domain,
		Secure: e.Secure, HttpOnly: e.HttpOnly, SameSite: e.SameSite, Partitioned: e.Partitioned}
	if !e.HostOnly {
		c.Domain = "." + e.Domain
	}
	if e.Persistent {
		c.Expires = e.Expires
	}
	return c
}

// New returns an empty jar that uses the public suffix list of
// golang.org/x/net/publicsuffix.
func New() *Jar { return newJar(publicsuffix.List, time.Now) }

func newJar(psl publicSuffixList, now func() time.Time) *Jar {
	return &Jar{psl: psl, now: now, entries: map[string]map[string]*entry{}}
}

// Cookies returns the cookies to send to u, most specific path first, as
// http.Jar asks: only their Name and Value are set, and a value kept
// in quotes comes without them and with Quoted set, as net/http writes it
// back. A nameless cookie comes with an empty Name, which net/http's
// client writes as "=value"; Header writes it as browsers do, "value".
func (j *Jar) Cookies(u *url.URL) []*http.Cookie {
	var out []*http.Cookie
	for _, e := range j.matching(u) {
		c := &http.Cookie{Name: e.Name, Value: e.Value}
		if v := e.Value; len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			c.Value, c.Quoted = v[1:len(v)-1], true
		}
		out = append(out, c)
	}
	return out
}

// matching returns copies of the entries to send to u, in RFC 6265 order.
func (j *Jar) matching(u *url.URL) []entry {
	if j == nil || !j.stored.Load() || u.Scheme != "http" && u.Scheme != "https" {
		return nil
	}
	host, err := canonicalHost(u.Host)
	if err != nil {
		return nil
	}
	path := u.Path
	if path == "" {
		path = "/"
	}
	secure := u.Scheme == "https"
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.entries) == 0 {
		return nil
	}
	submap := j.entries[j.key(host)]
	if len(submap) == 0 {
		return nil
	}
	now := j.now()
	var out []entry
	for id, e := range submap {
		if e.expired(now) {
			delete(submap, id)
			continue
		}
		if e.Secure && !secure || !e.domainMatch(host) || !pathMatch(e.Path, path) {
			continue
		}
		e.LastAccess = now
		out = append(out, *e)
	}
	slices.SortFunc(out, func(a, b entry) int {
		if c := cmp.Compare(len(b.Path), len(a.Path)); c != 0 {
			return c
		}
		return cmp.Compare(a.Seq, b.Seq)
	})
	return out
}

// SetCookies stores the cookies a response from u set, as http.Jar
// asks. Cookies the rules refuse (a Domain the host is not in, a public
// suffix) are dropped.
func (j *Jar) SetCookies(u *url.URL, cookies []*http.Cookie) {
	if len(cookies) == 0 || u.Scheme != "http" && u.Scheme != "https" {
		return
	}
	host, err := canonicalHost(u.Host)
	if err != nil {
		return
	}
	secure := u.Scheme == "https"
	j.mu.Lock()
	defer j.mu.Unlock()
	now := j.now()
	for _, c := range cookies {
		j.store(host, u.Path, secure, c, now)
	}
}

// store stores one cookie received from host for requestPath, over a
// secure channel (https) or not, and reports whether the rules allowed it.
func (j *Jar) store(host, requestPath string, secure bool, c *http.Cookie, now time.Time) bool {
	value := storedValue(c)
	if !cookieFits(c.Name, value) || !prefixAllowed(c) || hasControl(c.Raw) || hasControl(c.Path) || hasControl(c.Domain) {
		// A control character anywhere in the line ignores the cookie
		// (RFC 6265bis section 5.6), also when net/http's parser, which
		// SetCookies takes cookies from, kept it in an attribute.
		return false
	}
	if c.Secure && !secure {
		// RFC 6265bis section 5.7 ("Leave Secure Cookies Alone"): a
		// Secure cookie set over plain http is ignored.
		return false
	}
	domain, hostOnly, ok := j.domainFor(host, c.Domain)
	if !ok {
		return false
	}
	e := &entry{Name: c.Name, Value: value, Domain: domain, HostOnly: hostOnly,
		Secure: c.Secure, HttpOnly: c.HttpOnly, SameSite: c.SameSite, Partitioned: c.Partitioned,
		Path: c.Path, Creation: now, LastAccess: now}
	if e.Path == "" || e.Path[0] != '/' {
		e.Path = defaultPath(requestPath)
	}
	key := j.key(host)
	if !secure && j.shadowsSecure(key, e) {
		return false
	}
	switch {
	case c.MaxAge < 0:
		j.remove(key, e.id())
		return true
	case c.MaxAge > 0:
		e.Persistent, e.Expires = true, now.Add(time.Duration(c.MaxAge)*time.Second)
	case !c.Expires.IsZero():
		if !c.Expires.After(now) {
			j.remove(key, e.id())
			return true
		}
		e.Persistent, e.Expires = true, c.Expires
	}
	j.put(key, e)
	return true
}

// shadowsSecure applies RFC 6265bis section 5.7 ("Leave Secure Cookies
// Alone") to e, a cookie that is not Secure from a plain http
// response: it reports whether the jar holds a Secure cookie of the same
// name whose domain domain-matches e's (or e's its) and whose path e's path
// path-matches; such a cookie may not be overwritten, deleted or shadowed
// from http, so e is ignored.
func (j *Jar) shadowsSecure(key string, e *entry) bool {
	for _, old := range j.entries[key] {
		if old.Secure && old.Name == e.Name && pathMatch(old.Path, e.Path) &&
			(old.Domain == e.Domain || hasDotSuffix(old.Domain, e.Domain) || hasDotSuffix(e.Domain, old.Domain)) {
			return true
		}
	}
	return false
}

// put stores e, keeping the creation time and order of the cookie it
// replaces.
func (j *Jar) put(key string, e *entry) {
	submap := j.entries[key]
	if submap == nil {
		submap = map[string]*entry{}
		j.entries[key] = submap
	}
	if old, ok := submap[e.id()]; ok {
		e.Creation, e.Seq = old.Creation, old.Seq
	} else {
		j.seq++
		e.Seq = j.seq
	}
	submap[e.id()] = e
	j.stored.Store(true)
}

func (j *Jar) remove(key, id string) {
	if submap := j.entries[key]; submap != nil {
		delete(submap, id)
		if len(submap) == 0 {
			delete(j.entries, key)
		}
	}
}

// SetCookieLines stores the cookies of a response from u, given as its
// Set-Cookie header values, read as browsers read them (see
// ParseSetCookie). Unlike SetCookies, which takes cookies net/http parsed,
// it keeps every byte of the values.
func (j *Jar) SetCookieLines(u *url.URL, lines []string) {
	cookies := make([]*http.Cookie, 0, len(lines))
	for _, line := range lines {
		if c, ok := ParseSetCookie(line); ok {
			cookies = append(cookies, c)
		}
	}
	j.SetCookies(u, cookies)
}

// Matching returns the cookies to send to u, most specific path first,
// with their values as stored (quotes included): what a Cookie header to u
// holds.
func (j *Jar) Matching(u *url.URL) []http.Cookie {
	entries := j.matching(u)
	if len(entries) == 0 {
		return nil
	}
	out := make([]http.Cookie, len(entries)) // one allocation: this is on every request's path
	for i, e := range entries {
		out[i] = http.Cookie{Name: e.Name, Value: e.Value}
	}
	return out
}

// Header returns the Cookie header value to send to u, "" when no cookie
// matches. A nameless cookie is sent as its value alone, as RFC 6265bis
// section 5.8.3 says and browsers do.
func (j *Jar) Header(u *url.URL) string {
	var b strings.Builder
	for _, e := range j.matching(u) {
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		if e.Name != "" {
			b.WriteString(e.Name)
			b.WriteByte('=')
		}
		b.WriteString(e.Value)
	}
	return b.String()
}
