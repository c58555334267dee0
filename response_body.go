package requests

import (
	"io"
	"net/http"
	"sync"

	"github.com/go-requests/requests/internal/decode"
)

// responseBody reads a response body from the connection through its content
// decoders and turns failures into the package's errors. It ends the
// exchange at EOF, on error, or on Close.
//
// Close is safe from any goroutine, also during a Read, which it aborts,
// as net/http's Body.Close does: the reader then ends the exchange. Reads
// themselves are the reader's alone.
type responseBody struct {
	mu       sync.Mutex
	reading  bool // a Read is under way
	closeReq bool // Close came during a Read: the reader ends the exchange

	x       *exchange
	raw     io.ReadCloser
	wireErr error // the first failure of the connection, as opposed to a decoder
	r       io.Reader
	dec     *decode.Reader
	err     error  // sticky: io.EOF or an *Error
	length  int64  // Content-Length when the body is not encoded, else -1
	release func() // ends the call's Total timeout, in stream mode

	progress func(done, total int64) // DownloadProgress, on the final response
	done     int64                   // bytes handed to the reader so far
	total    int64                   // what progress is told the total is
}

func (b *responseBody) init(x *exchange, resp *http.Response, limit int64, undo bool) {
	*b = responseBody{x: x, raw: resp.Body, length: resp.ContentLength}
	b.r = wireReader{b}
	if !undo {
		return
	}
	if codings := decode.Codings(resp.Header); codings != nil {
		if limit == 0 {
			limit = DefaultDecompressionLimit
		}
		b.dec = decode.New(codings, b.r, limit)
		b.r = b.dec
		b.length = -1
	}
}

// wireReader reads the raw body, with the read timer running when the
// exchange has one.
type wireReader struct{ b *responseBody }

func (w wireReader) Read(p []byte) (int, error) {
	t := w.b.x.timer
	if t != nil {
		t.Arm()
	}
	n, err := w.b.raw.Read(p)
	if t != nil {
		t.Pause()
	}
	if err != nil && err != io.EOF && w.b.wireErr == nil {
		w.b.wireErr = err
	}
	return n, err
}

func (b *responseBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	if b.err != nil {
		err := b.err
		b.mu.Unlock()
		return 0, err
	}
	b.reading = true
	b.mu.Unlock()

	n, err := b.r.Read(p)
	var final error // how the body ends, if it does now
	switch {
	case err == nil:
	case err == io.EOF:
		final = io.EOF
	case b.wireErr != nil:
		final = b.x.fail(b.wireErr, inBody)
	default:
		final = b.x.fail(err, decodingBody)
	}
	b.mu.Lock()
	b.reading = false
	if b.closeReq {
		final, n = errClosed, 0
	}
	if final != nil {
		b.err = final
	}
	b.mu.Unlock()

	if n > 0 && b.progress != nil {
		b.done += int64(n)
		b.progress(b.done, b.total)
	}
	if final != nil {
		b.finish(final)
		return n, final
	}
	return n, nil
}

// finish releases the exchange of a body that ended with err (b.err is
// set). A body whose decoder ended before the connection did is drained a
// little, so that the connection can go back to the pool.
func (b *responseBody) finish(err error) {
	if err == io.EOF && b.dec != nil {
		var scratch [512]byte
		for range 8 {
			if _, e := (wireReader{b}).Read(scratch[:]); e != nil {
				break
			}
		}
	}
	b.raw.Close()
	if b.dec != nil {
		b.dec.Close()
	}
	b.x.done()
	if b.release != nil {
		b.release()
	}
}

// Close abandons the rest of the body; the connection is reused only when
// the body had been read to its end. During a Read in another goroutine it
// aborts that Read, which returns an error.
func (b *responseBody) Close() error {
	b.mu.Lock()
	switch {
	case b.err != nil || b.closeReq:
		b.mu.Unlock()
	case b.reading:
		b.closeReq = true
		b.mu.Unlock()
		b.abort()
	default:
		b.err = errClosed
		b.mu.Unlock()
		b.finish(errClosed)
	}
	return nil
}

// abort makes a Read under way return: the engine's bodies stop the
// connection or stream; over another RoundTripper the exchange's context
// is cancelled, which every RoundTripper honours (net/http's Body.Close
// would do too, but not every body's Close is safe during a Read).
func (b *responseBody) abort() {
	if a, ok := b.raw.(interface{ Abort() }); ok {
		a.Abort()
		return
	}
	if t := b.x.timer; t != nil {
		t.cancel(errClosed)
	}
}

var errClosed = &Error{Kind: ErrStreamConsumed, Err: io.ErrClosedPipe}

// readAll reads the rest of the body.
func (b *responseBody) readAll() ([]byte, error) { return b.readUpTo(-1) }

// readUpTo reads the rest of the body, or its first max bytes when max >=
// 0: the rest is then abandoned (the connection is not reused) and that is
// no error.
func (b *responseBody) readUpTo(max int64) ([]byte, error) {
	size := int64(512)
	if b.length > 0 {
		// Room to see EOF without growing, but no more than a first read
		// needs: the length is the peer's word, and memory follows what
		// was received (eight responses announcing 60 MB and sending 10
		// bytes once cost 457 MiB).
		size = min(b.length+1, initialBodyBuffer)
	}
	if max >= 0 {
		size = min(size, max+1)
	}
	buf := make([]byte, 0, size)
	for {
		if max >= 0 && int64(len(buf)) >= max {
			b.Close()
			return buf[:max], nil
		}
		n, err := b.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
		if len(buf) == cap(buf) {
			buf = b.grow(buf)
		}
	}
}

// initialBodyBuffer is the most a body's buffer starts with: 32 KiB, so
// that a typical JSON answer is read in one go, and a larger one grows by
// doubling as its bytes arrive.
const initialBodyBuffer = 32 << 10

// grow makes room in a full buffer: twice the size, but no more than the
// decompression limit allows (and one byte to see the limit passed), so
// that a decompression bomb stops with the buffer at the limit, not at
// twice it: the peak is then the limit and half of it.
func (b *responseBody) grow(buf []byte) []byte {
	size := 2 * cap(buf)
	if b.length > 0 && int64(size) > b.length+1 && int64(cap(buf)) < b.length+1 {
		size = int(b.length + 1) // what was announced is near: no more than that
	}
	if b.dec != nil && b.dec.Limit() > 0 && int64(size) > b.dec.Limit()+1 && int64(cap(buf)) < b.dec.Limit()+1 {
		size = int(b.dec.Limit() + 1)
	}
	grown := make([]byte, len(buf), size)
	copy(grown, buf)
	return grown
}
