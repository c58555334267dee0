package requests

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// bodyEncoding determines the charset of a body whose Content-Type names
// none: a byte order mark; for HTML, a <meta> charset in the first 1024
// bytes (as browsers prescan); for XML, the encoding of its declaration;
// for JSON, requests' UTF-16/32 guess. It returns "" when the body does not
// say.
func bodyEncoding(contentType string, content []byte) string {
	if bom := bomEncoding(content); bom != "" {
		return bom
	}
	mediaType, _, _ := strings.Cut(strings.ToLower(contentType), ";")
	mediaType = strings.TrimSpace(mediaType)
	switch {
	case strings.Contains(mediaType, "json"):
		return guessJSONUTF(content)
	case mediaType == "text/html" || mediaType == "application/xhtml+xml" || mediaType == "" && looksLikeHTML(content):
		if e := metaCharset(content); e != "" {
			return e
		}
	}
	if strings.Contains(mediaType, "xml") || mediaType == "" || mediaType == "application/xhtml+xml" {
		if e := xmlEncoding(content); e != "" {
			return e
		}
	}
	return ""
}

// bomEncoding names the encoding a byte order mark announces.
func bomEncoding(b []byte) string {
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

// metaCharset finds <meta charset="..."> or <meta http-equiv="Content-Type"
// content="...; charset=..."> in the first 1024 bytes.
func metaCharset(b []byte) string {
	z := html.NewTokenizer(bytes.NewReader(b[:min(len(b), 1024)]))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "meta" || !hasAttr {
				continue
			}
			var charset, content string
			var httpEquiv bool
			for {
				k, v, more := z.TagAttr()
				switch string(k) {
				case "charset":
					charset = string(v)
				case "content":
					content = string(v)
				case "http-equiv":
					httpEquiv = strings.EqualFold(string(v), "content-type")
				}
				if !more {
					break
				}
			}
			if charset != "" {
				return strings.TrimSpace(charset)
			}
			if httpEquiv {
				if i := strings.Index(strings.ToLower(content), "charset="); i >= 0 {
					return strings.Trim(strings.TrimSpace(content[i+len("charset="):]), `"';`)
				}
			}
		}
	}
}

// xmlEncoding reads the encoding of an XML declaration:
// <?xml version="1.0" encoding="Shift_JIS"?>.
func xmlEncoding(b []byte) string {
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
