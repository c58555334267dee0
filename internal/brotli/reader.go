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

// commands decodes commands while the window has room and the input is
// buffered: up to 256 in a step, a quarter less time on 1 MiB of text
// than one a step.
func (d *Reader) commands() error {
	for range 256 {
		var err error
		switch d.state {
		case stateCommand:
			if d.remaining == 0 {
				return d.endMetaBlock()
			}
			err = d.command()
		case stateLiterals:
			err = d.literals()
		case stateCopy:
			err = d.copy()
		}
		if err != nil || d.state != stateCommand || d.br.nbits < 8 && d.br.off == d.br.end {
			return err
		}
	}
	return nil
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

// blockSwitch is the block type and count of one category (literals,
// commands, distances) and the codes that switch them.
type blockSwitch struct {
	types     int // NBLTYPES
	typ       int
	prev      int // the type before
	count     int // left in the block
	typeCode  huffman
	countCode huffman
}

// readCount reads NBLTYPES or NTREES: 1 to 256.
func (b *bitReader) readCount() (int, error) {
	v, err := b.readBits(1)
	if err != nil || v == 0 {
		return 1, err
	}
	n, err := b.readBits(3)
	if err != nil || n == 0 {
		return 2, err
	}
	x, err := b.readBits(uint(n))
	return 1<<n + 1 + int(x), err
}

// The block count codes: base and extra bits (RFC 7932 section 6).
var blockCountBase = [26]int{1, 5, 9, 13, 17, 25, 33, 41, 49, 65, 81, 97, 113, 145, 177, 209, 241, 305, 369, 497, 753, 1265, 2289, 4337, 8433, 16625}
var blockCountExtra = [26]uint8{2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 7, 8, 9, 10, 11, 12, 13, 24}

func (b *bitReader) blockCount(code huffman) (int, error) {
	c, err := b.symbol(code)
	if err != nil {
		return 0, err
	}
	x, err := b.readBits(uint(blockCountExtra[c]))
	return blockCountBase[c] + int(x), err
}

func (b *bitReader) readBlockSwitch(s *blockSwitch) error {
	n, err := b.readCount()
	if err != nil {
		return err
	}
	*s = blockSwitch{types: n, prev: 1, count: 1 << 30}
	if n < 2 {
		return nil
	}
	if s.typeCode, err = b.readHuffman(n + 2); err != nil {
		return err
	}
	if s.countCode, err = b.readHuffman(26); err != nil {
		return err
	}
	s.count, err = b.blockCount(s.countCode)
	return err
}

// switchBlock starts the next block of a category.
func (b *bitReader) switchBlock(s *blockSwitch) error {
	c, err := b.symbol(s.typeCode)
	if err != nil {
		return err
	}
	t := c - 2
	switch c {
	case 0:
		t = s.prev
	case 1:
		t = s.typ + 1
	}
	if t >= s.types {
		t -= s.types
	}
	s.prev, s.typ = s.typ, t
	s.count, err = b.blockCount(s.countCode)
	return err
}

// compressedHeader reads the rest of a compressed meta-block's header
// (RFC 7932 section 9.2).
func (d *Reader) compressedHeader() error {
	br := &d.br
	for _, s := range []*blockSwitch{&d.lit, &d.cmd, &d.dist} {
		if err := br.readBlockSwitch(s); err != nil {
			return err
		}
	}
	v, err := br.readBits(6)
	if err != nil {
		return err
	}
	d.npostfix = uint(v & 3)
	d.ndirect = int(v>>2) << d.npostfix
	d.litModes = make([]uint8, d.lit.types)
	for i := range d.litModes {
		m, err := br.readBits(2)
		if err != nil {
			return err
		}
		d.litModes[i] = uint8(m)
	}
	nLit, err := br.readCount()
	if err != nil {
		return err
	}
	if d.litMap, err = br.contextMap(64*d.lit.types, nLit); err != nil {
		return err
	}
	nDist, err := br.readCount()
	if err != nil {
		return err
	}
	if d.distMap, err = br.contextMap(4*d.dist.types, nDist); err != nil {
		return err
	}
	if d.litTrees, err = br.trees(nLit, 256); err != nil {
		return err
	}
	if d.cmdTrees, err = br.trees(d.cmd.types, 704); err != nil {
		return err
	}
	if d.distTrees, err = br.trees(nDist, 16+d.ndirect+48<<d.npostfix); err != nil {
		return err
	}
	d.state = stateCommand
	return nil
}

func (b *bitReader) trees(n, size int) ([]huffman, error) {
	t := make([]huffman, n)
	for i := range t {
		var err error
		if t[i], err = b.readHuffman(size); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// contextMap reads a context map of size entries over ntrees trees
// (RFC 7932 section 7.3).
func (b *bitReader) contextMap(size, ntrees int) ([]uint8, error) {
	m := make([]uint8, size)
	if ntrees < 2 {
		return m, nil
	}
	v, err := b.readBits(1)
	if err != nil {
		return nil, err
	}
	rlemax := 0
	if v == 1 {
		x, err := b.readBits(4)
		if err != nil {
			return nil, err
		}
		rlemax = int(x) + 1
	}
	code, err := b.readHuffman(ntrees + rlemax)
	if err != nil {
		return nil, err
	}
	for i := 0; i < size; {
		c, err := b.symbol(code)
		if err != nil {
			return nil, err
		}
		switch {
		case c == 0:
			i++ // already zero
		case c <= rlemax:
			x, err := b.readBits(uint(c))
			if err != nil {
				return nil, err
			}
			i += 1<<c + int(x)
			if i > size {
				return nil, errContextMap
			}
		default:
			m[i] = uint8(c - rlemax)
			i++
		}
	}
	imtf, err := b.readBits(1)
	if err != nil {
		return nil, err
	}
	if imtf == 1 {
		var mtf [256]uint8
		for i := range mtf {
			mtf[i] = uint8(i)
		}
		for i, idx := range m {
			v := mtf[idx]
			m[i] = v
			copy(mtf[1:int(idx)+1], mtf[:idx])
			mtf[0] = v
		}
	}
	return m, nil
}

// The insert and copy length codes of each cell of 64 command codes, and
// the base and extra bits of each (RFC 7932 section 5).
var (
	cellInsert  = [11]int{0, 0, 0, 0, 8, 8, 0, 16, 8, 16, 16}
	cellCopy    = [11]int{0, 8, 0, 8, 0, 8, 16, 0, 16, 8, 16}
	insertBase  = [24]int{0, 1, 2, 3, 4, 5, 6, 8, 10, 14, 18, 26, 34, 50, 66, 98, 130, 194, 322, 578, 1090, 2114, 6210, 22594}
	insertExtra = [24]uint8{0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9, 10, 12, 14, 24}
	copyBase    = [24]int{2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 18, 22, 30, 38, 54, 70, 102, 134, 198, 326, 582, 1094, 2118}
	copyExtra   = [24]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9, 10, 24}
)

// command reads a command's insert and copy lengths.
func (d *Reader) command() error {
	br := &d.br
	if d.cmd.count == 0 {
		if err := br.switchBlock(&d.cmd); err != nil {
			return err
		}
	}
	d.cmd.count--
	c, err := br.symbol(d.cmdTrees[d.cmd.typ])
	if err != nil {
		return err
	}
	cell := c >> 6
	ic, cc := cellInsert[cell]+(c>>3)&7, cellCopy[cell]+c&7
	x, err := br.readBits(uint(insertExtra[ic]))
	if err != nil {
		return err
	}
	d.insert = insertBase[ic] + int(x)
	if x, err = br.readBits(uint(copyExtra[cc])); err != nil {
		return err
	}
	d.copyLen = copyBase[cc] + int(x)
	d.implicit = c < 128
	if d.insert > d.remaining {
		return errBlockLength
	}
	d.remaining -= d.insert
	d.state = stateLiterals
	return d.literals()
}

// literals decodes a command's literals, then its distance.
func (d *Reader) literals() error {
	br := &d.br
	room := d.room()
	p1, p2 := d.byteBack(1), d.byteBack(2)
	mode := &contextLUT[d.litModes[d.lit.typ]]
	cmap := d.litMap[64*d.lit.typ:][:64]
	for ; d.insert > 0; d.insert-- {
		if room == 0 {
			if room = d.room(); room == 0 {
				return nil
			}
		}
		if d.lit.count == 0 {
			if err := br.switchBlock(&d.lit); err != nil {
				return err
			}
			mode = &contextLUT[d.litModes[d.lit.typ]]
			cmap = d.litMap[64*d.lit.typ:][:64]
		}
		d.lit.count--
		// symbol's fast path, inlined: a quarter less time on 1 MiB of text.
		t := d.litTrees[cmap[mode[0][p1]|mode[1][p2]]]
		if br.fill(); br.nbits >= maxCodeLength {
			e := br.entry(t)
			br.val >>= e & 0xff
			br.nbits -= uint(e & 0xff)
			p2, p1 = p1, byte(e>>16)
		} else {
			c, err := br.symbolSlow(t)
			if err != nil {
				return err
			}
			p2, p1 = p1, byte(c)
		}
		d.buf[d.pos&(len(d.buf)-1)] = p1
		d.pos++
		room--
	}
	if d.remaining == 0 {
		d.state = stateCommand
		return nil
	}
	if err := d.readDistance(); err != nil {
		return err
	}
	d.state = stateCopy
	return d.copy()
}

// readDistance reads the distance of a command and sets up its copy, from
// the window or from the dictionary (RFC 7932 section 4 and 8).
func (d *Reader) readDistance() error {
	br := &d.br
	code := 0
	if !d.implicit {
		if d.dist.count == 0 {
			if err := br.switchBlock(&d.dist); err != nil {
				return err
			}
		}
		d.dist.count--
		var err error
		code, err = br.symbol(d.distTrees[d.distMap[4*d.dist.typ+min(d.copyLen-2, 3)]])
		if err != nil {
			return err
		}
	}
	var dist int
	switch {
	case code < 16:
		dist = d.dists[(d.distIdx-int(distRing[code]))&3] + int(distDelta[code])
		if dist <= 0 {
			return errDistance
		}
	case code < 16+d.ndirect:
		dist = code - 15
	default:
		c := code - d.ndirect - 16
		nbits := uint(1 + c>>(d.npostfix+1))
		hcode := c >> d.npostfix
		lcode := c & (1<<d.npostfix - 1)
		x, err := br.readBits(nbits)
		if err != nil {
			return err
		}
		offset := (2+hcode&1)<<nbits - 4
		dist = (offset+int(x))<<d.npostfix + lcode + d.ndirect + 1
	}
	if maxDist := min(d.pos, d.window); dist > maxDist {
		return d.dictionaryWord(dist - maxDist - 1)
	}
	if code != 0 {
		d.distIdx++
		d.dists[d.distIdx&3] = dist
	}
	if d.copyLen > d.remaining {
		return errBlockLength
	}
	d.remaining -= d.copyLen
	d.distance, d.copyLeft = dist, d.copyLen
	return nil
}

// The short distance codes 0-15: which of the last distances, and what
// is added to it.
var (
	distRing  = [16]uint8{0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1}
	distDelta = [16]int8{0, 0, 0, 0, -1, 1, -2, 2, -3, 3, -1, 1, -2, 2, -3, 3}
)

// dictionaryWord sets up the copy of a transformed word of the static
// dictionary, of the command's copy length.
func (d *Reader) dictionaryWord(id int) error {
	l := d.copyLen
	if l < 4 || l > 24 {
		return errDictionary
	}
	nbits := dictBits[l]
	idx, t := id&(1<<nbits-1), id>>nbits
	if t >= len(transforms) {
		return errDictionary
	}
	off := dictOffset[l] + idx*l
	n := transform(d.wordBuf[:], dictionary[off:off+l], t)
	if n > d.remaining {
		return errBlockLength
	}
	d.remaining -= n
	d.word = d.wordBuf[:n]
	return nil
}

// copy writes a command's copy into the window.
func (d *Reader) copy() error {
	for len(d.word) > 0 {
		if d.room() == 0 {
			return nil
		}
		d.put(d.word[0])
		d.word = d.word[1:]
	}
	for d.copyLeft > 0 {
		room := d.room()
		if room == 0 {
			return nil
		}
		mask := len(d.buf) - 1
		dst, src := d.pos&mask, (d.pos-d.distance)&mask
		k := min(d.copyLeft, room, len(d.buf)-dst, len(d.buf)-src)
		if d.distance >= k {
			copy(d.buf[dst:dst+k], d.buf[src:src+k])
		} else {
			for i := range k {
				d.buf[dst+i] = d.buf[src+i]
			}
		}
		d.pos += k
		d.copyLeft -= k
	}
	d.state = stateCommand
	return nil
}
