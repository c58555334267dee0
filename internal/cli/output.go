package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/charset"
)

// printer writes the parts of an exchange that --print asks for.
type printer struct {
	w              io.Writer
	what           string // letters of --print
	colors, format bool
	terminal       bool
	fmt            formatOptions // --format-options
	mime           string        // --response-mime: the type to format bodies as
	charset        string        // --response-charset: the charset to decode them with
	sent           []byte        // a body sent chunked, which the request does not keep
}

func (c *command) printer() *printer {
	o := c.o
	p := &printer{w: c.env.Stdout, terminal: c.env.StdoutTTY, fmt: o.format, mime: o.responseMIME,
		charset: o.responseCharset, sent: c.sent}
	switch {
	case o.quiet > 0:
		p.what = "" // --quiet: nothing on stdout
	case o.print != "":
		p.what = o.print
	case o.verbose > 1:
		p.what = "HBhbm"
	case o.verbose > 0:
		p.what = "HBhb"
	case o.headers:
		p.what = "h"
	case o.body:
		p.what = "b"
	case c.env.StdoutTTY:
		p.what = "hb"
	default:
		p.what = "b"
	}
	pretty := o.pretty
	if pretty == "" {
		pretty = "none"
		if c.env.StdoutTTY {
			pretty = "all"
		}
	}
	p.colors = pretty == "all" || pretty == "colors"
	p.format = pretty == "all" || pretty == "format"
	if c.env.NoColor && o.pretty != "all" && o.pretty != "colors" {
		// NO_COLOR (no-color.org) turns colours off, whatever --style
		// says; only an explicit --pretty all or colors turns them on.
		p.colors = false
	}
	return p
}

func (p *printer) has(c string) bool { return strings.Contains(p.what, c) }

const (
	reset   = "\x1b[0m"
	bold    = "\x1b[1m"
	red     = "\x1b[31m"
	green   = "\x1b[32m"
	yellow  = "\x1b[33m"
	blue    = "\x1b[34m"
	magenta = "\x1b[35m"
	cyan    = "\x1b[36m"
)

func (p *printer) paint(color, s string) string {
	if !p.colors || s == "" {
		return s
	}
	return color + s + reset
}

// request prints the request line, headers (H) and body (B).
func (p *printer) request(pr *requests.PreparedRequest, body []byte) {
	if p.has("H") {
		target := pr.URL.RequestURI()
		fmt.Fprintf(p.w, "%s %s %s\n", p.paint(bold+green, pr.Method), p.paint(cyan, target), p.paint(blue, "HTTP/1.1"))
		h := pr.Header.Clone()
		if h.Get("Host") == "" {
			h.Set("Host", pr.URL.Host)
		}
		p.headers(h)
		fmt.Fprintln(p.w)
	}
	if p.has("B") {
		if body == nil {
			body = pr.Body
		}
		if body == nil && pr.Header.Get("Transfer-Encoding") == "chunked" {
			body = p.sent
		}
		if body == nil && strings.HasPrefix(pr.Header.Get("Content-Type"), "multipart/") {
			fmt.Fprintln(p.w, "(multipart body streamed from its files, not shown)")
		} else if len(body) > 0 && p.terminal && (isBinary(body) || pr.Header.Get("Content-Encoding") != "") {
			fmt.Fprintln(p.w, binaryNote)
		} else if len(body) > 0 {
			p.body(body, pr.Header.Get("Content-Type"))
			fmt.Fprintln(p.w)
		}
	}
}

func (p *printer) headers(h http.Header) {
	for _, k := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[k] {
			if k == "User-Agent" && v == "" {
				continue
			}
			fmt.Fprintf(p.w, "%s: %s\n", p.paint(cyan, k), v)
		}
	}
}

// exchange prints what --print asks for of resp and its request.
func (p *printer) exchange(resp *requests.Response, stream bool) error {
	if p.has("H") || p.has("B") {
		p.request(resp.Request, nil)
		if strings.ContainsAny(p.what, "hb") {
			fmt.Fprintln(p.w)
		}
	}
	if p.has("h") {
		color := green
		switch {
		case resp.StatusCode >= 400:
			color = red
		case resp.StatusCode >= 300:
			color = yellow
		}
		proto := resp.Proto
		if proto == "" {
			proto = "HTTP/1.1"
		}
		fmt.Fprintf(p.w, "%s %s\n", p.paint(blue, proto), p.paint(bold+color, fmt.Sprintf("%d %s", resp.StatusCode, resp.Reason())))
		p.headers(resp.Header)
		fmt.Fprintln(p.w)
	}
	if p.has("b") {
		if stream && isEventStream(resp) {
			if err := p.events(resp); err != nil {
				return err
			}
		} else if stream {
			for line := range resp.IterLines() {
				if p.charset != "" && (p.terminal || p.format || p.colors) {
					line = []byte(charset.Decode(line, p.charset)) // --response-charset
				}
				if p.format || p.colors {
					p.body(line, resp.Header.Get("Content-Type"))
				} else {
					p.w.Write(line)
				}
				fmt.Fprintln(p.w)
			}
			if err := resp.Err(); err != nil {
				return err
			}
		} else {
			body := resp.Content()
			if err := resp.Err(); err != nil {
				return err
			}
			if p.charset != "" && (p.terminal || p.format || p.colors) {
				resp.Encoding = p.charset // --response-charset
				body = []byte(resp.Text())
			}
			if p.terminal && isBinary(body) {
				fmt.Fprintln(p.w, binaryNote)
			} else if p.format || p.colors {
				if !utf8.Valid(body) {
					body = []byte(resp.Text())
				}
				// A formatted body ends with a newline, so that the
				// prompt starts on a line of its own.
				if !p.body(body, resp.Header.Get("Content-Type")) {
					fmt.Fprintln(p.w)
				}
			} else {
				p.w.Write(body)
			}
		}
	}
	if p.has("m") {
		fmt.Fprintf(p.w, "\nElapsed time: %.6fs\n", resp.Elapsed.Seconds())
	}
	return nil
}

const binaryNote = "+-----------------------------------------+\n| NOTE: binary data not shown in terminal |\n+-----------------------------------------+"

func isBinary(b []byte) bool {
	if len(b) > 1024 {
		b = b[:1024]
	}
	return bytes.IndexByte(b, 0) >= 0
}

// body prints a body, indented and coloured when it is JSON and the
// printer formats. It reports whether what it wrote ends with a newline
// (or was empty).
func (p *printer) body(b []byte, contentType string) bool {
	if p.mime != "" {
		contentType = p.mime // --response-mime
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	looksJSON := strings.HasSuffix(mt, "json") || mt == "" || strings.HasPrefix(mt, "text/")
	if looksJSON && (p.format || p.colors) {
		var out []byte
		ok := false
		if p.format && p.fmt.jsonFormat {
			out, ok = p.fmt.formatJSON(b) // keys sorted by default, as httpie sorts them
		} else if json.Valid(b) {
			out, ok = bytes.TrimSpace(b), true
		}
		if ok {
			if p.colors {
				out = colorJSON(out)
			}
			p.w.Write(out)
			return len(out) == 0 || out[len(out)-1] == '\n'
		}
	}
	p.w.Write(b)
	return len(b) == 0 || b[len(b)-1] == '\n'
}

// colorJSON colours the tokens of a JSON document: keys, strings, numbers
// and literals.
func colorJSON(b []byte) []byte {
	var out bytes.Buffer
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '"':
			j := i + 1
			for j < len(b) && b[j] != '"' {
				if b[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(b))
			k := j
			for k < len(b) && (b[k] == ' ' || b[k] == '\n') {
				k++
			}
			color := green
			if k < len(b) && b[k] == ':' {
				color = blue // a key
			}
			out.WriteString(color + string(b[i:j]) + reset)
			i = j
		case c == '-' || c >= '0' && c <= '9':
			j := i
			for j < len(b) && strings.IndexByte("+-.eE0123456789", b[j]) >= 0 {
				j++
			}
			out.WriteString(cyan + string(b[i:j]) + reset)
			i = j
		case c == 't' || c == 'f' || c == 'n':
			j := i
			for j < len(b) && b[j] >= 'a' && b[j] <= 'z' {
				j++
			}
			out.WriteString(magenta + string(b[i:j]) + reset)
			i = j
		default:
			out.WriteByte(c)
			i++
		}
	}
	return out.Bytes()
}
