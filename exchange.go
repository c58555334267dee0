package requests

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-requests/requests/internal/charset"
	"github.com/go-requests/requests/internal/httpcache"
	"github.com/go-requests/requests/internal/wire"
)

// exchangeSettings is what an exchange needs of a call's options, worked out
// once per call: the one layer below the redirect and retry rules takes
// this, not the whole config.
type exchangeSettings struct {
	transport          http.RoundTripper // given with Transport; nil for the engine
	tls                tlsSettings       // as given: resolved against the environment for https only
	proxies            Proxies
	trustEnv           bool
	connect, read      time.Duration // 0 for no limit
	uploadProgress     func(sent, total int64)
	decompressionLimit int64
	rawBody            bool // the body is handed on as it came, not decoded
	logger             *slog.Logger
	wraps              []func(http.RoundTripper) http.RoundTripper
	ownRoute           bool // the wrappers or the transport are the request's own: built for the call, not kept
	requestHooks       []func(*PreparedRequest) error
	unixSocket         string
	h2c                bool
}

// exchangeSettings works out the settings of each exchange of a call.
func (c *config) exchangeSettings() exchangeSettings {
	trustEnv := c.trustEnv != no
	return exchangeSettings{
		transport:          c.transport,
		tls:                c.tls,
		proxies:            c.proxies,
		trustEnv:           trustEnv,
		connect:            limit(c.timeout.Connect, DefaultConnectTimeout),
		read:               limit(c.timeout.Read, DefaultReadTimeout),
		uploadProgress:     c.uploadProgress,
		decompressionLimit: c.decompressionLimit,
		rawBody:            c.rawBody,
		logger:             c.logger,
		wraps:              c.wraps,
		ownRoute:           c.ownRoute,
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
	body     responseBody
	upload   uploadReport
	payload  io.Closer // the request body, closed when the exchange ends
	settings *exchangeSettings
	engine   *wire.Transport // the engine underneath wrappers, nil for another RoundTripper
	// Set over a RoundTripper other than the engine, which enforces the
	// read timeout itself.
	timer *readTimer
	hit   bool // answered by Session.cached

	bytesBody bytesBody // the request body, when it is in memory
}

// exchange sends pr once, without following redirects, and returns the
// response with its body unread.
func (s *Session) exchange(ctx context.Context, pr *PreparedRequest, hs *exchangeSettings) (*Response, error) {
	for _, hook := range hs.requestHooks {
		if err := hook(pr); err != nil {
			return nil, userError("RequestHook", pr, err)
		}
	}
	rt, route, err := s.transportFor(pr, hs)
	if err != nil {
		return nil, err
	}
	x := &exchange{pr: pr, settings: hs}
	layered := len(hs.wraps) > 0 || s.cache != nil
	var wrapErr error
	if layered {
		rt, wrapErr = s.wrappedRoute(rt, route, hs) // the wrappers and the cache over the route
	}
	start := monoNow()
	if wrapErr == nil && x.cached(ctx, rt) {
		return s.respond(ctx, x, monoNow()-start), nil // nothing was sent, and there was nothing to time
	}
	wt := route.engine
	if wt != nil && hs.unixSocket == "" {
		if x.proxy, err = selectProxy(pr.URL, hs); err != nil {
			return nil, err
		}
	}
	rc, err := pr.payload.open(&x.bytesBody)
	if err != nil {
		return nil, err
	}
	if rc != nil {
		x.payload = rc
	}
	start = monoNow()
	switch {
	case layered:
		// Middleware around the transport: the engine, when it is
		// underneath, is reached as a RoundTripper and keeps its own
		// timeouts.
		x.engine = wt
		ctx = context.WithValue(ctx, exchangeKey{}, x) // for the engine and HopOf: optional, a request without it gets the Session's settings
		if err = wrapErr; err == nil {
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
	return s.respond(ctx, x, elapsed), nil
}

// respond makes the Response of the exchange x, its body unread, once the
// head came (in elapsed).
func (s *Session) respond(ctx context.Context, x *exchange, elapsed time.Duration) *Response {
	pr, hs := x.pr, x.settings
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
	resp.fromCache = x.hit || s.cache != nil && httpcache.FromCache(raw.Header)
	resp.Encoding = charset.FromHeader(raw.Header)
	x.body.init(x, raw, hs.decompressionLimit, !hs.rawBody)
	resp.body = &x.body
	resp.live = &x.body
	if hs.logger != nil {
		logExchange(ctx, hs.logger, pr, resp, elapsed, nil)
	}
	return resp
}

// cached answers the exchange from the Session's cache, when rt (what
// carries the exchange) is the cache and a fresh stored response fits a
// GET without a body: the usual way, through the cache's RoundTrip, would
// set up a context, a read timer and a request for the RoundTripper below,
// all unused by a hit. It reports whether it did; when it did not, the
// exchange goes the usual way, and the cache looks again.
func (x *exchange) cached(ctx context.Context, rt http.RoundTripper) bool {
	c, ok := rt.(*httpcache.Transport)
	if !ok || x.pr.Method != http.MethodGet || !x.pr.payload.empty() {
		return false
	}
	var host string
	if h := x.pr.Header["Host"]; len(h) > 0 {
		host = h[0] // the Host a request says is the one it is cached under, as outgoing sends it
	}
	x.hit = c.Fresh(ctx, x.pr.URL, host, x.pr.Header, &x.raw)
	return x.hit
}

// wrappedRoute returns the wrappers of hs over what carries a request (rt,
// or the engine of route): built once per route for the Session's own
// wrappers, for each call for a request's own.
func (s *Session) wrappedRoute(rt http.RoundTripper, route routeKey, hs *exchangeSettings) (http.RoundTripper, error) {
	if hs.ownRoute {
		return s.wrap(rt, route, hs.wraps)
	}
	s.mu.RLock()
	w := s.wrapped[route]
	s.mu.RUnlock()
	if w != nil {
		return w, nil
	}
	// Built once: a wrapper may hold state (a recorder's files, a tracer).
	s.wrapMu.Lock()
	defer s.wrapMu.Unlock()
	s.mu.RLock()
	w = s.wrapped[route]
	s.mu.RUnlock()
	if w != nil {
		return w, nil
	}
	w, err := s.wrap(rt, route, hs.wraps)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.wrapped == nil {
		s.wrapped = map[routeKey]http.RoundTripper{}
	}
	s.wrapped[route] = w
	s.mu.Unlock()
	return w, nil
}

// wrap applies wraps, the first outermost, over rt or the engine of route,
// and the Session's cache over them: the wrappers belong to the route and
// see only what the cache sends on.
func (s *Session) wrap(rt http.RoundTripper, route routeKey, wraps []func(http.RoundTripper) http.RoundTripper) (http.RoundTripper, error) {
	if route.engine != nil {
		rt = engineRoundTripper{wt: route.engine, defaults: &s.routeDefaults}
	}
	for i := len(wraps) - 1; i >= 0; i-- {
		if rt = wraps[i](rt); rt == nil {
			return nil, errorf(ErrRequest, "WrapTransport: a wrapper returned a nil RoundTripper")
		}
	}
	if s.cache != nil {
		rt = httpcache.New(s.cache, rt)
	}
	return rt, nil
}

// viaEngine makes the exchange with the library's own engine.
func (x *exchange) viaEngine(ctx context.Context, wt *wire.Transport, rc io.ReadCloser, hs *exchangeSettings) error {
	x.outgoing(rc, hs)
	return wt.RoundTrip(ctx, &x.req, &x.raw)
}

// outgoing sets x.req to the prepared request as it goes on the wire. It is
// the one conversion from a PreparedRequest, for every path (the engine
// takes x.req as it is, a RoundTripper gets it through httpRequest), and the
// one place that decides:
//   - Host: a Host header set by the caller is the request's host;
//   - framing: a body goes with its length (-1: chunked); a bodiless method
//     but GET and HEAD sends Content-Length: 0, as requests does;
//   - Proxy-Authorization set by hand: sent only in the clear to an http
//     proxy that forwards the request (see forwardsToProxy).
func (x *exchange) outgoing(rc io.ReadCloser, hs *exchangeSettings) {
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
		switch p := &pr.payload; {
		case p.bytes != nil:
			b := p.bytes // one closure, the usual case (a JSON or form body)
			req.GetBody = func() (io.Reader, error) { return bytes.NewReader(b), nil }
		case p.reopen != nil:
			reopen := p.reopen
			req.GetBody = func() (io.Reader, error) { return reopen() }
		}
	case sendsEmptyBody(pr.Method):
		req.Body = http.NoBody
	}
}

// sendsEmptyBody reports whether a request of method without a body says
// so with Content-Length: 0: every method but GET and HEAD, as in requests.
func sendsEmptyBody(method string) bool {
	return method != http.MethodGet && method != http.MethodHead
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
	x.upload = uploadReport{r: rc, timer: x.timer, progress: progress, total: x.pr.payload.length}
	return &x.upload
}

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

// uploadReport reports the progress of a request body, and keeps a read
// timer quiet while the body is being sent: its last read (EOF) arms the
// timer for the wait for the response.
type uploadReport struct {
	r        io.Reader
	timer    *readTimer
	progress func(sent, total int64)
	sent     int64
	total    int64
}

func (u *uploadReport) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	if u.timer != nil {
		u.timer.Arm()
	}
	if n > 0 {
		u.sent += int64(n)
		if u.progress != nil {
			u.progress(u.sent, u.total)
		}
	}
	return n, err
}
