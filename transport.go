package requests

import (
	"context"
	"net"
	"net/http"
	"time"
)

// hopKey is the context key under which a request's hop state travels to
// the dialer.
type hopKey struct{}

// newTransport returns the *http.Transport a Session uses unless a mounted
// one takes over. Its pool keeps enough idle connections per host that 64
// concurrent workers do not churn sockets; content decoding is ours, so
// net/http's own gzip handling is off.
func newTransport() *http.Transport {
	return &http.Transport{
		Proxy:                 proxyFromHop,
		DialContext:           dialContext,
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
	}
	return d.DialContext(ctx, network, addr)
}
