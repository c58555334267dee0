// Package http3 gives a requests Session HTTP/3 (QUIC) through the
// Session's public extension point, requests.WrapTransport:
//
//	t := &http3.Transport{}
//	defer t.Close()
//	s := requests.NewSession(requests.WrapTransport(t.Wrap))
//	resp, err := s.Get(ctx, "https://example.com/")
//
// A Transport upgrades an origin to HTTP/3 once one of its responses
// advertises it with an Alt-Svc header (RFC 7838), for as long as the
// advertisement's max-age; with Force it tries HTTP/3 for every https
// request. When QUIC cannot connect within DialTimeout (UDP blocked, no
// listener, a failed handshake) the request goes over TCP, to the
// transport it wraps, and the origin is left alone for BrokenFor: the
// caller sees no error.
//
// HTTP/3 is spoken by github.com/quic-go/quic-go/http3. The TLS settings of
// HTTP/3 exchanges are the Transport's TLSClientConfig, never the Session's
// (Verify, CABundle, Cert), and no proxy is ever used for them: do not
// combine a Transport with Proxies or proxy environment variables.
package http3
