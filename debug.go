package requests

import (
	"context"
	"log/slog"
	"maps"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// sensitiveHeaders are redacted in curl commands and logs unless asked.
var sensitiveHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie"}

const redacted = "REDACTED"

// Curl writes r as an equivalent curl command line, its arguments quoted for
// a POSIX shell. Authorization, Proxy-Authorization and Cookie values and
// the URL's password are redacted unless reveal is true. A body streamed
// from a reader cannot be shown: files uploaded with File become -F
// arguments, other streamed bodies are marked.
func (r *PreparedRequest) Curl(reveal bool) string {
	var b strings.Builder
	b.WriteString("curl")
	switch r.Method {
	case http.MethodGet:
	case http.MethodHead:
		b.WriteString(" --head")
	default:
		b.WriteString(" -X " + shellQuote(r.Method))
	}
	u := r.URL.String()
	if !reveal {
		u = r.URL.Redacted()
	}
	b.WriteString(" " + shellQuote(u))
	multi := r.payload.multi
	for _, k := range slices.Sorted(maps.Keys(r.Header)) {
		switch k {
		case "Content-Length", "Transfer-Encoding":
			continue // curl works them out
		case "Content-Type":
			if multi != nil {
				continue // curl -F writes its own, with its own boundary
			}
		}
		for _, v := range r.Header[k] {
			if !reveal && slices.Contains(sensitiveHeaders, k) {
				v = redacted
			}
			b.WriteString(" -H " + shellQuote(k+": "+v))
		}
	}
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		b.WriteString(" --compressed")
	}
	var notes []string // said on lines before the command: a shell comment cannot sit inside it
	stdin := false     // whether stdin already feeds a part or the body
	switch {
	case multi != nil:
		for _, f := range multi.fields {
			b.WriteString(" -F " + shellQuote(f[0]+"="+f[1]))
		}
		for _, seg := range multi.segments {
			p := seg.part
			if p == nil {
				continue
			}
			source := "@" + p.path
			if p.path == "" {
				source = "@-"
				if stdin {
					source = "@" + seg.name + ".part"
					notes = append(notes, "# save the content of part "+shellQuote(seg.name)+" (read from a reader) to "+shellQuote(seg.name+".part"))
				} else {
					stdin = true
					notes = append(notes, "# pipe the content of part "+shellQuote(seg.name)+" (read from a reader) into the command")
				}
			}
			arg := seg.name + "=" + source
			if name := p.filename(seg.name); name != "" && (p.path == "" || name != filepath.Base(p.path)) {
				arg += ";filename=" + curlParam(name)
			}
			if p.ContentType != "" {
				arg += ";type=" + curlParam(p.ContentType)
			}
			b.WriteString(" -F " + shellQuote(arg))
		}
	case r.Body != nil && utf8.Valid(r.Body) && !strings.ContainsRune(string(r.Body), 0):
		b.WriteString(" --data-raw " + shellQuote(string(r.Body)))
	case r.Body != nil:
		b.WriteString(" --data-binary @-")
		notes = append(notes, "# pipe the binary body ("+strconv.Itoa(len(r.Body))+" bytes) into the command")
	case r.payload.reader != nil:
		b.WriteString(" --data-binary @-")
		notes = append(notes, "# pipe the body (streamed from a reader) into the command")
	}
	if len(notes) == 0 {
		return b.String()
	}
	return strings.Join(notes, "\n") + "\n" + b.String()
}

// curlParam quotes a value of curl's -F ";filename=" or ";type=" when it
// holds a character curl would read as a separator.
func curlParam(v string) string {
	if strings.ContainsAny(v, ";,\"\\ ") {
		return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
	}
	return v
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@,+%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Logger logs every exchange (each redirect hop and retry included) to l:
// method, URL (password redacted), status, protocol, time to the headers
// and both sets of headers, with Authorization, Proxy-Authorization and
// cookies redacted; a failed exchange is logged as a warning with its error.
func Logger(l *slog.Logger) Option {
	return optionFunc(func(c *config) { c.logger = l })
}

// logExchange writes one exchange to the config's logger.
func logExchange(ctx context.Context, l *slog.Logger, pr *PreparedRequest, resp *Response, elapsed time.Duration, err error) {
	attrs := []slog.Attr{
		slog.String("method", pr.Method),
		slog.String("url", pr.URL.Redacted()),
		slog.Duration("elapsed", elapsed),
		slog.Any("request_headers", redactHeader(pr.Header)),
	}
	if err != nil {
		l.LogAttrs(ctx, slog.LevelWarn, "requests: exchange failed", append(attrs, slog.Any("error", err))...)
		return
	}
	attrs = append(attrs, slog.Int("status", resp.StatusCode), slog.String("proto", resp.Proto),
		slog.Any("response_headers", redactHeader(resp.Header)))
	l.LogAttrs(ctx, slog.LevelInfo, "requests: exchange", attrs...)
}

// redactHeader returns a copy of h with the credentials and cookies hidden.
func redactHeader(h http.Header) http.Header {
	out := h.Clone()
	for _, k := range sensitiveHeaders {
		if vs := out[k]; len(vs) > 0 {
			out[k] = slices.Repeat([]string{redacted}, len(vs))
		}
	}
	return out
}
