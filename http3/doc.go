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
// HTTP/3 is spoken by github.com/quic-go/quic-go/http3. Within a Session,
// QUIC connections use the Session's TLS settings (Verify, CABundle, Cert),
// learnt with requests.HopOf, and a request the Session sends through a
// proxy or a Unix socket never goes over HTTP/3.
package http3
