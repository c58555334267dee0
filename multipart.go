package requests

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Files are the files of a multipart/form-data upload, by form field name.
// The fields of a Form given to the same request go first, as in requests;
// fields and files are each written in sorted order of their names. Files
// are streamed from disk (or from their Reader) while the request is sent,
// in constant memory; the body has a Content-Length when every size is
// known, and is chunked otherwise.
type Files map[string]Part

func (f Files) apply(c *config) {
	for name, p := range f {
		if p.Reader == nil && p.path == "" {
			c.fail(errorf(ErrRequest, "Files[%q]: the part has no content (use File(path) or set Reader)", name))
			return
		}
	}
	mergeInto(&c.files, &c.ownFiles, f)
}

// Part is one file of a multipart upload.
type Part struct {
	// Filename is sent as the part's filename; when empty it is the base
	// name of the file, or the field name, as requests does.
	Filename string
	// ContentType is sent as the part's Content-Type when set; requests
	// sends none unless told, and neither does this package.
	ContentType string
	// Header holds more headers of the part, written in sorted order.
	Header map[string]string
	// Reader is the content when it does not come from File. A reader that
	// is also an io.Seeker can be sent again for a 307/308 redirect or a
	// Digest challenge.
	Reader io.Reader

	path string
}

// File returns the part for the file at path, read from disk while the
// request is sent.
func File(path string) Part { return Part{path: path} }

// MultipartBoundary sets the boundary of a multipart body, which is random
// otherwise: for reproducible bodies (tests, signatures).
func MultipartBoundary(boundary string) Option {
	return optionFunc(func(c *config) { c.boundary = boundary })
}

// multipartBody is a multipart/form-data body ready to be sent, and sent
// again.
type multipartBody struct {
	boundary string
	fields   [][2]string // the form fields, name and value, for Curl
	segments []segment
	length   int64 // -1 when a part's size is unknown
	used     bool
}

// segment is a run of the body: fixed bytes, or a file's content.
type segment struct {
	data []byte
	part *Part
	name string // the field name of part
	size int64  // of part; -1 unknown
}

// buildMultipart lays out a body of form fields and files.
func buildMultipart(form Form, files Files, boundary string) (*multipartBody, error) {
	if boundary == "" {
		var b [16]byte
		rand.Read(b[:])
		boundary = hex.EncodeToString(b[:])
	}
	m := &multipartBody{boundary: boundary}
	var head bytes.Buffer
	for _, name := range slices.Sorted(maps.Keys(form)) {
		var values []string
		switch v := form[name].(type) {
		case nil:
			continue
		case []string:
			values = v
		case []any:
			for _, e := range v {
				s, ok := formatValue(e, nil)
				if !ok && e != nil {
					return nil, errorf(ErrRequest, "Form[%q]: a value of type %T cannot be encoded", name, e)
				}
				if e != nil {
					values = append(values, s)
				}
			}
		default:
			s, ok := formatValue(v, nil)
			if !ok {
				return nil, errorf(ErrRequest, "Form[%q]: a value of type %T cannot be encoded", name, v)
			}
			values = []string{s}
		}
		for _, v := range values {
			m.fields = append(m.fields, [2]string{name, v})
			m.partHeader(&head, name, "", false, "", nil)
			head.WriteString(v)
			head.WriteString("\r\n")
		}
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := files[name]
		size, err := p.size()
		if err != nil {
			return nil, errorf(ErrRequest, "Files[%q]: %w", name, err)
		}
		m.partHeader(&head, name, p.filename(name), true, p.ContentType, p.Header)
		m.segments = append(m.segments, segment{data: bytes.Clone(head.Bytes())}, segment{part: &p, name: name, size: size})
		head.Reset()
		head.WriteString("\r\n")
	}
	head.WriteString("--" + boundary + "--\r\n")
	m.segments = append(m.segments, segment{data: bytes.Clone(head.Bytes())})
	for _, s := range m.segments {
		if s.part != nil && s.size < 0 {
			m.length = -1
			break
		}
		m.length += int64(len(s.data)) + max(s.size, 0)
	}
	return m, nil
}

// filename is the filename the part of field name is sent with: Filename,
// else the base name of its file, else the field name, as requests does.
func (p *Part) filename(name string) string {
	switch {
	case p.Filename != "":
		return p.Filename
	case p.path != "":
		return filepath.Base(p.path)
	case fileName(p.Reader) != "":
		return filepath.Base(fileName(p.Reader))
	}
	return name
}

// partHeader writes a part's boundary and headers as urllib3 does: names
// and filenames in quotes with '"', CR and LF percent-encoded, UTF-8 kept.
func (m *multipartBody) partHeader(b *bytes.Buffer, name, filename string, withFilename bool, contentType string, extra map[string]string) {
	b.WriteString("--" + m.boundary + "\r\n")
	b.WriteString(`Content-Disposition: form-data; name="` + escapeParam(name) + `"`)
	if withFilename {
		b.WriteString(`; filename="` + escapeParam(filename) + `"`)
	}
	b.WriteString("\r\n")
	if contentType != "" {
		b.WriteString("Content-Type: " + contentType + "\r\n")
	}
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		b.WriteString(k + ": " + extra[k] + "\r\n")
	}
	b.WriteString("\r\n")
}

var paramEscaper = strings.NewReplacer("\n", "%0A", "\r", "%0D", `"`, "%22")

func escapeParam(s string) string { return paramEscaper.Replace(s) }

// size returns the part's length, -1 when unknown, or why the file cannot
// be read.
func (p *Part) size() (int64, error) {
	if p.path != "" {
		f, err := os.Open(p.path)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil {
			return 0, err
		}
		if !fi.Mode().IsRegular() {
			return -1, nil
		}
		return fi.Size(), nil
	}
	pl, err := dataPayload(p.Reader)
	if err != nil {
		return 0, err
	}
	return pl.length, nil
}

func fileName(r io.Reader) string {
	if f, ok := r.(interface{ Name() string }); ok {
		return f.Name()
	}
	return ""
}

// open returns a reader of the whole body, rewinding the parts that come
// from readers when it was read before.
func (m *multipartBody) open() (io.ReadCloser, error) {
	if m.used {
		for _, s := range m.segments {
			if s.part == nil || s.part.path != "" {
				continue
			}
			seeker, ok := s.part.Reader.(io.Seeker)
			if !ok {
				return nil, &Error{Kind: ErrUnrewindableBody, Err: errors.New("a multipart part is a reader that cannot seek, so the body cannot be sent again")}
			}
			if _, err := seeker.Seek(0, io.SeekStart); err != nil {
				return nil, &Error{Kind: ErrUnrewindableBody, Err: err}
			}
		}
	}
	m.used = true
	return &multipartReader{segments: m.segments}, nil
}

// multipartReader reads the segments one after the other, opening each
// file when its turn comes and closing it when it is done.
type multipartReader struct {
	segments []segment
	cur      io.Reader
	file     *os.File
}

func (r *multipartReader) Read(p []byte) (int, error) {
	for {
		if r.cur == nil {
			if len(r.segments) == 0 {
				return 0, io.EOF
			}
			s := r.segments[0]
			r.segments = r.segments[1:]
			switch {
			case s.part == nil:
				r.cur = bytes.NewReader(s.data)
			case s.part.path != "":
				f, err := os.Open(s.part.path)
				if err != nil {
					return 0, fmt.Errorf("multipart file: %w", err)
				}
				r.file, r.cur = f, f
			default:
				r.cur = s.part.Reader
			}
			if s.part != nil && s.size >= 0 {
				r.cur = &exactReader{r: r.cur, left: s.size, name: s.name}
			}
		}
		n, err := r.cur.Read(p)
		if err == io.EOF {
			r.closeFile()
			r.cur = nil
			if n > 0 {
				return n, nil
			}
			continue
		}
		return n, err
	}
}

// exactReader reads a part of known size, which the body's Content-Length
// counted: a file that grows or shrinks while it is sent fails the request
// rather than cutting off, or running into, the closing boundary.
type exactReader struct {
	r    io.Reader
	left int64
	name string
}

func (e *exactReader) Read(p []byte) (int, error) {
	if e.left == 0 {
		var one [1]byte
		if n, _ := e.r.Read(one[:]); n > 0 {
			return 0, fmt.Errorf("multipart file of %q grew while it was sent", e.name)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > e.left {
		p = p[:e.left]
	}
	n, err := e.r.Read(p)
	e.left -= int64(n)
	if err == io.EOF && e.left > 0 {
		return n, fmt.Errorf("multipart file of %q shrank while it was sent", e.name)
	}
	if err == io.EOF {
		err = nil // the check for growth comes with the next read
	}
	return n, err
}

func (r *multipartReader) closeFile() {
	if r.file != nil {
		r.file.Close()
		r.file = nil
	}
}

// Close closes the file being read, if any.
func (r *multipartReader) Close() error {
	r.closeFile()
	return nil
}
