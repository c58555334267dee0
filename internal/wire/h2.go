//lint:file-ignore SA1019 x/net/http2's ClientConn carries HTTP/2 with Transport.H2Legacy, while the engine's own client connection is new; net/http's http.ClientConn, its suggested replacement, cannot take a connection the engine dialled, through its own proxies and TLS settings.

package wire

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"

	"golang.org/x/net/http2"
)

// h2Pooled is an HTTP/2 connection in the pool: the engine's own h2Conn,
// or x/net's ClientConn with Transport.H2Legacy.
type h2Pooled interface {
	// usable reports whether the connection takes new streams, when not
	// full.
	usable() bool
	// reserve takes a stream slot, unless the connection is full or takes
	// no new streams.
	reserve() bool
	// roundTrip makes an exchange in the slot reserved.
	roundTrip(ctx context.Context, req *Request, resp *http.Response, start time.Time) error
	// closeIdle closes the connection if it carries no stream, else ends
	// it after its last.
	closeIdle()
}

// legacyH2 is x/net's ClientConn in the pool.
type legacyH2 struct {
	t  *Transport
	cc *http2.ClientConn
}

func (l legacyH2) usable() bool  { return l.cc.CanTakeNewRequest() }
func (l legacyH2) reserve() bool { return l.cc.ReserveNewRequest() }

func (l legacyH2) roundTrip(ctx context.Context, req *Request, resp *http.Response, start time.Time) error {
	return l.t.roundTripH2(ctx, l.cc, req, resp, start)
}

func (l legacyH2) closeIdle() {
	if l.cc.State().StreamsActive == 0 {
		l.cc.Close()
	} else {
		l.cc.SetDoNotReuse()
	}
}

// h2Conn returns a pooled HTTP/2 connection for key with a stream reserved
// on it, or nil; it drops the connections that take no more requests. A
// full connection is passed over: the exchange makes another one.
func (t *Transport) h2Conn(key connKey) h2Pooled {
	if key.scheme != "https" && !t.UnencryptedHTTP2 {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	list := t.h2[key]
	if len(list) == 0 {
		return nil
	}
	kept := list[:0]
	var got h2Pooled
	for _, cc := range list {
		if !cc.usable() {
			continue // closed or going away: it leaves the pool
		}
		kept = append(kept, cc)
		if got == nil && cc.reserve() {
			got = cc
		}
	}
	clear(list[len(kept):])
	if len(kept) == 0 {
		delete(t.h2, key)
	} else {
		t.h2[key] = kept
	}
	return got
}

// roundTripH2 makes the exchange on an HTTP/2 connection. The read timeout
// is a silence timer that cancels the stream: it runs while the request
// waits for its response head, restarted by each read of the request body
// (an upload that progresses is no silence, as over HTTP/1.1, where each
// write has the timeout), and around each read of the response body.
func (t *Transport) roundTripH2(ctx context.Context, cc *http2.ClientConn, req *Request, resp *http.Response, start time.Time) error {
	u := *req.URL
	u.User, u.Fragment, u.RawFragment = nil, "", ""
	hreq := &http.Request{
		Method:        req.Method,
		URL:           &u,
		Host:          req.host(),
		Header:        req.Header,
		Proto:         "HTTP/2.0",
		ProtoMajor:    2,
		ContentLength: req.ContentLength,
	}
	ctx, cancel := context.WithCancelCause(ctx)
	s := &legacyStream{cancel: cancel, timer: NewSilenceTimer(req.ReadTimeout, cancel)}
	if req.Body != nil {
		hreq.Body = io.NopCloser(uploadReader{req.Body, s})
		if req.GetBody != nil {
			hreq.GetBody = func() (io.ReadCloser, error) {
				r, err := req.GetBody()
				return io.NopCloser(uploadReader{r, s}), err
			}
		}
	} else {
		hreq.ContentLength = 0
	}
	s.timer.Arm()
	if req.Timing != nil {
		timing := req.Timing
		timing.Reused = true
		ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
			GotConn:              func(info httptrace.GotConnInfo) { timing.Reused = info.Reused },
			GotFirstResponseByte: func() { timing.FirstByte = time.Since(start) },
		})
	}
	hresp, err := cc.RoundTrip(hreq.WithContext(ctx))
	s.gotHead.Store(true)
	s.timer.Pause()
	if err != nil {
		err = s.fail(ctx, "read", &noResponse{err})
		s.end()
		return err
	}
	*resp = http.Response{
		Status:        hresp.Status,
		StatusCode:    hresp.StatusCode,
		Proto:         hresp.Proto,
		ProtoMajor:    hresp.ProtoMajor,
		ProtoMinor:    hresp.ProtoMinor,
		Header:        hresp.Header,
		ContentLength: hresp.ContentLength,
		Trailer:       hresp.Trailer,
		TLS:           hresp.TLS,
	}
	s.body, s.ctx = hresp.Body, ctx
	resp.Body = s
	return nil
}

// uploadReader is the body of an HTTP/2 request: until the response head
// comes, each read restarts the stream's silence timer.
type uploadReader struct {
	r io.Reader
	s *legacyStream
}

func (u uploadReader) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	if !u.s.gotHead.Load() {
		u.s.timer.Arm()
	}
	return n, err
}

// legacyStream is an HTTP/2 exchange's body, read under the read timeout.
type legacyStream struct {
	body    io.ReadCloser
	ctx     context.Context // the stream's, to tell its cancellation from others
	cancel  context.CancelCauseFunc
	timer   *SilenceTimer
	gotHead atomic.Bool // the response head came: the upload no longer arms the timer
	err     error       // sticky
}

func (s *legacyStream) end() {
	s.timer.Pause()
	s.cancel(errStreamDone)
}

var errStreamDone = errors.New("wire: stream done")

// fail names an error of the stream: the read timeout's or the caller's
// context's cause when one of them ended it.
func (s *legacyStream) fail(ctx context.Context, op string, err error) error {
	if s.timer.Fired() || ctx.Err() != nil {
		if cause := context.Cause(ctx); cause != nil && cause != errStreamDone {
			err = cause
		}
	}
	return &Error{Op: op, Err: err}
}

func (s *legacyStream) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	s.timer.Arm()
	n, err := s.body.Read(p)
	s.timer.Pause()
	if err != nil {
		if err != io.EOF {
			err = s.fail(s.ctx, "body", err)
		}
		s.err = err
		s.body.Close()
		s.end()
	}
	return n, err
}

// Abort makes a Read under way in another goroutine return: it cancels
// the stream. It is safe during a Read; Close is called after.
func (s *legacyStream) Abort() { s.cancel(errBodyClosed) }

func (s *legacyStream) Close() error {
	if s.err == nil {
		s.err = errBodyClosed
		s.body.Close()
		s.end()
	}
	return nil
}

// newH2 starts HTTP/2 on nc: the engine's own connection, or x/net's.
func (t *Transport) newH2(nc net.Conn) (h2Pooled, error) {
	if !t.H2Legacy {
		return newH2Conn(t, nc)
	}
	cc, err := t.h2Transport().NewClientConn(nc)
	if err != nil {
		return nil, err
	}
	return legacyH2{t, cc}, nil
}

// h2Transport returns the HTTP/2 settings of the Transport's h2
// connections, made on first use.
func (t *Transport) h2Transport() *http2.Transport {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.h2t == nil {
		t.h2t = &http2.Transport{
			DisableCompression: true, // content decoding is the caller's
			IdleConnTimeout:    t.idleTimeout(),
			ReadIdleTimeout:    30 * time.Second, // health checks of a silent connection
		}
	}
	return t.h2t
}
