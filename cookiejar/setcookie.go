package cookiejar

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ParseSetCookie parses a Set-Cookie header value as RFC 6265bis (section
// 5.6) says a user agent does, which is what browsers do: the name and the
// value are split on the first "=" and trimmed of spaces and tabs, the value
// is kept byte for byte (quotes included), and a header is ignored whole
// when it holds a control character other than the tab (a NUL, a CR) or is
// longer than 4096 bytes. A header without "=" ("foo") or with nothing
// before it ("=foo") is a nameless cookie: its name is "" and its value
// "foo", and it goes back as "foo" alone (section 5.8.3). A nameless cookie
// whose value starts with "__Secure-" or "__Host-" (any case) is ignored,
// so that it cannot pass for a prefixed cookie (section 5.7), and so is one
// with an empty name and value. Attribute names are trimmed and compared
// without case; an attribute whose value is longer than 1024 bytes, an
// unparsable Expires or Max-Age, and an empty Domain are ignored; a Path
// that does not start with "/" leaves the default path. Domain is
// lower-cased and keeps a leading dot, as net/http's parser keeps it: the
// Jar drops one. ok is false when the header is ignored.
func ParseSetCookie(line string) (c *http.Cookie, ok bool) {
	if hasControl(line) {
		return nil, false
	}
	pair, attrs, _ := strings.Cut(line, ";")
	name, value, found := strings.Cut(pair, "=")
	if !found {
		name, value = "", name
	}
	name, value = trimWSP(name), trimWSP(value)
	if name == "" && value == "" || len(name)+len(value) > 4096 || !namelessAllowed(name, value) {
		return nil, false
	}
	c = &http.Cookie{Name: name, Value: value, Raw: line}
	for attrs != "" {
		var av string
		av, attrs, _ = strings.Cut(attrs, ";")
		k, v, _ := strings.Cut(av, "=")
		k, v = trimWSP(k), trimWSP(v)
		if len(v) > 1024 {
			continue
		}
		switch strings.ToLower(k) {
		case "expires":
			if t, ok := parseCookieDate(v); ok {
				c.Expires = t
			}
		case "max-age":
			if n, ok := parseMaxAge(v); ok {
				c.MaxAge = n
			}
		case "domain":
			if v != "" {
				c.Domain = strings.ToLower(v)
			}
		case "path":
			c.Path = ""
			if strings.HasPrefix(v, "/") {
				c.Path = v
			}
		case "secure":
			c.Secure = true
		case "httponly":
			c.HttpOnly = true
		case "samesite":
			switch strings.ToLower(v) {
			case "strict":
				c.SameSite = http.SameSiteStrictMode
			case "lax":
				c.SameSite = http.SameSiteLaxMode
			case "none":
				c.SameSite = http.SameSiteNoneMode
			default:
				c.SameSite = http.SameSiteDefaultMode
			}
		case "partitioned":
			c.Partitioned = true
		}
	}
	return c, true
}

// trimWSP trims spaces and tabs.
func trimWSP(s string) string { return strings.Trim(s, " \t") }

// parseMaxAge reads a Max-Age value: an optional "-" and digits. A delta
// of zero or less is -1 (delete now), as http.Cookie has it.
func parseMaxAge(v string) (int, bool) {
	if v == "" || (v[0] < '0' || v[0] > '9') && v[0] != '-' {
		return 0, false
	}
	digits := strings.TrimPrefix(v, "-")
	if digits == "" || strings.IndexFunc(digits, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return 0, false
	}
	if v[0] == '-' {
		return -1, true
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		n = 1<<31 - 1 // too large: as far as it goes
	}
	if n == 0 {
		return -1, true
	}
	return int(min(n, 1<<31-1)), true
}

// parseCookieDate is the cookie-date algorithm of RFC 6265bis section
// 5.1.1, which reads the dates servers really send: tokens in any order,
// the first that looks like a time, a day, a month and a year each.
func parseCookieDate(s string) (time.Time, bool) {
	var (
		hour, minute, second, day, year int
		month                           time.Month
		foundTime, foundDay, foundMonth bool
		foundYear                       bool
	)
	isDelim := func(c byte) bool {
		return c == 0x09 || c >= 0x20 && c <= 0x2f || c >= 0x3b && c <= 0x40 || c >= 0x5b && c <= 0x60 || c >= 0x7b && c <= 0x7e
	}
	for i := 0; i < len(s); {
		for i < len(s) && isDelim(s[i]) {
			i++
		}
		j := i
		for j < len(s) && !isDelim(s[j]) {
			j++
		}
		tok := s[i:j]
		i = j
		if tok == "" {
			continue
		}
		switch {
		case !foundTime && parseCookieTime(tok, &hour, &minute, &second):
			foundTime = true
		case !foundDay && leadingDigits(tok, 1, 2, &day):
			foundDay = true
		case !foundMonth && len(tok) >= 3 && monthOf(tok[:3]) != 0:
			month, foundMonth = monthOf(tok[:3]), true
		case !foundYear && leadingDigits(tok, 2, 4, &year):
			foundYear = true
		}
	}
	if !foundTime || !foundDay || !foundMonth || !foundYear {
		return time.Time{}, false
	}
	switch {
	case year >= 70 && year <= 99:
		year += 1900
	case year >= 0 && year <= 69:
		year += 2000
	}
	if day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, month, day, hour, minute, second, 0, time.UTC)
	if t.Day() != day {
		return time.Time{}, false // a day the month does not have
	}
	return t, true
}

// leadingDigits reads min to max digits at the start of tok, followed by
// the end or a non-digit.
func leadingDigits(tok string, lo, hi int, out *int) bool {
	n := 0
	for n < len(tok) && tok[n] >= '0' && tok[n] <= '9' {
		n++
	}
	if n < lo || n > hi {
		return false
	}
	*out, _ = strconv.Atoi(tok[:n])
	return true
}

// parseCookieTime reads hh:mm:ss, one or two digits each, optionally
// followed by a non-digit and anything.
func parseCookieTime(tok string, h, m, s *int) bool {
	parts := strings.SplitN(tok, ":", 3)
	if len(parts) != 3 {
		return false
	}
	var v [3]int
	for i, p := range parts {
		n := 0
		for n < len(p) && p[n] >= '0' && p[n] <= '9' {
			n++
		}
		if n < 1 || n > 2 || i < 2 && n != len(p) {
			return false
		}
		v[i], _ = strconv.Atoi(p[:n])
	}
	*h, *m, *s = v[0], v[1], v[2]
	return true
}

func monthOf(s string) time.Month {
	switch strings.ToLower(s) {
	case "jan":
		return time.January
	case "feb":
		return time.February
	case "mar":
		return time.March
	case "apr":
		return time.April
	case "may":
		return time.May
	case "jun":
		return time.June
	case "jul":
		return time.July
	case "aug":
		return time.August
	case "sep":
		return time.September
	case "oct":
		return time.October
	case "nov":
		return time.November
	case "dec":
		return time.December
	}
	return 0
}

// cookieFits reports whether a cookie can be stored and sent without
// breaking a Cookie header: no control character but the tab, no ";" in
// either part, no "=" in the name, not both empty, and no nameless cookie
// that reads as a prefixed one (namelessAllowed). Every way into a jar
// checks it.
func cookieFits(name, value string) bool {
	if name == "" && value == "" || strings.Contains(name, "=") || !namelessAllowed(name, value) {
		return false
	}
	for _, s := range [2]string{name, value} {
		for i := 0; i < len(s); i++ {
			if b := s[i]; b < 0x20 && b != '\t' || b == 0x7f || b == ';' {
				return false
			}
		}
	}
	return true
}

// namelessAllowed applies RFC 6265bis section 5.7 to a cookie: a
// nameless one whose value starts with "__Secure-" or "__Host-", ASCII case
// ignored, is refused, because it is sent back as its value alone and
// would read as a prefixed cookie the server never had to set securely.
func namelessAllowed(name, value string) bool {
	return name != "" || !hasPrefixFold(value, "__Secure-") && !hasPrefixFold(value, "__Host-")
}

// hasControl reports whether s holds a control character other than the
// tab, which RFC 6265bis section 5.6 has a user agent ignore a Set-Cookie
// line for.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 && b != '\t' || b == 0x7f {
			return true
		}
	}
	return false
}
