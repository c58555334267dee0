package requests

import (
	"github.com/go-requests/requests/internal/redact"

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

// Redact adds header and query parameter names (case-insensitive) whose
// values the Logger and PreparedRequest.Curl hide, to the library's
// redaction policy: by default the values of Authorization,
// Proxy-Authorization, Cookie and Set-Cookie (cookie names and attributes
// kept), of any header or query parameter whose name says it holds a key,
// token, secret, password, signature, credential or session (X-Api-Key,
// access_token, X-Amz-Signature, PHPSESSID), and a password in the URL.
// requeststest.Record applies the same policy.
func Redact(names ...string) Option {
	return optionFunc(func(c *config) {
		c.redact = append(c.redact[:len(c.redact):len(c.redact)], names...)
	})
}

// Curl writes r as an equivalent curl command line, its arguments quoted for
// a POSIX shell. Unless reveal is true, the credentials are redacted as
// Redact says: Authorization, Proxy-Authorization and cookie values,
// headers and query parameters whose names say they hold a secret, and the
// URL's password. A body streamed from a reader cannot be shown: files
// uploaded with File become -F arguments, other streamed bodies are marked.
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
		u = r.redact.URL(r.URL)
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
			if !reveal {
				v = r.redact.HeaderValue(k, v)
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
		for _, f := range multi.Fields {
			b.WriteString(" -F " + shellQuote(f.Name+"="+f.Value))
		}
		for _, f := range multi.Files {
			source := "@" + f.Path
			if f.Path == "" {
				source = "@-"
				if stdin {
					source = "@" + f.Name + ".part"
					notes = append(notes, "# save the content of part "+shellQuote(f.Name)+" (read from a reader) to "+shellQuote(f.Name+".part"))
				} else {
					stdin = true
					notes = append(notes, "# pipe the content of part "+shellQuote(f.Name)+" (read from a reader) into the command")
				}
			}
			arg := f.Name + "=" + source
			if f.Filename != "" && (f.Path == "" || f.Filename != filepath.Base(f.Path)) {
				arg += ";filename=" + curlParam(f.Filename)
			}
			if f.ContentType != "" {
				arg += ";type=" + curlParam(f.ContentType)
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
// method, URL, status, protocol, time to the headers and both sets of
// headers, each header an attribute of the groups request_headers and
// response_headers, with credentials redacted as Redact says; a failed
// exchange is logged as a warning with its error.
func Logger(l *slog.Logger) Option {
	return optionFunc(func(c *config) { c.logger = l })
}

// logExchange writes one exchange to the config's logger.
func logExchange(ctx context.Context, l *slog.Logger, pr *PreparedRequest, resp *Response, elapsed time.Duration, err error) {
	attrs := []slog.Attr{
		slog.String("method", pr.Method),
		slog.String("url", pr.redact.URL(pr.URL)),
		slog.Duration("elapsed", elapsed),
		headerAttrs("request_headers", pr.Header, pr.redact),
	}
	if err != nil {
		l.LogAttrs(ctx, slog.LevelWarn, "requests: exchange failed", append(attrs, slog.Any("error", err))...)
		return
	}
	attrs = append(attrs, slog.Int("status", resp.StatusCode), slog.String("proto", resp.Proto),
		headerAttrs("response_headers", resp.Header, pr.redact))
	l.LogAttrs(ctx, slog.LevelInfo, "requests: exchange", attrs...)
}

// headerAttrs is h as a group of attributes, sorted by name, a header of
// one value a string and of several a list, secrets hidden.
func headerAttrs(group string, h http.Header, p *redact.Policy) slog.Attr {
	attrs := make([]any, 0, len(h))
	for _, k := range slices.Sorted(maps.Keys(h)) {
		vs := h[k]
		shown := make([]string, len(vs))
		for i, v := range vs {
			shown[i] = p.HeaderValue(k, v)
		}
		if len(shown) == 1 {
			attrs = append(attrs, slog.String(k, shown[0]))
		} else {
			attrs = append(attrs, slog.Any(k, shown))
		}
	}
	return slog.Group(group, attrs...)
}
