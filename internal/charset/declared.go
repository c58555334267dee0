package charset

import (
	"bytes"
	"strings"
)

// Declared determines the charset of a body whose Content-Type names
// none: a byte order mark; for HTML, a <meta> charset in the first 1024
// bytes (as browsers prescan); for XML, the encoding of its declaration;
// for JSON, requests' UTF-16/32 guess. A declared label that names no
// encoding this package can decode is ignored, as browsers ignore it. It
// returns "" when the body does not say.
func Declared(contentType string, content []byte) string {
	if bom := BOM(content); bom != "" {
		return bom
	}
	mediaType, _, _ := strings.Cut(strings.ToLower(contentType), ";")
	mediaType = strings.TrimSpace(mediaType)
	switch {
	case strings.Contains(mediaType, "json"):
		return GuessJSONUTF(content)
	case mediaType == "text/html" || mediaType == "application/xhtml+xml" || mediaType == "" && looksLikeHTML(content):
		if e := Meta(content); e != "" && Lookup(e) != nil {
			return e
		}
	}
	if strings.Contains(mediaType, "xml") || mediaType == "" || mediaType == "application/xhtml+xml" {
		if e := xmlDeclaration(content); e != "" && Lookup(e) != nil {
			return e
		}
	}
	return ""
}

// BOM names the encoding a byte order mark announces.
func BOM(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xef, 0xbb, 0xbf}):
		return "utf-8"
	case bytes.HasPrefix(b, []byte{0xff, 0xfe, 0, 0}):
		return "utf-32-le"
	case bytes.HasPrefix(b, []byte{0, 0, 0xfe, 0xff}):
		return "utf-32-be"
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}):
		return "utf-16-le"
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		return "utf-16-be"
	}
	return ""
}

func looksLikeHTML(b []byte) bool {
	head := bytes.ToLower(b[:min(len(b), 512)])
	head = bytes.TrimLeft(head, " \t\r\n")
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html"))
}

// Meta finds <meta charset="..."> or <meta http-equiv="Content-Type"
// content="...; charset=..."> in the first 1024 bytes, by the prescan
// browsers run before parsing (the HTML standard's "prescan a byte stream
// to determine its encoding"): comments and other tags are skipped, a
// meta's attributes are read in order, and the first meta that names a
// charset wins.
func Meta(b []byte) string {
	b = b[:min(len(b), 1024)]
	for i := 0; i < len(b); {
		rest := b[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			end := bytes.Index(rest[2:], []byte("-->")) // "<!-->" closes the comment
			if end < 0 {
				return ""
			}
			i += 2 + end + 3
		case len(rest) > 5 && hasPrefixFold(string(rest[:5]), "<meta") && isSpaceOrSlash(rest[5]):
			cs, n := metaTag(rest[5:])
			if cs != "" && Lookup(cs) != nil {
				// As the prescan says: a page cannot declare UTF-16 in
				// bytes that are ASCII-compatible, and a label this
				// package cannot decode is passed over.
				switch strings.ToLower(strings.TrimSpace(cs)) {
				case "utf-16", "utf-16le", "utf-16be", "utf-16-le", "utf-16-be":
					return "utf-8"
				case "x-user-defined":
					return "windows-1252"
				}
				return cs
			}
			i += 5 + n
		case len(rest) > 1 && rest[0] == '<' && (isAlpha(rest[1]) || len(rest) > 2 && rest[1] == '/' && isAlpha(rest[2])):
			// Another tag: its name, then its attributes, skipped.
			j := 1
			for j < len(rest) && !isHTMLSpace(rest[j]) && rest[j] != '>' {
				j++
			}
			for {
				_, _, n, ok := htmlAttr(rest[j:])
				j += n
				if !ok {
					break
				}
			}
			i += j
		case len(rest) > 1 && rest[0] == '<' && (rest[1] == '!' || rest[1] == '/' || rest[1] == '?'):
			end := bytes.IndexByte(rest, '>')
			if end < 0 {
				return ""
			}
			i += end + 1
		default:
			i++
		}
	}
	return ""
}

// metaTag reads the attributes of a meta tag (b starts after "<meta") and
// returns the charset it declares, if any, and how many bytes it read.
func metaTag(b []byte) (charset string, n int) {
	var (
		seen      = map[string]bool{}
		gotPragma bool
		needPrag  int // 0: unknown, 1: needs http-equiv, 2: does not
		cs        string
	)
	for {
		name, value, m, ok := htmlAttr(b[n:])
		n += m
		if !ok {
			break
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		switch name {
		case "http-equiv":
			if strings.EqualFold(value, "content-type") {
				gotPragma = true
			}
		case "content":
			if cs == "" {
				if c := charsetFromContent(value); c != "" {
					cs, needPrag = c, 1
				}
			}
		case "charset":
			cs, needPrag = strings.TrimSpace(value), 2
		}
	}
	if cs == "" || needPrag == 1 && !gotPragma {
		return "", n
	}
	return cs, n
}

// charsetFromContent extracts the charset of a meta's content attribute:
// "text/html; charset=koi8-r" gives "koi8-r".
func charsetFromContent(s string) string {
	for {
		i := strings.Index(strings.ToLower(s), "charset")
		if i < 0 {
			return ""
		}
		s = strings.TrimLeft(s[i+len("charset"):], " \t\n\f\r")
		if !strings.HasPrefix(s, "=") {
			continue // "charset" not followed by "=": look further
		}
		s = strings.TrimLeft(s[1:], " \t\n\f\r")
		if s == "" {
			return ""
		}
		if q := s[0]; q == '"' || q == '\'' {
			end := strings.IndexByte(s[1:], q)
			if end < 0 {
				return ""
			}
			return s[1 : 1+end]
		}
		end := strings.IndexAny(s, " \t\n\f\r;")
		if end < 0 {
			end = len(s)
		}
		return s[:end]
	}
}

// htmlAttr reads one attribute of a tag, as the prescan does: it returns
// the lower-cased name, the value, the bytes read, and false at the end of
// the tag (or of the input).
func htmlAttr(b []byte) (name, value string, n int, ok bool) {
	for n < len(b) && (isHTMLSpace(b[n]) || b[n] == '/') {
		n++
	}
	if n >= len(b) || b[n] == '>' {
		return "", "", min(n+1, len(b)), false
	}
	start := n
	for n < len(b) && b[n] != '=' && b[n] != '>' && b[n] != '/' && !isHTMLSpace(b[n]) || n == start && n < len(b) && b[n] == '=' {
		n++
	}
	name = strings.ToLower(string(b[start:n]))
	for n < len(b) && isHTMLSpace(b[n]) {
		n++
	}
	if n >= len(b) || b[n] != '=' {
		return name, "", n, n < len(b)
	}
	n++
	for n < len(b) && isHTMLSpace(b[n]) {
		n++
	}
	if n >= len(b) {
		return name, "", n, false
	}
	if q := b[n]; q == '"' || q == '\'' {
		end := bytes.IndexByte(b[n+1:], q)
		if end < 0 {
			return name, "", len(b), false
		}
		return name, string(b[n+1 : n+1+end]), n + 1 + end + 1, true
	}
	start = n
	for n < len(b) && !isHTMLSpace(b[n]) && b[n] != '>' {
		n++
	}
	return name, string(b[start:n]), n, true
}

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

func isSpaceOrSlash(c byte) bool { return isHTMLSpace(c) || c == '/' }

// xmlDeclaration reads the encoding of an XML declaration:
// <?xml version="1.0" encoding="Shift_JIS"?>.
func xmlDeclaration(b []byte) string {
	head := b[:min(len(b), 256)]
	if !bytes.HasPrefix(head, []byte("<?xml")) {
		return ""
	}
	end := bytes.Index(head, []byte("?>"))
	if end < 0 {
		return ""
	}
	decl := string(head[:end])
	i := strings.Index(decl, "encoding")
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(decl[i+len("encoding"):], " \t\r\n")
	rest, ok := strings.CutPrefix(rest, "=")
	if !ok {
		return ""
	}
	rest = strings.TrimLeft(rest, " \t\r\n")
	if rest == "" || rest[0] != '"' && rest[0] != '\'' {
		return ""
	}
	q := rest[0]
	rest = rest[1:]
	if j := strings.IndexByte(rest, q); j >= 0 {
		return rest[:j]
	}
	return ""
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// hasPrefixFold reports whether s begins with prefix, ASCII case ignored.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
