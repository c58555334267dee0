package requests

import (
	"bytes"
	"errors"
	"io"
	"iter"
)

// In stream mode (Stream(true)) a verb returns as soon as the headers have
// arrived, and the body is read through IterContent, IterLines, Reader,
// Content or Text, once. The connection goes back to the pool when the body
// has been read to its end, or is closed when Close abandons it, or when
// reading it failed.

// IterContent returns an iterator over the body in chunks of n bytes, the
// last one shorter; with n <= 0 it yields the data as it arrives. The
// yielded slice is reused: it is valid until the next iteration, so copy
// it to keep it. A read error is yielded once, with a nil slice, and ends
// the iteration.
//
// Without Stream(true) it yields the body already read, as requests does.
// A streamed body can be iterated once; iterating it again yields
// ErrStreamConsumed.
func (r *Response) IterContent(n int) iter.Seq2[[]byte, error] {
	return func(yield func([]byte, error) bool) {
		src, err := r.stream()
		if err != nil {
			yield(nil, err)
			return
		}
		size := n
		if size <= 0 {
			size = 32 << 10
		}
		buf := make([]byte, size)
		for {
			var m int
			if n > 0 {
				m, err = io.ReadFull(src, buf)
				if err == io.ErrUnexpectedEOF {
					err = io.EOF
				}
			} else {
				m, err = src.Read(buf)
			}
			var chunk []byte
			if m > 0 {
				chunk = buf[:m]
			}
			if !r.deliver(yield, src, chunk, err) {
				return
			}
		}
	}
}

// deliver yields data unless it is nil, then a read error; it reports
// whether the iteration goes on. A caller that stops early abandons the
// body.
func (r *Response) deliver(yield func([]byte, error) bool, src io.Closer, data []byte, err error) bool {
	if data != nil && !yield(data, nil) {
		src.Close()
		return false
	}
	if err != nil && err != io.EOF {
		r.readErr = err
		yield(nil, err)
	}
	return err == nil
}

// IterLines returns an iterator over the lines of the body, without their
// line endings: "\n", "\r\n" or a lone "\r", as requests' iter_lines splits
// them, but also when a "\r\n" is cut in two by the network, where requests
// yields an extra empty line. Given a delimiter, it splits on that instead.
// An empty last line is not yielded. The yielded slice is valid until the
// next iteration. Errors and consumption are as for IterContent.
func (r *Response) IterLines(delimiter ...byte) iter.Seq2[[]byte, error] {
	return func(yield func([]byte, error) bool) {
		src, err := r.stream()
		if err != nil {
			yield(nil, err)
			return
		}
		sc := lineScanner{src: src, delim: delimiter, buf: make([]byte, 0, 4<<10)}
		for {
			line, err := sc.next() // nil when there is no line; empty for an empty one
			if !r.deliver(yield, src, line, err) {
				return
			}
		}
	}
}

// lineScanner splits a reader into lines, looking past the end of what it
// has read before it decides where a "\r" line ends.
type lineScanner struct {
	src   io.Reader
	delim []byte
	buf   []byte // unread data is buf[start:]
	start int
	err   error
}

func (s *lineScanner) next() ([]byte, error) {
	for {
		data := s.buf[s.start:]
		if end, skip, ok := s.split(data); ok {
			s.start += end + skip
			return data[:end], nil
		}
		if s.err != nil {
			s.start = len(s.buf)
			if len(data) > 0 {
				return data, nil // the last line, without an ending
			}
			return nil, s.err
		}
		// Keep the unread part and read more.
		if s.start > 0 {
			n := copy(s.buf, data)
			s.buf, s.start = s.buf[:n], 0
		}
		if len(s.buf) == cap(s.buf) {
			s.buf = append(s.buf, 0)[:len(s.buf)]
		}
		m, err := s.src.Read(s.buf[len(s.buf):cap(s.buf)])
		s.buf = s.buf[:len(s.buf)+m]
		if err != nil {
			s.err = err
		}
	}
}

// split finds the first line ending in data: the line is data[:end] and
// its ending skip bytes long. ok is false when data holds no complete line,
// which includes a "\r" at its very end while more may come.
func (s *lineScanner) split(data []byte) (end, skip int, ok bool) {
	if len(s.delim) > 0 {
		if i := bytes.Index(data, s.delim); i >= 0 {
			return i, len(s.delim), true
		}
		return 0, 0, false
	}
	i := bytes.IndexAny(data, "\r\n")
	switch {
	case i < 0:
		return 0, 0, false
	case data[i] == '\n':
		return i, 1, true
	case i+1 < len(data):
		if data[i+1] == '\n' {
			return i, 2, true
		}
		return i, 1, true
	case s.err != nil:
		return i, 1, true // a "\r" that ends the body
	}
	return 0, 0, false
}

// Reader returns the body, decompressed, as a reader for io.Copy and the
// like; closing it is closing the Response. In stream mode it reads from
// the network, once; otherwise it reads the body already read. Its errors
// are the package's (ErrReadTimeout, ErrChunkedEncoding, ...).
func (r *Response) Reader() io.ReadCloser {
	src, err := r.stream()
	if err != nil {
		return errReader{err}
	}
	return src
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
func (e errReader) Close() error             { return nil }

// stream hands out the body for reading once: the network body in stream
// mode, the content read otherwise.
func (r *Response) stream() (io.ReadCloser, error) {
	switch {
	case r.body != nil:
		b := r.body
		r.body, r.consumed = nil, true
		return b, nil
	case r.consumed:
		return nil, &Error{Kind: ErrStreamConsumed, Err: errors.New("the streamed body was read already")}
	}
	return io.NopCloser(bytes.NewReader(r.content)), nil
}
