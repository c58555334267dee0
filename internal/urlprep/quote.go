package urlprep

// This file percent-encodes and decodes URL parts as requests and urllib3
// do (requote_uri, _encode_invalid_chars, urllib.parse.quote), with the
// byte classes they rest on.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Character classes of urllib3's _encode_invalid_chars.
const (
	unreservedChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-~"
	userinfoChars   = unreservedChars + "!$&'()*+,;=" + ":"
	pathChars       = userinfoChars + "@/"
	queryChars      = pathChars + "?"
)

// encodeInvalid percent-encodes the bytes of s outside allowed. Existing
// escapes are upper-cased and kept when every '%' in s starts one; otherwise
// every '%' is encoded too (urllib3's rule).
func encodeInvalid(s, allowed string) string {
	escapes, percents := 0, 0
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' {
			percents++
			if i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				escapes++
			}
		}
		if c >= utf8.RuneSelf || strings.IndexByte(allowed, c) < 0 {
			clean = false
		}
	}
	keepPercent := escapes == percents
	if clean && percents == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			// urllib3 upper-cases every valid escape, then encodes its '%'
			// too unless all of them are valid.
			if keepPercent {
				b.WriteByte('%')
			} else {
				b.WriteString("%25")
			}
			b.WriteByte(upperHex(s[i+1]))
			b.WriteByte(upperHex(s[i+2]))
			i += 2
		case c < utf8.RuneSelf && c != '%' && strings.IndexByte(allowed, c) >= 0:
			b.WriteByte(c)
		default:
			writeEscape(&b, c)
		}
	}
	return b.String()
}

// Requote is requests' requote_uri: unescape the escapes of unreserved
// characters, then escape whatever is not allowed in a URI, never touching a
// valid %XX. When s holds an invalid escape, '%' itself is escaped.
func Requote(s string) string {
	if u, ok := unquoteUnreserved(s); ok {
		return quote(u, "!#$%&'()*+,/:;=?@[]~")
	}
	return quote(s, "!#$&'()*+,/:;=?@[]~")
}

// unquoteUnreserved unescapes %XX where XX encodes an unreserved character;
// ok is false when s holds a malformed escape such as %zz.
func unquoteUnreserved(s string) (string, bool) {
	i := strings.IndexByte(s, '%')
	if i < 0 {
		return s, true
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if c != '%' || i+2 >= len(s) {
			b.WriteByte(c)
			continue
		}
		h1, h2 := s[i+1], s[i+2]
		if !isAlnum(h1) || !isAlnum(h2) {
			if pyAlnumPair(s[i+1:]) {
				return "", false // "%é1": Python's str.isalnum takes it for an escape, int() refuses it
			}
			b.WriteByte(c)
			continue
		}
		if !isHex(h1) || !isHex(h2) {
			return "", false
		}
		v := unhex(h1)<<4 | unhex(h2)
		if strings.IndexByte(unreservedChars, v) >= 0 {
			b.WriteByte(v)
		} else {
			b.WriteByte('%')
			b.WriteByte(h1)
			b.WriteByte(h2)
		}
		i += 2
	}
	return b.String(), true
}

// pyAlnumPair reports whether s starts with two characters Python's
// str.isalnum accepts (letters and numbers of any script).
func pyAlnumPair(s string) bool {
	for range 2 {
		r, n := utf8.DecodeRuneInString(s)
		if n == 0 || !unicode.IsLetter(r) && !unicode.IsNumber(r) {
			return false
		}
		s = s[n:]
	}
	return true
}

// quote is Python's urllib.parse.quote: bytes outside the unreserved set and
// safe are percent-encoded as UTF-8.
func quote(s, safe string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !quoteSafe(s[i], safe) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2*n)
	for i := 0; i < len(s); i++ {
		if c := s[i]; quoteSafe(c, safe) {
			b.WriteByte(c)
		} else {
			writeEscape(&b, c)
		}
	}
	return b.String()
}

func quoteSafe(c byte, safe string) bool {
	return isAlnum(c) || c == '_' || c == '.' || c == '-' || c == '~' || c < utf8.RuneSelf && strings.IndexByte(safe, c) >= 0
}

func writeEscape(b *strings.Builder, c byte) {
	const hex = "0123456789ABCDEF"
	b.WriteByte('%')
	b.WriteByte(hex[c>>4])
	b.WriteByte(hex[c&15])
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isAlnum(c byte) bool { return isAlpha(c) || isDigit(c) }
func isHex(c byte) bool   { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case isDigit(c):
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

func upperHex(c byte) byte {
	if 'a' <= c && c <= 'f' {
		return c - 'a' + 'A'
	}
	return c
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
