package wire_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"

	"github.com/go-requests/requests/internal/testserver"
	"github.com/go-requests/requests/internal/wire"
)

// h2Peer is the server side of a connection of frameServer, written frame
// by frame.
type h2Peer struct {
	c         net.Conn
	fr        *http2.Framer
	enc       *hpack.Encoder
	hb        bytes.Buffer
	n         int32 // the connection's number, from 1
	noPingAck bool  // PINGs go unanswered
}

// next returns the client's next frame; SETTINGS and PINGs are answered,
// and skipped, as are WINDOW_UPDATEs and PRIORITY.
func (p *h2Peer) next() (http2.Frame, error) {
	for {
		f, err := p.fr.ReadFrame()
		if err != nil {
			return nil, err
		}
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if !f.IsAck() {
				p.fr.WriteSettingsAck()
			}
			continue
		case *http2.PingFrame:
			if !f.IsAck() && !p.noPingAck {
				p.fr.WritePing(true, f.Data)
			}
			continue
		case *http2.WindowUpdateFrame, *http2.PriorityFrame:
			continue
		}
		return f, nil
	}
}

// request reads frames up to the next request head and returns its
// stream.
func (p *h2Peer) request() (uint32, error) {
	for {
		f, err := p.next()
		if err != nil {
			return 0, err
		}
		if h, ok := f.(*http2.MetaHeadersFrame); ok {
			return h.StreamID, nil
		}
	}
}

// block starts a header block of status and fields in p.hb, which more
// fields may follow, and returns it.
func (p *h2Peer) block(status string, kv ...string) []byte {
	p.hb.Reset()
	p.enc.WriteField(hpack.HeaderField{Name: ":status", Value: status})
	for i := 0; i < len(kv); i += 2 {
		p.enc.WriteField(hpack.HeaderField{Name: kv[i], Value: kv[i+1]})
	}
	return p.hb.Bytes()
}

// head writes a response head of status and fields.
func (p *h2Peer) head(id uint32, end bool, status string, kv ...string) {
	p.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: p.block(status, kv...), EndHeaders: true, EndStream: end})
}

// reply answers a stream with body.
func (p *h2Peer) reply(id uint32, body string) {
	p.head(id, false, "200", "content-length", strconv.Itoa(len(body)))
	p.fr.WriteData(id, true, []byte(body))
}

// frameServer starts an h2c server that runs serve on each connection
// after the preface, its SETTINGS sent.
func frameServer(t *testing.T, settings []http2.Setting, serve func(p *h2Peer)) (string, *atomic.Int32) {
	var n atomic.Int32
	base := testserver.Raw(t, func(c net.Conn) {
		p := &h2Peer{c: c, n: n.Add(1)}
		preface := make([]byte, len(http2.ClientPreface))
		if _, err := io.ReadFull(c, preface); err != nil {
			return
		}
		p.fr = http2.NewFramer(c, c)
		p.fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
		p.enc = hpack.NewEncoder(&p.hb)
		p.fr.WriteSettings(settings...)
		serve(p)
	})
	return base + "/", &n
}

// h2cTransport is the engine's HTTP/2 over cleartext.
func h2cTransport(t *testing.T) *wire.Transport {
	tr := newTransport(t)
	tr.UnencryptedHTTP2 = true
	return tr
}

// firstServed answers the first request of the first connection with
// "first", and every request of the others with "ok"; it reports whether
// the script goes on, on the first connection.
func firstServed(p *h2Peer) bool {
	if p.n > 1 {
		serveAll(p)
		return false
	}
	id, err := p.request()
	if err != nil {
		return false
	}
	p.reply(id, "first")
	return true
}

// serveAll answers every request with "ok".
func serveAll(p *h2Peer) {
	for {
		id, err := p.request()
		if err != nil {
			return
		}
		p.reply(id, "ok")
	}
}

// A GOAWAY that came after two requests went: the one above its last
// stream was not processed and goes again on a new connection.
func TestH2GoAwayMidFlight(t *testing.T) {
	base, conns := frameServer(t, nil, func(p *h2Peer) {
		if !firstServed(p) {
			return
		}
		a, err := p.request()
		if err != nil {
			return
		}
		b, err := p.request()
		if err != nil {
			return
		}
		p.fr.WriteGoAway(min(a, b), http2.ErrCodeNo, nil)
		p.reply(min(a, b), "before the GOAWAY")
		io.Copy(io.Discard, p.c)
	})
	tr := h2cTransport(t)
	if _, body, err := get(t, tr, base, nil); err != nil || body != "first" {
		t.Fatalf("first GET: %q %v", body, err)
	}
	var wg sync.WaitGroup
	bodies := make([]string, 2)
	for i := range 2 {
		wg.Go(func() {
			_, body, err := get(t, tr, base, nil)
			if err != nil {
				t.Errorf("GET %d: %v", i, err)
			}
			bodies[i] = body
		})
	}
	wg.Wait()
	if !(bodies[0] == "ok" && bodies[1] == "before the GOAWAY" || bodies[1] == "ok" && bodies[0] == "before the GOAWAY") {
		t.Errorf("bodies %q; want one answered before the GOAWAY, one on a new connection", bodies)
	}
	if n := conns.Load(); n != 2 {
		t.Errorf("%d connections; want 2", n)
	}
}

// A stream refused on a pooled connection goes again.
func TestH2RefusedStreamOnAPooledConnection(t *testing.T) {
	base, conns := frameServer(t, nil, func(p *h2Peer) {
		if !firstServed(p) {
			return
		}
		for {
			id, err := p.request()
			if err != nil {
				return
			}
			p.fr.WriteRSTStream(id, http2.ErrCodeRefusedStream)
		}
	})
	tr := h2cTransport(t)
	for _, want := range []string{"first", "ok"} {
		req := func(r *wire.Request) { // not idempotent, but not processed
			r.Method, r.Body, r.ContentLength = "POST", strings.NewReader("x"), 1
			r.GetBody = func() (io.Reader, error) { return strings.NewReader("x"), nil }
		}
		if _, body, err := get(t, tr, base, req); err != nil || body != want {
			t.Errorf("POST: %q %v; want %q", body, err, want)
		}
	}
	if n := conns.Load(); n < 2 {
		t.Errorf("%d connections; want the refused POST sent on another", n)
	}
}

// An upload stops while the server's window is zero, and resumes when it
// opens.
func TestH2UploadWaitsForTheWindow(t *testing.T) {
	t.Parallel()
	for _, size := range []int{1000, 100 << 10} {
		var early atomic.Int32
		base, _ := frameServer(t, []http2.Setting{{ID: http2.SettingInitialWindowSize, Val: 0}}, func(p *h2Peer) {
			id, err := p.request() // the warm-up
			if err != nil {
				return
			}
			p.reply(id, "warm")
			if id, err = p.request(); err != nil {
				return
			}
			p.c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
			for {
				f, err := p.next()
				if err != nil {
					break
				}
				if _, ok := f.(*http2.DataFrame); ok {
					early.Add(1)
				}
			}
			p.c.SetReadDeadline(time.Time{})
			p.fr.WriteWindowUpdate(0, 1<<20)
			p.fr.WriteWindowUpdate(id, 1<<20)
			n := 0
			for {
				f, err := p.next()
				if err != nil {
					return
				}
				if d, ok := f.(*http2.DataFrame); ok {
					n += len(d.Data())
					if d.StreamEnded() {
						break
					}
				}
			}
			p.reply(id, strconv.Itoa(n))
			io.Copy(io.Discard, p.c)
		})
		tr := h2cTransport(t)
		if _, body, err := get(t, tr, base, nil); err != nil || body != "warm" {
			t.Fatalf("warm-up: %q %v", body, err)
		}
		_, body, err := get(t, tr, base, func(r *wire.Request) {
			r.Method, r.Body, r.ContentLength = "POST", bytes.NewReader(make([]byte, size)), int64(size)
		})
		if err != nil || body != strconv.Itoa(size) {
			t.Errorf("POST of %d bytes: %q %v; want the server to get them all", size, body, err)
		}
		if n := early.Load(); n != 0 {
			t.Errorf("POST of %d bytes: %d DATA frames sent with a window of zero", size, n)
		}
	}
}

// A head over 1 MiB decoded fails its stream, not the connection.
func TestH2OversizedHead(t *testing.T) {
	base, conns := frameServer(t, nil, func(p *h2Peer) {
		id, err := p.request()
		if err != nil {
			return
		}
		p.block("200")
		for i := range 300 {
			p.enc.WriteField(hpack.HeaderField{Name: fmt.Sprintf("x-big-%d", i), Value: strings.Repeat("v", 4000), Sensitive: true})
		}
		block := p.hb.Bytes()
		p.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: block[:16384]})
		for block = block[16384:]; len(block) > 0; {
			n := min(len(block), 16384)
			p.fr.WriteContinuation(id, n == len(block), block[:n])
			block = block[n:]
		}
		serveAll(p)
	})
	tr := h2cTransport(t)
	_, _, err := get(t, tr, base, nil)
	var pe *wire.ProtocolError
	if !errors.As(err, &pe) {
		t.Errorf("a head of 1.2 MB: %v; want a ProtocolError", err)
	}
	if _, body, err := get(t, tr, base, nil); err != nil || body != "ok" {
		t.Errorf("the next GET: %q %v", body, err)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections; want the first kept", n)
	}
}

// A header block that never ends (CONTINUATION frames without end, as in
// CVE-2023-45288) ends the connection once it passes its bound, rather
// than holding the client for as long as the server sends.
func TestH2ContinuationFlood(t *testing.T) {
	base, _ := frameServer(t, nil, func(p *h2Peer) {
		id, err := p.request()
		if err != nil {
			return
		}
		p.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: p.block("200")})
		field := bytes.Repeat([]byte{0x88}, 16384) // ":status: 200" again and again
		for range 64 << 20 / len(field) {
			if p.fr.WriteContinuation(id, false, field) != nil {
				return
			}
		}
		io.Copy(io.Discard, p.c)
	})
	tr := h2cTransport(t)
	u, _ := url.Parse(base)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var resp http.Response
	err := tr.RoundTrip(ctx, &wire.Request{Method: "GET", URL: u, Header: http.Header{}}, &resp)
	if err == nil || ctx.Err() != nil {
		t.Fatalf("an endless header block: %v (context: %v); want the connection ended", err, ctx.Err())
	}
}

// A frame that breaks the protocol ends the connection, with a GOAWAY.
func TestH2InvalidFrameEndsTheConnection(t *testing.T) {
	cases := map[string]func(p *h2Peer, id uint32){
		"DATA on stream 0":     func(p *h2Peer, id uint32) { p.fr.WriteRawFrame(http2.FrameData, 0, 0, []byte("x")) },
		"a zero WINDOW_UPDATE": func(p *h2Peer, id uint32) { p.fr.WriteRawFrame(http2.FrameWindowUpdate, 0, 0, []byte{0, 0, 0, 0}) },
		"a frame over 16 KiB":  func(p *h2Peer, id uint32) { p.fr.WriteRawFrame(http2.FrameData, 0, id, make([]byte, 20000)) },
		"a PUSH_PROMISE": func(p *h2Peer, id uint32) {
			p.fr.WriteRawFrame(http2.FramePushPromise, 4, id, []byte{0, 0, 0, 2, 0x82})
		},
		"a HEADERS of a new stream": func(p *h2Peer, id uint32) {
			p.fr.WriteRawFrame(http2.FrameHeaders, 4, 2, []byte{0x88})
		},
		"a broken header block": func(p *h2Peer, id uint32) { p.fr.WriteRawFrame(http2.FrameHeaders, 4, id, []byte{0xff, 0xff, 0xff}) },
		"a stray CONTINUATION":  func(p *h2Peer, id uint32) { p.fr.WriteRawFrame(http2.FrameContinuation, 4, id, []byte{0x88}) },
	}
	for name, bad := range cases {
		var goAway atomic.Bool
		done := make(chan struct{})
		base, _ := frameServer(t, nil, func(p *h2Peer) {
			defer close(done)
			id, err := p.request()
			if err != nil {
				return
			}
			bad(p, id)
			for {
				f, err := p.next()
				if err != nil {
					return
				}
				if g, ok := f.(*http2.GoAwayFrame); ok && g.ErrCode != http2.ErrCodeNo {
					goAway.Store(true)
				}
			}
		})
		tr := h2cTransport(t)
		if _, _, err := get(t, tr, base, nil); err == nil {
			t.Errorf("%s: no error", name)
		}
		<-done // the client closed the connection
		if !goAway.Load() {
			t.Errorf("%s: no GOAWAY with an error code", name)
		}
	}
}

// waitReset reads frames up to the RST_STREAM of id.
func waitReset(p *h2Peer, id uint32) (http2.ErrCode, bool) {
	for {
		f, err := p.next()
		if err != nil {
			return 0, false
		}
		if r, ok := f.(*http2.RSTStreamFrame); ok && r.StreamID == id {
			return r.ErrCode, true
		}
	}
}

// A silent server fails the exchange with the read timeout, waiting for
// the head or in the body; the stream is cancelled.
func TestH2ServerSilence(t *testing.T) {
	t.Parallel()
	for _, inBody := range []bool{false, true} {
		resets := make(chan http2.ErrCode, 1)
		base, _ := frameServer(t, nil, func(p *h2Peer) {
			id, err := p.request()
			if err != nil {
				return
			}
			if inBody {
				p.head(id, false, "200")
				p.fr.WriteData(id, false, []byte("a"))
			}
			code, _ := waitReset(p, id)
			resets <- code
			io.Copy(io.Discard, p.c)
		})
		tr := h2cTransport(t)
		start := time.Now()
		_, body, err := get(t, tr, base, func(r *wire.Request) { r.ReadTimeout = 100 * time.Millisecond })
		var te *wire.TimeoutError
		if !errors.As(err, &te) || inBody && body != "a" {
			t.Errorf("silence (in the body: %v): %q %v; want a read timeout", inBody, body, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("the read timeout of 100ms took %v", d)
		}
		if code := <-resets; code != http2.ErrCodeCancel {
			t.Errorf("the server got RST_STREAM %v; want CANCEL", code)
		}
	}
}

// A connection whose server does not answer a PING is closed, failing its
// streams; one that answers is kept, idle or not.
func TestH2Ping(t *testing.T) {
	t.Parallel()
	for _, answer := range []bool{false, true} {
		base, conns := frameServer(t, nil, func(p *h2Peer) {
			p.noPingAck = !answer
			for {
				id, err := p.request()
				if err != nil {
					return
				}
				if answer {
					p.reply(id, "ok")
				}
			}
		})
		tr := h2cTransport(t)
		wire.SetH2Health(tr, 50*time.Millisecond, 50*time.Millisecond)
		_, body, err := get(t, tr, base, nil)
		if !answer {
			if err == nil || !strings.Contains(err.Error(), "PING") {
				t.Errorf("unanswered PING: %q %v; want the connection lost", body, err)
			}
			continue
		}
		time.Sleep(300 * time.Millisecond) // idle: checked by PINGs
		if _, body, err = get(t, tr, base, nil); err != nil || body != "ok" {
			t.Errorf("after answered PINGs: %q %v", body, err)
		}
		if n := conns.Load(); n != 1 {
			t.Errorf("answered PINGs: %d connections; want 1", n)
		}
	}
}

// Cancelling the context fails the exchange with its cause and resets
// the stream; so does closing a body before its end.
func TestH2CancelResetsTheStream(t *testing.T) {
	cause := errors.New("the caller gave up")
	resets := make(chan http2.ErrCode, 2)
	base, _ := frameServer(t, nil, func(p *h2Peer) {
		for i := 0; ; i++ {
			id, err := p.request()
			if err != nil {
				return
			}
			if i == 1 {
				p.head(id, false, "200")
				p.fr.WriteData(id, false, make([]byte, 10000))
			}
			code, ok := waitReset(p, id)
			if !ok {
				return
			}
			resets <- code
		}
	})
	tr := h2cTransport(t)
	ctx, cancel := context.WithCancelCause(context.Background())
	time.AfterFunc(50*time.Millisecond, func() { cancel(cause) })
	u, _ := url.Parse(base)
	var resp http.Response
	err := tr.RoundTrip(ctx, &wire.Request{Method: "GET", URL: u}, &resp)
	if !errors.Is(err, cause) {
		t.Errorf("cancelled: %v; want its cause", err)
	}
	if code := <-resets; code != http2.ErrCodeCancel {
		t.Errorf("cancelled: RST_STREAM %v; want CANCEL", code)
	}
	if err := tr.RoundTrip(context.Background(), &wire.Request{Method: "GET", URL: u}, &resp); err != nil {
		t.Fatal(err)
	}
	resp.Body.Read(make([]byte, 10))
	resp.Body.Close()
	if code := <-resets; code != http2.ErrCodeCancel {
		t.Errorf("closed body: RST_STREAM %v; want CANCEL", code)
	}
}

// A body that is not as long as its Content-Length says is an error.
func TestH2ContentLengthMismatch(t *testing.T) {
	base, _ := frameServer(t, nil, func(p *h2Peer) {
		for i := 0; ; i++ {
			id, err := p.request()
			if err != nil {
				return
			}
			p.head(id, false, "200", "content-length", "4")
			p.fr.WriteData(id, true, []byte([]string{"abc", "abcde"}[i%2]))
		}
	})
	tr := h2cTransport(t)
	for _, what := range []string{"short", "long"} {
		_, body, err := get(t, tr, base, nil)
		var pe *wire.ProtocolError
		if !errors.As(err, &pe) {
			t.Errorf("a %s body: %q %v; want a ProtocolError", what, body, err)
		}
	}
}

// A connection full under SETTINGS_MAX_CONCURRENT_STREAMS is passed over:
// another one is made.
func TestH2MaxConcurrentStreams(t *testing.T) {
	base, conns := frameServer(t, []http2.Setting{{ID: http2.SettingMaxConcurrentStreams, Val: 1}}, func(p *h2Peer) {
		for {
			id, err := p.request()
			if err != nil {
				return
			}
			p.head(id, false, "200")
			p.fr.WriteData(id, false, []byte("held"))
		}
	})
	tr := h2cTransport(t)
	u, _ := url.Parse(base)
	var held [3]http.Response
	for i := range held {
		if err := tr.RoundTrip(context.Background(), &wire.Request{Method: "GET", URL: u}, &held[i]); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			held[0].Body.Close() // its SETTINGS read: from now on the connection is full with one stream
		}
	}
	for i := range held[1:] {
		held[i+1].Body.Close()
	}
	if n := conns.Load(); n != 2 {
		t.Errorf("%d connections; want 2 (the first stream's, free again, held by the second; the third's)", n)
	}
}

// An upload that goes on, slowly, is no silence: each part restarts the
// read timeout.
func TestH2SlowUploadIsNoSilence(t *testing.T) {
	t.Parallel()
	const size = 100 << 10
	base, _ := frameServer(t, []http2.Setting{{ID: http2.SettingInitialWindowSize, Val: 16 << 10}}, func(p *h2Peer) {
		id, err := p.request() // the warm-up
		if err != nil {
			return
		}
		p.reply(id, "warm")
		if id, err = p.request(); err != nil {
			return
		}
		n := 0
		for {
			f, err := p.next()
			if err != nil {
				return
			}
			d, ok := f.(*http2.DataFrame)
			if !ok {
				continue
			}
			n += len(d.Data())
			if d.StreamEnded() {
				break
			}
			if len(d.Data()) > 0 {
				time.Sleep(30 * time.Millisecond)
				p.fr.WriteWindowUpdate(0, uint32(len(d.Data())))
				p.fr.WriteWindowUpdate(id, uint32(len(d.Data())))
			}
		}
		p.reply(id, strconv.Itoa(n))
		io.Copy(io.Discard, p.c)
	})
	tr := h2cTransport(t)
	if _, body, err := get(t, tr, base, nil); err != nil || body != "warm" {
		t.Fatalf("warm-up: %q %v", body, err)
	}
	start := time.Now()
	_, body, err := get(t, tr, base, func(r *wire.Request) {
		r.Method, r.Body, r.ContentLength = "POST", bytes.NewReader(make([]byte, size)), size
		r.ReadTimeout = 100 * time.Millisecond
	})
	if err != nil || body != strconv.Itoa(size) {
		t.Errorf("a slow upload over %v: %q %v; want it whole", time.Since(start), body, err)
	}
}

// An RST_STREAM other than REFUSED_STREAM fails its stream, not the
// connection, and is not retried.
func TestH2ResetFailsTheStream(t *testing.T) {
	base, conns := frameServer(t, nil, func(p *h2Peer) {
		for i := 0; ; i++ {
			id, err := p.request()
			if err != nil {
				return
			}
			if i == 0 {
				p.fr.WriteRSTStream(id, http2.ErrCodeInternal)
			} else {
				p.reply(id, "ok")
			}
		}
	})
	tr := h2cTransport(t)
	var se http2.StreamError
	if _, _, err := get(t, tr, base, nil); !errors.As(err, &se) || se.Code != http2.ErrCodeInternal {
		t.Errorf("reset stream: %v; want its INTERNAL_ERROR", err)
	}
	if _, body, err := get(t, tr, base, nil); err != nil || body != "ok" {
		t.Errorf("next: %q %v", body, err)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections; want 1", n)
	}
}
