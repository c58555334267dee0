// Package decode undoes the content codings of a response body as Python
// requests (urllib3) does: gzip member by member, deflate with or without
// its zlib wrapper, brotli and zstd, under a bound on the decoded bytes.
package decode

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/go-requests/requests/internal/brotli"
	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zlib"
	"github.com/klauspost/compress/zstd"
)

// Codings returns the codings of a Content-Encoding header in the
// order they were applied, or nil when there is nothing to decode or a
// coding is unknown (the body is then left as it came).
func Codings(h http.Header) []string {
	vs := h["Content-Encoding"]
	if len(vs) == 0 {
		return nil
	}
	var codings []string
	for _, v := range vs {
		for c := range strings.SplitSeq(v, ",") {
			c = strings.ToLower(strings.TrimSpace(c))
			switch c {
			case "", "identity":
			case "gzip", "x-gzip", "deflate", "br", "zstd":
				codings = append(codings, c)
			default:
				return nil
			}
		}
	}
	return codings
}

// LimitError is the failure of a body that inflated past its limit.
type LimitError struct{ Limit int64 }

func (e *LimitError) Error() string {
	return fmt.Sprintf("the body inflates past the limit of %d bytes (a decompression bomb? see DecompressionLimit)", e.Limit)
}

// Reader undoes a list of content codings, last applied first. It is
// built on the first Read, so that a streamed response returns before any
// of its body is read.
type Reader struct {
	codings []string
	src     io.Reader
	r       io.Reader
	closers []io.Closer
	limit   int64 // of decoded bytes; < 0 none
	out     int64 // decoded so far
}

// New returns a Reader of src that undoes codings (as Codings returns
// them), failing with a *LimitError past limit decoded bytes (< 0: none).
func New(codings []string, src io.Reader, limit int64) *Reader {
	return &Reader{codings: codings, src: src, limit: limit}
}

// Limit is the bound on decoded bytes, < 0 for none.
func (d *Reader) Limit() int64 { return d.limit }

func (d *Reader) Read(p []byte) (int, error) {
	if d.r == nil {
		// An empty body (a HEAD, a 204) decodes to nothing, whatever its
		// Content-Encoding says.
		var first [1]byte
		n, err := io.ReadFull(d.src, first[:])
		if n == 0 {
			return 0, err
		}
		r := io.MultiReader(bytes.NewReader(first[:]), d.src)
		for i := len(d.codings) - 1; i >= 0; i-- {
			if r, err = d.layer(d.codings[i], r); err != nil {
				if err == io.EOF {
					err = io.ErrUnexpectedEOF
				}
				return 0, err
			}
		}
		d.r = r
	}
	n, err := d.r.Read(p)
	d.out += int64(n)
	if d.limit >= 0 && d.out > d.limit {
		return 0, &LimitError{d.limit}
	}
	return n, err
}

func (d *Reader) layer(coding string, r io.Reader) (io.Reader, error) {
	switch coding {
	case "gzip", "x-gzip":
		return newGzipMembers(r)
	case "br":
		return brotli.NewReader(r), nil
	case "zstd":
		z, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(64<<20))
		if err != nil {
			return nil, err
		}
		rc := z.IOReadCloser()
		d.closers = append(d.closers, rc)
		return rc, nil
	}
	// deflate: RFC 9110 means zlib-wrapped; some servers send raw deflate.
	// Tell them apart by the zlib header, as urllib3 does by trial.
	br := bufio.NewReaderSize(r, 16)
	head, err := br.Peek(2)
	if err != nil {
		if err == io.EOF && len(head) == 0 {
			return strings.NewReader(""), nil
		}
		return nil, err
	}
	if head[0]&0x0f == 8 && (uint16(head[0])<<8|uint16(head[1]))%31 == 0 {
		return zlib.NewReader(br)
	}
	return flate.NewReader(br), nil
}

// Close releases the decoders that hold resources.
func (d *Reader) Close() error {
	var errs []error
	for _, c := range d.closers {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

// gzipMembers reads a gzip body member by member, as urllib3 does: what
// follows a complete member and does not read as one (trailing garbage, the
// zero padding some servers add) ends the body instead of failing it. A
// first member cut short or corrupt still fails: its data would be lost.
type gzipMembers struct {
	br      *bufio.Reader // the members, read no further than the current one's end
	z       *gzip.Reader
	members int // complete so far
}

func newGzipMembers(r io.Reader) (*gzipMembers, error) {
	br := bufio.NewReader(r)
	z, err := gzip.NewReader(br)
	if err != nil {
		return nil, err
	}
	z.Multistream(false)
	return &gzipMembers{br: br, z: z}, nil
}

func (g *gzipMembers) Read(p []byte) (int, error) {
	for range 1 << 16 { // bounded: each turn ends a member, of 18 bytes at least
		n, err := g.z.Read(p)
		switch {
		case err == nil:
			return n, nil
		case err != io.EOF:
			if g.members > 0 {
				return n, io.EOF // a later member that does not inflate: swallowed
			}
			return n, err
		}
		g.members++
		if err := g.z.Reset(g.br); err != nil {
			return n, io.EOF // the end, or bytes that are no member
		}
		g.z.Multistream(false)
		if n > 0 {
			return n, nil
		}
	}
	return 0, io.EOF
}
