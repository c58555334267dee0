// Package sse reads a text/event-stream (server-sent events) exactly as
// the WHATWG HTML standard's EventSource interprets one. Its memory is
// bounded by MaxEventSize, whatever the stream announces.
package sse

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"time"
	"unicode/utf8"
)

// MaxEventSize bounds the memory a Parser uses: the data of the event being
// built plus the line being read may not pass it, in bytes.
const MaxEventSize = 1 << 20

// ErrTooLarge ends a stream whose event passes MaxEventSize; it wraps
// bufio.ErrTooLong.
var ErrTooLarge = fmt.Errorf("event stream: an event is larger than MaxEventSize (%d bytes): %w", MaxEventSize, bufio.ErrTooLong)

// Event is one dispatched event (see requests.Event, its public twin).
type Event struct {
	ID    string
	Type  string
	Data  string
	Retry time.Duration
}

// NewParser returns a parser of the stream src.
func NewParser(src io.Reader) *Parser {
	return &Parser{src: src, buf: make([]byte, 16<<10), first: true}
}

// Parser reads events from a text/event-stream, in the steps and
// with the buffers the WHATWG standard names.
type Parser struct {
	src        io.Reader
	buf        []byte // what was read: buf[start:end] is not parsed yet
	start, end int
	line       []byte // the start of a line that began in an earlier read
	skipLF     bool   // the last line ended in "\r": a "\n" right after it is part of that line ending
	first      bool   // the first line is still to come: it may start with a byte order mark
	err        error  // the error that ended src, io.EOF at its end

	data  []byte // the data buffer, already UTF-8
	typ   string // the event type buffer
	id    string // the last event ID buffer
	retry time.Duration
}

// Next returns the next event, or the error that ended the stream: io.EOF
// at its end, ErrTooLarge, or src's error.
func (p *Parser) Next() (Event, error) {
	for {
		for p.start < p.end {
			chunk := p.buf[p.start:p.end]
			if p.skipLF {
				p.skipLF = false
				if chunk[0] == '\n' {
					p.start++
					continue
				}
			}
			i := bytes.IndexAny(chunk, "\r\n")
			if i < 0 {
				if len(p.data)+len(p.line)+len(chunk) > MaxEventSize {
					return Event{}, ErrTooLarge
				}
				p.line = append(p.line, chunk...)
				p.start = p.end
				break
			}
			line := chunk[:i]
			if len(p.line) > 0 {
				p.line = append(p.line, line...)
				line = p.line
			}
			p.skipLF = chunk[i] == '\r'
			p.start += i + 1
			if len(p.data)+len(line) > MaxEventSize {
				return Event{}, ErrTooLarge
			}
			ev, ok := p.interpret(line)
			p.line = p.line[:0]
			if len(p.data) > MaxEventSize { // U+FFFD takes 3 bytes where an invalid byte took 1
				return Event{}, ErrTooLarge
			}
			if ok {
				return ev, nil
			}
		}
		if p.err != nil {
			return Event{}, p.err // an unfinished line and event are discarded
		}
		n, err := p.src.Read(p.buf)
		p.start, p.end = 0, n
		p.err = err
	}
}

var utf8BOM = []byte("\xef\xbb\xbf")

// interpret processes one line, without its line ending; ok reports that
// it dispatched ev. Only the values are decoded from UTF-8: line endings,
// ':', ' ' and the field names are ASCII, which no invalid sequence can
// hide, so this is the same as decoding the stream first.
func (p *Parser) interpret(line []byte) (ev Event, ok bool) {
	if p.first {
		p.first = false
		line = bytes.TrimPrefix(line, utf8BOM)
	}
	if len(line) == 0 {
		return p.dispatch()
	}
	name, value := line, []byte(nil)
	if i := bytes.IndexByte(line, ':'); i >= 0 {
		name, value = line[:i], line[i+1:] // a comment has an empty name: no field has it
		if len(value) > 0 && value[0] == ' ' {
			value = value[1:]
		}
	}
	switch string(name) {
	case "event":
		p.typ = string(appendUTF8(nil, value))
	case "data":
		p.data = append(appendUTF8(p.data, value), '\n')
	case "id":
		if bytes.IndexByte(value, 0) < 0 && string(value) != p.id {
			p.id = string(appendUTF8(nil, value))
		}
	case "retry":
		if d, ok := parseRetry(value); ok {
			p.retry = d
		}
	}
	return Event{}, false
}

// dispatch ends the event being built; it returns it unless it has no
// data.
func (p *Parser) dispatch() (Event, bool) {
	if len(p.data) == 0 {
		p.typ = ""
		return Event{}, false
	}
	ev := Event{ID: p.id, Type: p.typ, Data: string(p.data[:len(p.data)-1]), Retry: p.retry}
	if ev.Type == "" {
		ev.Type = "message"
	}
	p.data, p.typ = p.data[:0], ""
	return ev, true
}

// parseRetry reads the value of a "retry" field: milliseconds, in ASCII
// digits only.
func parseRetry(v []byte) (time.Duration, bool) {
	const maxMS = math.MaxInt64 / int64(time.Millisecond)
	if len(v) == 0 {
		return 0, false
	}
	var ms int64
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		if ms <= maxMS {
			ms = ms*10 + int64(c-'0')
		}
	}
	if ms > maxMS {
		return math.MaxInt64, true
	}
	return time.Duration(ms) * time.Millisecond, true
}

// appendUTF8 appends b to dst as the WHATWG "UTF-8 decode" reads it: each
// maximal part of an invalid sequence becomes one U+FFFD, where
// utf8.DecodeRune would make one of each byte.
func appendUTF8(dst, b []byte) []byte {
	if utf8.Valid(b) {
		return append(dst, b...)
	}
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, "\uFFFD"...)
			b = b[invalidPrefix(b):]
			continue
		}
		dst = append(dst, b[:size]...)
		b = b[size:]
	}
	return dst
}

// invalidPrefix returns the length of the invalid sequence at the start of
// b: a lead byte and the continuation bytes that may follow it, until one
// may not.
func invalidPrefix(b []byte) int {
	lo, hi := byte(0x80), byte(0xbf)
	var need int
	switch c := b[0]; {
	case 0xc2 <= c && c <= 0xdf:
		need = 1
	case 0xe0 <= c && c <= 0xef:
		need = 2
		if c == 0xe0 {
			lo = 0xa0 // no overlong forms
		} else if c == 0xed {
			hi = 0x9f // no surrogates
		}
	case 0xf0 <= c && c <= 0xf4:
		need = 3
		if c == 0xf0 {
			lo = 0x90
		} else if c == 0xf4 {
			hi = 0x8f // nothing past U+10FFFF
		}
	default:
		return 1
	}
	n := 1
	for n <= need && n < len(b) && lo <= b[n] && b[n] <= hi {
		lo, hi = 0x80, 0xbf
		n++
	}
	return n
}
