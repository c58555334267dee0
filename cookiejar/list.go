package cookiejar

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Errors of Jar.Lookup.
var (
	// ErrNotFound means no cookie matches.
	ErrNotFound = errors.New("cookiejar: cookie not found")
	// ErrConflict means several cookies match, in different domains or
	// paths, and none can be chosen for the caller.
	ErrConflict = errors.New("cookiejar: cookie conflict")
)

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
	if !j.store(domain, cc.Path, true, &cc, j.now()) {
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
