package requests

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-requests/requests/internal/charset"
	"github.com/go-requests/requests/internal/wire"
)

// hopSettings is what an exchange needs of a call's options, worked out
// once per call: the one layer below the redirect and retry rules takes
// this, not the whole config.
type hopSettings struct {
	transport          http.RoundTripper // given with Transport; nil for the engine
	tls                tlsSettings       // as given: resolved against the environment for https only
	proxies            Proxies
	trustEnv           bool
	connect, read      time.Duration // 0 for no limit
	uploadProgress     func(sent, total int64)
	decompressionLimit int64
	logger             *slog.Logger
	wraps              []func(http.RoundTripper) http.RoundTripper
	requestHooks       []func(*PreparedRequest) error
	unixSocket         string
	h2c                bool
}

// hopSettings works out the settings of each exchange of a call.
func (c *config) hopSettings() hopSettings {
	trustEnv := c.trustEnv != no
	return hopSettings{
		transport:          c.transport,
		tls:                c.tls,
		proxies:            c.proxies,
		trustEnv:           trustEnv,
		connect:            limit(c.timeout.Connect, DefaultConnectTimeout),
		read:               limit(c.timeout.Read, DefaultReadTimeout),
		uploadProgress:     c.uploadProgress,
		decompressionLimit: c.decompressionLimit,
		logger:             c.logger,
		wraps:              c.wraps,
		requestHooks:       c.requestHooks,
		unixSocket:         c.unixSocket,
		h2c:                c.h2c,
	}
}

// exchange is one request and its response, without redirects: what is
// sent, the response, its body, and how its errors are named, in one
// allocation.
type exchange struct {
	pr       *PreparedRequest
	proxy    *url.URL // the proxy chosen for it, nil for none
	req      wire.Request
	timing   wire.Timing
	raw      http.Response
	resp     Response
	body     body
	upload   uploadBody
	payload  io.Closer // the request body, closed when the exchange ends
	settings *hopSettings
	engine   *wire.Transport // the engine underneath wrappers, nil for another RoundTripper
	// Set over a RoundTripper other than the engine, which enforces the
	// read timeout itself.
	timer *readTimer
}

// exchange sends pr once, without following redirects, and returns the
// response with its body unread.
func (s *Session) exchange(ctx context.Context, pr *PreparedRequest, hs *hopSettings) (*Response, error) {
	for _, hook := range hs.requestHooks {
		if err := hook(pr); err != nil {
			return nil, userError("RequestHook", pr, err)
		}
	}
	rt, wt, err := s.transportFor(pr, hs)
	if err != nil {
		return nil, err
	}
	x := &exchange{pr: pr, settings: hs}
	if wt != nil && hs.unixSocket == "" {
		if x.proxy, err = selectProxy(pr.URL, hs); err != nil {
			return nil, err
		}
	}
	rc, err := pr.payload.open()
	if err != nil {
		return nil, err
	}
	if rc != nil {
		x.payload = rc
	}
	start := monoNow()
	switch {
	case len(hs.wraps) > 0:
		// Middleware around the transport: the engine, when it is
		// underneath, is reached as a RoundTripper and keeps its own
		// timeouts.
		if wt != nil {
			rt = engineRoundTripper{wt}
			x.engine = wt
		}
		ctx = context.WithValue(ctx, exchangeKey{}, x) // for the engine and HopOf
		for i := len(hs.wraps) - 1; i >= 0; i-- {
			rt = hs.wraps[i](rt)
		}
		if rt == nil {
			err = errorf(ErrRequest, "WrapTransport: a wrapper returned a nil RoundTripper")
		} else {
			// The read timer runs even with the engine underneath: a
			// wrapper may answer without it (an HTTP/3 transport, a
			// cache), and the timeouts must hold all the same.
			err = x.viaRoundTripper(ctx, rt, rc, hs)
		}
	case wt != nil:
		err = x.viaEngine(ctx, wt, rc, hs)
	default:
		err = x.viaRoundTripper(ctx, rt, rc, hs)
	}
	elapsed := monoNow() - start
	if err != nil {
		e := x.fail(err, beforeBody)
		x.done()
		if hs.logger != nil {
			logExchange(ctx, hs.logger, pr, nil, elapsed, e)
		}
		return nil, e
	}
	raw := &x.raw
	if raw.Body == nil {
		raw.Body = http.NoBody // a mounted RoundTripper may leave it nil
	}
	if raw.ProtoMajor == 2 {
		delete(pr.Header, "Connection") // not sent on HTTP/2: the request says what was sent
	}
	resp := &x.resp
	*resp = Response{
		StatusCode: raw.StatusCode,
		Header:     raw.Header,
		URL:        pr.URL,
		Elapsed:    elapsed,
		Request:    pr,
		Proto:      raw.Proto,
		Timing:     Timing(x.timing),
		status:     raw.Status,
	}
	if resp.Timing.Reused {
		resp.Timing.DNS, resp.Timing.Connect, resp.Timing.TLS = 0, 0, 0
	}
	resp.Encoding = charset.FromHeader(raw.Header)
	x.body.init(x, raw, hs.decompressionLimit)
	resp.body = &x.body
	if hs.logger != nil {
		logExchange(ctx, hs.logger, pr, resp, elapsed, nil)
	}
	return resp, nil
}

// viaEngine makes the exchange with the library's own engine.
func (x *exchange) viaEngine(ctx context.Context, wt *wire.Transport, rc io.ReadCloser, hs *hopSettings) error {
	pr := x.pr
	req := &x.req
	*req = wire.Request{
		Method:         pr.Method,
		URL:            pr.URL,
		Header:         pr.Header,
		Proxy:          x.proxy,
		ConnectTimeout: hs.connect,
		ReadTimeout:    hs.read,
		Timing:         &x.timing,
	}
	if len(pr.Header["Proxy-Authorization"]) > 0 && !x.forwardsToProxy() {
		req.Header = pr.Header.Clone()
		delete(req.Header, "Proxy-Authorization")
	}
	if host := pr.Header["Host"]; len(host) > 0 && host[0] != "" {
		req.Host = host[0]
	}
	switch {
	case rc != nil:
		req.Body, req.ContentLength = x.uploadReader(rc, hs.uploadProgress), pr.payload.length
		if b := pr.payload.bytes; b != nil {
			req.GetBody = func() (io.Reader, error) { return bytes.NewReader(b), nil }
		}
	case pr.Method != http.MethodGet && pr.Method != http.MethodHead:
		// requests sends Content-Length: 0 for every bodiless method but
		// GET and HEAD.
		req.Body = http.NoBody
	}
	return wt.RoundTrip(ctx, req, &x.raw)
}

// forwardsToProxy reports whether the request goes, in the clear, to an
// http proxy that forwards it: only then may a Proxy-Authorization header
// set by hand be sent. Through a tunnel it would reach the origin
// (CVE-2023-32681); credentials in the proxy URL are sent on the CONNECT.
func (x *exchange) forwardsToProxy() bool {
	return x.proxy != nil && x.pr.URL.Scheme == "http" && strings.HasPrefix(x.proxy.Scheme, "http")
}

// uploadReader returns the reader a request body is sent from: rc itself,
// or a reader that reports progress.
func (x *exchange) uploadReader(rc io.Reader, progress func(sent, total int64)) io.Reader {
	if progress == nil && x.timer == nil {
		return rc
	}
	x.upload = uploadBody{r: rc, timer: x.timer, progress: progress, total: x.pr.payload.length}
	return &x.upload
}

// viaRoundTripper makes the exchange with a mounted RoundTripper or the one
// given with Transport. The read timeout is a timer that cancels the
// request's context.
func (x *exchange) viaRoundTripper(ctx context.Context, rt http.RoundTripper, rc io.ReadCloser, hs *hopSettings) error {
	connect := hs.connect
	ctx, cancel := context.WithCancelCause(ctx)
	x.timer = &readTimer{cancel: cancel, cause: func() error { return context.Cause(ctx) }}
	if read := hs.read; read > 0 {
		x.timer.d = read
		first := read + connect
		if connect == 0 {
			first = 0 // no bound on connecting: the timer starts with the connection
		}
		x.timer.start(first)
	}
	ctx = httptrace.WithClientTrace(ctx, x.trace())
	req, err := x.request(ctx, rc, hs.uploadProgress)
	if err != nil {
		return err
	}
	raw, err := rt.RoundTrip(req)
	x.timer.pause()
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
// middleware of WrapTransport: the exchange it serves comes with the
// request's context, for its proxy, timeouts and Timing.
type engineRoundTripper struct{ wt *wire.Transport }

func (e engineRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	x, ok := req.Context().Value(exchangeKey{}).(*exchange)
	if !ok {
		return nil, errors.New("requests: the engine got a request that is not the Session's (a wrapper must pass the request it was given, or a clone of it, to next)")
	}
	wr := &x.req
	*wr = wire.Request{
		Method:         req.Method,
		URL:            req.URL,
		Host:           req.Host,
		Header:         req.Header,
		ContentLength:  req.ContentLength,
		Proxy:          x.proxy,
		ConnectTimeout: x.settings.connect,
		ReadTimeout:    x.settings.read,
		Timing:         &x.timing,
	}
	if wr.Host == req.URL.Host {
		wr.Host = ""
	}
	if ua, ok := req.Header["User-Agent"]; ok && len(ua) == 1 && ua[0] == "" {
		wr.Header = req.Header.Clone() // the empty User-Agent that keeps net/http's own out
		delete(wr.Header, "User-Agent")
	}
	if req.Body != nil && req.Body != http.NoBody {
		wr.Body = req.Body
		if req.ContentLength == 0 {
			wr.ContentLength = -1
		}
		if req.GetBody != nil {
			wr.GetBody = func() (io.Reader, error) { return req.GetBody() }
		}
	} else if req.Method != http.MethodGet && req.Method != http.MethodHead {
		wr.Body, wr.ContentLength = http.NoBody, 0
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
			x.timer.arm()
		},
		GotFirstResponseByte: func() { mu.Lock(); t.FirstByte = time.Since(start); mu.Unlock() },
	}
}

// request builds the *http.Request for a RoundTripper.
func (x *exchange) request(ctx context.Context, rc io.ReadCloser, progress func(sent, total int64)) (*http.Request, error) {
	pr := x.pr
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
		Header:     pr.Header.Clone(),
		Host:       u.Host,
	}).WithContext(ctx)
	delete(req.Header, "Proxy-Authorization") // a RoundTripper's proxy is its own business
	if _, ok := req.Header["User-Agent"]; !ok {
		// Dropped on purpose (DropHeaders): net/http would send its own
		// unless the header is there and empty.
		req.Header["User-Agent"] = []string{""}
	}
	if host := pr.Header["Host"]; len(host) > 0 && host[0] != "" {
		req.Host = host[0] // net/http sends Request.Host, never Header["Host"]
	}
	if rc != nil {
		req.Body = io.NopCloser(x.uploadReader(rc, progress))
		req.ContentLength = pr.payload.length
		if pr.payload.bytes != nil {
			b := pr.payload.bytes
			req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
		}
	} else if pr.Method != http.MethodGet && pr.Method != http.MethodHead {
		// net/http sends Content-Length: 0 for DELETE and the others only
		// when the transfer coding is spelled out as identity.
		req.Body = http.NoBody
		req.TransferEncoding = identity
	}
	return req, nil
}

var identity = []string{"identity"}

// done ends the exchange: its read timer and context, and the request
// body.
func (x *exchange) done() {
	if x.timer != nil {
		x.timer.end()
	}
	if x.payload != nil {
		x.payload.Close()
		x.payload = nil
	}
}

// Where an exchange failed, for naming its error.
type phase uint8

const (
	beforeBody   phase = iota // before the response headers
	inBody                    // reading the body from the connection
	decodingBody              // decoding the body's content coding
)

// fail names an error of the exchange.
func (x *exchange) fail(err error, at phase) *Error {
	e := &Error{Method: x.pr.Method, URL: redactURL(x.pr.URL), Err: err}
	var (
		we      *wire.Error
		invalid *wire.InvalidError
		bad     *wire.ProtocolError
	)
	cause := x.cause(err)
	switch {
	case errors.As(err, &invalid):
		e.Kind = ErrInvalidHeader
		if invalid.What == "request target" || invalid.What == "method" {
			e.Kind = ErrInvalidURL
		}
	case errors.As(err, &bad) && bad.Field != "":
		e.Kind = ErrInvalidHeader // Content-Length values that conflict, as requests names them
	case x.timer != nil && x.timer.fired():
		e.Kind, e.Err = ErrReadTimeout, &wire.TimeoutError{Limit: x.timer.d}
	case cause != nil:
		e.Kind, e.Err = ErrRequest, cause
		if errors.Is(cause, context.DeadlineExceeded) {
			e.Kind = ErrTimeout
		}
	case at == decodingBody:
		e.Kind = ErrContentDecoding
	case errors.As(err, &we):
		e.Kind = engineKind(we)
		if e.Kind == ErrConnection && at == beforeBody && x.forwardsToProxy() {
			e.Kind = ErrProxy // the forwarding proxy failed to answer, as requests says
		}
	case at == inBody:
		e.Kind = ErrChunkedEncoding
	default:
		e.Kind = connectionKind(err)
	}
	return e
}

// cause returns why the caller's context ended the exchange, or nil when
// it did not.
func (x *exchange) cause(err error) error {
	if x.timer != nil {
		if c := x.timer.cause(); c != nil && c != errExchangeDone {
			return c
		}
		return nil
	}
	var we *wire.Error
	if errors.As(err, &we) && (errors.Is(we.Err, context.Canceled) || errors.Is(we.Err, context.DeadlineExceeded)) {
		return we.Err
	}
	return nil
}

// engineKind names an error of the engine by the phase it happened in.
func engineKind(e *wire.Error) error {
	var timeout *wire.TimeoutError
	isTimeout := errors.As(e.Err, &timeout)
	switch e.Op {
	case "dial", "tls":
		return connectionKind(e.Err)
	case "proxy":
		if k := connectionKind(e.Err); k != ErrConnection {
			return k
		}
		return ErrProxy
	case "body":
		if isTimeout {
			return ErrReadTimeout
		}
		return ErrChunkedEncoding
	}
	if isTimeout {
		return ErrReadTimeout
	}
	if connectionKind(e.Err) == ErrSSL {
		return ErrSSL // under TLS 1.3 a refused client certificate comes with the first read
	}
	return ErrConnection
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
		timeout          *wire.TimeoutError
	)
	switch {
	case errors.As(err, &verification), errors.As(err, &unknownAuthority), errors.As(err, &hostname),
		errors.As(err, &invalid), errors.As(err, &record), errors.As(err, &alert):
		return ErrSSL
	case errors.As(err, &opErr) && (opErr.Op == "remote error" || opErr.Op == "local error"):
		// crypto/tls reports TLS alerts, sent or received, this way.
		return ErrSSL
	case errors.As(err, &timeout) && !timeout.Connect:
		return ErrReadTimeout
	case errors.As(err, &netErr) && netErr.Timeout():
		// Before the headers, a RoundTripper enforces no other timeout
		// than the dial's and the TLS handshake's.
		return ErrConnectTimeout
	}
	return ErrConnection
}

// readTimer enforces the read timeout over a RoundTripper other than the
// engine: it runs while the client waits on the server and cancels the
// request's context when a silence outlasts d. The engine needs none: it
// sets deadlines on its connections.
type readTimer struct {
	d      time.Duration // 0: no read timeout
	timer  *time.Timer
	cancel context.CancelCauseFunc
	cause  func() error // context.Cause of the request's context
	mu     sync.Mutex
	hit    bool
}

func (t *readTimer) start(first time.Duration) {
	t.timer = time.AfterFunc(NoTimeout, t.expire)
	if first > 0 {
		t.timer.Reset(first)
	} else {
		t.timer.Stop()
	}
}

func (t *readTimer) expire() {
	t.mu.Lock()
	t.hit = true
	t.mu.Unlock()
	t.cancel(&wire.TimeoutError{Limit: t.d})
}

// fired reports whether the timer cancelled the exchange.
func (t *readTimer) fired() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.hit
}

// arm starts, or restarts, the countdown.
func (t *readTimer) arm() {
	if t.timer != nil {
		t.timer.Reset(t.d)
	}
}

// pause stops the countdown.
func (t *readTimer) pause() {
	if t.timer != nil {
		t.timer.Stop()
	}
}

// end stops the timer and cancels the exchange's context.
func (t *readTimer) end() {
	t.pause()
	t.cancel(errExchangeDone)
}

// errExchangeDone is the cause with which a finished exchange's context is
// cancelled.
var errExchangeDone = errors.New("requests: exchange finished")

// uploadBody reports the progress of a request body, and keeps a read
// timer quiet while the body is being sent: its last read (EOF) arms the
// timer for the wait for the response.
type uploadBody struct {
	r        io.Reader
	timer    *readTimer
	progress func(sent, total int64)
	sent     int64
	total    int64
}

func (u *uploadBody) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	if u.timer != nil {
		u.timer.arm()
	}
	if n > 0 {
		u.sent += int64(n)
		if u.progress != nil {
			u.progress(u.sent, u.total)
		}
	}
	return n, err
}
