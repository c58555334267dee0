package requests

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"time"
	"unicode/utf8"
)

// Event is one event of a text/event-stream (server-sent events), as an
// EventSource dispatches it.
type Event struct {
	// ID is the stream's last event ID: the value of the last "id" field
	// at or before this event, which persists from one event to the next
	// (send it back in a Last-Event-ID header to resume). It is empty until
	// an "id" field sets it, and an empty "id" field empties it again.
	ID string
	// Type is the value of the event's "event" field, or "message" when it
	// has none or an empty one.
	Type string
	// Data is the values of the event's "data" fields joined by "\n".
	Data string
	// Retry is the reconnection time the stream asked for: the value of
	// the last valid "retry" field (milliseconds in ASCII digits) at or
	// before this event, and 0 when there was none. A value too large for a
	// time.Duration is read as the largest one.
	Retry time.Duration
}

// MaxEventSize bounds the memory Events uses: the data of the event being
// built plus the line being read may not pass it, in bytes. A stream that
// does ends the iteration with an error wrapping ErrRequest and
// bufio.ErrTooLong.
const MaxEventSize = 1 << 20

// Events returns an iterator over the events of the body, read as a
// text/event-stream exactly as the WHATWG HTML standard's EventSource
// interprets one: the body is UTF-8 (a leading byte order mark is skipped
// and invalid bytes become U+FFFD); lines end in "\r\n", "\n" or "\r";
// lines starting with ":" are comments; the "event", "data", "id" and
// "retry" fields build an event and other fields are ignored; an empty
// line dispatches the event, unless it has no "data" field. An event the
// body ends in the middle of is discarded. The Content-Type is not
// checked.
//
// In stream mode (Stream(true)) the body is read from the network as it
// arrives, and each event is yielded as soon as the empty line that ends
// it has come, so that a stream that never ends can be followed;
// otherwise the events come from the body already read. Events does not
// reconnect: Event.ID and Event.Retry are there for a caller that does.
//
// A read error of the body is yielded once, with a zero Event, and ends
// the iteration; so does an event larger than MaxEventSize. Stopping the
// iteration early closes the Response. As with IterContent, a streamed
// body can be iterated once; iterating it again yields ErrStreamConsumed.
func (r *Response) Events() iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		src := r.Reader()
		defer src.Close() // closing the Reader is closing r; a no-op at the end of the body
		p := eventParser{src: src, buf: make([]byte, 16<<10), first: true}
		for {
			ev, err := p.next()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(Event{}, r.eventError(err))
				return
			}
			if !yield(ev, nil) {
				return
			}
		}
	}
}

// errEventTooLarge is the cause of the error that ends an event stream
// whose event passes MaxEventSize.
var errEventTooLarge = fmt.Errorf("event stream: an event is larger than MaxEventSize (%d bytes): %w", MaxEventSize, bufio.ErrTooLong)

// eventError names an error that ended the events of r. A read error is
// the body's own, already an *Error, and is kept for Err as IterContent
// keeps it.
func (r *Response) eventError(err error) error {
	if err != errEventTooLarge {
		if !errors.Is(err, ErrRequest) {
			err = &Error{Kind: ErrRequest, Err: err}
		}
		r.readErr = err
		return err
	}
	e := &Error{Kind: ErrRequest, URL: redactURL(r.URL), Err: err}
	if r.Request != nil {
		e.Method = r.Request.Method
	}
	return e
}

// eventParser reads events from a text/event-stream, in the steps and
// with the buffers the WHATWG standard names.
type eventParser struct {
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

// next returns the next event, or the error that ended the stream: io.EOF
// at its end, errEventTooLarge, or src's error.
func (p *eventParser) next() (Event, error) {
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
					return Event{}, errEventTooLarge
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
				return Event{}, errEventTooLarge
			}
			ev, ok := p.interpret(line)
			p.line = p.line[:0]
			if len(p.data) > MaxEventSize { // U+FFFD takes 3 bytes where an invalid byte took 1
				return Event{}, errEventTooLarge
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
func (p *eventParser) interpret(line []byte) (ev Event, ok bool) {
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
func (p *eventParser) dispatch() (Event, bool) {
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
