package requests

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"time"
)

// hop is one request/response exchange: its context, the read watchdog,
// the response and its body and what its errors are called, in one
// allocation.
// A hop is the context its request carries: it answers hopKey with itself,
// so that the dialer finds the connect timeout.
type hop struct {
	hopCtx   // the exchange's own cancelable context
	connect  time.Duration
	wd       watchdog
	trace    httptrace.ClientTrace
	timing   Timing
	clock    hopClock
	timingMu sync.Mutex
	body     body
	upload   uploadBody
	resp     Response
	proxy    *url.URL         // the proxy of this exchange, nil for none
	pr       *PreparedRequest // what is sent
}

func newHop(ctx context.Context, pr *PreparedRequest, t *Timeout) *hop {
	h := &hop{connect: limit(t.Connect, DefaultConnectTimeout), pr: pr}
	h.initContext(ctx)
	if read := limit(t.Read, DefaultReadTimeout); read > 0 {
		// Until a connection is had, the connect timeout governs; the
		// watchdog is a backstop for transports that do not trace.
		first := h.connect + read
		if h.connect == 0 {
			first = NoTimeout
		}
		h.wd.start(h, read, first)
	}
	return h
}

// mark and since record a Timing instant and duration. net/http may finish
// a dial in the background for a request that got a pooled connection
// meanwhile, so the hooks can run at any time: they take the lock.
func (h *hop) mark(t *time.Duration) {
	h.timingMu.Lock()
	*t = h.clock.now()
	h.timingMu.Unlock()
}

func (h *hop) since(d *time.Duration, from *time.Duration) {
	h.timingMu.Lock()
	*d = h.clock.now() - *from
	h.timingMu.Unlock()
}

// hopClock holds the instants a Timing is measured between, as times since
// start on the monotonic clock; zero is "not yet".
type hopClock struct {
	start                                     time.Duration // since monoBase
	gotConn, dnsStart, connectStart, tlsStart time.Duration
}

func (c *hopClock) now() time.Duration { return max(monoNow()-c.start, 1) }

// hadConn reports whether the exchange got a connection.
func (h *hop) hadConn() bool {
	h.timingMu.Lock()
	defer h.timingMu.Unlock()
	return h.clock.gotConn != 0
}

// timingNow returns the Timing so far; a reused connection has no dial
// times (a dial still running was for another connection).
func (h *hop) timingNow() Timing {
	h.timingMu.Lock()
	defer h.timingMu.Unlock()
	t := h.timing
	if t.Reused {
		t.DNS, t.Connect, t.TLS = 0, 0, 0
	}
	return t
}

// Value answers hopKey with the hop itself, and httptrace's key with the
// hop's trace when the hop carries it itself (see requestContext).
func (h *hop) Value(key any) any {
	if _, ok := key.(hopKey); ok {
		return h
	}
	switch {
	case key == traceKey && h.ownTrace:
		return &h.trace
	case key == cancelCtxKey:
		return nil // context.Cause(h) is h.Err(), not the parent's cause
	}
	return h.hopCtx.parent.Value(key)
}

// requestContext is the context the request carries: the hop, traced for
// the watchdog and the Timing. The trace has as few hooks as will do, since
// each is an allocation on every request: the dialers time DNS, connect and
// TLS themselves (dialTrace), and only a TLS tunnel through a proxy, which
// net/http handshakes, needs the TLS hooks here.
func (h *hop) requestContext() context.Context {
	h.trace = httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			h.timingMu.Lock()
			h.clock.gotConn, h.timing.Reused = h.clock.now(), info.Reused
			h.timingMu.Unlock()
			h.wd.arm()
		},
		GotFirstResponseByte: func() { h.mark(&h.timing.FirstByte) },
	}
	if h.proxy != nil {
		h.trace.TLSHandshakeStart = func() { h.mark(&h.clock.tlsStart) }
		h.trace.TLSHandshakeDone = func(tls.ConnectionState, error) { h.since(&h.timing.TLS, &h.clock.tlsStart) }
	}
	if traceKey != nil && httptrace.ContextClientTrace(h.hopCtx.parent) == nil {
		h.ownTrace = true // the hop answers for its trace
		return h
	}
	// The caller's context has a trace of its own: WithClientTrace calls
	// both.
	return httptrace.WithClientTrace(h, &h.trace)
}

// dialTrace traces a dial made for the hop: DNS and connect times.
func (h *hop) dialTrace(ctx context.Context) context.Context {
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		DNSStart:     func(httptrace.DNSStartInfo) { h.mark(&h.clock.dnsStart) },
		DNSDone:      func(httptrace.DNSDoneInfo) { h.since(&h.timing.DNS, &h.clock.dnsStart) },
		ConnectStart: func(string, string) { h.mark(&h.clock.connectStart) },
		ConnectDone:  func(string, string, error) { h.since(&h.timing.Connect, &h.clock.connectStart) },
	})
}

// done ends the exchange, releasing its timer and context.
func (h *hop) done() {
	h.wd.end()
	h.cancel(errExchangeDone)
}

// errExchangeDone is the cause with which a finished exchange's context is
// cancelled.
var errExchangeDone = errors.New("requests: exchange finished")

// fail classifies an error of the exchange. wire says whether the
// connection failed (as opposed to a content decoder); body says whether the
// headers had arrived.
func (h *hop) fail(err error, body, wire bool) *Error {
	e := &Error{Method: h.pr.Method, URL: redactURL(h.pr.URL), Err: err}
	cause := h.causeOf()
	switch {
	case h.wd.fired():
		e.Kind, e.Err = ErrReadTimeout, cause
	case cause != nil && cause != errExchangeDone:
		e.Kind, e.Err = ErrRequest, cause
		if errors.Is(cause, context.DeadlineExceeded) {
			e.Kind = ErrTimeout
		}
	case body && !wire:
		e.Kind = ErrContentDecoding
	case body:
		e.Kind = ErrChunkedEncoding
	default:
		e.Kind = connectionKind(err)
		var opErr *net.OpError
		if h.proxy != nil && e.Kind != ErrConnectTimeout && e.Kind != ErrSSL &&
			(!h.hadConn() || errors.As(err, &opErr) && opErr.Op == "proxyconnect") {
			e.Kind = ErrProxy // the proxy failed before a connection through it was had
		}
	}
	return e
}

// connectionKind names a failure before the response headers.
func connectionKind(err error) error {
	var (
		unknownAuthority x509.UnknownAuthorityError
		hostname         x509.HostnameError
		invalid          x509.CertificateInvalidError
		verification     *tls.CertificateVerificationError
		record           tls.RecordHeaderError
		alert            tls.AlertError
		netErr           net.Error
		opErr            *net.OpError
	)
	switch {
	case errors.As(err, &verification), errors.As(err, &unknownAuthority), errors.As(err, &hostname),
		errors.As(err, &invalid), errors.As(err, &record), errors.As(err, &alert):
		return ErrSSL
	case errors.As(err, &opErr) && (opErr.Op == "remote error" || opErr.Op == "local error"):
		// crypto/tls reports TLS alerts, sent or received, this way.
		return ErrSSL
	case errors.As(err, &netErr) && netErr.Timeout():
		// The transport enforces no other timeout before the headers than
		// the dial's and the TLS handshake's.
		return ErrConnectTimeout
	}
	return ErrConnection
}

// exchange sends pr once, without following redirects, and returns the
// response with its body unread.
func (s *Session) exchange(ctx context.Context, pr *PreparedRequest, cfg *config) (*Response, error) {
	rt, err := s.transportFor(pr, cfg)
	if err != nil {
		return nil, err
	}
	proxy, err := selectProxy(pr.URL, cfg)
	if err != nil {
		return nil, err
	}
	h := newHop(ctx, pr, &cfg.timeout)
	h.proxy = proxy
	req, err := h.request(pr, cfg.uploadProgress)
	if err != nil {
		h.done()
		return nil, err
	}
	h.clock.start = monoNow() // before RoundTrip, so before any hook runs
	raw, err := rt.RoundTrip(req)
	elapsed := monoNow() - h.clock.start
	h.wd.pause()
	if err != nil {
		e := h.fail(err, false, true)
		h.done()
		if cfg.logger != nil {
			logExchange(ctx, cfg.logger, pr, nil, elapsed, e)
		}
		return nil, e
	}
	if raw.Body == nil {
		raw.Body = http.NoBody // a mounted RoundTripper may leave it nil
	}
	resp := &h.resp
	*resp = Response{
		StatusCode: raw.StatusCode,
		Header:     raw.Header,
		URL:        pr.URL,
		Elapsed:    elapsed,
		Request:    pr,
		Proto:      raw.Proto,
		Timing:     h.timingNow(),
		status:     raw.Status,
	}
	resp.Encoding = encodingFromHeader(raw.Header)
	resp.body = newBody(h, raw, cfg.decompressionLimit)
	if cfg.logger != nil {
		logExchange(ctx, cfg.logger, pr, resp, elapsed, nil)
	}
	return resp, nil
}

// request builds the *http.Request for pr.
func (h *hop) request(pr *PreparedRequest, progress func(sent, total int64)) (*http.Request, error) {
	u := pr.URL
	if u.User != nil || u.Fragment != "" {
		c := *u
		c.User, c.Fragment, c.RawFragment = nil, "", ""
		u = &c
	}
	req := (&http.Request{
		Method:     pr.Method,
		URL:        u,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     pr.Header,
		Host:       u.Host,
	}).WithContext(h.requestContext())
	ownHeader := false // req.Header is pr.Header until it must differ
	if len(pr.Header["Proxy-Authorization"]) > 0 && (h.proxy == nil || u.Scheme != "http" || !strings.HasPrefix(h.proxy.Scheme, "http")) {
		// A Proxy-Authorization header set by hand goes only to an http
		// proxy forwarding an http request; through a tunnel it would reach
		// the origin (CVE-2023-32681). Credentials in the proxy URL are sent
		// by net/http, on the CONNECT.
		req.Header, ownHeader = pr.Header.Clone(), true
		delete(req.Header, "Proxy-Authorization")
	}
	if _, ok := pr.Header["User-Agent"]; !ok {
		// Dropped on purpose (DropHeaders): net/http would send its own
		// unless the header is there and empty.
		if !ownHeader {
			req.Header = pr.Header.Clone()
		}
		req.Header["User-Agent"] = []string{""}
	}
	if host := pr.Header["Host"]; len(host) > 0 && host[0] != "" {
		req.Host = host[0] // net/http sends Request.Host, never Header["Host"]
	}
	rc, err := pr.payload.open()
	if err != nil {
		return nil, err
	}
	if rc != nil {
		if pr.payload.bytes != nil && len(pr.payload.bytes) <= smallBody && progress == nil {
			// net/http writes a body it knows to be in memory with the
			// headers, in one segment; behind uploadBody it would flush
			// the headers on their own first. Such a body leaves at once:
			// the watchdog need not be kept quiet while it is sent.
			req.Body = rc
		} else {
			h.upload = uploadBody{ReadCloser: rc, wd: &h.wd, progress: progress, total: pr.payload.length}
			req.Body = &h.upload
		}
		req.ContentLength = pr.payload.length
		if pr.payload.bytes != nil {
			b := pr.payload.bytes
			req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
		}
	} else if pr.Method != http.MethodGet && pr.Method != http.MethodHead {
		// requests sends Content-Length: 0 for every bodiless method but
		// GET and HEAD; net/http does so for DELETE and the others only
		// when the transfer coding is spelled out as identity.
		req.Body = http.NoBody
		req.TransferEncoding = identity
	}
	return req, nil
}

var identity = []string{"identity"}

// smallBody is the size up to which a request body in memory is handed to
// net/http as it is (see hop.request).
const smallBody = 64 << 10

// uploadBody keeps the watchdog quiet while the request body is being
// sent, and reports progress. Its last read (EOF) arms the watchdog for the
// wait for the response.
type uploadBody struct {
	io.ReadCloser
	wd       *watchdog
	progress func(sent, total int64)
	sent     int64
	total    int64
}

func (u *uploadBody) Read(p []byte) (int, error) {
	n, err := u.ReadCloser.Read(p)
	u.wd.arm()
	if n > 0 {
		u.sent += int64(n)
		if u.progress != nil {
			u.progress(u.sent, u.total)
		}
	}
	return n, err
}
