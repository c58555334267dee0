// Package multipart lays out multipart/form-data bodies as requests
// (urllib3) writes them, and reads them out while they are sent: files
// stream from disk, or from their reader, in constant memory.
package multipart

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
)

// ErrUnrewindable is the error of Body.Open when the body has to be sent
// again and a part read from a reader cannot be rewound.
var ErrUnrewindable = errors.New("a multipart part is a reader that cannot seek, so the body cannot be sent again")

// rewindError is a part's reader that failed to seek back to its start.
type rewindError struct{ err error }

func (e *rewindError) Error() string   { return e.err.Error() }
func (e *rewindError) Unwrap() []error { return []error{ErrUnrewindable, e.err} }

// Field is a form field of the body.
type Field struct{ Name, Value string }

// File is a file part of the body.
type File struct {
	Name        string            // the form field's name
	Filename    string            // sent as the part's filename
	ContentType string            // sent as the part's Content-Type when set
	Header      map[string]string // more headers of the part, written in sorted order
	// Path is the file read while the body is sent; when it is empty,
	// Reader is the content. A Reader that is also an io.Seeker can be
	// sent again.
	Path   string
	Reader io.Reader
	Size   int64 // -1 when unknown
}

// Body is a multipart/form-data body ready to be sent, and sent again.
type Body struct {
	Boundary string
	Length   int64 // -1 when a file's size is unknown
	Fields   []Field
	Files    []File

	segments []segment
	used     bool
}

// segment is a run of the body: fixed bytes, or a file's content.
type segment struct {
	data []byte
	file *File
}

// New lays out a body of the fields, then the files, in the order given.
// An empty boundary is replaced by a random one.
func New(fields []Field, files []File, boundary string) *Body {
	if boundary == "" {
		var b [16]byte
		rand.Read(b[:])
		boundary = hex.EncodeToString(b[:])
	}
	m := &Body{Boundary: boundary, Fields: fields, Files: files}
	var head bytes.Buffer
	for _, f := range fields {
		m.partHeader(&head, f.Name, "", false, "", nil)
		head.WriteString(f.Value)
		head.WriteString("\r\n")
	}
	for i := range m.Files {
		f := &m.Files[i]
		m.partHeader(&head, f.Name, f.Filename, true, f.ContentType, f.Header)
		m.segments = append(m.segments, segment{data: bytes.Clone(head.Bytes())}, segment{file: f})
		head.Reset()
		head.WriteString("\r\n")
	}
	head.WriteString("--" + boundary + "--\r\n")
	m.segments = append(m.segments, segment{data: bytes.Clone(head.Bytes())})
	for _, s := range m.segments {
		if s.file != nil && s.file.Size < 0 {
			m.Length = -1
			break
		}
		m.Length += int64(len(s.data))
		if s.file != nil {
			m.Length += s.file.Size
		}
	}
	return m
}

// partHeader writes a part's boundary and headers as urllib3 does: names
// and filenames in quotes with '"', CR and LF percent-encoded, UTF-8 kept.
func (m *Body) partHeader(b *bytes.Buffer, name, filename string, withFilename bool, contentType string, extra map[string]string) {
	b.WriteString("--" + m.Boundary + "\r\n")
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

// Open returns a reader of the whole body, rewinding the parts that come
// from readers when it was read before; the error then matches
// ErrUnrewindable. A file that cannot be opened, or whose size changes
// while it is sent, fails the read.
func (m *Body) Open() (io.ReadCloser, error) {
	if m.used {
		for _, s := range m.segments {
			if s.file == nil || s.file.Path != "" {
				continue
			}
			seeker, ok := s.file.Reader.(io.Seeker)
			if !ok {
				return nil, ErrUnrewindable
			}
			if _, err := seeker.Seek(0, io.SeekStart); err != nil {
				return nil, &rewindError{err}
			}
		}
	}
	m.used = true
	return &reader{segments: m.segments}, nil
}

// reader reads the segments one after the other, opening each file when
// its turn comes and closing it when it is done.
type reader struct {
	segments []segment
	cur      io.Reader
	file     *os.File
}

func (r *reader) Read(p []byte) (int, error) {
	for {
		if r.cur == nil {
			if len(r.segments) == 0 {
				return 0, io.EOF
			}
			s := r.segments[0]
			r.segments = r.segments[1:]
			switch {
			case s.file == nil:
				r.cur = bytes.NewReader(s.data)
			case s.file.Path != "":
				f, err := os.Open(s.file.Path)
				if err != nil {
					return 0, fmt.Errorf("multipart file: %w", err)
				}
				r.file, r.cur = f, f
			default:
				r.cur = s.file.Reader
			}
			if s.file != nil && s.file.Size >= 0 {
				r.cur = &exactReader{r: r.cur, left: s.file.Size, name: s.file.Name}
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

func (r *reader) closeFile() {
	if r.file != nil {
		r.file.Close()
		r.file = nil
	}
}

// Close closes the file being read, if any.
func (r *reader) Close() error {
	r.closeFile()
	return nil
}

// exactReader reads a part of known size, which the body's length
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
