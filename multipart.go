package requests

import (
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/go-requests/requests/internal/multipart"
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
// again (see internal/multipart).
type multipartBody struct{ *multipart.Body }

// buildMultipart lays out a body of form fields and files, each in sorted
// order of their names.
func buildMultipart(form Form, files Files, boundary string) (*multipartBody, error) {
	var fields []multipart.Field
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
			fields = append(fields, multipart.Field{Name: name, Value: v})
		}
	}
	parts := make([]multipart.File, 0, len(files))
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := files[name]
		size, err := p.size()
		if err != nil {
			return nil, errorf(ErrRequest, "Files[%q]: %w", name, err)
		}
		parts = append(parts, multipart.File{Name: name, Filename: p.filename(name), ContentType: p.ContentType,
			Header: p.Header, Path: p.path, Reader: p.Reader, Size: size})
	}
	return &multipartBody{multipart.New(fields, parts, boundary)}, nil
}

// open returns a reader of the whole body, rewinding the parts that come
// from readers when it was read before: ErrUnrewindableBody when one
// cannot be.
func (m *multipartBody) open() (io.ReadCloser, error) {
	rc, err := m.Open()
	return rc, internalError(err)
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
