package wire

import (
	"bufio"
	"bytes"
	"net/http"
	"net/textproto"
	"reflect"
	"strings"
)

// The engine reads some heads and trailer sections that net/http refuses
// (see readHeader): it skips field lines it cannot read, reads a NUL or a
// CR in a value as a space (but in Set-Cookie), keeps names with visible bytes outside the
// token set and values with other control characters, takes a
// Content-Length list of one value repeated, and ends a body whose
// connection closed in its trailer section. The differential tests
// recognise such an input by making those repairs themselves, in a copy of
// the input that net/http can read, and checking that the engine reads the
// copy as it read the original, and net/http the copy as the engine does
// (or as another documented difference says).

// repairs are what the engine did to read an input net/http refuses.
type repairs struct {
	headFixed bool // a field line of a head skipped, or a NUL or CR in a value read as a space
	closes    bool // headFixed in the final head: the engine sets Close
	headKept  bool // a field line of a head kept that net/http refuses
	lengths   bool // a Content-Length list of one value repeated
	trailer   bool // any of these in the trailer section, or the connection ended in it
}

func (r repairs) any() bool { return r.headFixed || r.headKept || r.lengths || r.trailer }

// repairedInput is raw as net/http can read it once the engine's repairs
// are made, with what is needed to compare the engine's reading of raw
// with net/http's reading of it.
type repairedInput struct {
	raw []byte
	r   repairs
	odd map[string]bool // names the engine keeps and net/http refuses
	// ctl maps a value the engine keeps with control characters to the
	// value net/http reads once they are spaces.
	ctl     map[string]string
	cut     bool // the connection ended in the trailer section
	control bool // the last field lines read had a control character kept
	// trailer is the trailer section, repaired; raw has an empty one in
	// its place, so that net/http's bound on trailers (its buffer's size)
	// plays no part.
	trailer []byte
}

// lenientRepairs recognises an input that the engine reads by its lenient
// rules and net/http refuses: it returns the repairs made when the engine
// reads the repaired input as it read raw, and net/http reads the repaired
// input as the engine does, but for the documented differences.
func lenientRepairs(c *diffCase) (repairs, bool) {
	ours := c.ours
	if ours.headErr != nil || ours.capped {
		return repairs{}, false
	}
	in, ok := repairInput(c.raw, c.method, ours.resp)
	if !ok || !in.r.any() {
		return repairs{}, false
	}
	repaired := runDiff(in.raw, c.method) // no repairs left to make in it
	if len(repaired.mismatches) > 0 && !explained(&repaired) {
		return repairs{}, false
	}
	clean := repaired.ours
	if clean.resp == nil || clean.ok() != ours.ok() {
		return repairs{}, false
	}
	o, n := ours.resp, clean.resp
	if o.Status != n.Status || o.StatusCode != n.StatusCode || o.Proto != n.Proto || o.ContentLength != n.ContentLength {
		return repairs{}, false
	}
	if o.Close != (n.Close || in.r.closes) || !sameHeader(in.filter(o.Header), n.Header) {
		return repairs{}, false
	}
	if !ours.ok() {
		return in.r, true // both failed in the body: what came before may differ
	}
	trailer := http.Header{}
	if len(in.trailer) > 0 {
		t, err := textproto.NewReader(bufio.NewReaderSize(bytes.NewReader(in.trailer), len(in.trailer)+16)).ReadMIMEHeader()
		if err != nil {
			return repairs{}, false
		}
		trailer = http.Header(t)
	}
	if !bytes.Equal(ours.body, clean.body) || !sameHeader(in.filter(ours.trailer), trailer) {
		return repairs{}, false
	}
	// What follows the message is the same in both inputs.
	if !in.cut && ours.consumed != clean.consumed+int64(len(c.raw)-len(in.raw)) {
		return repairs{}, false
	}
	return in.r, true
}

// explained reports whether a documented difference explains c. It is set
// by init: the table of differences refers to lenientRepairs, which would
// otherwise refer back to it.
var explained func(c *diffCase) bool

func init() { explained = func(c *diffCase) bool { return c.difference() != nil } }

// filter returns h as it reads in the repaired input: without the names
// net/http refuses, with spaces for the control characters it refuses, and
// a Content-Length list made its one value.
func (in *repairedInput) filter(h http.Header) http.Header {
	out := http.Header{}
	for k, vs := range h {
		if in.odd[k] {
			continue
		}
		for _, v := range vs {
			if nv, ok := in.ctl[v]; ok {
				v = nv
			}
			if n, ok := repeatedLength(v); ok && k == "Content-Length" && strings.Contains(v, ",") {
				v = n
			}
			out[k] = append(out[k], v)
		}
	}
	return out
}

// sameHeader reports whether two headers hold the same fields, nil being
// empty.
func sameHeader(a, b http.Header) bool {
	return len(a) == 0 && len(b) == 0 || reflect.DeepEqual(a, b)
}

// repairInput makes the engine's repairs to raw, given the final response
// the engine read from it: heads (interim ones too) and, for a chunked
// body, its trailer section.
func repairInput(raw []byte, method string, resp *http.Response) (*repairedInput, bool) {
	in := &repairedInput{odd: map[string]bool{}, ctl: map[string]string{}}
	var out []byte
	off := 0
	for {
		i := bytes.IndexByte(raw[off:], '\n')
		if i < 0 {
			return nil, false
		}
		status := raw[off : off+i+1]
		out = append(out, status...)
		off += i + 1
		in.control = false
		fields, end, fixed, kept, ok := in.repairFields(raw, off, false)
		if !ok {
			return nil, false
		}
		out = append(out, fields...)
		off = end
		in.r.headFixed = in.r.headFixed || fixed
		in.r.headKept = in.r.headKept || kept
		in.r.closes = fixed || in.control
		if code := statusCodeOf(status); code >= 200 || code == http.StatusSwitchingProtocols || code < 100 {
			break
		}
	}
	te, hasTE := resp.Header["Transfer-Encoding"]
	chunked := hasTE && len(te) > 0 && finalChunked(te) // else the body runs to the close
	if !chunked || !resp.ProtoAtLeast(1, 1) || method == http.MethodHead || !bodyAllowedForStatus(resp.StatusCode) {
		in.raw = append(out, raw[off:]...)
		return in, true
	}
	last, ok := lastChunkEnd(raw, off)
	if !ok {
		in.raw = append(out, raw[off:]...)
		return in, true
	}
	out = append(out, raw[off:last]...)
	fields, end, fixed, kept, ok := in.repairFields(raw, last, true)
	switch {
	case !ok:
		in.cut, in.r.trailer = true, true
		out, end = append(out, "\r\n"...), len(raw)
	default:
		out = append(out, "\r\n"...)
		in.trailer = fields
		in.r.trailer = fixed || kept
	}
	in.raw = append(out, raw[end:]...)
	return in, true
}

// repairFields reads the field lines of raw from off to the empty line
// after them, as the engine reads them, and returns them as net/http can
// read them, every line ending in CRLF: a field line the engine skips is
// left out (fixed), a NUL or CR in a value becomes a space (fixed), a line
// the engine keeps but net/http refuses is left out (kept) and its name,
// when that is what net/http refuses, recorded in in.odd; a Content-Length
// list of one value repeated is made that value. end is where the field
// lines ended; ok is false when the input ended before their empty line.
func (in *repairedInput) repairFields(raw []byte, off int, trailer bool) (out []byte, end int, fixed, kept, ok bool) {
	skipping := true // a continuation line now continues no field line
	var group [][]byte
	flush := func() {
		if group == nil {
			return
		}
		lines := group
		group = nil
		colon := bytes.IndexByte(lines[0], ':')
		name := lines[0][:colon]
		// Values are repaired line by line as they are read, whatever the
		// name turns out to be. Where the engine keeps another control
		// character, net/http is given a space.
		control := false
		// Set-Cookie keeps a NUL or a CR, for the jar to ignore the cookie:
		// to net/http it is a control character like the others.
		cookie := bytes.EqualFold(name, []byte("Set-Cookie"))
		var ours, theirs []byte // the value as the engine and net/http read it
		for j := range lines {
			l := bytes.Clone(lines[j]) // raw is not to be written
			lines[j] = l
			start := 0
			if j == 0 {
				start = colon + 1
			} else {
				ours, theirs = append(ours, ' '), append(theirs, ' ')
			}
			for k := start; k < len(l); k++ {
				if c := l[k]; (c == 0 || c == '\r') && !cookie {
					l[k] = ' '
					fixed = true
				}
			}
			ours = append(ours, trimOWS(l[start:])...)
			for k := start; k < len(l); k++ {
				if c := l[k]; c < ' ' && c != '\t' || c == 0x7f {
					l[k] = ' '
					control = true
				}
			}
			theirs = append(theirs, trimOWS(l[start:])...)
		}
		in.control = in.control || control // the engine closes after it, whatever the name
		if len(name) == 0 || bytes.IndexFunc(name, func(r rune) bool { return r < ' ' || r >= 0x7f }) >= 0 {
			fixed = true
			return
		}
		if bytes.ContainsFunc(name, func(r rune) bool { return r != ' ' && !validNameByte(byte(r)) }) {
			kept = true
			in.odd[string(name)] = true
			return
		}
		if control {
			// Both start the value after the spaces that follow the colon,
			// the space of a fold included.
			kept = true
			in.ctl[string(bytes.TrimLeft(ours, " \t"))] = string(bytes.TrimLeft(theirs, " \t"))
		}
		if !trailer && bytes.EqualFold(name, []byte("Content-Length")) {
			value := string(trimOWS(lines[0][colon+1:]))
			for _, l := range lines[1:] {
				value += " " + string(trimOWS(l))
			}
			if v, ok := repeatedLength(value); ok && strings.Contains(value, ",") {
				in.r.lengths = true
				out = append(out, "Content-Length: "+v+"\r\n"...)
				return
			}
		}
		for _, l := range lines {
			out = append(out, l...)
			out = append(out, "\r\n"...)
		}
	}
	for {
		i := bytes.IndexByte(raw[off:], '\n')
		if i < 0 {
			return out, len(raw), fixed, kept, false
		}
		line := bytes.TrimSuffix(raw[off:off+i], []byte("\r"))
		off += i + 1
		switch {
		case len(line) == 0:
			flush()
			return append(out, "\r\n"...), off, fixed, kept, true
		case line[0] == ' ' || line[0] == '\t':
			if skipping {
				fixed = true
			} else {
				group = append(group, line)
			}
		case bytes.IndexByte(line, ':') < 0:
			flush()
			fixed, skipping = true, true
		default:
			flush()
			skipping = false
			group = [][]byte{line}
		}
	}
}

// repeatedLength returns the value of a Content-Length list whose members
// are all the same digits.
func repeatedLength(list string) (string, bool) {
	var v string
	for m := range strings.SplitSeq(list, ",") {
		m = strings.Trim(m, " \t")
		if m == "" || strings.Trim(m, "0123456789") != "" || v != "" && m != v {
			return "", false
		}
		v = m
	}
	return v, true
}

// statusCodeOf reads the code of a status line as the engine does, or 0.
func statusCodeOf(line []byte) int {
	_, status, ok := bytes.Cut(bytes.TrimRight(line, "\r\n"), []byte{' '})
	status = bytes.TrimLeft(status, " ")
	if !ok || len(status) < 3 || !isStatusCode(string(status[:3])) {
		return 0
	}
	return int(status[0]-'0')*100 + int(status[1]-'0')*10 + int(status[2]-'0')
}

// lastChunkEnd walks the chunks of a body that starts at off and returns
// where the line of its last chunk ends.
func lastChunkEnd(raw []byte, off int) (int, bool) {
	for {
		i := bytes.IndexByte(raw[off:], '\n')
		if i < 0 {
			return 0, false
		}
		line := raw[off : off+i]
		off += i + 1
		digits := line[:len(line)-len(bytes.TrimLeft(line, "0123456789abcdefABCDEF"))]
		if len(digits) == 0 || len(digits) > 16 {
			return 0, false
		}
		var size int
		for _, c := range digits {
			size = size<<4 | int(hexValue(c))
			if size > len(raw) {
				return 0, false
			}
		}
		if size == 0 {
			return off, true
		}
		off += size + 2
		if off > len(raw) {
			return 0, false
		}
	}
}

func hexValue(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
