package wire

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"sync"
)

// body reads a response body as its framing delimits it. On a pooled
// connection it hands the connection back when the body ends: to the pool
// after a fully framed end, closed otherwise.
type body struct {
	br      *bufio.Reader
	framing framing
	n       int64 // bytes left of the body (byLength) or of the chunk (byChunks)
	state   chunkState
	excess  int64 // chunk-line overhead beyond the allowance
	err     error // sticky: io.EOF once the body ended
	trailer http.Header
	c       *conn      // the connection the body belongs to; nil when standalone
	mu      sync.Mutex // guards c between end and Abort
}

// chunkState is where a chunked body is between reads.
type chunkState uint8

const (
	chunkHeader  chunkState = iota // a chunk-size line is next
	chunkData                      // n bytes of chunk data are next
	chunkCRLF                      // the CRLF after chunk data is next
	chunkTrailer                   // the trailer section is next
)

// frame sets the body up for a new message.
func (b *body) frame(f framing, length int64) {
	b.framing, b.n, b.state, b.excess, b.err, b.trailer = f, length, chunkHeader, 0, nil, nil
	if f == noBody {
		b.err = io.EOF
	}
}

// Read reads the body. Its errors are a *ProtocolError when the body breaks
// its framing, io.ErrUnexpectedEOF when it is cut short, or the
// connection's.
func (b *body) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	var n int
	var err error
	switch b.framing {
	case byLength:
		if int64(len(p)) > b.n {
			p = p[:b.n]
		}
		n, err = b.br.Read(p)
		b.n -= int64(n)
		switch {
		case b.n == 0:
			err = io.EOF
		case err == io.EOF:
			err = io.ErrUnexpectedEOF
		}
	case byClose:
		n, err = b.br.Read(p)
	case byChunks:
		n, err = b.readChunks(p)
	}
	if err != nil {
		b.end(err)
		return n, b.err
	}
	return n, nil
}

// end records how the body ended and lets the connection go.
func (b *body) end(err error) {
	b.mu.Lock()
	c := b.c
	b.c = nil // the connection may serve another exchange from now on
	b.mu.Unlock()
	if c != nil {
		err = c.bodyEnded(err)
	}
	b.err = err
}

// Abort makes a Read under way in another goroutine return an error, and
// the connection close when the body ends: it is the one method of the
// body that is safe during a Read (Close is not; the reader calls it
// after). It does nothing once the body has ended.
func (b *body) Abort() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.c != nil {
		b.c.interrupt(errBodyClosed)
	}
}

// Close abandons what is left of the body; the connection it was read from
// is closed unless the body had ended.
func (b *body) Close() error {
	if b.err == nil {
		b.end(errBodyClosed)
	}
	return nil
}

var errBodyClosed = errors.New("wire: read on a closed response body")

// Trailer returns the trailer fields of a chunked body, once it has been
// read to its end; nil before or without any.
func (b *body) Trailer() http.Header { return b.trailer }

// readChunks reads chunked data into p. It does not block for the next
// chunk's line once it has data to return, and reads the trailer (and so
// returns io.EOF with the last data) when it is already buffered.
func (b *body) readChunks(p []byte) (n int, err error) {
	for n < len(p) {
		switch b.state {
		case chunkHeader:
			if n > 0 && !b.lineBuffered() {
				return n, nil
			}
			size, err := b.chunkSize()
			if err != nil {
				return n, err
			}
			if size == 0 {
				b.state = chunkTrailer
				continue
			}
			b.n, b.state = size, chunkData
		case chunkData:
			m := p[n:]
			if int64(len(m)) > b.n {
				m = m[:b.n]
			}
			k, err := b.br.Read(m)
			n += k
			b.n -= int64(k)
			if b.n == 0 {
				b.state = chunkCRLF
			}
			if err != nil {
				if err == io.EOF {
					err = io.ErrUnexpectedEOF
				}
				return n, err
			}
		case chunkCRLF:
			if n > 0 && b.br.Buffered() < 2 {
				return n, nil
			}
			crlf, err := b.br.Peek(2)
			if err != nil {
				if err == io.EOF {
					err = io.ErrUnexpectedEOF
				}
				return n, err
			}
			if crlf[0] != '\r' || crlf[1] != '\n' {
				return n, protocolError("chunk data not followed by CRLF", crlf)
			}
			b.br.Discard(2)
			b.state = chunkHeader
		case chunkTrailer:
			if n > 0 && !b.lineBuffered() {
				return n, nil
			}
			var p parser
			budget := MaxHeaderBytes
			t, err := p.readHeader(b.br, &budget, true)
			switch {
			case err == io.ErrUnexpectedEOF:
				// The connection ended in the trailer section, or before the
				// CRLF that ends the body: every byte of data has come, and the
				// trailer fields are metadata the body can do without, as RFC
				// 9112 section 7.1.2 lets a recipient discard them. The body
				// ends there; the connection, cut, is not reused.
				if b.c != nil {
					b.c.closeAfter = true
				}
			case err != nil:
				return n, err
			case len(t) > 0:
				b.trailer = t
			}
			if p.repaired && b.c != nil {
				// A trailer line that could not be read may be a body
				// framed otherwise than its sender meant: as after a
				// repaired head, the connection is not reused.
				b.c.closeAfter = true
			}
			return n, io.EOF
		}
	}
	return n, nil
}

// lineBuffered reports whether a whole line is buffered, so that reading
// it will not block.
func (b *body) lineBuffered() bool {
	k := b.br.Buffered()
	if k == 0 {
		return false
	}
	buf, _ := b.br.Peek(k)
	return bytes.IndexByte(buf, '\n') >= 0
}

// chunkSize reads a chunk-size line: hexadecimal digits (at most 16, and
// less than 2^63) from the start of the line, then optional whitespace
// (BWS before an extension, and before the CRLF as net/http allows) and
// extensions, which are skipped; the line ends in CRLF with no other CR.
func (b *body) chunkSize() (int64, error) {
	line, err := b.br.ReadSlice('\n')
	switch {
	case err == io.EOF:
		return 0, io.ErrUnexpectedEOF
	case err == bufio.ErrBufferFull:
		return 0, protocolError("chunk-size line too long", line)
	case err != nil:
		return 0, err
	}
	// The missing CR is tested first: for a lone "\n", len(line)-2 is -1.
	switch i := bytes.IndexByte(line, '\r'); {
	case i < 0:
		return 0, protocolError("chunk-size line ends with a bare LF", line)
	case i != len(line)-2:
		return 0, protocolError("CR inside a chunk-size line", line)
	}
	if len(line) > maxChunkLine {
		return 0, protocolError("chunk-size line too long", line[:64])
	}
	b.excess += int64(len(line))
	line = line[:len(line)-2]
	if i := bytes.IndexByte(line, ';'); i >= 0 {
		line = line[:i]
	}
	for n := len(line); n > 0 && (line[n-1] == ' ' || line[n-1] == '\t'); n-- {
		line = line[:n-1]
	}
	if len(line) == 0 || len(line) > maxChunkDigits {
		return 0, protocolError("invalid chunk size", line)
	}
	var size uint64
	for _, c := range line {
		var d byte
		switch {
		case '0' <= c && c <= '9':
			d = c - '0'
		case 'a' <= c && c <= 'f':
			d = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, protocolError("invalid chunk size", line)
		}
		size = size<<4 | uint64(d)
	}
	if size >= 1<<63 {
		return 0, protocolError("chunk size too large", line)
	}
	b.excess = max(b.excess-16-2*int64(size), 0)
	if b.excess > maxChunkOverhead {
		return 0, &ProtocolError{What: "chunked encoding with too much non-data"}
	}
	return int64(size), nil
}
