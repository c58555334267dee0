package cookiejar

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"golang.org/x/net/idna"
)

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
	if attr == "" || attr[0] == '.' || attr == "." {
		return "", false, false
	}
	// A trailing dot is kept: "example.com." is a name of its own, which
	// only a host spelled with the trailing dot domain-matches (see
	// canonicalHost).
	bare, dot := strings.CutSuffix(attr, ".")
	if bare == "" || bare[len(bare)-1] == '.' {
		return "", false, false
	}
	domain, err := toASCIILower(bare)
	if err != nil {
		return "", false, false
	}
	if j.psl != nil {
		// A cookie for a public suffix is only allowed as a host cookie of
		// that very host. A list that answers with something that is not a
		// suffix of the domain is not trusted either.
		if ps := j.psl.PublicSuffix(domain); ps != "" && !hasDotSuffix(domain, ps) {
			if dot {
				domain += "."
			}
			if host == domain {
				return host, true, true
			}
			return "", false, false
		}
	}
	if dot {
		domain += "."
	}
	if host != domain && !hasDotSuffix(host, domain) {
		return "", false, false
	}
	return domain, false, true
}

// key returns the registrable domain (eTLD+1) of host, the unit cookies are
// grouped by.
func (j *Jar) key(host string) string {
	host = strings.TrimSuffix(host, ".") // "example.com." shares the group of "example.com", not its cookies
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

// canonicalHost strips the port of host, lower-cases it and encodes it as
// ASCII. A trailing dot is kept, as browsers keep it: "www.example.com."
// is another host than "www.example.com" for cookies, and neither gets the
// other's, as browsers keep them apart (net/http's jar drops the dot and
// shares them).
func canonicalHost(host string) (string, error) {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	} else if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		host = host[1 : len(host)-1]
	}
	bare, dot := strings.CutSuffix(host, ".")
	if bare == "" {
		return "", errors.New("no host")
	}
	h, err := toASCIILower(bare)
	if err != nil || !dot {
		return h, err
	}
	return h + ".", nil
}

func toASCIILower(s string) (string, error) {
	if isASCII(s) {
		return strings.ToLower(s), nil
	}
	return idnaProfile.ToASCII(s)
}

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
	switch {
	case hasPrefixFold(name, "__Secure-"):
		return c.Secure
	case hasPrefixFold(name, "__Host-"):
		return c.Secure && c.Domain == "" && c.Path == "/"
	}
	return true
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
