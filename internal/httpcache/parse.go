package httpcache

import (
	"net/http"
	"strings"
	"time"
)

// maxDelta is the greatest delta-seconds value the cache represents: RFC
// 9111 section 1.2.2 has a larger value, or a calculation that overflows,
// read as 2^31 seconds.
const maxDelta = 1 << 31 * time.Second

// directives are the parsed Cache-Control directives of a request or a
// response. A directive that is absent, or present with a value that
// cannot be read, has its zero value; durations are -1 when absent.
type directives struct {
	noStore, noCache, mustRevalidate, public, private bool
	onlyIfCached, mustUnderstand, immutable           bool

	maxAge, maxStale, minFresh         time.Duration // -1: absent
	staleWhileRevalidate, staleIfError time.Duration // -1: absent
	maxStaleAny                        bool          // max-stale without a value
}

// parseDirectives reads the Cache-Control field lines of h. Directive
// names are case-insensitive; a value may be a token or a quoted string;
// the first occurrence of a directive wins; a directive whose syntax is
// broken is skipped up to the next comma (quoted commas included), so a
// malformed field costs at most the directives it mangles.
func parseDirectives(h http.Header) directives {
	d := directives{maxAge: -1, maxStale: -1, minFresh: -1, staleWhileRevalidate: -1, staleIfError: -1}
	seen := 0 // bit set of the valued directives already read
	for _, line := range h["Cache-Control"] {
		for s := line; s != ""; {
			var name, value string
			var hasValue, ok bool
			name, value, hasValue, ok, s = nextDirective(s)
			if !ok {
				continue
			}
			switch strings.ToLower(name) {
			case "no-store":
				d.noStore = true
			case "no-cache":
				d.noCache = true // with or without field names: revalidate
			case "must-revalidate", "proxy-revalidate":
				d.mustRevalidate = true
			case "public":
				d.public = true
			case "private":
				d.private = true
			case "only-if-cached":
				d.onlyIfCached = true
			case "must-understand":
				d.mustUnderstand = true
			case "immutable":
				d.immutable = true
			case "max-age":
				setDelta(&d.maxAge, &seen, 1, value, hasValue)
			case "max-stale":
				if !hasValue {
					if seen&2 == 0 {
						d.maxStaleAny = true
						seen |= 2
					}
					break
				}
				setDelta(&d.maxStale, &seen, 2, value, hasValue)
			case "min-fresh":
				setDelta(&d.minFresh, &seen, 4, value, hasValue)
			case "stale-while-revalidate":
				setDelta(&d.staleWhileRevalidate, &seen, 8, value, hasValue)
			case "stale-if-error":
				setDelta(&d.staleIfError, &seen, 16, value, hasValue)
			}
		}
	}
	return d
}

// setDelta sets *dst from a delta-seconds value unless the directive was
// seen before. An unreadable value (negative, alphabetic, single-quoted)
// makes the directive read as 0, which is the safe reading for every
// directive that takes one: max-age=0 is stale, min-fresh=0 and
// max-stale=0 change nothing, and a 0-second stale window is none.
func setDelta(dst *time.Duration, seen *int, bit int, value string, hasValue bool) {
	if *seen&bit != 0 {
		return
	}
	*seen |= bit
	v, ok := parseDeltaSeconds(value)
	if !hasValue || !ok {
		v = 0
	}
	*dst = v
}

// nextDirective reads one directive off the front of s, a comma-separated
// list, and returns the rest after its comma. ok is false for an empty
// element or one that is not token [ "=" ( token / quoted-string ) ].
func nextDirective(s string) (name, value string, hasValue, ok bool, rest string) {
	s = trimOWS(s)
	i := 0
	for i < len(s) && isTokenChar(s[i]) {
		i++
	}
	name, s = s[:i], s[i:]
	ok = name != ""
	if strings.HasPrefix(s, "=") {
		s = s[1:]
		hasValue = true
		if strings.HasPrefix(s, `"`) {
			var q bool
			value, s, q = quotedString(s)
			ok = ok && q
		} else {
			j := 0
			for j < len(s) && isTokenChar(s[j]) {
				j++
			}
			value, s = s[:j], s[j:]
			ok = ok && value != ""
		}
	}
	s = trimOWS(s)
	if s != "" && s[0] != ',' {
		ok = false
	}
	// Skip to the next comma that is not inside a quoted string.
	for s != "" && s[0] != ',' {
		if s[0] == '"' {
			_, s, _ = quotedString(s)
			continue
		}
		s = s[1:]
	}
	if s != "" {
		s = s[1:]
	}
	return name, value, hasValue, ok, s
}

// quotedString reads a quoted-string at the front of s (which starts with
// a double quote) and returns its unescaped content and the rest. ok is
// false when the closing quote is missing.
func quotedString(s string) (content, rest string, ok bool) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '"':
			return b.String(), s[i+1:], true
		case '\\':
			if i+1 < len(s) {
				i++
			}
		}
		b.WriteByte(s[i])
	}
	return b.String(), "", false
}

func trimOWS(s string) string { return strings.Trim(s, " \t") }

func isTokenChar(c byte) bool {
	if c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// parseDeltaSeconds reads 1*DIGIT as a duration, saturating at maxDelta.
func parseDeltaSeconds(s string) (time.Duration, bool) {
	if s == "" {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n < 1<<31 {
			n = n*10 + int64(c-'0')
		}
	}
	if n >= 1<<31 {
		return maxDelta, true
	}
	return time.Duration(n) * time.Second, true
}

// ageValue reads the Age header: the first element of the first field
// line, when it is 1*DIGIT; anything else is ignored (0).
func ageValue(h http.Header) time.Duration {
	lines := h["Age"]
	if len(lines) == 0 {
		return 0
	}
	first, _, _ := strings.Cut(lines[0], ",")
	v, ok := parseDeltaSeconds(trimOWS(first))
	if !ok {
		return 0
	}
	return v
}

// parseHTTPDate reads an HTTP-date (RFC 9110 section 5.6.7): the
// IMF-fixdate, or the obsolete RFC 850 and asctime forms a recipient must
// accept. It is strict about everything but letter case: two-digit hours,
// single spaces, GMT only; anything else is not a date.
func parseHTTPDate(s string) (time.Time, bool) {
	switch {
	case len(s) == 29 && s[3] == ',': // Sun, 06 Nov 1994 08:49:37 GMT
		if s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || !strings.EqualFold(s[25:], " GMT") {
			return time.Time{}, false
		}
		if weekday(s[:3]) < 0 {
			return time.Time{}, false
		}
		return makeDate(s[5:7], s[8:11], s[12:16], s[17:25])
	case strings.Contains(s, "-"): // Sunday, 06-Nov-94 08:49:37 GMT
		comma := strings.IndexByte(s, ',')
		if comma < 0 || len(s) != comma+24 || weekdayLong(s[:comma]) < 0 {
			return time.Time{}, false
		}
		r := s[comma+1:]
		if r[0] != ' ' || r[3] != '-' || r[7] != '-' || r[10] != ' ' || !strings.EqualFold(r[19:], " GMT") {
			return time.Time{}, false
		}
		yy, ok := digits(r[8:10])
		if !ok {
			return time.Time{}, false
		}
		// RFC 9110: a two-digit year more than 50 years in the future is
		// in the past century.
		year := 2000 + yy
		if year > time.Now().Year()+50 {
			year -= 100
		}
		return makeDate(r[1:3], r[4:7], itoa4(year), r[11:19])
	case len(s) == 24: // Sun Nov  6 08:49:37 1994
		if s[3] != ' ' || s[7] != ' ' || s[10] != ' ' || s[19] != ' ' || weekday(s[:3]) < 0 {
			return time.Time{}, false
		}
		day := s[8:10]
		if day[0] == ' ' {
			day = "0" + day[1:]
		}
		return makeDate(day, s[4:7], s[20:24], s[11:19])
	}
	return time.Time{}, false
}

var months = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
var days = [...]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

func weekday(s string) int {
	for i, d := range days {
		if strings.EqualFold(s, d[:3]) {
			return i
		}
	}
	return -1
}

func weekdayLong(s string) int {
	for i, d := range days {
		if strings.EqualFold(s, d) {
			return i
		}
	}
	return -1
}

func itoa4(y int) string {
	if y < 0 || y > 9999 {
		return "xxxx"
	}
	return string([]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10)})
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, s != ""
}

// makeDate builds a UTC time from a two-digit day, a month name, a
// four-digit year and hh:mm:ss, all checked.
func makeDate(day, month, year, clock string) (time.Time, bool) {
	d, ok1 := digits(day)
	y, ok2 := digits(year)
	if !ok1 || !ok2 || len(day) != 2 || len(year) != 4 || len(clock) != 8 || clock[2] != ':' || clock[5] != ':' {
		return time.Time{}, false
	}
	hh, ok3 := digits(clock[0:2])
	mm, ok4 := digits(clock[3:5])
	ss, ok5 := digits(clock[6:8])
	m := -1
	for i, name := range months {
		if strings.EqualFold(month, name) {
			m = i
		}
	}
	if !ok3 || !ok4 || !ok5 || m < 0 || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 60 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m+1), d, hh, mm, ss, 0, time.UTC)
	if t.Day() != d { // 31 Feb
		return time.Time{}, false
	}
	return t, true
}

// headerDate reads a date header that must appear once: several field
// lines, or one that is not an HTTP-date, are invalid.
func headerDate(h http.Header, name string) (time.Time, bool) {
	vs := h[name]
	if len(vs) != 1 {
		return time.Time{}, false
	}
	return parseHTTPDate(trimOWS(vs[0]))
}
