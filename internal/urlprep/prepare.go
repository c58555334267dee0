// Package urlprep prepares URLs the way requests' PreparedRequest.prepare_url
// does: urllib3's parse_url (scheme and host lower-cased, the port
// normalised, dot segments removed, invalid characters percent-encoded),
// IDNA for non-ASCII hosts, the encoded params appended to the query, and
// requote_uri over the result. The goal is that the bytes on the wire are
// the ones requests sends.
//
// A URL that cannot be prepared is an *Error whose Kind says how requests
// would name the failure; the root package maps it to its public kinds.
package urlprep

import (
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

var idnaProfile = idna.Lookup

// Prepared is a URL ready to send.
type Prepared struct {
	URL url.URL
	// Opaque is set when the URL bypassed HTTP normalisation: a non-HTTP
	// scheme, left as it was for a mounted transport to accept.
	Opaque bool
}

// Prepare turns raw and the encoded query into a URL. query is already
// encoded; it is appended after any query raw has. The error is an *Error.
// A URL prepared before comes from a cache.
func Prepare(raw, query string) (Prepared, error) {
	h := cache.hash(raw, query)
	if pu, ok := cache.get(h, raw, query); ok {
		return pu, nil
	}
	pu, err := prepare(raw, query)
	if err == nil {
		cache.remember(h, raw, query, &pu)
	}
	return pu, err
}

// prepare is Prepare without the cache.
func prepare(raw, query string) (Prepared, error) {
	s := strings.TrimLeftFunc(raw, isPySpace)
	if strings.ContainsAny(s, "\t\n\r") {
		// The WHATWG URL standard drops ASCII tabs and newlines anywhere
		// in the input: "http://ho\tst/" is "http://host/".
		s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	}
	if s == "" {
		return Prepared{}, newError(Empty, raw, "no scheme supplied", nil)
	}
	// requests hands URLs with a non-HTTP scheme to the transports as they
	// are ("mailto:", "ftp://", and also "localhost:8080").
	if strings.IndexByte(s, ':') >= 0 && !hasPrefixFold(s, "http") {
		if problem := urlsplitRefuses(s); problem != "" {
			return Prepared{}, newError(Invalid, raw, problem, nil)
		}
		return opaqueURL(s), nil
	}
	p, err := parseURL(s)
	if err != nil {
		return Prepared{}, newError(Invalid, raw, "cannot be parsed", err)
	}
	if p.scheme == "" {
		return Prepared{}, newError(MissingScheme, raw, "no scheme supplied; perhaps you meant https://"+Redacted(s)+"?", nil)
	}
	if p.host == "" {
		return Prepared{}, newError(Invalid, raw, "no host supplied", nil)
	}
	if p.host[0] == '*' || p.host[0] == '.' {
		return Prepared{}, newError(Invalid, raw, "the host has an invalid label", nil)
	}
	web := p.scheme == "http" || p.scheme == "https"
	if web {
		// requoting decodes the escapes of unreserved characters, so
		// "ex%41mple.com" is "exAmple.com", which requests sends.
		host, _ := unquoteUnreserved(p.host)
		if bad := InvalidHostChar(host); bad >= 0 {
			return Prepared{}, newError(Invalid, raw, "the host contains "+strconv.QuoteRune(bad), nil)
		}
	}
	if query != "" {
		if p.hasQuery && p.query != "" {
			p.query += "&" + query
		} else {
			p.query = query
		}
		p.hasQuery = true
	}
	s = Requote(p.String())
	if problem := urlsplitRefuses(s); problem != "" {
		return Prepared{}, newError(Invalid, raw, problem, nil)
	}
	u, err := url.Parse(s)
	switch {
	case err != nil && !web:
		// "http+unix://%2Frun%2Fapp.sock/": requests prepares it, then
		// finds no adapter for it.
		return opaqueURL(s), nil
	case err != nil:
		return Prepared{}, newError(Invalid, raw, "cannot be parsed", err)
	}
	return Prepared{URL: *u}, nil
}

// opaqueURL holds a URL that requests leaves as it is (one whose scheme is
// not http or https) so that it prints as it was given: as net/url parses
// it when that prints the same, else whole in Opaque. Only a mounted
// transport takes such a URL; for the others it is ErrInvalidSchema.
func opaqueURL(s string) Prepared {
	if u, err := url.Parse(s); err == nil {
		if i := strings.IndexByte(s, ':'); i == len(u.Scheme) {
			u.Scheme = s[:i] // net/url lower-cases it
		}
		if u.String() == s {
			return Prepared{URL: *u, Opaque: true}
		}
	}
	return Prepared{URL: url.URL{Opaque: s}, Opaque: true}
}

// urlsplitRefuses says why Python's urllib.parse.urlsplit raises ValueError
// for the prepared URL s, as it does when requests looks in it for
// credentials, or returns "": brackets in the authority that do not hold an
// IPv6 address (or an IPvFuture one), or a non-ASCII authority that NFKC
// turns into one with a delimiter in it (CVE-2019-9636).
func urlsplitRefuses(s string) string {
	s = strings.TrimLeftFunc(s, func(r rune) bool { return r <= ' ' })
	if i := strings.IndexByte(s, ':'); i > 0 && isAlpha(s[0]) && strings.IndexFunc(s[:i], func(r rune) bool {
		return r >= utf8.RuneSelf || !isAlnum(byte(r)) && r != '+' && r != '-' && r != '.'
	}) < 0 {
		s = s[i+1:]
	}
	if !strings.HasPrefix(s, "//") {
		return ""
	}
	netloc := s[2:]
	if i := strings.IndexAny(netloc, "/?#"); i >= 0 {
		netloc = netloc[:i]
	}
	lb, rb := strings.IndexByte(netloc, '['), strings.IndexByte(netloc, ']')
	if (lb < 0) != (rb < 0) {
		return "the authority has an unmatched bracket"
	}
	if lb >= 0 {
		host, _, _ := strings.Cut(netloc[lb+1:], "]")
		if strings.HasPrefix(host, "v") {
			// \Av[a-fA-F0-9]+\..+\Z
			hex, rest, ok := strings.Cut(host[1:], ".")
			if !ok || hex == "" || strings.IndexFunc(hex, func(r rune) bool { return r >= utf8.RuneSelf || !isHex(byte(r)) }) >= 0 || rest == "" || strings.ContainsAny(rest, "\n") {
				return "the brackets hold an invalid IPvFuture address"
			}
		} else if a, err := netip.ParseAddr(host); err != nil || !a.Is6() || strings.Count(host, "%") > 1 {
			return "the brackets hold no IPv6 address"
		}
	}
	if isASCII(netloc) {
		return ""
	}
	n := strings.NewReplacer("@", "", ":", "", "#", "", "?", "").Replace(netloc)
	if nfkc := norm.NFKC.String(n); nfkc != n && strings.ContainsAny(nfkc, "/?#@:") {
		return "the authority holds a character that NFKC turns into a delimiter"
	}
	return ""
}

// isPySpace is Python's str.isspace, which str.lstrip strips: Go's
// unicode.IsSpace and the separators U+001C to U+001F.
func isPySpace(r rune) bool {
	return unicode.IsSpace(r) || 0x1c <= r && r <= 0x1f
}

// Kind says how requests names a URL it cannot prepare.
type Kind int8

const (
	// Invalid is requests' InvalidURL.
	Invalid Kind = iota
	// MissingScheme is MissingSchema: the URL has no scheme.
	MissingScheme
	// Empty is MissingSchema for an empty URL, which is also URLRequired.
	Empty
)

// Error describes a URL that cannot be used: "<url>": <problem>[: <cause>].
type Error struct {
	Kind Kind
	// URL is the URL as given, its password redacted; empty for a part
	// of one.
	URL     string
	Problem string
	// Err is the cause, when there is one (a *url.Error, an IDNA error,
	// an *Error about a part of the URL).
	Err error
}

// newError describes the bad URL raw, with any password in it redacted.
func newError(k Kind, raw, problem string, cause error) *Error {
	return &Error{Kind: k, URL: Redacted(raw), Problem: problem, Err: cause}
}

func (e *Error) Error() string {
	s := strconv.Quote(e.URL) + ": " + e.Problem
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// urlParts is a URL split as urllib3's parse_url splits it.
type urlParts struct {
	scheme, auth, host, port, path, query, fragment string
	hasQuery, hasFragment                           bool
}

// String reassembles the parts the way requests' urlunparse call does.
func (p *urlParts) String() string {
	var b strings.Builder
	b.Grow(len(p.scheme) + len(p.auth) + len(p.host) + len(p.port) + len(p.path) + len(p.query) + len(p.fragment) + 8)
	b.WriteString(p.scheme)
	b.WriteString("://")
	if p.auth != "" {
		b.WriteString(p.auth)
		b.WriteByte('@')
	}
	b.WriteString(p.host)
	if p.port != "" {
		b.WriteByte(':')
		b.WriteString(p.port)
	}
	if p.path == "" {
		b.WriteByte('/')
	} else {
		if p.path[0] != '/' {
			b.WriteByte('/')
		}
		b.WriteString(p.path)
	}
	if p.query != "" {
		b.WriteByte('?')
		b.WriteString(p.query)
	}
	if p.fragment != "" {
		b.WriteByte('#')
		b.WriteString(p.fragment)
	}
	return b.String()
}

// parseURL splits s like urllib3's parse_url, normalising each part.
func parseURL(s string) (urlParts, error) {
	var p urlParts
	if !HasScheme(s) && !strings.HasPrefix(s, "/") {
		s = "//" + s
	}
	// ^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?://([^\\/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$
	if i := schemeEnd(s); i > 0 {
		p.scheme = strings.ToLower(s[:i])
		s = s[i+1:]
	}
	var authority string
	hasAuthority := strings.HasPrefix(s, "//")
	if hasAuthority {
		s = s[2:]
		end := strings.IndexAny(s, `\/?#`)
		if end < 0 {
			end = len(s)
		}
		authority, s = s[:end], s[end:]
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		p.fragment, p.hasFragment = s[i+1:], true
		s = s[:i]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		p.query, p.hasQuery = s[i+1:], true
		s = s[:i]
	}
	p.path = s
	normalize := p.scheme == "" || p.scheme == "http" || p.scheme == "https"
	if authority != "" {
		hostPort := authority
		if i := strings.LastIndexByte(authority, '@'); i >= 0 {
			p.auth, hostPort = authority[:i], authority[i+1:]
			if normalize {
				p.auth = encodeInvalid(p.auth, userinfoChars)
			}
		}
		host, port, err := splitHostPort(hostPort)
		if err != nil {
			return p, err
		}
		p.port = port
		switch {
		case normalize:
			host, err = normalizeHost(host)
		case !isASCII(host):
			// requests' own IDNA step, for the schemes urllib3 leaves
			// alone ("http+unix"): UTS #46.
			if host, err = idnaProfile.ToASCII(host); err != nil {
				err = &Error{Problem: "the host is not a valid IDNA name", Err: err}
			}
		}
		if err != nil {
			return p, err
		}
		p.host = host
	}
	if normalize {
		if p.path != "" {
			p.path = encodeInvalid(removeDotSegments(p.path), pathChars)
		}
		if p.query != "" {
			p.query = encodeInvalid(p.query, queryChars)
		}
		if p.fragment != "" {
			p.fragment = encodeInvalid(p.fragment, queryChars)
		}
	}
	return p, nil
}

// HasScheme reports whether s starts like urllib3's _SCHEME_RE:
// ^[a-zA-Z][a-zA-Z0-9+-]*:
func HasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isAlpha(c):
		case i > 0 && (isDigit(c) || c == '+' || c == '-'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// schemeEnd returns the index of the colon ending a scheme of the form
// [a-zA-Z][a-zA-Z0-9+.-]*, or -1.
func schemeEnd(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isAlpha(c):
		case i > 0 && (isDigit(c) || c == '+' || c == '.' || c == '-'):
		case i > 0 && c == ':':
			return i
		default:
			return -1
		}
	}
	return -1
}

// splitHostPort splits host[:port] as urllib3's _HOST_PORT_RE does: a
// registered name holds no ':', '[', ']' or stray '%'; the port is digits,
// leading zeros dropped, at most 65535. Port 0, like an empty port, is
// dropped (requests omits a falsy port).
func splitHostPort(hp string) (host, port string, err error) {
	host, rest := hp, ""
	if strings.HasPrefix(hp, "[") {
		end := strings.IndexByte(hp, ']')
		if end < 0 {
			return "", "", errBadHostPort
		}
		host, rest = hp[:end+1], hp[end+1:]
		if !validIPv6Host(host[1:end]) {
			return "", "", errBadHostPort
		}
	} else {
		if i := strings.IndexByte(hp, ':'); i >= 0 {
			host, rest = hp[:i], hp[i:]
		}
		if strings.ContainsAny(host, "[]") || !validPercent(host) {
			return "", "", errBadHostPort
		}
	}
	if rest == "" {
		return host, "", nil
	}
	if rest[0] != ':' {
		return "", "", errBadHostPort
	}
	digits := rest[1:]
	for i := 0; i < len(digits); i++ {
		if !isDigit(digits[i]) {
			return "", "", errBadHostPort
		}
	}
	digits = strings.TrimLeft(digits, "0")
	if len(digits) > 5 {
		return "", "", errBadHostPort
	}
	if digits == "" {
		return host, "", nil
	}
	if n, _ := strconv.Atoi(digits); n > 65535 {
		return "", "", errBadHostPort
	}
	return host, digits, nil
}

var errBadHostPort = &Error{Problem: "invalid host or port"}

func validPercent(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && (i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2])) {
			return false
		}
	}
	return true
}

// InvalidHostChar returns the first character a host name cannot hold, or -1.
// requests would send such a host to DNS and fail there; we refuse it before
// anything is sent.
func InvalidHostChar(host string) rune {
	if strings.HasPrefix(host, "[") {
		return -1
	}
	for _, r := range host {
		if r >= utf8.RuneSelf || !(isAlpha(byte(r)) || isDigit(byte(r)) || strings.ContainsRune("-._~!$&'()*+,;=", r)) {
			return r
		}
	}
	return -1
}

// removeDotSegments is RFC 3986 section 5.2.4 as urllib3 implements it.
func removeDotSegments(path string) string {
	if !strings.Contains(path, ".") {
		return path
	}
	segments := strings.Split(path, "/")
	out := make([]string, 0, len(segments))
	for _, seg := range segments {
		switch seg {
		case ".":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, seg)
		}
	}
	if strings.HasPrefix(path, "/") && (len(out) == 0 || out[0] != "") {
		out = append([]string{""}, out...)
	}
	if strings.HasSuffix(path, "/.") || strings.HasSuffix(path, "/..") {
		out = append(out, "")
	}
	return strings.Join(out, "/")
}

// Redacted hides the password of a URL that may not parse, as
// url.URL.Redacted does: "http://user:xxxxx@host/".
func Redacted(s string) string {
	start := strings.Index(s, "//")
	if start < 0 {
		return s
	}
	rest := s[start+2:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	at := strings.LastIndexByte(rest[:end], '@')
	if at < 0 {
		return s
	}
	colon := strings.IndexByte(rest[:at], ':')
	if colon < 0 {
		return s
	}
	return s[:start+2] + rest[:colon+1] + "xxxxx" + rest[at:]
}
