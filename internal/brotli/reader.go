// Package brotli decodes the brotli format of RFC 7932, as a stream: the
// Content-Encoding br of HTTP responses. It does not encode.
package brotli

import (
	"errors"
	"io"
)

// The errors of a stream that is not brotli, or not whole.
var (
	errLargeWindow = errors.New("brotli: the large-window extension is not supported")
	errPadding     = errors.New("brotli: non-zero padding bits")
	errTrailing    = errors.New("brotli: data after the end of the stream")
	errReserved    = errors.New("brotli: a reserved bit is set")
	errNibbles     = errors.New("brotli: a length has a needless zero nibble or byte")
	errCodeLengths = errors.New("brotli: invalid prefix code lengths")
	errSimpleCode  = errors.New("brotli: invalid simple prefix code")
	errContextMap  = errors.New("brotli: invalid context map")
	errBlockLength = errors.New("brotli: a command runs past the end of its meta-block")
	errDistance    = errors.New("brotli: invalid distance")
	errDictionary  = errors.New("brotli: invalid static dictionary reference")
)

// Where a Reader is in its stream.
const (
	stateHeader    = iota // before the stream header
	stateMetaBlock        // before a meta-block header
	stateRaw              // in an uncompressed meta-block
	stateCommand          // before a command of a compressed meta-block
	stateLiterals         // in a command's literals
	stateCopy             // in a command's copy
	stateEnd              // after the last meta-block
)

// A Reader decodes a brotli stream read from its source.
type Reader struct {
	br    bitReader
	state int
	err   error // sticky

	// The window: the last bytes decoded, of which those after flushed
	// are not yet read. It grows with the output up to ringSize.
	buf      []byte
	ringSize int
	window   int // the longest distance: ringSize - 16
	pos      int // bytes decoded
	flushed  int // bytes read

	last      bool // the meta-block is the last
	remaining int  // bytes of the meta-block not yet decoded

	// The compressed meta-block.
	lit, cmd, dist blockSwitch
	litModes       []uint8
	litMap         []uint8 // tree per literal context of each block type
	distMap        []uint8
	litTrees       []huffman
	cmdTrees       []huffman
	distTrees      []huffman
	npostfix       uint
	ndirect        int
	dists          [4]int // the last distances, dists[distIdx&3] the last
	distIdx        int

	// The command being decoded.
	insert   int    // literals left
	copyLen  int    // as the command says
	implicit bool   // the distance is the last one
	copyLeft int    // bytes of the copy left
	distance int    // of the copy
	word     []byte // a transformed dictionary word left to write
	wordBuf  [64]byte
}

// NewReader returns a Reader decoding the brotli stream of r. It reads
// r only as the decoded bytes are asked for, and only what they need.
func NewReader(r io.Reader) *Reader {
	d := &Reader{dists: [4]int{16, 15, 11, 4}, distIdx: 3}
	d.br.init(r)
	return d
}

// Read reads decoded bytes. It returns io.EOF at the end of a stream that
// is whole, io.ErrUnexpectedEOF when the stream is cut short, and another
// error when it is not brotli or the source fails.
func (d *Reader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	n := 0
	for {
		n += d.flush(p[n:])
		if n == len(p) {
			return n, nil
		}
		if d.err != nil {
			return n, d.err
		}
		// Decode further only what need not wait for the source.
		if n > 0 && d.br.nbits < 8 && d.br.off == d.br.end {
			return n, nil
		}
		d.err = d.step()
	}
}

// flush copies decoded bytes out of the window.
func (d *Reader) flush(p []byte) int {
	n := 0
	for n < len(p) && d.flushed < d.pos {
		i := d.flushed & (len(d.buf) - 1)
		k := copy(p[n:], d.buf[i:min(len(d.buf), i+d.pos-d.flushed)])
		n += k
		d.flushed += k
	}
	return n
}

// room returns how many bytes the window can take before its unread bytes
// must be read: after growing it, if it may.
//
// Until the window has its full size, it holds the whole output from its
// start, and grows (by doubling) when that reaches its end: so a short
// stream announcing a large window takes little memory.
func (d *Reader) room() int {
	if len(d.buf) < d.ringSize {
		if d.pos == len(d.buf) {
			b := make([]byte, min(d.ringSize, max(2*len(d.buf), 1<<16)))
			copy(b, d.buf)
			d.buf = b
		}
		return len(d.buf) - d.pos
	}
	return len(d.buf) - (d.pos - d.flushed)
}

// put writes one byte to the window, which has room for it.
func (d *Reader) put(c byte) {
	d.buf[d.pos&(len(d.buf)-1)] = c
	d.pos++
}

// byteBack returns the byte n bytes back in the output, 0 before it.
func (d *Reader) byteBack(n int) byte {
	if d.pos < n {
		return 0
	}
	return d.buf[(d.pos-n)&(len(d.buf)-1)]
}

// step decodes until some of the stream is decoded, or the window is full,
// or the stream ends; io.EOF at its end.
func (d *Reader) step() error {
	switch d.state {
	case stateHeader:
		return d.streamHeader()
	case stateMetaBlock:
		return d.metaBlockHeader()
	case stateRaw:
		return d.raw()
	case stateCommand, stateLiterals, stateCopy:
		return d.commands()
	}
	return io.EOF
}

// streamHeader reads WBITS (RFC 7932 section 9.1).
func (d *Reader) streamHeader() error {
	wbits := uint(16)
	if err := d.br.need(1); err != nil {
		return err
	}
	if d.br.bits(1) == 1 {
		n, err := d.br.readBits(3)
		if err != nil {
			return err
		}
		if n != 0 {
			wbits = 17 + uint(n)
		} else {
			m, err := d.br.readBits(3)
			if err != nil {
				return err
			}
			switch {
			case m == 1:
				return errLargeWindow
			case m != 0:
				wbits = 8 + uint(m)
			default:
				wbits = 17
			}
		}
	}
	d.ringSize = 1 << wbits
	d.window = d.ringSize - 16
	d.state = stateMetaBlock
	return nil
}

// metaBlockHeader reads a meta-block's header, and all of it when it is
// metadata (RFC 7932 section 9.2).
func (d *Reader) metaBlockHeader() error {
	br := &d.br
	v, err := br.readBits(1)
	if err != nil {
		return err
	}
	if d.last = v == 1; d.last {
		if v, err = br.readBits(1); err != nil {
			return err
		}
		if v == 1 { // ISLASTEMPTY
			return d.end()
		}
	}
	nibbles, err := br.readBits(2)
	if err != nil {
		return err
	}
	if nibbles == 3 {
		return d.metadata()
	}
	mlen, err := br.readLength(nibbles+4, 4, 4)
	if err != nil {
		return err
	}
	d.remaining = mlen + 1
	if !d.last {
		u, err := br.readBits(1)
		if err != nil {
			return err
		}
		if u == 1 {
			if err := br.align(); err != nil {
				return err
			}
			d.state = stateRaw
			return nil
		}
	}
	return d.compressedHeader()
}

// readLength reads a length of n units of width bits, the lowest first;
// the last may be zero only when there are no more than short units.
func (b *bitReader) readLength(n uint32, width uint, short uint32) (int, error) {
	l := 0
	for i := range n {
		v, err := b.readBits(width)
		if err != nil {
			return 0, err
		}
		if i == n-1 && n > short && v == 0 {
			return 0, errNibbles
		}
		l |= int(v) << (width * uint(i))
	}
	return l, nil
}

// metadata skips a metadata meta-block.
func (d *Reader) metadata() error {
	br := &d.br
	r, err := br.readBits(1)
	if err != nil {
		return err
	}
	if r != 0 {
		return errReserved
	}
	nbytes, err := br.readBits(2)
	if err != nil {
		return err
	}
	skip, err := br.readLength(nbytes, 8, 1)
	if err != nil {
		return err
	}
	if nbytes > 0 {
		skip++
	}
	if err := br.align(); err != nil {
		return err
	}
	var scratch [256]byte
	for skip > 0 {
		n, err := br.readBytes(scratch[:min(skip, len(scratch))])
		if err != nil {
			return err
		}
		skip -= n
	}
	return d.endMetaBlock()
}

// raw copies an uncompressed meta-block into the window.
func (d *Reader) raw() error {
	if d.remaining == 0 {
		return d.endMetaBlock()
	}
	if d.room() == 0 {
		return nil
	}
	i := d.pos & (len(d.buf) - 1)
	k := min(d.remaining, d.room(), len(d.buf)-i)
	n, err := d.br.readBytes(d.buf[i : i+k])
	d.pos += n
	d.remaining -= n
	return err
}

func (d *Reader) endMetaBlock() error {
	if !d.last {
		d.state = stateMetaBlock
		return nil
	}
	return d.end()
}

// end checks what follows the last meta-block: zero bits to the byte
// boundary, then nothing.
func (d *Reader) end() error {
	d.state = stateEnd
	if err := d.br.align(); err != nil {
		return err
	}
	if err := d.br.atEnd(); err != nil {
		return err
	}
	return io.EOF
}
