package requests

import (
	"io"
	"net/http"
)

// body reads a response body from the wire through its content decoders,
// under the exchange's read watchdog, and turns failures into the package's
// errors. It ends the exchange at EOF, on error, or on Close.
type body struct {
	h       *hop
	raw     io.ReadCloser
	wireErr error // the first failure of the wire, as opposed to a decoder
	r       io.Reader
	dec     *decoder
	err     error  // sticky: io.EOF or an *Error
	length  int64  // Content-Length when the body is not encoded, else -1
	release func() // ends the call's Total timeout, in stream mode
}

func newBody(h *hop, resp *http.Response, limit int64) *body {
	b := &h.body
	*b = body{h: h, raw: resp.Body, length: resp.ContentLength}
	b.r = wire{b}
	if codings := contentCodings(resp.Header); codings != nil {
		if limit == 0 {
			limit = DefaultDecompressionLimit
		}
		b.dec = &decoder{codings: codings, src: b.r, limit: limit}
		b.r = b.dec
		b.length = -1
	}
	return b
}

// wire reads the raw body with the watchdog running.
type wire struct{ b *body }

func (w wire) Read(p []byte) (int, error) {
	w.b.h.wd.arm()
	n, err := w.b.raw.Read(p)
	w.b.h.wd.pause()
	if err != nil && err != io.EOF && w.b.wireErr == nil {
		w.b.wireErr = err
	}
	return n, err
}

func (b *body) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.r.Read(p)
	if err != nil {
		if err == io.EOF {
			b.finish(io.EOF)
		} else {
			b.finish(b.h.fail(err, true, b.wireErr != nil))
		}
		return n, b.err
	}
	return n, nil
}

// finish records the final state and releases the exchange. A body whose
// decoder ended before the wire did is drained a little, so that the
// connection can go back to the pool.
func (b *body) finish(err error) {
	b.err = err
	if err == io.EOF && b.dec != nil {
		var scratch [512]byte
		for range 8 {
			if _, e := (wire{b}).Read(scratch[:]); e != nil {
				break
			}
		}
	}
	b.raw.Close()
	if b.dec != nil {
		b.dec.Close()
	}
	b.h.done()
	if b.release != nil {
		b.release()
	}
}

// Close abandons the rest of the body; the connection is reused only when
// the body had been read to its end.
func (b *body) Close() error {
	if b.err == nil {
		b.finish(errClosed)
	}
	return nil
}

var errClosed = &Error{Kind: ErrStreamConsumed, Err: io.ErrClosedPipe}

// readAll reads the rest of the body.
func (b *body) readAll() ([]byte, error) {
	size := int64(512)
	if b.length > 0 && b.length < 64<<20 {
		size = b.length + 1 // room to see EOF without growing
	}
	buf := make([]byte, 0, size)
	for {
		n, err := b.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}
