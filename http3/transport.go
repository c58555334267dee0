package http3

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/go-requests/requests/internal/wire"

	"github.com/go-requests/requests"
	"github.com/quic-go/quic-go"
	"github.com/quic-go/quic-go/http3"
)

// Defaults of the Transport's zero fields.
const (
	DefaultDialTimeout = 300 * time.Millisecond
	DefaultBrokenFor   = 5 * time.Minute
)

// Transport speaks HTTP/3 to the origins that offer it, in front of
// another RoundTripper (TCP) that serves everything else. Give its Wrap
// method to requests.WrapTransport. A Transport is safe for concurrent
// use; its fields must not change after its first use. Close it when done:
// it holds a UDP socket and QUIC connections.
//
// HTTP/3 is only tried for https URLs, and never when the Session sends
// the request through a proxy or a Unix socket: such a request goes to the
// wrapped transport, as it would without HTTP/3. Within a Session, QUIC
// connections use the Session's TLS settings (Verify, CABundle, Cert, the
// environment's CA bundle), learnt with requests.HopOf, and requests with
// different settings never share a connection.
type Transport struct {
	// TLSClientConfig is the TLS configuration of QUIC connections for
	// requests that do not come from a Session's own transport (a plain
	// http.Client whose Transport is Wrap's result, or a Session given
	// requests.Transport): a Session's requests use the Session's TLS
	// settings instead. NextProtos is replaced by "h3"; an empty
	// ServerName is the request's host. If nil, the system's roots are
	// trusted.
	TLSClientConfig *tls.Config

	// QUICConfig tunes QUIC connections (idle timeout, keep-alive,
	// flow-control windows). If nil, quic-go's defaults are used.
	QUICConfig *quic.Config

	// Force tries HTTP/3 for every https request, without waiting for an
	// Alt-Svc advertisement: for servers known to speak it.
	Force bool

	// DialTimeout bounds the QUIC handshake with an origin, and so the
	// latency HTTP/3 can add to a request when it cannot connect: the
	// request then goes over TCP. Zero means DefaultDialTimeout (300 ms).
	// A Session's shorter Timeout.Connect bounds it too.
	DialTimeout time.Duration

	// BrokenFor is how long an origin whose QUIC handshake failed is sent
	// over TCP only, before HTTP/3 is tried again. Zero means
	// DefaultBrokenFor (5 minutes).
	BrokenFor time.Duration

	// ReadTimeout bounds the server's silence in an HTTP/3 exchange: from
	// sending the request to the response's headers, and during each read
	// of the body, beside the Session's own Timeout.Read (which a Session
	// applies to every wrapped exchange); it matters for a Transport used
	// outside a Session. Zero means requests.DefaultReadTimeout; a negative
	// value, no limit.
	// The request's context (the Session's Timeout.Total, a deadline)
	// bounds the exchange in any case.
	ReadTimeout time.Duration

	// now is the clock; nil means time.Now.
	now func() time.Time

	mu     sync.Mutex
	alts   map[string]altEntry  // origin host:port -> advertised HTTP/3 endpoints
	broken map[string]time.Time // origin host:port -> until when HTTP/3 is not tried
	udp    *quic.Transport      // made on the first dial
	// One HTTP/3 transport, and so one pool, per TLS configuration (nil:
	// TLSClientConfig), each made on its first request.
	h3     map[*tls.Config]*http3.Transport
	closed bool
}

// maxAlternatives is how many of an origin's advertised HTTP/3 endpoints
// are tried, in the server's order, within DialTimeout.
const maxAlternatives = 3

// altEntry is what an origin's Alt-Svc advertised.
type altEntry struct {
	addrs   []string // host:port to dial, in the server's order of preference
	expires time.Time
}

// Wrap returns a RoundTripper that sends a request over HTTP/3 when its
// origin is known to speak it (or Force is set), and to next otherwise,
// or when QUIC cannot connect: requests.WrapTransport(t.Wrap). The Alt-Svc
// headers of the responses it sees, from either side, teach it which
// origins speak HTTP/3.
func (t *Transport) Wrap(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &roundTripper{t: t, next: next}
}

// Close closes the QUIC connections and the UDP socket. Requests sent
// afterwards go to the wrapped RoundTripper.
func (t *Transport) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil
	}
	t.closed = true
	var errs []error
	for _, h3 := range t.h3 {
		errs = append(errs, h3.Close())
	}
	if t.udp != nil {
		errs = append(errs, t.udp.Close(), t.udp.Conn.Close())
	}
	return errors.Join(errs...)
}

// closeIdle closes the QUIC connections that carry no request.
func (t *Transport) closeIdle() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, h3 := range t.h3 {
		h3.CloseIdleConnections()
	}
}

type roundTripper struct {
	t    *Transport
	next http.RoundTripper
}

// CloseIdleConnections closes the idle connections of both sides:
// Session.Close calls it.
func (rt *roundTripper) CloseIdleConnections() {
	rt.t.closeIdle()
	if c, ok := rt.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

func (rt *roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	t := rt.t
	key := originKey(req)
	var h3 *http3.Transport
	if key != "" {
		h3 = t.route(key, req)
	}
	var (
		resp *http.Response
		err  error
	)
	if h3 != nil {
		resp, req, err = t.tryH3(h3, key, req)
	}
	if req != nil {
		resp, err = rt.next.RoundTrip(req)
	}
	if err != nil {
		return nil, err
	}
	t.learn(key, resp)
	return resp, nil
}

// tryH3 sends req over HTTP/3. When QUIC could not connect and the
// request can go over TCP instead (it has no body, its body was not read,
// or GetBody gives it again) it returns the request to send there.
func (t *Transport) tryH3(h3 *http3.Transport, key string, req *http.Request) (*http.Response, *http.Request, error) {
	ctx, cancel := context.WithCancelCause(req.Context())
	if hop, ok := requests.HopOf(req); ok && hop.ConnectTimeout > 0 {
		ctx = context.WithValue(ctx, connectLimitKey{}, hop.ConnectTimeout)
	}
	timer := newSilenceTimer(t.ReadTimeout, cancel)
	// The upload is no silence: each read of the request body restarts
	// the countdown, until the response head comes.
	// The countdown starts with the connection: DialTimeout bounds the
	// dial.
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { timer.Arm() }})
	r := req.WithContext(ctx) // a shallow copy, with a body of its own
	var body *heldBody
	if req.Body != nil && req.Body != http.NoBody {
		body = &heldBody{rc: req.Body, timer: timer}
		r.Body = body
	}
	resp, err := h3.RoundTrip(r)
	if body != nil {
		body.gotHead()
	}
	timer.Pause()
	if err == nil {
		var also io.Closer
		if body != nil {
			also = req.Body
		}
		resp.Body = &responseBody{rc: resp.Body, timer: timer, cancel: cancel, also: also}
		resp.Request = req
		return resp, nil, nil
	}
	cancel(nil)
	var de *dialError
	if timer.Fired() {
		err = &TimeoutError{Limit: timer.Limit()}
	} else if errors.As(err, &de) && req.Context().Err() == nil {
		t.markBroken(key)
		switch {
		case body == nil || !body.wasRead():
			return nil, req, nil // quic-go reads a body only once connected
		case req.GetBody != nil:
			req.Body.Close()
			rc, gerr := req.GetBody()
			if gerr == nil {
				retry := req.WithContext(req.Context())
				retry.Body = rc
				return nil, retry, nil
			}
			return nil, nil, err
		}
	}
	if body != nil {
		req.Body.Close()
	}
	return nil, nil, err
}

// route returns the HTTP/3 transport for req when an HTTP/3 attempt is
// due for its origin, key, or nil.
func (t *Transport) route(key string, req *http.Request) *http3.Transport {
	tlsConf := t.TLSClientConfig
	if hop, ok := requests.HopOf(req); ok {
		if hop.Proxy != nil || hop.UnixSocket != "" {
			return nil // QUIC would bypass them
		}
		if hop.TLSConfig != nil {
			tlsConf = hop.TLSConfig
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil
	}
	now := t.clock()
	if until, ok := t.broken[key]; ok {
		if now.Before(until) {
			return nil
		}
		delete(t.broken, key)
	}
	if e, ok := t.alts[key]; ok && !now.Before(e.expires) {
		delete(t.alts, key)
	}
	if _, ok := t.alts[key]; !ok && !t.Force {
		return nil
	}
	h3 := t.h3[tlsConf]
	if h3 == nil {
		h3 = &http3.Transport{
			TLSClientConfig: tlsConf,
			QUICConfig:      t.QUICConfig,
			Dial:            t.dial,
		}
		if t.h3 == nil {
			t.h3 = make(map[*tls.Config]*http3.Transport)
		}
		t.h3[tlsConf] = h3
	}
	return h3
}

// learn reads the Alt-Svc header of a response from the origin key.
func (t *Transport) learn(key string, resp *http.Response) {
	if key == "" || resp == nil {
		return
	}
	values := resp.Header.Values("Alt-Svc")
	if len(values) == 0 {
		return
	}
	host, _, _ := net.SplitHostPort(key)
	alts, present := parseAltSvc(values, host)
	if !present {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(alts) == 0 || alts[0].maxAge == 0 {
		delete(t.alts, key) // clear, or no HTTP/3 alternative any more
		return
	}
	if t.alts == nil {
		t.alts = make(map[string]altEntry)
	}
	now := t.clock()
	for k, e := range t.alts {
		if !now.Before(e.expires) {
			delete(t.alts, k) // keep the map to the origins still advertised
		}
	}
	e := altEntry{expires: now.Add(alts[0].maxAge)}
	for _, a := range alts[:min(len(alts), maxAlternatives)] {
		e.addrs = append(e.addrs, a.addr)
	}
	t.alts[key] = e
}

// markBroken keeps the origin off HTTP/3 for BrokenFor.
func (t *Transport) markBroken(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.broken == nil {
		t.broken = make(map[string]time.Time)
	}
	t.broken[key] = t.clock().Add(orDefault(t.BrokenFor, DefaultBrokenFor))
}

// dial is the http3.Transport's dialer: it connects to the origin's
// advertised endpoints in turn, each given an equal share of what is left
// of DialTimeout, or to the origin itself. Its errors are *dialError,
// which tell tryH3 to fall back to TCP.
func (t *Transport) dial(ctx context.Context, authority string, tlsConf *tls.Config, conf *quic.Config) (*quic.Conn, error) {
	limit := orDefault(t.DialTimeout, DefaultDialTimeout)
	if d, ok := ctx.Value(connectLimitKey{}).(time.Duration); ok && d < limit {
		limit = d
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	addrs := t.endpoints(normalize(authority))
	var errs []error
	for i, addr := range addrs {
		actx, acancel := ctx, context.CancelFunc(func() {})
		if deadline, ok := ctx.Deadline(); ok && i < len(addrs)-1 {
			share := time.Until(deadline) / time.Duration(len(addrs)-i)
			actx, acancel = context.WithTimeout(ctx, share)
		}
		conn, err := t.dialAddr(actx, addr, tlsConf, conf)
		acancel()
		if err == nil {
			return conn, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	return nil, &dialError{authority: authority, err: errors.Join(errs...)}
}

// dialAddr connects to one endpoint, reporting to the request's
// httptrace.ClientTrace as net/http does (DNS, connect and TLS: QUIC's
// handshake is both), so that a Session fills the response's Timing.
func (t *Transport) dialAddr(ctx context.Context, addr string, tlsConf *tls.Config, conf *quic.Config) (*quic.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, err
	}
	if len(ips) == 0 {
		return nil, fmt.Errorf("no address for %s", host)
	}
	ap, err := netip.ParseAddrPort(net.JoinHostPort(ips[0].Unmap().String(), port))
	if err != nil {
		return nil, err
	}
	udp, err := t.socket()
	if err != nil {
		return nil, err
	}
	trace := httptrace.ContextClientTrace(ctx)
	if trace != nil && trace.ConnectStart != nil {
		trace.ConnectStart("udp", ap.String())
	}
	if trace != nil && trace.TLSHandshakeStart != nil {
		trace.TLSHandshakeStart()
	}
	conn, err := udp.DialEarly(ctx, net.UDPAddrFromAddrPort(ap), tlsConf, conf)
	if trace != nil && trace.TLSHandshakeDone != nil {
		var state tls.ConnectionState
		if conn != nil {
			state = conn.ConnectionState().TLS
		}
		trace.TLSHandshakeDone(state, err)
	}
	if trace != nil && trace.ConnectDone != nil {
		trace.ConnectDone("udp", ap.String(), err)
	}
	return conn, err
}

// socket returns the UDP socket all QUIC connections share.
func (t *Transport) socket() (*quic.Transport, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil, http3.ErrTransportClosed
	}
	if t.udp == nil {
		conn, err := net.ListenUDP("udp", nil)
		if err != nil {
			return nil, err
		}
		t.udp = &quic.Transport{Conn: conn}
	}
	return t.udp, nil
}

// endpoints returns where to dial the origin key, in order.
func (t *Transport) endpoints(key string) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if e, ok := t.alts[key]; ok {
		return e.addrs
	}
	return []string{key}
}

func (t *Transport) clock() time.Time {
	if t.now != nil {
		return t.now()
	}
	return time.Now()
}

// connectLimitKey carries a Session's connect timeout to dial, in the
// context of the request that starts the dial.
type connectLimitKey struct{}

// dialError is a failure to connect over QUIC.
type dialError struct {
	authority string
	err       error
}

func (e *dialError) Error() string {
	return "http3: connecting to " + e.authority + ": " + e.err.Error()
}

func (e *dialError) Unwrap() error { return e.err }

// originKey returns the host:port of an https request's origin, the port
// spelled out and the host in lower case, or "" for other schemes.
func originKey(req *http.Request) string {
	if req.URL == nil || req.URL.Scheme != "https" || req.URL.Host == "" {
		return ""
	}
	return normalize(req.URL.Host)
}

func normalize(authority string) string {
	host, port, err := net.SplitHostPort(authority)
	if err != nil {
		host, port = strings.Trim(authority, "[]"), "443"
	}
	if port == "" {
		port = "443"
	}
	return net.JoinHostPort(strings.ToLower(host), port)
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// heldBody is a request body lent to quic-go: it notes whether it was
// read, and its Close does not close the body, so that a request whose
// connection failed can go over TCP with the body untouched.
type heldBody struct {
	rc    io.ReadCloser
	timer *wire.SilenceTimer // restarted by each read until the response head comes
	mu    sync.Mutex
	read  bool
	head  bool
}

func (b *heldBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	b.read = true
	b.mu.Unlock()
	n, err := b.rc.Read(p)
	b.mu.Lock()
	if !b.head {
		b.timer.Arm()
	}
	b.mu.Unlock()
	return n, err
}

// gotHead says the response head came: the upload no longer restarts the
// timer.
func (b *heldBody) gotHead() {
	b.mu.Lock()
	b.head = true
	b.mu.Unlock()
}

func (b *heldBody) Close() error { return nil }

func (b *heldBody) wasRead() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.read
}

// responseBody is the body of an HTTP/3 response: each read is bounded by
// the read timeout, and Close ends the exchange's context and closes the
// request's body, as the RoundTripper contract asks once the exchange is
// over.
type responseBody struct {
	rc     io.ReadCloser
	timer  *wire.SilenceTimer
	cancel context.CancelCauseFunc
	also   io.Closer // the request's body, or nil
}

func (b *responseBody) Read(p []byte) (int, error) {
	b.timer.Arm()
	n, err := b.rc.Read(p)
	b.timer.Pause()
	if err != nil && err != io.EOF && b.timer.Fired() {
		err = &TimeoutError{Limit: b.timer.Limit()}
	}
	return n, err
}

func (b *responseBody) Close() error {
	b.timer.Pause()
	err := b.rc.Close()
	b.cancel(nil)
	if b.also != nil {
		b.also.Close()
	}
	return err
}

// newSilenceTimer returns the library's silence timer for limit: 0 is the
// default read timeout, a negative limit none.
func newSilenceTimer(limit time.Duration, cancel context.CancelCauseFunc) *wire.SilenceTimer {
	if limit == 0 {
		limit = requests.DefaultReadTimeout
	}
	return wire.NewSilenceTimer(limit, cancel)
}

// TimeoutError reports that an HTTP/3 server stayed silent longer than
// Transport.ReadTimeout (Connect is false). It is the library's own
// engine's timeout error, so a Session reports it as requests.ErrReadTimeout,
// as it does a silence over TCP.
type TimeoutError = wire.TimeoutError
