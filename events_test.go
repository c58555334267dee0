package requests_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/sse"
)

type ev = requests.Event

func TestMaxEventSizeIsTheParsers(t *testing.T) {
	if requests.MaxEventSize != sse.MaxEventSize {
		t.Errorf("MaxEventSize = %d; the parser's limit is %d", requests.MaxEventSize, sse.MaxEventSize)
	}
}

// eventCases are the rules of the WHATWG "Interpreting an event stream",
// one a case; FuzzEvents starts from them too.
var eventCases = []struct {
	name string
	body string
	want []ev
}{
	{"an empty stream has no events", "", nil},
	{"a data line and an empty line dispatch a message", "data: hello\n\n", []ev{{Type: "message", Data: "hello"}}},
	{"the event field sets the type", "event: greeting\ndata: hi\n\n", []ev{{Type: "greeting", Data: "hi"}}},
	{"the last event field wins", "event: a\nevent: b\ndata: x\n\n", []ev{{Type: "b", Data: "x"}}},
	{"an empty event field means message", "event: a\nevent\ndata: x\n\n", []ev{{Type: "message", Data: "x"}}},
	{"data fields are joined by newlines", "data: one\ndata: two\ndata: three\n\n", []ev{{Type: "message", Data: "one\ntwo\nthree"}}},
	{"only the last newline of the data is removed", "data\ndata\n\n", []ev{{Type: "message", Data: "\n"}}},
	{"an empty data field dispatches empty data", "data:\n\n", []ev{{Type: "message"}}},
	{"a line without a colon is a field with an empty value", "data\n\n", []ev{{Type: "message"}}},
	{"one leading space of the value is removed, not two", "data:  two spaces\n\n", []ev{{Type: "message", Data: " two spaces"}}},
	{"a value need not start with a space", "data:tight\n\n", []ev{{Type: "message", Data: "tight"}}},
	{"a field name ends at the first colon", "data: a: b:c\n\n", []ev{{Type: "message", Data: "a: b:c"}}},
	{"a space before the colon is part of the name", "data : x\n\n", nil},
	{"field names are case-sensitive", "Data: x\nDATA: y\n\n", nil},
	{"lines starting with a colon are comments", ": hello\n:\ndata: x\n: between\n\n", []ev{{Type: "message", Data: "x"}}},
	{"a comment alone dispatches nothing", ": keep-alive\n\n", nil},
	{"unknown fields are ignored", "foo: bar\ndata: x\nbaz\n\n", []ev{{Type: "message", Data: "x"}}},
	{"an event without data is not dispatched and its type is reset", "event: lost\n\ndata: x\n\n", []ev{{Type: "message", Data: "x"}}},
	{"several empty lines dispatch once", "data: x\n\n\n\n", []ev{{Type: "message", Data: "x"}}},
	{"the id persists across events", "id: 1\ndata: a\n\ndata: b\n\n", []ev{{ID: "1", Type: "message", Data: "a"}, {ID: "1", Type: "message", Data: "b"}}},
	{"an id in an event without data applies to the next one", "id: 7\n\ndata: x\n\n", []ev{{ID: "7", Type: "message", Data: "x"}}},
	{"an id after the data counts for the event", "data: x\nid: 3\n\n", []ev{{ID: "3", Type: "message", Data: "x"}}},
	{"an empty id field empties the id", "id: 1\ndata: a\n\nid\ndata: b\n\n", []ev{{ID: "1", Type: "message", Data: "a"}, {Type: "message", Data: "b"}}},
	{"an id containing NUL is ignored", "id: 1\ndata: a\n\nid: 2\x003\ndata: b\n\n", []ev{{ID: "1", Type: "message", Data: "a"}, {ID: "1", Type: "message", Data: "b"}}},
	{"an id set in an undispatched event at the end is unseen", "data: a\n\nid: 2\n", []ev{{Type: "message", Data: "a"}}},
	{"retry in ASCII digits sets the reconnection time in milliseconds", "retry: 1500\ndata: x\n\n", []ev{{Type: "message", Data: "x", Retry: 1500 * time.Millisecond}}},
	{"the retry persists across events", "retry: 10\ndata: a\n\ndata: b\n\n", []ev{{Type: "message", Data: "a", Retry: 10 * time.Millisecond}, {Type: "message", Data: "b", Retry: 10 * time.Millisecond}}},
	{"a retry of zero is valid", "retry: 5\nretry: 0\ndata: x\n\n", []ev{{Type: "message", Data: "x"}}},
	{"a retry that is not only ASCII digits is ignored", "retry: 1500\nretry: 15x\nretry: -1\nretry: 1.5\nretry:\nretry:  2\nretry: \uff11\ndata: x\n\n", []ev{{Type: "message", Data: "x", Retry: 1500 * time.Millisecond}}},
	{"a retry too large for a Duration is the largest", "retry: 99999999999999999999999\ndata: x\n\n", []ev{{Type: "message", Data: "x", Retry: math.MaxInt64}}},
	{"lines may end in CRLF, LF or CR", "data: a\r\ndata: b\rdata: c\n\r\n", []ev{{Type: "message", Data: "a\nb\nc"}}},
	{"two CRs are two line endings", "data: a\r\rdata: b\r\r", []ev{{Type: "message", Data: "a"}, {Type: "message", Data: "b"}}},
	{"LF then CR is two line endings", "data: a\n\r", []ev{{Type: "message", Data: "a"}}},
	{"CRLF is one line ending", "data: a\r\ndata: b\r\n\r\n", []ev{{Type: "message", Data: "a\nb"}}},
	{"a leading byte order mark is skipped", "\xef\xbb\xbfdata: a\n\n", []ev{{Type: "message", Data: "a"}}},
	{"only one byte order mark is skipped", "\xef\xbb\xbf\xef\xbb\xbfdata: a\n\n", nil},
	{"a byte order mark after the start is data", "data: \xef\xbb\xbfa\n\n\xef\xbb\xbfdata: b\n\n", []ev{{Type: "message", Data: "\ufeffa"}}},
	{"an event the stream ends in is discarded", "data: a\n\ndata: b\n", []ev{{Type: "message", Data: "a"}}},
	{"a last line without a line ending is discarded", "data: a", nil},
	{"invalid UTF-8 bytes become U+FFFD", "data: \xff\xfe!\n\n", []ev{{Type: "message", Data: "\ufffd\ufffd!"}}},
	{"a truncated sequence becomes one U+FFFD", "data: \xe2\x82A \xf0\x9f\x98\n\n", []ev{{Type: "message", Data: "\ufffdA \ufffd"}}},
	{"surrogates and overlong forms become one U+FFFD a byte", "data: \xed\xa0\x80\xc0\xaf\n\n", []ev{{Type: "message", Data: strings.Repeat("\ufffd", 5)}}},
	{"types and ids are decoded too", "event: \xffx\nid: \xe2\x82\ndata: \xe2\x82\xac\n\n", []ev{{ID: "\ufffd", Type: "\ufffdx", Data: "€"}}},
	{"NUL in data is kept", "data: a\x00b\n\n", []ev{{Type: "message", Data: "a\x00b"}}},
}

// eventTransport answers every request with a text/event-stream whose
// body is body, read at once or a byte at a time, then fails with err when
// it is not nil.
type eventTransport struct {
	body    string
	oneByte bool
	err     error
}

func (e eventTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var r io.Reader = strings.NewReader(e.body)
	if e.err != nil {
		r = io.MultiReader(r, iotest.ErrReader(e.err))
	}
	if e.oneByte {
		r = iotest.OneByteReader(r)
	}
	return &http.Response{
		StatusCode: http.StatusOK, Status: "200 OK",
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"text/event-stream"}},
		Body:          io.NopCloser(r),
		ContentLength: -1,
		Request:       req,
	}, nil
}

// readEvents returns the events of rt's stream, and the error that ended
// them. In one go, the body is read before the events; a byte at a time,
// they are read from the stream.
func readEvents(t testing.TB, rt eventTransport) ([]ev, error) {
	t.Helper()
	resp, err := requests.Get(context.Background(), "http://events.test/", requests.Transport(rt), requests.Stream(rt.oneByte))
	if err != nil {
		return nil, err
	}
	defer resp.Close()
	var got []ev
	n := 0
	for e, err := range resp.Events() {
		if err != nil {
			if e != (ev{}) {
				t.Errorf("Events yielded %+v with error %v", e, err)
			}
			return got, err
		}
		got = append(got, e)
		if n++; n > 1e6 {
			t.Fatal("Events does not end")
		}
	}
	return got, nil
}

func TestEvents(t *testing.T) {
	t.Parallel()
	for _, tc := range eventCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, oneByte := range []bool{false, true} {
				got, err := readEvents(t, eventTransport{body: tc.body, oneByte: oneByte})
				if err != nil || !reflect.DeepEqual(got, tc.want) {
					t.Errorf("Events(%q), one byte a read %v = %+v, %v; want %+v", tc.body, oneByte, got, err, tc.want)
				}
			}
		})
	}
}

func TestEventsBoundedSize(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("x", requests.MaxEventSize)
	tests := []struct {
		name string
		body string
		ok   int // events before the error, or all of them when fine is set
		fine bool
	}{
		{"a data line larger than MaxEventSize is an error", "data: a\n\ndata: " + big + "\n\n", 1, false},
		{"data lines adding up past MaxEventSize are an error", "data: a\n\n" + strings.Repeat("data: "+big[:1000]+"\n", 1100) + "\n", 1, false},
		{"a line of comment larger than MaxEventSize is an error", ":" + big + "\ndata: a\n\n", 0, false},
		{"invalid bytes growing into U+FFFD past MaxEventSize are an error", "data: " + strings.Repeat("\xff", requests.MaxEventSize/2) + "\n\n", 0, false},
		{"an event half as large as MaxEventSize is fine", "data: " + big[:requests.MaxEventSize/2] + "\n\n", 1, true},
		{"many events adding up past MaxEventSize are fine", strings.Repeat("data: "+big[:1000]+"\n\n", 3000), 3000, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := readEvents(t, eventTransport{body: tc.body})
			if tc.fine {
				if err != nil || len(got) != tc.ok {
					t.Errorf("Events = %d events, %v; want %d, nil", len(got), err, tc.ok)
				}
				return
			}
			if len(got) != tc.ok || !errors.Is(err, requests.ErrRequest) || !errors.Is(err, bufio.ErrTooLong) {
				t.Errorf("Events = %d events, %v; want %d and an error wrapping ErrRequest and bufio.ErrTooLong", len(got), err, tc.ok)
			}
		})
	}
}

func TestEventsReadError(t *testing.T) {
	t.Parallel()
	cut := errors.New("connection reset by peer")
	for _, oneByte := range []bool{false, true} {
		rt := eventTransport{body: "data: a\n\ndata: b\n", err: cut, oneByte: oneByte}
		resp, err := requests.Get(context.Background(), "http://events.test/", requests.Transport(rt), requests.Stream(true))
		if err != nil {
			t.Fatal(err)
		}
		var got []ev
		var errs []error
		for e, err := range resp.Events() {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			got = append(got, e)
		}
		want := []ev{{Type: "message", Data: "a"}}
		if !reflect.DeepEqual(got, want) || len(errs) != 1 || !errors.Is(errs[0], requests.ErrRequest) || !errors.Is(errs[0], cut) {
			t.Errorf("Events of a body cut short = %+v, errors %v; want %+v and one error wrapping ErrRequest and the cause", got, errs, want)
		}
		if resp.Err() != errs[0] {
			t.Errorf("Err() = %v; want %v", resp.Err(), errs[0])
		}
	}
}

func TestEventsTwice(t *testing.T) {
	t.Parallel()
	body := "data: a\n\ndata: b\n\n"
	// Stream mode: the body is read once.
	resp, err := requests.Get(context.Background(), "http://events.test/", requests.Transport(eventTransport{body: body}), requests.Stream(true))
	if err != nil {
		t.Fatal(err)
	}
	for range resp.Events() {
	}
	for e, err := range resp.Events() {
		if !errors.Is(err, requests.ErrStreamConsumed) {
			t.Errorf("second Events of a stream = %+v, %v; want ErrStreamConsumed", e, err)
		}
	}
	// Otherwise the body read already gives the same events each time.
	got1, err1 := readEvents(t, eventTransport{body: body})
	got2, err2 := readEvents(t, eventTransport{body: body})
	if err1 != nil || err2 != nil || len(got1) != 2 || !reflect.DeepEqual(got1, got2) {
		t.Errorf("Events of a read body: %+v, %v then %+v, %v", got1, err1, got2, err2)
	}
}

// TestEventsAsTheyArrive serves an event stream over loopback in pieces cut
// in awkward places, and checks that each event is yielded when it has
// arrived, not when the stream ends.
func TestEventsAsTheyArrive(t *testing.T) {
	t.Parallel()
	leakCheck(t)
	received := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		send := func(piece string) {
			io.WriteString(w, piece)
			w.(http.Flusher).Flush()
			time.Sleep(5 * time.Millisecond) // let the piece arrive alone
		}
		send("\xef\xbb")
		send("\xbfid: 1\nevent: greeting\ndata: hello\n\nda") // a BOM and a field name cut in two
		select {
		case <-received: // the client has the first event while the second is unfinished
		case <-r.Context().Done():
			return
		}
		send("ta: line one\r")         // a CRLF cut in two...
		send("\ndata: caf\xc3")        // ... and a UTF-8 character too
		send("\xa9\r\n\r")             // a CR ending the event...
		send("\n: comment\r\n")        // ... whose LF comes later
		send("retry: 2000\ndata: 3\n") // the last event is never finished
	}))
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	resp, err := requests.Get(ctx, srv.URL, requests.Stream(true))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Close()
	var got []ev
	for e, err := range resp.Events() {
		if err != nil {
			t.Fatalf("Events: %v after %+v", err, got)
		}
		got = append(got, e)
		if len(got) == 1 {
			close(received)
		}
	}
	want := []ev{
		{ID: "1", Type: "greeting", Data: "hello"},
		{ID: "1", Type: "message", Data: "line one\ncafé"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Events = %+v; want %+v", got, want)
	}
}

// TestEventsStopEarly checks that breaking out of the loop closes the
// stream: the server sees its client go.
func TestEventsStopEarly(t *testing.T) {
	leakCheck(t)
	gone := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for i := 0; ; i++ {
			io.WriteString(w, "data: "+strconv.Itoa(i)+"\n\n")
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				close(gone)
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}))
	defer srv.Close()
	resp, err := requests.Get(context.Background(), srv.URL, requests.Stream(true))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, err := range resp.Events() {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 3 {
			break
		}
	}
	select {
	case <-gone:
	case <-time.After(5 * time.Second):
		t.Fatal("the server still writes events after the loop stopped")
	}
}

func FuzzEvents(f *testing.F) {
	for _, tc := range eventCases {
		f.Add([]byte(tc.body))
	}
	f.Add([]byte("data: a\r"))
	f.Add([]byte("\xef\xbb\xbf\r\ndata:\xf4\x90\x80\x80\r\r"))
	f.Fuzz(func(t *testing.T, body []byte) {
		whole, err := readEvents(t, eventTransport{body: string(body)})
		bytewise, err2 := readEvents(t, eventTransport{body: string(body), oneByte: true})
		if (err == nil) != (err2 == nil) || !reflect.DeepEqual(whole, bytewise) {
			t.Fatalf("Events(%q) = %+v, %v at once; %+v, %v a byte at a time", body, whole, err, bytewise, err2)
		}
		if err != nil {
			return // only the size limit fails, and the reference knows none
		}
		if want := referenceEvents(body); !reflect.DeepEqual(whole, want) {
			t.Fatalf("Events(%q) = %+v; the standard's steps give %+v", body, whole, want)
		}
		for _, e := range whole {
			if !utf8.ValidString(e.ID) || !utf8.ValidString(e.Type) || !utf8.ValidString(e.Data) {
				t.Fatalf("Events(%q) = %+v: not UTF-8", body, e)
			}
		}
	})
}

// referenceEvents follows the standard word for word on the whole body:
// decode it, then split it into lines, then interpret them.
func referenceEvents(body []byte) []ev {
	text := referenceDecode(body)
	var lines []string
	for {
		i := strings.IndexAny(text, "\r\n")
		if i < 0 {
			break // the end of the stream: an unfinished line is discarded
		}
		lines = append(lines, text[:i])
		if strings.HasPrefix(text[i:], "\r\n") {
			i++
		}
		text = text[i+1:]
	}
	var (
		events                 []ev
		data, typ, lastEventID string
		retry                  time.Duration
	)
	for _, line := range lines {
		if line == "" {
			if data == "" {
				typ = ""
				continue
			}
			e := ev{ID: lastEventID, Type: "message", Data: strings.TrimSuffix(data, "\n"), Retry: retry}
			if typ != "" {
				e.Type = typ
			}
			events = append(events, e)
			data, typ = "", ""
			continue
		}
		if line[0] == ':' {
			continue
		}
		name, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch name {
		case "event":
			typ = value
		case "data":
			data += value + "\n"
		case "id":
			if !strings.ContainsRune(value, 0) {
				lastEventID = value
			}
		case "retry":
			if value != "" && strings.Trim(value, "0123456789") == "" {
				ms, err := strconv.ParseInt(value, 10, 64)
				if err != nil || ms > math.MaxInt64/int64(time.Millisecond) {
					retry = math.MaxInt64
				} else {
					retry = time.Duration(ms) * time.Millisecond
				}
			}
		}
	}
	return events
}

// referenceDecode is the WHATWG Encoding standard's "UTF-8 decode", step
// by step: a leading BOM is dropped, and an invalid sequence becomes
// U+FFFD with the byte that broke it read again.
func referenceDecode(b []byte) string {
	if len(b) >= 3 && string(b[:3]) == "\xef\xbb\xbf" {
		b = b[3:]
	}
	var out strings.Builder
	var cp rune
	seen, needed := 0, 0
	lower, upper := byte(0x80), byte(0xbf)
	for i := 0; i < len(b); i++ {
		c := b[i]
		if needed == 0 {
			switch {
			case c <= 0x7f:
				out.WriteByte(c)
			case 0xc2 <= c && c <= 0xdf:
				needed, cp = 1, rune(c&0x1f)
			case 0xe0 <= c && c <= 0xef:
				if c == 0xe0 {
					lower = 0xa0
				}
				if c == 0xed {
					upper = 0x9f
				}
				needed, cp = 2, rune(c&0xf)
			case 0xf0 <= c && c <= 0xf4:
				if c == 0xf0 {
					lower = 0x90
				}
				if c == 0xf4 {
					upper = 0x8f
				}
				needed, cp = 3, rune(c&0x7)
			default:
				out.WriteRune(utf8.RuneError)
			}
			continue
		}
		if c < lower || c > upper {
			cp, needed, seen, lower, upper = 0, 0, 0, 0x80, 0xbf
			out.WriteRune(utf8.RuneError)
			i-- // prepend the byte to the stream
			continue
		}
		lower, upper = 0x80, 0xbf
		cp = cp<<6 | rune(c&0x3f)
		if seen++; seen == needed {
			out.WriteRune(cp)
			cp, needed, seen = 0, 0, 0
		}
	}
	if needed != 0 {
		out.WriteRune(utf8.RuneError)
	}
	return out.String()
}
