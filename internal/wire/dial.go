package wire

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"sync/atomic"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/proxy"
)

// dial makes a new connection for key: through the proxy if there is one,
// with TLS for https. When the server chooses h2, the connection becomes an
// HTTP/2 client connection, pooled for the key. The ConnectTimeout bounds it
// all.
func (t *Transport) dial(ctx context.Context, key connKey, req *Request, trace *httptrace.ClientTrace) (*conn, h2Pooled, error) {
	parent := ctx
	if req.ConnectTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, req.ConnectTimeout)
		defer cancel()
	}
	timing := req.Timing
	if timing != nil {
		ctx = httptrace.WithClientTrace(ctx, timing.dialTrace())
	}
	nc, err := t.connect(ctx, key, req)
	if err == nil && req.URL.Scheme == "https" {
		nc, err = t.handshake(ctx, nc, req.URL.Hostname(), timing, trace)
		if err != nil {
			err = &Error{Op: "tls", Err: err}
		}
	}
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			e = &Error{Op: "dial", Err: err}
		}
		switch {
		case parent.Err() != nil:
			e.Err = context.Cause(parent)
		case req.ConnectTimeout > 0 && (ctx.Err() != nil || isTimeout(e.Err)):
			e.Err = &TimeoutError{Connect: true, Limit: req.ConnectTimeout}
		}
		return nil, nil, e
	}
	h2c := t.UnencryptedHTTP2 && req.URL.Scheme == "http" && (req.Proxy == nil || !isHTTPProxy(req.Proxy))
	if tc, ok := nc.(*tls.Conn); h2c || ok && tc.ConnectionState().NegotiatedProtocol == http2.NextProtoTLS {
		cc, err := t.newH2(nc)
		if err != nil {
			nc.Close()
			return nil, nil, &Error{Op: "tls", Err: err}
		}
		t.mu.Lock()
		if t.h2 == nil {
			t.h2 = make(map[connKey][]h2Pooled)
		}
		t.h2[key] = append(t.h2[key], cc)
		t.mu.Unlock()
		if !cc.reserve() {
			return nil, nil, &Error{Op: "dial", Err: errors.New("the new HTTP/2 connection takes no request")}
		}
		return nil, cc, nil
	}
	return newConn(t, key, nc), nil, nil
}

// dialTrace times DNS and connect, which the dialer reports through
// httptrace.
func (tm *Timing) dialTrace() *httptrace.ClientTrace {
	var dnsStart, connectStart time.Time
	return &httptrace.ClientTrace{
		DNSStart:     func(httptrace.DNSStartInfo) { dnsStart = time.Now() },
		DNSDone:      func(httptrace.DNSDoneInfo) { tm.DNS = time.Since(dnsStart) },
		ConnectStart: func(string, string) { connectStart = time.Now() },
		ConnectDone:  func(string, string, error) { tm.Connect = time.Since(connectStart) },
	}
}

// tcp dials addr.
func (t *Transport) tcp(ctx context.Context, addr string) (net.Conn, error) {
	if t.DialContext != nil {
		return t.DialContext(ctx, "tcp", addr)
	}
	d := net.Dialer{KeepAlive: 30 * time.Second}
	host, port, err := net.SplitHostPort(addr)
	if err != nil || net.ParseIP(host) != nil {
		return d.DialContext(ctx, "tcp", addr)
	}
	lookup := t.lookupIPAddr
	if lookup == nil {
		lookup = net.DefaultResolver.LookupIPAddr // reports DNSStart and DNSDone to the context's trace
	}
	ips, err := lookup(ctx, host)
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: err}
	}
	switch {
	case len(ips) == 1:
		return d.DialContext(ctx, "tcp", net.JoinHostPort(ips[0].String(), port))
	case mixedFamilies(ips):
		// IPv4 and IPv6 to race (RFC 8305): the dialer's own happy
		// eyeballs, which looks the name up again (a dual-stack host pays
		// a second lookup per new connection; pooled ones pay none).
		return d.DialContext(ctx, "tcp", addr)
	}
	// Several addresses of one family: new connections spread over them
	// in turn, so that a pool of 64 uses all of a host's addresses, not
	// the first one. They are tried in order, each with its share of
	// what is left of the time, as the dialer does.
	first := int(t.nextAddr(host) % uint32(len(ips)))
	var firstErr error
	for i := range ips {
		ip := ips[(first+i)%len(ips)]
		dctx, cancel := ctx, context.CancelFunc(func() {})
		if deadline, ok := ctx.Deadline(); ok && i < len(ips)-1 {
			dctx, cancel = context.WithTimeout(ctx, time.Until(deadline)/time.Duration(len(ips)-i))
		}
		c, err := d.DialContext(dctx, "tcp", net.JoinHostPort(ip.String(), port))
		cancel()
		if err == nil {
			return c, nil
		}
		if firstErr == nil {
			firstErr = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil, firstErr
}

// mixedFamilies reports whether ips hold IPv4 and IPv6 addresses.
func mixedFamilies(ips []net.IPAddr) bool {
	v4 := ips[0].IP.To4() != nil
	for _, ip := range ips[1:] {
		if (ip.IP.To4() != nil) != v4 {
			return true
		}
	}
	return false
}

// nextAddr counts the connections made to host, to take its addresses in
// turn.
func (t *Transport) nextAddr(host string) uint32 {
	v, _ := t.rr.LoadOrStore(host, new(atomic.Uint32))
	return v.(*atomic.Uint32).Add(1) - 1
}

// connect returns a connection on which the origin's bytes (TLS or not)
// can be written: direct, a SOCKS5 or CONNECT tunnel, or a connection to a
// forward proxy.
func (t *Transport) connect(ctx context.Context, key connKey, req *Request) (net.Conn, error) {
	p := req.Proxy
	if p == nil {
		return t.tcp(ctx, key.addr)
	}
	if p.Scheme == "socks5" || p.Scheme == "socks5h" {
		return t.socks(ctx, p, key.addr)
	}
	nc, err := t.tcp(ctx, hostPort(p))
	if err != nil {
		return nil, &Error{Op: "proxy", Err: err}
	}
	if p.Scheme == "https" {
		if nc, err = t.handshake(ctx, nc, p.Hostname(), nil, nil); err != nil {
			return nil, &Error{Op: "proxy", Err: err}
		}
	}
	if req.URL.Scheme == "https" {
		if err := connectTunnel(ctx, nc, p, key.addr); err != nil {
			nc.Close()
			return nil, &Error{Op: "proxy", Err: err}
		}
	}
	return nc, nil
}

// socks connects to addr through a SOCKS5 proxy: socks5 resolves the host
// name here, socks5h has the proxy resolve it.
func (t *Transport) socks(ctx context.Context, p *url.URL, addr string) (net.Conn, error) {
	if p.Scheme == "socks5" {
		host, port, _ := net.SplitHostPort(addr)
		if net.ParseIP(host) == nil {
			ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
			if err != nil {
				return nil, &Error{Op: "dial", Err: err}
			}
			addr = net.JoinHostPort(ips[0].Unmap().String(), port)
		}
	}
	var auth *proxy.Auth
	if p.User != nil {
		pass, _ := p.User.Password()
		auth = &proxy.Auth{User: p.User.Username(), Password: pass}
	}
	d, err := proxy.SOCKS5("tcp", hostPort(p), auth, dialerFunc(t.tcp))
	if err != nil {
		return nil, &Error{Op: "proxy", Err: err}
	}
	nc, err := d.(proxy.ContextDialer).DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, &Error{Op: "proxy", Err: err}
	}
	return nc, nil
}

// dialerFunc makes a function a proxy.Dialer and proxy.ContextDialer.
type dialerFunc func(ctx context.Context, addr string) (net.Conn, error)

func (f dialerFunc) Dial(network, addr string) (net.Conn, error) {
	return f(context.Background(), addr)
}

func (f dialerFunc) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	return f(ctx, addr)
}

// connectTunnel asks an HTTP proxy to open a tunnel to addr, with the
// proxy URL's credentials: they go to the proxy alone.
func connectTunnel(ctx context.Context, nc net.Conn, p *url.URL, addr string) error {
	if dl, ok := ctx.Deadline(); ok {
		nc.SetDeadline(dl)
		defer nc.SetDeadline(time.Time{})
	}
	stop := context.AfterFunc(ctx, func() { nc.SetDeadline(aLongTimeAgo) })
	defer stop()
	bw := bufio.NewWriterSize(nc, 512)
	bw.WriteString("CONNECT " + addr + " HTTP/1.1\r\nHost: " + addr + "\r\n")
	if p.User != nil {
		bw.WriteString("Proxy-Authorization: " + basicAuth(p.User) + "\r\n")
	}
	bw.WriteString("\r\n")
	if err := bw.Flush(); err != nil {
		return err
	}
	// A byte at a time: what follows the proxy's answer is the origin's.
	br := bufio.NewReaderSize(byteReader{nc}, 16)
	var resp http.Response
	var p2 parser
	if err := p2.readHead(br, http.MethodConnect, &resp); err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return &ProxyRefusedError{Status: resp.Status}
	}
	return nil
}

// byteReader reads one byte at a time.
type byteReader struct{ nc net.Conn }

func (r byteReader) Read(p []byte) (int, error) { return r.nc.Read(p[:1]) }

// ProxyRefusedError is a proxy's refusal to open a tunnel.
type ProxyRefusedError struct {
	Status string // the proxy's status line, e.g. "407 Proxy Authentication Required"
}

func (e *ProxyRefusedError) Error() string { return "the proxy refused the tunnel: " + e.Status }

// basicAuth returns a Basic credential for the user of a URL.
func basicAuth(u *url.Userinfo) string {
	pass, _ := u.Password()
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(u.Username()+":"+pass))
}

// handshake runs the TLS handshake with serverName over nc, offering h2
// and http/1.1. The connection is closed when it fails.
func (t *Transport) handshake(ctx context.Context, nc net.Conn, serverName string, timing *Timing, trace *httptrace.ClientTrace) (net.Conn, error) {
	var cfg *tls.Config
	if t.TLSConfig != nil {
		cfg = t.TLSConfig.Clone()
	} else {
		cfg = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if cfg.ServerName == "" {
		cfg.ServerName = serverName
	}
	cfg.NextProtos = []string{http2.NextProtoTLS, "http/1.1"}
	tc := tls.Client(nc, cfg)
	if trace != nil && trace.TLSHandshakeStart != nil {
		trace.TLSHandshakeStart()
	}
	start := time.Now()
	err := tc.HandshakeContext(ctx)
	if timing != nil {
		timing.TLS = time.Since(start)
	}
	if trace != nil && trace.TLSHandshakeDone != nil {
		trace.TLSHandshakeDone(tc.ConnectionState(), err)
	}
	if err != nil {
		nc.Close()
		return nil, err
	}
	return tc, nil
}
