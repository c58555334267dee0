package requests

// This file makes an exchange over an http.RoundTripper: one given with
// Transport or Mount, or the middleware of WrapTransport (with the engine
// reached through engineRoundTripper underneath), under a read timer that
// cancels the request's context.

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"net/http/httptrace"
	"sync"
	"time"

	"github.com/go-requests/requests/internal/wire"
)

// viaRoundTripper makes the exchange with a mounted RoundTripper or the one
// given with Transport. The read timeout is a timer that cancels the
// request's context.
func (x *exchange) viaRoundTripper(ctx context.Context, rt http.RoundTripper, rc io.ReadCloser, hs *exchangeSettings) error {
	ctx, cancel := context.WithCancelCause(ctx)
	x.timer = &readTimer{SilenceTimer: wire.NewSilenceTimer(hs.read, cancel), cancel: cancel, cause: func() error { return context.Cause(ctx) }}
	if hs.connect > 0 {
		// The RoundTripper dials by itself: the first silence may include
		// making the connection. With no bound on connecting, the timer
		// starts with the connection (GotConn).
		x.timer.ArmFor(hs.read + hs.connect)
	}
	// Only the cache over the engine: the engine fills Timing itself and
	// needs no net/http quirks. A wrapper may answer by other means (an
	// HTTP/3 transport) and hand the request to net/http-like code.
	native := x.engine != nil && len(hs.wraps) == 0
	if !native || hs.connect == 0 {
		ctx = httptrace.WithClientTrace(ctx, x.trace())
	}
	x.outgoing(rc, hs)
	req := httpRequest(ctx, &x.req, !native)
	raw, err := rt.RoundTrip(req)
	x.timer.Pause()
	if err != nil {
		return err
	}
	if raw == nil {
		return errors.New("the RoundTripper returned neither a response nor an error")
	}
	x.raw = *raw
	return nil
}

// exchangeKey is the context key under which a wrapped transport's request
// carries its exchange down to the engine.
type exchangeKey struct{}

// engineRoundTripper is the engine as an http.RoundTripper, under the
// middleware of WrapTransport. The request's exchange, when its context
// carries it, gives the proxy, timeouts and Timing; a request without it
// (one a wrapper made afresh) gets the Session's settings.
type engineRoundTripper struct {
	wt       *wire.Transport
	defaults *exchangeSettings
}

func (e engineRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	wr := wireRequest(req)
	if x, ok := req.Context().Value(exchangeKey{}).(*exchange); ok && x.engine == e.wt {
		wr.Proxy, wr.ConnectTimeout, wr.ReadTimeout, wr.Timing = x.proxy, x.settings.connect, x.settings.read, &x.timing
	} else {
		hs := e.defaults
		if hs.unixSocket == "" {
			p, err := selectProxy(req.URL, hs)
			if err != nil {
				return nil, err
			}
			wr.Proxy = p
		}
		wr.ConnectTimeout, wr.ReadTimeout = hs.connect, hs.read
	}
	resp := new(http.Response)
	if err := e.wt.RoundTrip(req.Context(), wr, resp); err != nil {
		return nil, err
	}
	resp.Request = req
	return resp, nil
}

// trace times a RoundTripper's exchange, and starts the read timer when it
// has a connection.
func (x *exchange) trace() *httptrace.ClientTrace {
	var mu sync.Mutex // the hooks of a dial may run after the exchange got another connection
	var dnsStart, connectStart, tlsStart, start time.Time
	start = time.Now()
	t := &x.timing
	return &httptrace.ClientTrace{
		DNSStart: func(httptrace.DNSStartInfo) { mu.Lock(); dnsStart = time.Now(); mu.Unlock() },
		DNSDone:  func(httptrace.DNSDoneInfo) { mu.Lock(); t.DNS = time.Since(dnsStart); mu.Unlock() },
		ConnectStart: func(string, string) {
			mu.Lock()
			connectStart = time.Now()
			mu.Unlock()
		},
		ConnectDone: func(string, string, error) { mu.Lock(); t.Connect = time.Since(connectStart); mu.Unlock() },
		TLSHandshakeStart: func() {
			mu.Lock()
			tlsStart = time.Now()
			mu.Unlock()
		},
		TLSHandshakeDone: func(tls.ConnectionState, error) { mu.Lock(); t.TLS = time.Since(tlsStart); mu.Unlock() },
		GotConn: func(info httptrace.GotConnInfo) {
			mu.Lock()
			t.Reused = info.Reused
			mu.Unlock()
			x.timer.Arm()
		},
		GotFirstResponseByte: func() { mu.Lock(); t.FirstByte = time.Since(start); mu.Unlock() },
	}
}

// httpRequest is the *http.Request for a RoundTripper that carries wr,
// and wireRequest its inverse, under the wrappers: what outgoing decided
// goes through net/http's types unchanged. Two quirks of net/http are
// spelled out here and undone there:
//   - it sends a User-Agent of its own unless the header is there and
//     empty: a request whose User-Agent was dropped (DropHeaders) carries
//     an empty one;
//   - it sends Content-Length: 0 for a bodiless DELETE (and the others)
//     only when the transfer coding is spelled out as identity.
//
// For the library's own engine underneath (forNetHTTP false) the header
// is not copied and the quirks are not spelled: wireRequest finds it as
// outgoing left it. A cache hit costs an allocation of the whole header
// less.
func httpRequest(ctx context.Context, wr *wire.Request, forNetHTTP bool) *http.Request {
	u := wr.URL
	if u.User != nil || u.Fragment != "" {
		c := *u
		c.User, c.Fragment, c.RawFragment = nil, "", ""
		u = &c
	}
	req := (&http.Request{
		Method:     wr.Method,
		URL:        u,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     wr.Header,
		Host:       cmp.Or(wr.Host, u.Host), // net/http sends Request.Host, never Header["Host"]
	}).WithContext(ctx)
	if forNetHTTP {
		req.Header = wr.Header.Clone()
		if _, ok := req.Header["User-Agent"]; !ok {
			req.Header["User-Agent"] = []string{""}
		}
	}
	switch {
	case wr.Body == http.NoBody:
		req.Body = http.NoBody
		if forNetHTTP {
			req.TransferEncoding = identity
		}
	case wr.Body != nil:
		req.Body, req.ContentLength = io.NopCloser(wr.Body), wr.ContentLength
		if again := wr.GetBody; again != nil {
			req.GetBody = func() (io.ReadCloser, error) {
				r, err := again()
				return io.NopCloser(r), err
			}
		}
	}
	return req
}

// wireRequest is the inverse of httpRequest, for the engine under the
// wrappers: req may be one httpRequest made, a wrapper's clone of it, or
// a request a wrapper made afresh.
func wireRequest(req *http.Request) *wire.Request {
	wr := &wire.Request{
		Method:        req.Method,
		URL:           req.URL,
		Host:          req.Host,
		Header:        req.Header,
		ContentLength: req.ContentLength,
	}
	if wr.Host == req.URL.Host {
		wr.Host = ""
	}
	if ua, ok := req.Header["User-Agent"]; ok && len(ua) == 1 && ua[0] == "" {
		wr.Header = req.Header.Clone()
		delete(wr.Header, "User-Agent")
	}
	switch {
	case req.Body != nil && req.Body != http.NoBody:
		wr.Body = req.Body
		if req.ContentLength == 0 {
			wr.ContentLength = -1 // net/http's "unknown"
		}
		if req.GetBody != nil {
			wr.GetBody = func() (io.Reader, error) { return req.GetBody() }
		}
	case sendsEmptyBody(req.Method):
		wr.Body, wr.ContentLength = http.NoBody, 0
	}
	return wr
}

var identity = []string{"identity"}

// readTimer enforces the read timeout over a RoundTripper other than the
// engine, which sets deadlines on its connections instead: the silence
// timer cancels the request's context.
type readTimer struct {
	*wire.SilenceTimer
	cancel context.CancelCauseFunc
	cause  func() error // context.Cause of the request's context
}

// end stops the timer and cancels the exchange's context.
func (t *readTimer) end() {
	t.Pause()
	t.cancel(errExchangeDone)
}

// errExchangeDone is the cause with which a finished exchange's context is
// cancelled.
var errExchangeDone = errors.New("requests: exchange finished")
