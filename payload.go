package requests

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
)

type bodyKind int8

const (
	bodyNone bodyKind = iota
	bodyForm
	bodyJSON
	bodyData
)

// bodySpec is the body a request's options asked for.
type bodySpec struct {
	kind bodyKind
	form Form
	json any
	data any
}

// payload is a request body ready to be sent, and sent again when a 307 or
// 308 redirect asks for it.
type payload struct {
	bytes       []byte                        // the whole body, when it is in memory
	reader      io.Reader                     // a streamed body
	seeker      io.Seeker                     // how to rewind reader, when it can be
	offset      int64                         // where reader started
	length      int64                         // -1 when unknown
	reopen      func() (io.ReadCloser, error) // a fresh copy of reader (http.Request.GetBody), nil for none
	multi       *multipartBody
	contentType string // set unless the caller set one
	sent        bool
}

func (p *payload) empty() bool { return p.reader == nil && p.bytes == nil && p.multi == nil }

// buildPayload turns the body options of cfg into a payload.
func buildPayload(cfg *config) (payload, error) {
	spec := &cfg.body
	if len(cfg.files) > 0 {
		if spec.kind == bodyData {
			return payload{}, errorf(ErrRequest, "Data cannot be sent with Files: give the form fields as Form")
		}
		var form Form
		if spec.kind == bodyForm {
			form = spec.form
		}
		m, err := buildMultipart(form, cfg.files, cfg.boundary)
		if err != nil {
			return payload{}, err
		}
		return payload{multi: m, length: m.Length, contentType: "multipart/form-data; boundary=" + m.Boundary}, nil
	}
	kind := spec.kind
	if kind == bodyForm && len(spec.form) == 0 || kind == bodyData && emptyData(spec.data) {
		kind = bodyJSON // an empty form or data is no body, as in requests; JSON may stand in
	}
	if kind == bodyJSON && spec.json == nil {
		kind = bodyNone
	}
	switch kind {
	case bodyForm:
		s, err := encodeValues("Form", spec.form)
		if err != nil {
			return payload{}, err
		}
		return payload{bytes: []byte(s), length: int64(len(s)), contentType: "application/x-www-form-urlencoded"}, nil
	case bodyJSON:
		b, err := encodeJSON(spec.json)
		if err != nil {
			return payload{}, err
		}
		return payload{bytes: b, length: int64(len(b)), contentType: "application/json"}, nil
	case bodyData:
		return dataPayload(spec.data)
	}
	return payload{length: 0}, nil
}

// encodeJSON encodes v as compact UTF-8 JSON, without escaping <, > and &.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		var unsupported *json.UnsupportedValueError
		if errors.As(err, &unsupported) {
			return nil, &Error{Kind: ErrInvalidJSON, Err: errors.Join(errors.New("the JSON body holds a value JSON cannot represent (NaN and infinities are not allowed)"), err)}
		}
		return nil, &Error{Kind: ErrInvalidJSON, Err: err}
	}
	b := buf.Bytes()
	return b[:len(b)-1], nil // Encode appends a newline
}

// emptyData reports whether a Data body is falsy in requests' eyes: nil,
// an empty string or slice. A reader is never empty.
func emptyData(d any) bool {
	switch d := d.(type) {
	case nil:
		return true
	case string:
		return d == ""
	case []byte:
		return len(d) == 0
	}
	return false
}

// dataPayload accepts the bodies Data documents.
func dataPayload(d any) (payload, error) {
	if v := reflect.ValueOf(d); v.Kind() == reflect.Pointer && v.IsNil() {
		return payload{}, errorf(ErrRequest, "Data(%T(nil)): a nil reader (use Data(nil) for no body)", d)
	}
	switch d := d.(type) {
	case nil:
		return payload{}, nil
	case handedBody:
		n := d.n
		if n <= 0 {
			n = -1 // net/http's "unknown" for a body that is there
		}
		return payload{reader: d.r, length: n, reopen: d.getBody}, nil
	case []byte:
		return payload{bytes: d, length: int64(len(d))}, nil
	case string:
		return payload{bytes: []byte(d), length: int64(len(d))}, nil
	case *bytes.Buffer:
		b := d.Bytes()
		return payload{bytes: b, length: int64(len(b))}, nil
	case *bytes.Reader:
		return seekablePayload(d, d, int64(d.Len()))
	case *strings.Reader:
		return seekablePayload(d, d, int64(d.Len()))
	case *os.File:
		if fi, err := d.Stat(); err == nil && fi.Mode().IsRegular() {
			if off, err := d.Seek(0, io.SeekCurrent); err == nil {
				return payload{reader: d, seeker: d, offset: off, length: fi.Size() - off}, nil
			}
		}
		return payload{reader: d, length: -1}, nil
	case io.ReadSeeker:
		return seekablePayload(d, d, -1)
	case io.Reader:
		return payload{reader: d, length: -1}, nil
	}
	return payload{}, errorf(ErrRequest, "Data(%T): unsupported body type (use []byte, string or an io.Reader)", d)
}

func seekablePayload(r io.Reader, s io.Seeker, length int64) (payload, error) {
	off, err := s.Seek(0, io.SeekCurrent)
	if err != nil {
		return payload{reader: r, length: length}, nil
	}
	return payload{reader: r, seeker: s, offset: off, length: length}, nil
}

// open returns the body to send, rewinding it when it was sent before. A
// body in memory is read through into, which the caller provides.
func (p *payload) open(into *bytesBody) (io.ReadCloser, error) {
	if p.multi != nil {
		return p.multi.open()
	}
	if p.bytes != nil {
		if len(p.bytes) == 0 {
			return nil, nil
		}
		into.Reset(p.bytes)
		return into, nil
	}
	if p.reader == nil {
		return nil, nil
	}
	if p.sent {
		if p.reopen != nil {
			rc, err := p.reopen()
			if err != nil {
				return nil, &Error{Kind: ErrUnrewindableBody, Err: fmt.Errorf("GetBody: %w", err)}
			}
			return rc, nil
		}
		if p.seeker == nil {
			return nil, &Error{Kind: ErrUnrewindableBody, Err: errors.New("the request body is a reader that cannot seek, so it cannot be sent again; give Data a []byte, a string or an io.ReadSeeker")}
		}
		if _, err := p.seeker.Seek(p.offset, io.SeekStart); err != nil {
			return nil, &Error{Kind: ErrUnrewindableBody, Err: err}
		}
	}
	p.sent = true
	return io.NopCloser(p.reader), nil
}

// bytesBody reads a body held in memory.
type bytesBody struct{ bytes.Reader }

func (*bytesBody) Close() error { return nil }
