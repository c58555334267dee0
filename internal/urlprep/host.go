package urlprep

// This file checks and normalises host names as urllib3 does for requests:
// IPv6 literals by urllib3's patterns, and international names label by
// label with IDNA 2008 (RFC 5891-5893), which the idna package urllib3
// uses applies without UTS #46's mapping.

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/bidi"
	"golang.org/x/text/unicode/norm"
)

// normalizeHost is urllib3's _normalize_host for http and https: an IPv6
// address is lower-cased and its zone unescaped once, an IPv4 address kept,
// and a name encoded label by label (see idnaLabel).
func normalizeHost(host string) (string, error) {
	if strings.HasPrefix(host, "[") {
		return normalizeIPv6(host), nil
	}
	if isASCII(host) {
		return strings.ToLower(host), nil
	}
	labels := strings.Split(host, ".")
	for i, l := range labels {
		if isASCII(l) {
			labels[i] = strings.ToLower(l)
			continue
		}
		a, err := idnaLabel(pyLower(l))
		if err != nil {
			return "", &Error{Problem: "the host is not a valid IDNA name", Err: err}
		}
		labels[i] = a
	}
	return strings.Join(labels, "."), nil
}

// validIPv6Host reports whether s (between the brackets) is an IPv6 address
// as urllib3's _IPV6_ADDRZ_PAT reads one: RFC 3986's IPv6address, whose
// IPv4 part is four groups of one to three digits, then maybe a zone of
// RFC 6874 ("%25" or "%", then unreserved characters and escapes).
func validIPv6Host(s string) bool {
	addr, zone, hasZone := strings.Cut(s, "%")
	if hasZone {
		if zone == "" || !validPercent(zone) {
			return false
		}
		for i := 0; i < len(zone); i++ {
			if c := zone[i]; c != '%' && strings.IndexByte(unreservedChars, c) < 0 {
				return false
			}
		}
	}
	left, right, elided := strings.Cut(addr, "::")
	if !elided {
		n, ok := ipv6Pieces(addr, true)
		return ok && n == 8
	}
	l, ok := ipv6Pieces(left, false)
	if !ok {
		return false
	}
	r, ok := ipv6Pieces(right, true)
	return ok && l+r <= 7
}

// ipv6Pieces counts the 16-bit pieces of s, a ':'-separated list of one to
// four hex digits whose last item may be an IPv4 address (two pieces) when
// ipv4 is set.
func ipv6Pieces(s string, ipv4 bool) (int, bool) {
	if s == "" {
		return 0, true
	}
	n := 0
	for s != "" {
		h, rest, more := strings.Cut(s, ":")
		if ipv4 && !more && strings.IndexByte(h, '.') >= 0 {
			return n + 2, looseIPv4(h)
		}
		if h == "" || len(h) > 4 || strings.IndexFunc(h, func(r rune) bool { return r >= utf8.RuneSelf || !isHex(byte(r)) }) >= 0 {
			return 0, false
		}
		if more && rest == "" {
			return 0, false // a trailing ':'
		}
		n, s = n+1, rest
	}
	return n, true
}

// looseIPv4 matches urllib3's _IPV4_PAT, (?:[0-9]{1,3}\.){3}[0-9]{1,3}.
func looseIPv4(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if p == "" || len(p) > 3 || strings.IndexFunc(p, func(r rune) bool { return r >= utf8.RuneSelf || !isDigit(byte(r)) }) >= 0 {
			return false
		}
	}
	return true
}

// normalizeIPv6 lower-cases a bracketed IPv6 host, but not its zone, and
// unescapes a zone written "%25z" to "%z", as urllib3 does; requoting then
// writes the '%' as "%25" again, or, when the zone holds something that is
// not an escape ("%25eth0"), every '%' of the URL (requote_uri's rule).
func normalizeIPv6(host string) string {
	addr, zone, ok := strings.Cut(host[1:len(host)-1], "%")
	if !ok {
		return strings.ToLower(host)
	}
	if strings.HasPrefix(zone, "25") && zone != "25" {
		zone = zone[2:]
	}
	return "[" + strings.ToLower(addr) + "%" + encodeInvalid(zone, unreservedChars) + "]"
}

// idnaJoiners checks the CONTEXTJ rules of RFC 5892 (where U+200C and
// U+200D may stand) and that a label does not start with a combining mark,
// then encodes it with Punycode.
var idnaJoiners = idna.New(idna.CheckJoiners(true))

// idnaLabel encodes a non-ASCII label as urllib3 does, with the idna
// package's IDNA 2008 encode (strict, no UTS #46 mapping): the label must
// be in NFC, its hyphens in place, every code point PVALID (or CONTEXTO or
// CONTEXTJ in its context), and it must keep the Bidi rule of RFC 5893.
// UTS #46, which browsers use, would map what this refuses: full-width
// letters, "。", soft hyphens, symbols such as "☃".
func idnaLabel(l string) (string, error) {
	if !norm.NFC.IsNormalString(l) {
		return "", errors.New("the label " + strconv.Quote(l) + " is not in NFC")
	}
	rs := []rune(l)
	if len(rs) >= 4 && rs[2] == '-' && rs[3] == '-' || rs[0] == '-' || rs[len(rs)-1] == '-' {
		return "", errors.New("the label " + strconv.Quote(l) + " has a hyphen out of place")
	}
	for i, r := range rs {
		switch idna2008Property(r) {
		case idnaPValid, idnaContextJ:
		case idnaContextO:
			if !validContextO(rs, i) {
				return "", errors.New("the label " + strconv.Quote(l) + " holds " + strconv.QuoteRune(r) + " out of its context")
			}
		default:
			return "", errors.New("the label " + strconv.Quote(l) + " holds " + strconv.QuoteRune(r) + ", which IDNA 2008 disallows")
		}
	}
	if !bidiRule(rs) {
		return "", errors.New("the label " + strconv.Quote(l) + " breaks the Bidi rule")
	}
	a, err := idnaJoiners.ToASCII(l)
	if err != nil {
		return "", err
	}
	if len(a) > 63 {
		return "", errors.New("the label " + strconv.Quote(l) + " is longer than 63 bytes")
	}
	return a, nil
}

// IDNA 2008 derived properties of code points (RFC 5892).
const (
	idnaDisallowed = iota
	idnaPValid
	idnaContextJ
	idnaContextO
)

// idna2008Property derives the IDNA 2008 property of r from the Unicode
// tables as RFC 5892 section 3 does, with its exceptions (section 2.6).
func idna2008Property(r rune) int {
	switch r {
	case 0xdf, 0x3c2, 0x6fd, 0x6fe, 0xf0b, 0x3007:
		return idnaPValid
	case 0xb7, 0x375, 0x5f3, 0x5f4, 0x30fb:
		return idnaContextO
	case 0x640, 0x7fa, 0x302e, 0x302f, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303b:
		return idnaDisallowed
	case 0x200c, 0x200d:
		return idnaContextJ
	}
	switch {
	case 0x660 <= r && r <= 0x669 || 0x6f0 <= r && r <= 0x6f9:
		return idnaContextO
	case 0x13a0 <= r && r <= 0x13f5:
		// Cherokee capitals: case folding keeps them (the small letters
		// fold to them), but x/text's cases.Fold lower-cases them.
		return idnaPValid
	case r < utf8.RuneSelf:
		if isDigit(byte(r)) || 'a' <= r && r <= 'z' || r == '-' {
			return idnaPValid
		}
		return idnaDisallowed
	case unstable(r),
		unicode.In(r, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector, unicode.Cf, unicode.White_Space, unicode.Noncharacter_Code_Point),
		0x20d0 <= r && r <= 0x20ff, 0x1d100 <= r && r <= 0x1d24f, // combining marks for symbols, musical notation
		0x1100 <= r && r <= 0x11ff, 0xa960 <= r && r <= 0xa97f, 0xd7b0 <= r && r <= 0xd7ff: // old Hangul jamo
		return idnaDisallowed
	case unicode.In(r, unicode.Ll, unicode.Lu, unicode.Lo, unicode.Nd, unicode.Lm, unicode.Mn, unicode.Mc):
		return idnaPValid
	}
	return idnaDisallowed
}

// unstable reports whether NFKC(casefold(NFKC(r))) is not r: a code point
// that case folding or compatibility mapping changes.
func unstable(r rune) bool {
	s := string(r)
	return norm.NFKC.String(cases.Fold().String(norm.NFKC.String(s))) != s
}

// validContextO applies the CONTEXTO rules of RFC 5892 appendix A to
// rs[i], as the idna package does.
func validContextO(rs []rune, i int) bool {
	switch r := rs[i]; {
	case r == 0xb7: // middle dot: between two 'l'
		return 0 < i && i < len(rs)-1 && rs[i-1] == 'l' && rs[i+1] == 'l'
	case r == 0x375: // Greek keraia: before a Greek letter
		return i < len(rs)-1 && unicode.Is(unicode.Greek, rs[i+1])
	case r == 0x5f3 || r == 0x5f4: // Hebrew geresh, gershayim: after a Hebrew letter
		return i > 0 && unicode.Is(unicode.Hebrew, rs[i-1])
	case r == 0x30fb: // katakana middle dot: in a label with kana or Han
		for _, c := range rs {
			if c != 0x30fb && unicode.In(c, unicode.Hiragana, unicode.Katakana, unicode.Han) {
				return true
			}
		}
		return false
	case 0x660 <= r && r <= 0x669: // Arabic-Indic digits: not mixed with the extended ones
		return !slices.ContainsFunc(rs, func(c rune) bool { return 0x6f0 <= c && c <= 0x6f9 })
	case 0x6f0 <= r && r <= 0x6f9:
		return !slices.ContainsFunc(rs, func(c rune) bool { return 0x660 <= c && c <= 0x669 })
	}
	return false
}

// bidiRule is the Bidi rule of RFC 5893 as the idna package applies it:
// only to a label holding a right-to-left character.
func bidiRule(rs []rune) bool {
	class := func(r rune) bidi.Class {
		p, _ := bidi.LookupRune(r)
		return p.Class()
	}
	if !slices.ContainsFunc(rs, func(r rune) bool {
		c := class(r)
		return c == bidi.R || c == bidi.AL || c == bidi.AN
	}) {
		return true
	}
	if c := class(rs[0]); c != bidi.R && c != bidi.AL {
		return false // a label starting left-to-right may not hold R, AL or AN
	}
	end, numbers := false, bidi.Class(0)
	for _, r := range rs {
		switch c := class(r); c {
		case bidi.R, bidi.AL:
			end = true
		case bidi.EN, bidi.AN:
			if numbers != 0 && numbers != c {
				return false
			}
			end, numbers = true, c
		case bidi.ES, bidi.CS, bidi.ET, bidi.ON, bidi.BN:
			end = false
		case bidi.NSM:
		default:
			return false
		}
	}
	return end
}

// pyLower is Python's str.lower, which urllib3 applies to a label before
// encoding it: Unicode's full lower-casing, so "İ" is "i̇", and a final
// capital sigma is "ς".
func pyLower(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r == 0x130:
			b.WriteString("i\u0307")
		case r == 0x3a3 && finalSigma(rs, i):
			b.WriteRune(0x3c2)
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// finalSigma reports whether rs[i] ends a word: a cased letter before it
// and none after it, case-ignorable characters skipped.
func finalSigma(rs []rune, i int) bool {
	j := i - 1
	for j >= 0 && caseIgnorable(rs[j]) {
		j--
	}
	if j < 0 || !cased(rs[j]) {
		return false
	}
	j = i + 1
	for j < len(rs) && caseIgnorable(rs[j]) {
		j++
	}
	return j == len(rs) || !cased(rs[j])
}

func cased(r rune) bool {
	return unicode.In(r, unicode.Lu, unicode.Ll, unicode.Lt, unicode.Other_Lowercase, unicode.Other_Uppercase)
}

func caseIgnorable(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk) ||
		strings.ContainsRune("'.:\u00b7\u0387\u055f\u05f4\u2018\u2019\u2024\u2027\ufe13\ufe52\ufe55\uff07\uff0e\uff1a", r)
}
