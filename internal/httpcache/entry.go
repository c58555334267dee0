package httpcache

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash"
	"hash/crc32"
	"io"
	"net/http"
	"time"
)

// An entry is stored as
//
//	magic "GRC1" | kind | meta length (4 bytes) | meta | body | trailer
//	trailer: body length (8 bytes) | CRC-32C of kind, meta and body (4) | "GRCE"
//
// with integers big-endian. The trailer comes last because the body is
// written as the caller reads it, before its length is known.

const (
	magic        = "GRC1"
	trailerMagic = "GRCE"
	headLen      = 4 + 1 + 4
	trailerLen   = 8 + 4 + 4
	maxMetaLen   = 1 << 20 // a stored head larger than this is garbage

	kindResponse = 'R' // a stored response
	kindVary     = 'V' // the Vary names of a URL's variants
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

var errCorrupt = errors.New("httpcache: corrupt cache entry")

// meta is the stored head of a response: what the cache needs to judge
// it, and the response as received, less the fields it must not store.
type meta struct {
	status       int
	proto        string
	statusText   string // e.g. "200 OK"
	requestTime  time.Time
	responseTime time.Time
	header       http.Header
	reqRange     string // the Range of the request a stored 206 answered
}

// varyIndex is what a URL's primary key holds when its responses vary:
// the request field names they vary on, and a nonce that is part of every
// variant key, so that invalidating the index orphans every variant.
type varyIndex struct {
	names []string
	nonce string
}

// encoder builds the bytes of a meta block.
type encoder struct{ b []byte }

func (e *encoder) u64(v uint64) { e.b = binary.BigEndian.AppendUint64(e.b, v) }
func (e *encoder) str(s string) {
	e.b = binary.BigEndian.AppendUint32(e.b, uint32(len(s)))
	e.b = append(e.b, s...)
}

// decoder reads a meta block from one string, so that every string it
// returns shares that one allocation.
type decoder struct {
	b   string
	bad bool
}

func (d *decoder) u64() uint64 {
	if len(d.b) < 8 {
		d.bad = true
		return 0
	}
	v := binary.BigEndian.Uint64([]byte(d.b[:8]))
	d.b = d.b[8:]
	return v
}

func (d *decoder) str() string {
	if len(d.b) < 4 {
		d.bad = true
		return ""
	}
	n := binary.BigEndian.Uint32([]byte(d.b[:4]))
	if uint64(n) > uint64(len(d.b)-4) {
		d.bad = true
		return ""
	}
	s := d.b[4 : 4+n]
	d.b = d.b[4+n:]
	return s
}

func encodeMeta(m *meta) []byte {
	e := encoder{b: make([]byte, 0, 512)}
	e.u64(uint64(m.status))
	e.str(m.proto)
	e.str(m.statusText)
	e.u64(uint64(m.requestTime.UnixNano()))
	e.u64(uint64(m.responseTime.UnixNano()))
	e.str(m.reqRange)
	e.u64(uint64(len(m.header)))
	for k, vs := range m.header {
		e.str(k)
		e.u64(uint64(len(vs)))
		for _, v := range vs {
			e.str(v)
		}
	}
	return e.b
}

func decodeMeta(b []byte) (*meta, bool) {
	d := decoder{b: string(b)}
	m := &meta{}
	status := d.u64()
	m.proto = d.str()
	m.statusText = d.str()
	m.requestTime = time.Unix(0, int64(d.u64()))
	m.responseTime = time.Unix(0, int64(d.u64()))
	m.reqRange = d.str()
	n := d.u64()
	// Each field takes at least 12 bytes and each value 4: counts beyond
	// what the bytes can hold are garbage, and no allocation trusts them.
	if d.bad || status < 100 || status > 999 || n > uint64(len(d.b)/12) {
		return nil, false
	}
	m.status = int(status)
	m.header = make(http.Header, n)
	var values []string // one backing array for the values of every field
	for range n {
		k := d.str()
		c := d.u64()
		if d.bad || c > uint64(len(d.b)/4) {
			return nil, false
		}
		if uint64(cap(values)-len(values)) < c {
			values = make([]string, 0, max(c, n*2))
		}
		start := len(values)
		for range c {
			values = append(values, d.str())
		}
		m.header[k] = values[start:len(values):len(values)]
	}
	if d.bad || len(d.b) != 0 {
		return nil, false
	}
	return m, true
}

func encodeVary(v *varyIndex) []byte {
	e := encoder{}
	e.str(v.nonce)
	e.u64(uint64(len(v.names)))
	for _, n := range v.names {
		e.str(n)
	}
	return e.b
}

func decodeVary(b []byte) (*varyIndex, bool) {
	d := decoder{b: string(b)}
	v := &varyIndex{nonce: d.str()}
	n := d.u64()
	if d.bad || n > maxVaryNames {
		return nil, false
	}
	for range n {
		v.names = append(v.names, d.str())
	}
	return v, !d.bad && len(d.b) == 0
}

// entryWriter frames an entry into a store's Writer: the head at once, the
// body as it comes, the trailer on finish.
type entryWriter struct {
	w    Writer
	crc  hash.Hash32
	n    uint64
	err  error
	done bool
}

func newEntryWriter(w Writer, kind byte, metaBytes []byte) *entryWriter {
	ew := &entryWriter{w: w, crc: crc32.New(castagnoli)}
	head := make([]byte, 0, headLen)
	head = append(head, magic...)
	head = append(head, kind)
	head = binary.BigEndian.AppendUint32(head, uint32(len(metaBytes)))
	ew.write(head, false)
	ew.crc.Write(head[4:5])
	ew.write(metaBytes, true)
	ew.n = 0
	return ew
}

func (ew *entryWriter) write(p []byte, sum bool) {
	if ew.err != nil {
		return
	}
	if _, err := ew.w.Write(p); err != nil {
		ew.err = err
		return
	}
	if sum {
		ew.crc.Write(p)
	}
	ew.n += uint64(len(p))
}

// Write appends body bytes.
func (ew *entryWriter) Write(p []byte) { ew.write(p, true) }

// failed reports whether the store refused a write.
func (ew *entryWriter) failed() bool { return ew.err != nil }

// commit writes the trailer and commits; it reports whether the entry is
// now stored.
func (ew *entryWriter) commit() bool {
	if ew.done {
		return false
	}
	ew.done = true
	t := make([]byte, 0, trailerLen)
	t = binary.BigEndian.AppendUint64(t, ew.n)
	t = binary.BigEndian.AppendUint32(t, ew.crc.Sum32())
	t = append(t, trailerMagic...)
	if ew.err == nil {
		_, ew.err = ew.w.Write(t)
	}
	if ew.err == nil {
		ew.err = ew.w.Commit()
	}
	if ew.err != nil {
		ew.w.Abort()
		return false
	}
	return true
}

func (ew *entryWriter) abort() {
	if !ew.done {
		ew.done = true
		ew.w.Abort()
	}
}

// maxBuffered is the largest entry the cache reads into memory to check it
// when the store's reader cannot seek back, and the largest body it copies
// through memory to rewrite an entry.
const maxBuffered = 8 << 20

// opened is a sound entry, checked, its body ready to read.
type opened struct {
	kind byte
	meta []byte
	body io.ReadCloser // exactly the body; the caller closes it
	size int64         // the body's length; -1 when it is checked as it streams
	data []byte        // the body, when it is in memory

	entry []byte     // the whole entry, when the store holds it in memory
	memo  *memoEntry // its decoded head, when known already
	vary  *varyIndex // the decoded vary index, from the memo
}

// openEntry reads the head of an entry and checks the whole of it; ok is
// false for anything but a sound entry, and rc is then closed.
//
// A seekable reader is checked in a first pass and rewound; another is
// read into memory when it is small, else checked as it is read, its last
// Read failing with errCorrupt on a mismatch.
func openEntry(rc io.ReadCloser) (*opened, bool) {
	fail := func() (*opened, bool) {
		rc.Close()
		return nil, false
	}
	if be, isBytes := rc.(*bytesEntry); isBytes {
		o, ok := openBytes(be.b, rc)
		if ok {
			o.entry = be.b
		}
		return o, ok
	}
	if s, seekable := rc.(io.ReadSeeker); seekable {
		size, err := s.Seek(0, io.SeekEnd)
		if err != nil || size < headLen+trailerLen {
			return fail()
		}
		if _, err := s.Seek(0, io.SeekStart); err != nil {
			return fail()
		}
		var head [headLen]byte
		if _, err := io.ReadFull(s, head[:]); err != nil || string(head[:4]) != magic {
			return fail()
		}
		ml := int64(binary.BigEndian.Uint32(head[5:]))
		if ml > maxMetaLen || headLen+ml+trailerLen > size {
			return fail()
		}
		bodyLen := size - headLen - ml - trailerLen
		crc := crc32.New(castagnoli)
		crc.Write(head[4:5])
		mb := make([]byte, ml)
		if _, err := io.ReadFull(s, mb); err != nil {
			return fail()
		}
		crc.Write(mb)
		if _, err := io.CopyN(crc, s, bodyLen); err != nil {
			return fail()
		}
		var t [trailerLen]byte
		if _, err := io.ReadFull(s, t[:]); err != nil || !trailerOK(t[:], uint64(bodyLen), crc.Sum32()) {
			return fail()
		}
		if _, err := s.Seek(headLen+ml, io.SeekStart); err != nil {
			return fail()
		}
		return &opened{kind: head[4], meta: mb, body: readCloser{io.LimitReader(rc, bodyLen), rc}, size: bodyLen}, true
	}
	b, err := io.ReadAll(io.LimitReader(rc, maxBuffered+1))
	if err != nil {
		return fail()
	}
	if len(b) <= maxBuffered {
		return openBytes(b, rc)
	}
	// Too large to hold: check the head now, the body as it streams.
	return openStreaming(io.MultiReader(bytes.NewReader(b), rc), rc)
}

func trailerOK(t []byte, bodyLen uint64, sum uint32) bool {
	return binary.BigEndian.Uint64(t) == bodyLen && binary.BigEndian.Uint32(t[8:]) == sum && string(t[12:]) == trailerMagic
}

func openBytes(b []byte, c io.Closer) (*opened, bool) {
	if len(b) < headLen+trailerLen || string(b[:4]) != magic {
		c.Close()
		return nil, false
	}
	ml := int(binary.BigEndian.Uint32(b[5:]))
	if ml > maxMetaLen || headLen+ml+trailerLen > len(b) {
		c.Close()
		return nil, false
	}
	end := len(b) - trailerLen
	crc := crc32.Update(0, castagnoli, b[4:5])
	crc = crc32.Update(crc, castagnoli, b[headLen:end])
	if !trailerOK(b[end:], uint64(end-headLen-ml), crc) {
		c.Close()
		return nil, false
	}
	data := b[headLen+ml : end]
	return &opened{kind: b[4], meta: b[headLen : headLen+ml], body: readCloser{bytes.NewReader(data), c}, size: int64(len(data)), data: data}, true
}

// openStreaming checks the head of r now and its body as it is read.
func openStreaming(r io.Reader, c io.Closer) (*opened, bool) {
	var head [headLen]byte
	if _, err := io.ReadFull(r, head[:]); err != nil || string(head[:4]) != magic {
		c.Close()
		return nil, false
	}
	ml := binary.BigEndian.Uint32(head[5:])
	if ml > maxMetaLen {
		c.Close()
		return nil, false
	}
	mb := make([]byte, ml)
	if _, err := io.ReadFull(r, mb); err != nil {
		c.Close()
		return nil, false
	}
	crc := crc32.New(castagnoli)
	crc.Write(head[4:5])
	crc.Write(mb)
	return &opened{kind: head[4], meta: mb, body: &checkingReader{r: r, c: c, crc: crc}, size: -1}, true
}

// checkingReader passes a body through, holding back the last trailerLen
// bytes, and at the end fails with errCorrupt unless the trailer matches.
type checkingReader struct {
	r    io.Reader
	c    io.Closer
	crc  hash.Hash32
	held []byte // its own array: buf is read into
	buf  []byte
	n    uint64
	err  error
}

func (cr *checkingReader) Read(p []byte) (int, error) {
	if cr.err != nil {
		return 0, cr.err
	}
	for {
		if need := len(p) + trailerLen; cap(cr.buf) < need {
			cr.buf = make([]byte, need)
		}
		buf := cr.buf[:len(p)+trailerLen]
		copy(buf, cr.held)
		n, err := cr.r.Read(buf[len(cr.held):])
		all := buf[:len(cr.held)+n]
		if err == io.EOF {
			if len(all) < trailerLen {
				cr.err = errCorrupt
				return 0, cr.err
			}
			out := all[:len(all)-trailerLen]
			cr.crc.Write(out)
			cr.n += uint64(len(out))
			copy(p, out)
			if !trailerOK(all[len(all)-trailerLen:], cr.n, cr.crc.Sum32()) {
				cr.err = errCorrupt
				return len(out), cr.err
			}
			cr.err = io.EOF
			return len(out), io.EOF
		}
		if err != nil {
			cr.err = err
			return 0, err
		}
		if len(all) > trailerLen {
			out := all[:len(all)-trailerLen]
			cr.held = append(cr.held[:0], all[len(all)-trailerLen:]...)
			cr.crc.Write(out)
			cr.n += uint64(len(out))
			return copy(p, out), nil
		}
		cr.held = append(cr.held[:0], all...)
	}
}

func (cr *checkingReader) Close() error { return cr.c.Close() }

type readCloser struct {
	io.Reader
	io.Closer
}

// bytesEntry is the reader of an entry held in memory: the cache reads
// its bytes directly.
type bytesEntry struct {
	*bytes.Reader
	b []byte
}

func newBytesEntry(b []byte) *bytesEntry { return &bytesEntry{bytes.NewReader(b), b} }

// Close does nothing: the bytes belong to the store.
func (*bytesEntry) Close() error { return nil }
