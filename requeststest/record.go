package requeststest

import (
	"github.com/go-requests/requests/internal/redact"

	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Record returns an http.RoundTripper that passes each request to next
// (http.DefaultTransport when next is nil) and writes the exchange to dir,
// one file each, for Replay to answer from. The files are plain text, to
// be checked in and read in a diff: the request line, headers sorted by
// name and body, then the response's status line, headers and body; a
// body that is not text is written in base64. They are named by their
// order, method and path, as 0001-GET-users.txt, 0002-POST-users.txt.
//
// Credentials are redacted before they are written, by the library's one
// redaction policy (the Logger's and Curl's): the values of Authorization
// and Proxy-Authorization, of any header or query parameter whose name
// says it holds a key, token, secret, password, signature, credential or
// session (X-Api-Key, access_token, X-Amz-Signature, PHPSESSID), and a
// password in the URL become REDACTED, and so do the values of the cookies
// in Cookie and Set-Cookie headers, whose names and attributes are kept.
// RecordRedacting adds names of your own.
//
// Record reads the whole response body before it returns the response,
// which then reads from memory; it does not suit a stream that does not
// end. The directory is made when the first exchange is written, and the
// exchange files an earlier recording left in it (the files named
// NNNN-*.txt) are then removed, so that it holds this recording only.
// An error writing a file fails the request.
func Record(dir string, next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &recorder{dir: dir, next: next}
}

// RecordRedacting is Record, with the values of the headers and query
// parameters named (case-insensitively) redacted too.
func RecordRedacting(dir string, next http.RoundTripper, names ...string) http.RoundTripper {
	rt := Record(dir, next).(*recorder)
	rt.redact = redact.New(names...)
	return rt
}

type recorder struct {
	dir    string
	next   http.RoundTripper
	redact *redact.Policy

	mu      sync.Mutex
	n       int  // exchanges written
	cleared bool // the files of an earlier recording were removed
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	reqBody, err := readRequestBody(req)
	if err != nil {
		return nil, fmt.Errorf("requeststest: Record: reading the body of %s %s: %w", req.Method, req.URL.Redacted(), err)
	}
	out := req
	if reqBody != nil {
		out = req.Clone(req.Context())
		out.Body = io.NopCloser(bytes.NewReader(reqBody))
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(reqBody)), nil }
	}
	resp, err := r.next.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("requeststest: Record: reading the response to %s %s: %w", req.Method, req.URL.Redacted(), err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.Request = req

	x := &exchange{
		method:    req.Method,
		url:       r.redact.URL(req.URL),
		reqHeader: r.redact.Header(req.Header),
		reqBody:   reqBody,
		proto:     resp.Proto,
		status:    resp.StatusCode,
		reason:    http.StatusText(resp.StatusCode),
		header:    r.redact.Header(resp.Header),
		body:      body,
	}
	if x.proto == "" {
		x.proto = "HTTP/1.1"
	}
	if reason, ok := strings.CutPrefix(resp.Status, strconv.Itoa(resp.StatusCode)+" "); ok {
		x.reason = reason // the server's own, e.g. "Not Found" or "Nope"
	}
	if err := r.write(req, x); err != nil {
		return nil, err
	}
	return resp, nil
}

// readRequestBody reads and closes the body of req; it returns nil when
// there is none.
func readRequestBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	defer req.Body.Close()
	b, err := io.ReadAll(req.Body)
	if b == nil {
		b = []byte{}
	}
	return b, err
}

// write writes x to the next file of the recording.
func (r *recorder) write(req *http.Request, x *exchange) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.cleared {
		if err := os.MkdirAll(r.dir, 0o755); err != nil {
			return fmt.Errorf("requeststest: Record: %w", err)
		}
		names, err := exchangeFiles(r.dir)
		if err != nil {
			return fmt.Errorf("requeststest: Record: %w", err)
		}
		for _, name := range names {
			if err := os.Remove(filepath.Join(r.dir, name)); err != nil {
				return fmt.Errorf("requeststest: Record: removing an earlier recording: %w", err)
			}
		}
		r.cleared = true
	}
	r.n++
	name := fileName(r.n, req.Method, req.URL.Path)
	if err := os.WriteFile(filepath.Join(r.dir, name), x.encode(), 0o644); err != nil {
		return fmt.Errorf("requeststest: Record: %w", err)
	}
	return nil
}

// fileName names the nth exchange: "0001-GET-users-7.txt" for GET
// /users/7.
func fileName(n int, method, path string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%04d-%s", n, safeName(method))
	if p := safeName(strings.ReplaceAll(strings.Trim(path, "/"), "/", "-")); p != "" {
		const max = 60
		if len(p) > max {
			p = p[:max]
		}
		b.WriteByte('-')
		b.WriteString(p)
	}
	b.WriteString(".txt")
	return b.String()
}

// safeName replaces the bytes that do not belong in a file name.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '-', r == '.', r == '_':
			return r
		}
		return '_'
	}, s)
}
