package requests

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	neturl "net/url"
	"os"
	pathpkg "path"
	"path/filepath"
	"strconv"
	"strings"
)

// DownloadProgress calls fn as the body of the response is read, whoever
// reads it (the verb for a whole body, the caller for a streamed one), with
// the bytes read so far and the total: Content-Length, or -1 when unknown
// or when the body is decoded (the length is then the encoded one). It is
// called in the goroutine that reads. With Download it counts the bytes the
// file holds, so a resumed download starts where it stopped. Redirects and
// answered challenges do not report.
func DownloadProgress(fn func(done, total int64)) Option {
	return optionFunc(func(c *config) { c.downloadProgress = fn })
}

// Download saves the body of a GET of url to path, in constant memory,
// through the default Session. See Session.Download.
func Download(ctx context.Context, url, path string, opts ...Option) (*Response, error) {
	return defaultSession.Download(ctx, url, path, opts...)
}

// Download saves the body of a GET of url to path, in constant memory.
// When path names a directory (it ends with a separator, or is one that
// exists), the file is saved in it under the name the server gives in
// Content-Disposition, else the last segment of the URL's path, else
// index.html, as curl -O --output-dir and httpie --download do; a name
// from the server is reduced to a base name, so it never leaves the
// directory. A directory that does not exist is an error before anything
// is fetched.
//
// The body goes to path + ".part", beside path, which is renamed to path
// only once the body is complete and as long as the server announced; an
// interrupted or failed download never leaves a truncated file under path.
// A later Download of the same URL to the same path resumes the partial
// file: it asks for the rest with Range and If-Range (the ETag, else the
// Last-Modified date, the server gave), appends when the server answers 206,
// and starts over when it answers 200. The validator is kept in
// path + ".part.json" until the download completes.
//
// A 4xx or 5xx status is an *HTTPError, and nothing is written. The
// returned Response's body has been read into the file.
func (s *Session) Download(ctx context.Context, url, path string, opts ...Option) (*Response, error) {
	dir, toDir, err := downloadDir(path)
	if err != nil {
		return nil, errorf(ErrRequest, "download %s: %w", redactRaw(url), err)
	}
	if toDir {
		path = filepath.Join(dir, nameFromURL(url))
	}
	part, metaPath := path+".part", path+".part.json"
	var offset int64
	meta := readDownloadMeta(metaPath)
	if fi, err := os.Stat(part); err == nil && fi.Mode().IsRegular() && meta.URL == url && meta.Validator != "" {
		offset = fi.Size()
	}
	all := append(opts[:len(opts):len(opts)], Stream(true), Headers{"Accept-Encoding": "identity"})
	if offset > 0 {
		all = append(all, Headers{"Range": "bytes=" + strconv.FormatInt(offset, 10) + "-", "If-Range": meta.Validator})
	}
	cfg := s.config(all, false)
	progress := cfg.downloadProgress // told by the file written, which a resumed download starts at offset
	cfg.downloadProgress = nil
	resp, err := s.send(ctx, http.MethodGet, url, &cfg, nil)
	if err != nil {
		return nil, err
	}
	defer resp.Close()
	if err := resp.RaiseForStatus(); err != nil {
		return nil, err
	}
	total := resp.total()
	switch {
	case resp.StatusCode == http.StatusPartialContent && offset > 0:
		start, _, size, ok := contentRange(resp.Header.Get("Content-Range"))
		if !ok || start != offset {
			return nil, errorf(ErrRequest, "download %s: the server resumed at %q, not at byte %d", redactRaw(url), resp.Header.Get("Content-Range"), offset)
		}
		total = size
	case resp.StatusCode == http.StatusPartialContent:
		return nil, errorf(ErrRequest, "download %s: the server sent part of the file (206) unasked", redactRaw(url))
	default:
		offset = 0 // a full body: start over
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if offset > 0 {
		flags = os.O_WRONLY | os.O_APPEND
	}
	f, err := os.OpenFile(part, flags, 0o644)
	if err != nil {
		return nil, errorf(ErrRequest, "download %s: %w", redactRaw(url), err)
	}
	// If-Range takes a strong entity-tag (a quoted string) or a date.
	validator := resp.Header.Get("ETag")
	if len(validator) < 2 || validator[0] != '"' || validator[len(validator)-1] != '"' {
		validator = resp.Header.Get("Last-Modified")
	}
	writeDownloadMeta(metaPath, downloadMeta{URL: url, Validator: validator})

	w := &progressWriter{w: f, done: offset, total: total, fn: progress}
	_, copyErr := io.Copy(w, resp.Reader())
	if err := f.Sync(); copyErr == nil {
		copyErr = err
	}
	if err := f.Close(); copyErr == nil {
		copyErr = err
	}
	if copyErr != nil {
		var e *Error
		if !errors.As(copyErr, &e) {
			copyErr = errorf(ErrRequest, "download %s: %w", redactRaw(url), copyErr)
		}
		return nil, copyErr
	}
	if total >= 0 && w.done != total {
		return nil, &Error{Kind: ErrChunkedEncoding, Method: http.MethodGet, URL: redactRaw(url),
			Err: fmt.Errorf("the download holds %d bytes of %d", w.done, total)}
	}
	if toDir {
		if name := nameFromDisposition(resp.Header.Get("Content-Disposition")); name != "" {
			path = filepath.Join(dir, name)
		}
	}
	if err := os.Rename(part, path); err != nil {
		return nil, errorf(ErrRequest, "download %s: %w", redactRaw(url), err)
	}
	os.Remove(metaPath)
	return resp, nil
}

// total returns the length the body announces, or -1.
func (r *Response) total() int64 {
	if len(r.Header["Content-Encoding"]) > 0 {
		return -1 // the length is the encoded one
	}
	if n, err := strconv.ParseInt(r.Header.Get("Content-Length"), 10, 64); err == nil {
		return n
	}
	return -1
}

// contentRange parses "bytes start-end/size"; size is -1 for "*".
func contentRange(v string) (start, end, size int64, ok bool) {
	rest, found := strings.CutPrefix(v, "bytes ")
	if !found {
		return 0, 0, 0, false
	}
	span, sz, found := strings.Cut(rest, "/")
	s, e, found2 := strings.Cut(span, "-")
	if !found || !found2 {
		return 0, 0, 0, false
	}
	var err1, err2 error
	start, err1 = strconv.ParseInt(s, 10, 64)
	end, err2 = strconv.ParseInt(e, 10, 64)
	size = -1
	if sz != "*" {
		var err error
		if size, err = strconv.ParseInt(sz, 10, 64); err != nil {
			return 0, 0, 0, false
		}
	}
	return start, end, size, err1 == nil && err2 == nil && start <= end
}

// downloadMeta is what a partial download needs to resume.
type downloadMeta struct {
	URL       string `json:"url"`
	Validator string `json:"validator"`
}

func readDownloadMeta(path string) downloadMeta {
	var m downloadMeta
	if data, err := os.ReadFile(path); err == nil {
		json.Unmarshal(data, &m)
	}
	return m
}

func writeDownloadMeta(path string, m downloadMeta) {
	if m.Validator == "" {
		os.Remove(path) // nothing to resume with
		return
	}
	data, _ := json.Marshal(m)
	os.WriteFile(path, data, 0o644)
}

// progressWriter counts what it writes and reports it.
type progressWriter struct {
	w     io.Writer
	done  int64
	total int64
	fn    func(done, total int64)
}

func (p *progressWriter) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	p.done += int64(n)
	if p.fn != nil && n > 0 {
		p.fn(p.done, p.total)
	}
	return n, err
}

// downloadDir reports whether a Download path names a directory: one
// ending with a separator, which must exist, or an existing directory.
func downloadDir(path string) (dir string, isDir bool, err error) {
	slash := strings.HasSuffix(path, "/") || strings.HasSuffix(path, string(filepath.Separator))
	fi, statErr := os.Stat(path)
	switch {
	case statErr == nil && fi.IsDir():
		return path, true, nil
	case slash && statErr != nil:
		return "", false, fmt.Errorf("the directory %s does not exist", path)
	case slash:
		return "", false, fmt.Errorf("%s is not a directory", path)
	}
	return "", false, nil
}

// nameFromURL is the file name a download to a directory takes from its
// URL: the last segment of the path, else index.html.
func nameFromURL(raw string) string {
	u, err := neturl.Parse(raw)
	if err != nil {
		return "index.html"
	}
	return safeFileName(pathpkg.Base(u.Path), "index.html")
}

// nameFromDisposition is the file name a Content-Disposition header gives
// (filename*, decoded, wins over filename), or "" for none.
func nameFromDisposition(v string) string {
	if v == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(v)
	if err != nil {
		return ""
	}
	return safeFileName(params["filename"], "")
}

// safeFileName reduces a name from the network to a base name that stays
// in its directory: no separators, no "." or "..", no control characters;
// def when nothing is left.
func safeFileName(name, def string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = pathpkg.Base(name)
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." || name == "/" {
		return def
	}
	return name
}
