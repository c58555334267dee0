package cookiejar

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// Jar stores cookies as RFC 6265bis says a user agent does, with the
// public suffix list: a cookie reaches only the hosts and paths it was set
// for, a Secure cookie is never sent over http, Max-Age wins over Expires,
// and Max-Age=0 or a past Expires deletes. It implements http.CookieJar, so
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

func (e *entry) id() string { return e.Domain + ";" + e.Path + ";" + e.Name }

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

// Errors of Jar.Lookup.
var (
	// ErrNotFound means no cookie matches.
	ErrNotFound = errors.New("cookiejar: cookie not found")
	// ErrConflict means several cookies match, in different domains or
	// paths, and none can be chosen for the caller.
	ErrConflict = errors.New("cookiejar: cookie conflict")
)

// New returns an empty jar that uses the public suffix list of
// golang.org/x/net/publicsuffix.
func New() *Jar { return newJar(publicsuffix.List, time.Now) }

func newJar(psl publicSuffixList, now func() time.Time) *Jar {
	return &Jar{psl: psl, now: now, entries: map[string]map[string]*entry{}}
}

// Cookies returns the cookies to send to u, most specific path first, as
// http.Jar asks: only their Name and Value are set, and a value kept
// in quotes comes without them and with Quoted set, as net/http writes it
// back.
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

func (e *entry) domainMatch(host string) bool {
	return host == e.Domain || !e.HostOnly && hasDotSuffix(host, e.Domain)
}

// pathMatch is RFC 6265 section 5.1.4.
func pathMatch(cookiePath, path string) bool {
	if path == cookiePath {
		return true
	}
	if strings.HasPrefix(path, cookiePath) {
		return cookiePath[len(cookiePath)-1] == '/' || path[len(cookiePath)] == '/'
	}
	return false
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
	j.mu.Lock()
	defer j.mu.Unlock()
	now := j.now()
	for _, c := range cookies {
		j.store(host, u.Path, c, now)
	}
}

// store stores one cookie received from host for requestPath, and reports
// whether the rules allowed it.
func (j *Jar) store(host, requestPath string, c *http.Cookie, now time.Time) bool {
	value := storedValue(c)
	if !cookieFits(c.Name, value) || !prefixAllowed(c) {
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

// domainFor applies RFC 6265 section 5.3 steps 4-6 to the Domain attribute
// of a cookie from host.
func (j *Jar) domainFor(host, attr string) (domain string, hostOnly, ok bool) {
	if attr == "" {
		return host, true, true
	}
	if net.ParseIP(host) != nil {
		// An IP address has no subdomains: a Domain naming the very same
		// address makes a host-only cookie, anything else is refused.
		if attr == host {
			return host, true, true
		}
		return "", false, false
	}
	attr = strings.TrimPrefix(attr, ".")
	if attr == "" || attr[0] == '.' || attr[len(attr)-1] == '.' {
		return "", false, false
	}
	domain, err := toASCIILower(attr)
	if err != nil {
		return "", false, false
	}
	if j.psl != nil {
		// A cookie for a public suffix is only allowed as a host cookie of
		// that very host. A list that answers with something that is not a
		// suffix of the domain is not trusted either.
		if ps := j.psl.PublicSuffix(domain); ps != "" && !hasDotSuffix(domain, ps) {
			if host == domain {
				return host, true, true
			}
			return "", false, false
		}
	}
	if host != domain && !hasDotSuffix(host, domain) {
		return "", false, false
	}
	return domain, false, true
}

// key returns the registrable domain (eTLD+1) of host, the unit cookies are
// grouped by.
func (j *Jar) key(host string) string {
	if net.ParseIP(host) != nil || j.psl == nil {
		return host
	}
	ps := j.psl.PublicSuffix(host)
	if ps == host {
		return host
	}
	if !hasDotSuffix(host, ps) {
		return host
	}
	rest := host[:len(host)-len(ps)-1]
	if i := strings.LastIndexByte(rest, '.'); i >= 0 {
		return host[i+1:]
	}
	return host
}

// hasDotSuffix reports whether s ends with "." + suffix.
func hasDotSuffix(s, suffix string) bool {
	return len(s) > len(suffix) && s[len(s)-len(suffix)-1] == '.' && s[len(s)-len(suffix):] == suffix
}

// defaultPath is RFC 6265 section 5.1.4's default-path.
func defaultPath(path string) string {
	if path == "" || path[0] != '/' {
		return "/"
	}
	i := strings.LastIndexByte(path, '/')
	if i == 0 {
		return "/"
	}
	return path[:i]
}

// canonicalHost strips the port and a trailing dot of host, lower-cases it
// and encodes it as ASCII.
func canonicalHost(host string) (string, error) {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	} else if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		host = host[1 : len(host)-1]
	}
	host = strings.TrimSuffix(host, ".")
	if host == "" {
		return "", errors.New("no host")
	}
	return toASCIILower(host)
}

func toASCIILower(s string) (string, error) {
	if isASCII(s) {
		return strings.ToLower(s), nil
	}
	return idnaProfile.ToASCII(s)
}

// All returns every cookie of the jar that has not expired, in the order
// they were first set, with all their attributes.
func (j *Jar) All() []*http.Cookie {
	var out []*http.Cookie
	for _, e := range j.all() {
		out = append(out, e.cookie())
	}
	return out
}

// all returns copies of the live entries in the order they were set.
func (j *Jar) all() []entry {
	if j == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	now := j.now()
	var out []entry
	for key, submap := range j.entries {
		for id, e := range submap {
			if e.expired(now) {
				delete(submap, id)
				continue
			}
			out = append(out, *e)
		}
		if len(submap) == 0 {
			delete(j.entries, key)
		}
	}
	slices.SortFunc(out, func(a, b entry) int { return cmp.Compare(a.Seq, b.Seq) })
	return out
}

// Get returns the value of the cookie called name, or "" when the jar has
// none, or has several in different domains or paths (Lookup tells these
// cases apart).
func (j *Jar) Get(name string) string {
	c, err := j.Lookup(name, "", "")
	if err != nil {
		return ""
	}
	return c.Value
}

// Lookup returns the cookie called name whose domain and path are the ones
// given; an empty domain or path matches any. A domain is matched with or
// without its leading dot. It returns an error wrapping ErrNotFound when
// no cookie matches, and ErrConflict when several do.
func (j *Jar) Lookup(name, domain, path string) (*http.Cookie, error) {
	domain = strings.ToLower(strings.TrimPrefix(domain, "."))
	var found []entry
	for _, e := range j.all() {
		if e.Name == name && (domain == "" || e.Domain == domain) && (path == "" || e.Path == path) {
			found = append(found, e)
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("%w: no cookie %q%s", ErrNotFound, name, where(domain, path))
	case 1:
		return found[0].cookie(), nil
	}
	var places []string
	for _, e := range found {
		places = append(places, e.cookie().Domain+e.Path)
	}
	return nil, fmt.Errorf("%w: %d cookies %q%s: %s", ErrConflict, len(found), name, where(domain, path), strings.Join(places, ", "))
}

func where(domain, path string) string {
	s := ""
	if domain != "" {
		s += " in domain " + domain
	}
	if path != "" {
		s += " with path " + path
	}
	return s
}

// Set stores c as if a server had set it: c.Domain is required, with a
// leading dot for a domain cookie and without one for a host-only cookie;
// an empty Path is "/"; MaxAge and Expires work as in Set-Cookie.
func (j *Jar) Set(c *http.Cookie) error {
	if c.Domain == "" {
		return fmt.Errorf("cookiejar: cookie %q: a cookie needs a Domain", c.Name)
	}
	if err := ValidCookie(c.Name, storedValue(c)); err != nil {
		return err
	}
	hostOnly := !strings.HasPrefix(c.Domain, ".")
	domain, err := toASCIILower(strings.TrimPrefix(c.Domain, "."))
	if err != nil {
		return fmt.Errorf("cookiejar: cookie %q: domain %q: %v", c.Name, c.Domain, err)
	}
	if !hostOnly && j.psl != nil {
		if ps := j.psl.PublicSuffix(domain); ps != "" && !hasDotSuffix(domain, ps) {
			return fmt.Errorf("cookiejar: cookie %q: %q is a public suffix, which cannot hold domain cookies", c.Name, c.Domain)
		}
	}
	cc := *c
	cc.Domain = ""
	if !hostOnly {
		cc.Domain = domain
	}
	if cc.Path == "" {
		cc.Path = "/"
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if !j.store(domain, cc.Path, &cc, j.now()) {
		return fmt.Errorf("cookiejar: cookie %q: domain %q cannot hold cookies (an IP address with a leading dot, or a public suffix)", c.Name, c.Domain)
	}
	return nil
}

// Delete removes the cookies called name whose domain and path are the ones
// given; an empty name, domain or path matches any. It returns how many it
// removed.
func (j *Jar) Delete(name, domain, path string) int {
	domain = strings.ToLower(strings.TrimPrefix(domain, "."))
	j.mu.Lock()
	defer j.mu.Unlock()
	n := 0
	for key, submap := range j.entries {
		for id, e := range submap {
			if (name == "" || e.Name == name) && (domain == "" || e.Domain == domain) && (path == "" || e.Path == path) {
				delete(submap, id)
				n++
			}
		}
		if len(submap) == 0 {
			delete(j.entries, key)
		}
	}
	return n
}

// Clear removes every cookie.
func (j *Jar) Clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	clear(j.entries)
	j.stored.Store(false)
}

// Len returns the number of cookies that have not expired.
func (j *Jar) Len() int { return len(j.all()) }

// ValidCookie refuses, with an error wrapping ErrInvalid, a cookie that
// would break a Cookie header: an empty name, a control character other
// than the tab or a ";" in the name or the value, an "=" in the name.
func ValidCookie(name, value string) error {
	if name == "" || !cookieFits(name, value) {
		return fmt.Errorf("%w: %q=%q: a cookie name is not empty and neither part holds a control character or \";\" (nor the name \"=\")", ErrInvalid, name, value)
	}
	return nil
}

// storedValue is the value a cookie is kept and sent with: as the server
// wrote it, so a value net/http's parser unquoted (Quoted) gets its quotes
// back.
func storedValue(c *http.Cookie) string {
	if c.Quoted {
		return `"` + c.Value + `"`
	}
	return c.Value
}

// prefixAllowed applies the cookie name prefixes of RFC 6265bis: a
// "__Secure-" cookie must be Secure, a "__Host-" cookie Secure, host-only
// and for the path "/".
func prefixAllowed(c *http.Cookie) bool {
	name := c.Name
	if name == "" {
		name = c.Value // a nameless cookie cannot pass for a prefixed one
	}
	switch {
	case hasPrefixFold(name, "__Secure-"):
		return c.Secure
	case hasPrefixFold(name, "__Host-"):
		return c.Secure && c.Domain == "" && c.Path == "/"
	}
	return true
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
func (j *Jar) Matching(u *url.URL) []*http.Cookie {
	var out []*http.Cookie
	for _, e := range j.matching(u) {
		out = append(out, &http.Cookie{Name: e.Name, Value: e.Value})
	}
	return out
}

// Header returns the Cookie header value to send to u, "" when no cookie
// matches. A nameless cookie is sent as its value, as browsers send it.
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

// ErrInvalid is the error ValidCookie and Set return for a cookie that
// would break a Cookie header.
var ErrInvalid = errors.New("cookiejar: invalid cookie")

// isASCII reports whether s is ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

var idnaProfile = idna.Lookup

// hasPrefixFold reports whether s begins with prefix, ASCII case ignored.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
