package charset

import (
	"bytes"
)

// textOf returns the text of a document to score: for markup, what lies
// between the tags, each tag and the contents of scripts and styles
// replaced by a space; at most sampleLimit bytes, cut at an ASCII byte.
func textOf(b []byte) []byte {
	if !looksLikeMarkup(b) {
		return cutASCII(b, sampleLimit)
	}
	out := make([]byte, 0, min(len(b), sampleLimit))
	// unclosed records the raw-text elements whose end tag is nowhere in
	// the rest of b: once a search found none, no later one can, and
	// searching again at each "<script>" made a page of them quadratic
	// (15 s for 270 KB).
	var unclosed [2]bool
	for i := 0; i < len(b) && len(out) < sampleLimit; {
		c := b[i]
		if c != '<' {
			out = append(out, c)
			i++
			continue
		}
		end := bytes.IndexByte(b[i:], '>')
		if end < 0 {
			break
		}
		tag := b[i : i+end+1]
		i += end + 1
		if bytes.HasPrefix(tag, []byte("<!--")) && !bytes.HasSuffix(tag, []byte("-->")) {
			if e := bytes.Index(b[i:], []byte("-->")); e >= 0 {
				i += e + 3
			} else {
				break
			}
		}
		for k, raw := range [2]string{"script", "style"} {
			if !unclosed[k] && len(tag) > len(raw)+1 && equalFoldASCII(tag[1:len(raw)+1], raw) {
				if e := indexFold(b[i:], "</"+raw); e >= 0 {
					i += e
				} else {
					unclosed[k] = true
				}
			}
		}
		out = append(out, ' ')
	}
	return cutASCII(out, sampleLimit)
}

// Limits of the sample scored.
const (
	windowContext = 16       // ASCII bytes kept on each side of a run of non-ASCII ones
	sampleHigh    = 4096     // non-ASCII bytes in the sample, at most
	sampleBytes   = 16 << 10 // bytes in the sample, at most
)

// windows returns the parts of text that hold non-ASCII bytes, each with
// the ASCII bytes around it (words, and the ASCII trail bytes of some
// multi-byte encodings), joined by spaces: ASCII far from any other byte
// tells no encoding from another. It stops at sampleHigh non-ASCII bytes.
func windows(text []byte) []byte {
	out := make([]byte, 0, min(len(text), sampleBytes))
	high := 0
	last := 0 // end of the last window taken
	for i := 0; i < len(text) && high < sampleHigh && len(out) < sampleBytes; {
		if text[i] < 0x80 {
			i++
			continue
		}
		end := i
		for end < len(text) && high < sampleHigh && end-i < sampleBytes && (text[end] >= 0x80 || end+1 < len(text) && text[end+1] >= 0x80) {
			if text[end] >= 0x80 {
				high++
			}
			end++
		}
		from := max(i-windowContext, last)
		for from > last && from < i && text[from] != ' ' && text[from] != '\n' && i-from < 2*windowContext {
			from-- // start at a word boundary when one is near
		}
		to := min(end+windowContext, len(text))
		if from > last && len(out) > 0 {
			out = append(out, ' ')
		}
		out = append(out, text[from:to]...)
		last, i = to, to
	}
	return out
}

// looksLikeMarkup reports whether b is HTML or XML.
func looksLikeMarkup(b []byte) bool {
	head := bytes.TrimLeft(b[:min(len(b), 1024)], " \t\r\n")
	return len(head) > 0 && head[0] == '<' && bytes.IndexByte(head, '>') > 0
}

// indexFold is bytes.Index for s, which starts with "</", ASCII case
// ignored in the rest.
func indexFold(b []byte, s string) int {
	for off := 0; ; {
		i := bytes.Index(b[off:], []byte("</"))
		if i < 0 {
			return -1
		}
		at := off + i
		if len(b)-at >= len(s) && equalFoldASCII(b[at:at+len(s)], s) {
			return at
		}
		off = at + 2
	}
}

// equalFoldASCII reports whether b and s are equal, ASCII case ignored.
func equalFoldASCII(b []byte, s string) bool {
	for i := range len(s) {
		c, d := b[i], s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if 'A' <= d && d <= 'Z' {
			d += 'a' - 'A'
		}
		if c != d {
			return false
		}
	}
	return true
}

// cutASCII cuts b to at most n bytes, at an ASCII byte so that no
// multi-byte character is split.
func cutASCII(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	b = b[:n]
	for i := len(b) - 1; i >= 0 && i >= n-64; i-- {
		if b[i] < 0x80 {
			return b[:i+1]
		}
	}
	return b
}
