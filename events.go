package requests

import (
	"errors"
	"io"
	"iter"
	"time"

	"github.com/go-requests/requests/internal/sse"
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
const MaxEventSize = 1 << 20 // internal/sse's limit: TestMaxEventSizeIsTheParsers checks that they agree

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
		p := sse.NewParser(src)
		for {
			ev, err := p.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(Event{}, r.eventError(err))
				return
			}
			if !yield(Event(ev), nil) {
				return
			}
		}
	}
}

// eventError names an error that ended the events of r. A read error is
// the body's own, already an *Error, and is kept for Err as IterContent
// keeps it.
func (r *Response) eventError(err error) error {
	if err != sse.ErrTooLarge {
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
