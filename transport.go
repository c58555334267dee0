package requests

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptrace"
	"time"
)

// hopKey is the context key under which a request's hop state travels to
// the dialer.
type hopKey struct{}

// newTransport returns the *http.Transport a Session uses unless a mounted
// one takes over. Its pool keeps enough idle connections per host that 64
// concurrent workers do not churn sockets; content decoding is ours, so
// net/http's own gzip handling is off.
func newTransport(tlsConfig *tls.Config) *http.Transport {
	if tlsConfig == nil {
		tlsConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	return &http.Transport{
		Proxy:                 proxyFromHop,
		DialContext:           dialContext,
		DialTLSContext:        dialTLS(tlsConfig),
		TLSClientConfig:       tlsConfig, // for tunnels through a proxy
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          512,
		MaxIdleConnsPerHost:   128,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   DefaultConnectTimeout,
		ExpectContinueTimeout: time.Second,
		DisableCompression:    true,
	}
}

// dialContext dials with the connect timeout of the request being served.
// net/http dials with the request context's values but not its
// cancellation, so the timeout travels as a value.
func dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	d := net.Dialer{Timeout: DefaultConnectTimeout, KeepAlive: 30 * time.Second}
	if h, ok := ctx.Value(hopKey{}).(*hop); ok {
		d.Timeout = h.connect
		ctx = h.dialTrace(ctx)
	}
	return d.DialContext(ctx, network, addr)
}

// dialTLS returns a dialer of direct TLS connections that connects and
// shakes hands within the connect timeout of the request being served
// (net/http's own handshake has one fixed timeout per transport). It
// returns the *tls.Conn itself, which is how net/http learns that the
// server chose HTTP/2. Connections tunnelled through a proxy are still made
// by net/http, with TLSClientConfig.
func dialTLS(cfg *tls.Config) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		h, _ := ctx.Value(hopKey{}).(*hop)
		timeout := DefaultConnectTimeout
		if h != nil {
			timeout = h.connect
		}
		if timeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, timeout)
			defer cancel()
		}
		raw, err := dialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		c := cfg.Clone()
		if c.ServerName == "" {
			c.ServerName, _, _ = net.SplitHostPort(addr)
		}
		c.NextProtos = []string{"h2", "http/1.1"}
		conn := tls.Client(raw, c)
		trace := httptrace.ContextClientTrace(ctx) // the caller's, if any
		if trace != nil && trace.TLSHandshakeStart != nil {
			trace.TLSHandshakeStart()
		}
		if h != nil {
			h.mark(&h.clock.tlsStart)
		}
		err = conn.HandshakeContext(ctx)
		if h != nil {
			h.since(&h.timing.TLS, &h.clock.tlsStart)
		}
		if trace != nil && trace.TLSHandshakeDone != nil {
			trace.TLSHandshakeDone(conn.ConnectionState(), err)
		}
		if err != nil {
			raw.Close()
			return nil, err
		}
		return conn, nil
	}
}
