package http3

import (
	"net"
	"strconv"
	"strings"
	"time"
)

// defaultMaxAge is how long an Alt-Svc alternative is kept when the header
// names no ma (RFC 7838, section 3.1).
const defaultMaxAge = 24 * time.Hour

// alternative is an HTTP/3 endpoint advertised for an origin.
type alternative struct {
	addr   string        // host:port to dial
	maxAge time.Duration // ma, or defaultMaxAge
}

// parseAltSvc reads the Alt-Svc field values of a response from the origin
// whose host is originHost. It returns the HTTP/3 ("h3") alternatives in
// the order of the server's preference, and whether the field was there
// at all: a field present, even "clear" or without any h3 alternative,
// replaces what was known of the origin. Malformed alternatives are
// skipped.
func parseAltSvc(values []string, originHost string) (alts []alternative, present bool) {
	for _, v := range values {
		for _, item := range splitOutsideQuotes(v, ',') {
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			present = true
			if strings.EqualFold(item, "clear") {
				return nil, true
			}
			if a, ok := parseAlternative(item, originHost); ok {
				alts = append(alts, a)
			}
		}
	}
	return alts, present
}

// parseAlternative reads one alt-value: protocol-id "=" alt-authority
// *( OWS ";" OWS parameter ).
func parseAlternative(item, originHost string) (alternative, bool) {
	parts := splitOutsideQuotes(item, ';')
	proto, authority, ok := strings.Cut(strings.TrimSpace(parts[0]), "=")
	if !ok || strings.TrimSpace(proto) != "h3" {
		return alternative{}, false
	}
	authority, ok = unquote(strings.TrimSpace(authority))
	if !ok {
		return alternative{}, false
	}
	host, port, err := net.SplitHostPort(authority)
	if err != nil {
		return alternative{}, false
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return alternative{}, false
	}
	if host == "" {
		host = originHost
	} else if !validHost(host) {
		return alternative{}, false
	}
	a := alternative{addr: net.JoinHostPort(strings.ToLower(host), port), maxAge: defaultMaxAge}
	for _, p := range parts[1:] {
		name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.TrimSpace(name) != "ma" {
			continue // persist and unknown parameters
		}
		value, _ = unquote(strings.TrimSpace(value))
		secs, err := strconv.ParseUint(value, 10, 64)
		if err != nil {
			return alternative{}, false
		}
		a.maxAge = time.Duration(min(secs, uint64(100*365*24*3600))) * time.Second
	}
	return a, true
}

// validHost reports whether host is a plausible DNS name or IP address.
func validHost(host string) bool {
	for _, c := range []byte(host) {
		ok := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '.' || c == '-' || c == '_' || c == ':'
		if !ok {
			return false
		}
	}
	return true
}

// splitOutsideQuotes splits s at each sep that is not inside a
// quoted-string.
func splitOutsideQuotes(s string, sep byte) []string {
	var parts []string
	quoted, escaped, start := false, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case escaped:
			escaped = false
		case quoted && c == '\\':
			escaped = true
		case c == '"':
			quoted = !quoted
		case !quoted && c == sep:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// unquote returns the content of a quoted-string, or s itself when it is
// a token.
func unquote(s string) (string, bool) {
	if !strings.HasPrefix(s, `"`) {
		return s, s != "" && !strings.ContainsAny(s, "\" \t")
	}
	if len(s) < 2 || !strings.HasSuffix(s, `"`) {
		return "", false
	}
	var b strings.Builder
	s = s[1 : len(s)-1]
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			if i++; i == len(s) {
				return "", false
			}
		} else if s[i] == '"' {
			return "", false
		}
		b.WriteByte(s[i])
	}
	return b.String(), true
}
