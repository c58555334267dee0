package requeststest

import (
	"github.com/go-requests/requests/internal/redact"
	"strings"

	"bytes"
	"cmp"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
)

// Replay returns an http.RoundTripper that answers each request from the
// exchanges Record wrote to dir, without a network. The files are read at
// the first request.
//
// A request gets the response of an exchange with the same method, path
// and query (the scheme and host are not compared, so that a test server's
// port may change) and, when the exchange has a request body, the same
// body: delete the body from a file to match any. Headers are not
// compared. When several exchanges match, as for a request repeated while
// recording, each is used once, in their order, and then the last one
// again. A request no exchange matches fails with an error naming it and
// dir; through a requests.Session it wraps requests.ErrRequest.
//
// The response is the recorded one, its body read from memory, and
// Response.Request is the request. A Content-Length header is set to the
// body's length, in case the file was edited. Replay is safe for
// concurrent use.
func Replay(dir string) http.RoundTripper {
	return &replayer{dir: dir}
}

type replayer struct {
	dir     string
	load    sync.Once
	loadErr error

	mu         sync.Mutex
	recordings []*recording // in the order they were recorded
}

// recording is an exchange as Replay matches it.
type recording struct {
	file        string
	x           *exchange
	path, query string
	used        bool
}

func (r *replayer) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := readRequestBody(req)
	if err != nil {
		return nil, fmt.Errorf("requeststest: Replay: reading the body of %s %s: %w", req.Method, req.URL.Redacted(), err)
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	r.load.Do(r.read)
	if r.loadErr != nil {
		return nil, r.loadErr
	}
	rec, otherBodies := r.match(req, body)
	if rec == nil {
		hint := ""
		if otherBodies > 0 {
			hint = fmt.Sprintf(" (%d recorded with another body)", otherBodies)
		}
		return nil, fmt.Errorf("requeststest: Replay: no exchange for %s %s recorded in %s%s", req.Method, req.URL.Redacted(), r.dir, hint)
	}
	return rec.x.response(req), nil
}

// match returns the recording that answers req, and else how many
// recordings match but for their body.
func (r *replayer) match(req *http.Request, body []byte) (rec *recording, otherBodies int) {
	path, query := pathQuery(req.URL)
	var last *recording
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.recordings {
		if c.x.method != req.Method || c.path != path || !queryMatches(c.query, query) {
			continue
		}
		if c.x.reqBody != nil && !bytes.Equal(c.x.reqBody, body) {
			otherBodies++
			continue
		}
		if !c.used {
			c.used = true
			return c, 0
		}
		last = c
	}
	return last, otherBodies
}

// queryMatches reports whether a request's query is the one recorded,
// where a value Record redacted stands for any value.
func queryMatches(recorded, query string) bool {
	if recorded == query {
		return true
	}
	r, q := strings.Split(recorded, "&"), strings.Split(query, "&")
	if len(r) != len(q) {
		return false
	}
	for i := range r {
		rn, rv, _ := strings.Cut(r[i], "=")
		qn, qv, _ := strings.Cut(q[i], "=")
		if rn != qn || rv != qv && rv != redact.Mask {
			return false
		}
	}
	return true
}

func pathQuery(u *url.URL) (path, query string) {
	path = u.EscapedPath()
	if path == "" {
		path = "/"
	}
	return path, u.RawQuery
}

// read loads the recordings of dir.
func (r *replayer) read() {
	names, err := exchangeFiles(r.dir)
	if err != nil {
		r.loadErr = fmt.Errorf("requeststest: Replay: no recording in %s: %w", r.dir, err)
		return
	}
	for _, name := range names {
		file := filepath.Join(r.dir, name)
		data, err := os.ReadFile(file)
		if err != nil {
			r.loadErr = fmt.Errorf("requeststest: Replay: %w", err)
			return
		}
		x, err := parseExchange(data)
		if err != nil {
			r.loadErr = fmt.Errorf("requeststest: Replay: %s: %w", file, err)
			return
		}
		u, err := url.Parse(x.url)
		if err != nil {
			r.loadErr = fmt.Errorf("requeststest: Replay: %s: %w", file, err)
			return
		}
		rec := &recording{file: file, x: x}
		rec.path, rec.query = pathQuery(u)
		r.recordings = append(r.recordings, rec)
	}
}

// response returns the recorded response, for req.
func (x *exchange) response(req *http.Request) *http.Response {
	major, minor, _ := http.ParseHTTPVersion(x.proto)
	resp := &http.Response{
		Status:     strconv.Itoa(x.status) + " " + x.reason,
		StatusCode: x.status,
		Proto:      x.proto,
		ProtoMajor: major,
		ProtoMinor: minor,
		Header:     x.header.Clone(),
		Body:       io.NopCloser(bytes.NewReader(x.body)),
		Request:    req,
	}
	if x.reason == "" {
		resp.Status = strconv.Itoa(x.status)
	}
	resp.ContentLength = int64(len(x.body))
	if req.Method == http.MethodHead {
		resp.Body = http.NoBody
		resp.ContentLength = -1
		if cl, err := strconv.ParseInt(resp.Header.Get("Content-Length"), 10, 64); err == nil && cl >= 0 {
			resp.ContentLength = cl
		}
	} else if resp.Header.Get("Content-Length") != "" {
		resp.Header.Set("Content-Length", strconv.Itoa(len(x.body)))
	}
	return resp
}

// exchangeFiles returns the names of the exchange files in dir, NNNN-*.txt,
// in their order.
func exchangeFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	type file struct {
		n    int
		name string
	}
	var files []file
	for _, e := range entries {
		name := e.Name()
		i := 0
		for i < len(name) && '0' <= name[i] && name[i] <= '9' {
			i++
		}
		if i == 0 || i == len(name) || name[i] != '-' || filepath.Ext(name) != ".txt" || !e.Type().IsRegular() {
			continue
		}
		n, err := strconv.Atoi(name[:i])
		if err != nil {
			continue
		}
		files = append(files, file{n, name})
	}
	slices.SortFunc(files, func(a, b file) int {
		return cmp.Or(cmp.Compare(a.n, b.n), cmp.Compare(a.name, b.name))
	})
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.name
	}
	return names, nil
}
