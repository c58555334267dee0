package charset

import (
	"bytes"
	"net/http"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// FromHeader returns the charset of a response's Content-Type as
// requests' get_encoding_from_headers does, except that text/* without a
// charset is not forced to ISO-8859-1: it yields "", and Text looks at the
// body. JSON without a charset is UTF-8, as RFC 8259 and requests say.
// Of several Content-Type fields (or values joined by commas), the last
// media type counts, with its charset, or with the charset of the values
// before it of the same type when it names none: what browsers do (WHATWG
// Fetch, "extract a MIME type"), and what requests gets when the last
// names a charset.
func FromHeader(h http.Header) string {
	var essence, label string
	for _, field := range h["Content-Type"] { // the canonical key: Values would canonicalize it each time
		one := [1]string{field}
		vs := one[:] // the usual field, one media type: no allocation
		if strings.IndexByte(field, ',') >= 0 {
			vs = splitOutsideQuotes(field, ',')
		}
		for _, v := range vs {
			if strings.TrimSpace(v) == "" {
				continue
			}
			mediaType, params, _ := strings.Cut(v, ";")
			mediaType = strings.ToLower(strings.TrimSpace(mediaType))
			cs, named := charsetParam(params)
			switch {
			case mediaType != essence:
				essence, label = mediaType, cs
			case named:
				label = cs
			}
		}
	}
	if label == "" && strings.Contains(essence, "application/json") {
		return "utf-8"
	}
	return label
}

// charsetParam returns the charset parameter of a media type's parameters
// ("; charset=utf-8; q=1"), quotes trimmed, and whether there is one.
func charsetParam(params string) (string, bool) {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if ok && strings.EqualFold(strings.Trim(k, "\"' "), "charset") {
			return strings.Trim(v, "\"' "), true
		}
	}
	return "", false
}

// splitOutsideQuotes splits s at each sep that is not inside double quotes.
func splitOutsideQuotes(s string, sep byte) []string {
	var out []string
	quoted, start := false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			quoted = !quoted
		case c == '\\' && quoted && i+1 < len(s):
			i++
		case c == sep && !quoted:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// IsUTF8 reports whether label names UTF-8 (or nothing, which means
// UTF-8 here).
func IsUTF8(label string) bool {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "", "utf-8", "utf8", "utf_8", "unicode-1-1-utf-8":
		return true
	}
	return false
}

// Lookup resolves a charset label as WHATWG does, plus the UTF-16
// and UTF-32 names Python knows. It returns nil for an unknown label.
func Lookup(label string) encoding.Encoding {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-16", "utf16":
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	case "utf-16-be", "utf-16be":
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	case "utf-16-le", "utf-16le":
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	case "utf-32":
		return utf32.UTF32(utf32.BigEndian, utf32.ExpectBOM)
	case "utf-32-be", "utf-32be":
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM)
	case "utf-32-le", "utf-32le":
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM)
	case "utf-8-sig":
		return unicode.UTF8BOM
	case "johab", "cp1361", "ms1361", "x-johab":
		return Johab
	case "iso-2022-kr", "iso2022_kr", "iso2022kr", "csiso2022kr":
		return ISO2022KR // WHATWG maps it to the replacement encoding
	case "ibm855", "cp855", "855", "csibm855":
		return charmap.CodePage855
	case "ibm858", "cp858", "858", "ibm00858", "csibm00858":
		return charmap.CodePage858
	case "cp737", "ibm737", "737", "csibm737", "x-ibm737":
		return CP737
	case "x-mac-ce", "x-mac-centraleurroman", "maccentraleurope", "mac-centraleurope", "x-mac-centraleurope",
		"mac_latin2", "maclatin2", "mac-latin2", "mac_centeuro", "mac-ce", "macce":
		return MacCentralEurope
	case "koi8-t", "koi8_t", "koi8t", "cskoi8t":
		return KOI8T
	}
	if e, err := htmlindex.Get(label); err == nil {
		return e
	}
	// Python spells some labels with a separator WHATWG does not know:
	// "latin-1", "iso_8859_1", "shift-jis".
	squeezed := strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(label))
	for _, l := range []string{squeezed, strings.ReplaceAll(strings.ToLower(label), "_", "-")} {
		if e, err := htmlindex.Get(l); err == nil {
			return e
		}
	}
	if e, err := ianaindex.IANA.Encoding(label); err == nil && e != nil {
		return e
	}
	return nil
}

// Decode decodes content with the named charset, dropping a byte order
// mark; bytes invalid in it become U+FFFD. An unknown charset decodes as
// UTF-8, as in requests.
func Decode(content []byte, label string) string {
	if IsUTF8(label) {
		content = bytes.TrimPrefix(content, []byte("\xef\xbb\xbf"))
		if utf8.Valid(content) {
			return string(content)
		}
		label = "utf-8"
	}
	e := Lookup(label)
	if e == nil {
		e = unicode.UTF8
	}
	out, err := e.NewDecoder().Bytes(content)
	if err != nil {
		return strings.ToValidUTF8(string(content), "\uFFFD")
	}
	return strings.TrimPrefix(string(out), "\ufeff")
}

// DecodeStrict decodes content with the named charset for JSON.
func DecodeStrict(content []byte, label string) (string, error) {
	e := Lookup(label)
	if e == nil {
		return string(content), nil
	}
	out, err := e.NewDecoder().Bytes(content)
	return string(out), err
}

// GuessJSONUTF is requests' guess_json_utf: JSON starts with two ASCII
// characters, so the pattern of NUL bytes in the first four tells UTF-16
// and UTF-32 apart from UTF-8.
func GuessJSONUTF(data []byte) string {
	if len(data) <= 3 {
		return "utf-8"
	}
	s := data[:4]
	switch {
	case bytes.Equal(s, []byte{0xff, 0xfe, 0, 0}), bytes.Equal(s, []byte{0, 0, 0xfe, 0xff}):
		return "utf-32"
	case bytes.HasPrefix(s, []byte{0xef, 0xbb, 0xbf}):
		return "utf-8-sig"
	case bytes.HasPrefix(s, []byte{0xff, 0xfe}), bytes.HasPrefix(s, []byte{0xfe, 0xff}):
		return "utf-16"
	}
	switch bytes.Count(s, []byte{0}) {
	case 2:
		if s[0] == 0 && s[2] == 0 {
			return "utf-16-be"
		}
		if s[1] == 0 && s[3] == 0 {
			return "utf-16-le"
		}
	case 3:
		if s[0] == 0 && s[1] == 0 && s[2] == 0 {
			return "utf-32-be"
		}
		if s[1] == 0 && s[2] == 0 && s[3] == 0 {
			return "utf-32-le"
		}
	}
	return "utf-8"
}
