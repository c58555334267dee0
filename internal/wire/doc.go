// Package wire is the library's HTTP/1.1 client engine, written from RFC 9112
// and RFC 9110. A request is written and its response parsed in the caller's
// goroutine over a pooled connection: there is no reader or writer goroutine
// per connection, and timeouts are deadlines on the connection rather than
// timers.
//
// What it does: origin-form and absolute-form (forward proxy) requests,
// Content-Length and chunked bodies, Expect: 100-continue with a bounded
// wait; the message-body length rules of RFC 9112 section 6.3; chunked
// decoding with trailers; 1xx interim responses; a LIFO pool of idle
// connections per (scheme, host, port, proxy) with an idle timeout and a
// maximum age; one retry on a fresh connection of a request that a stale
// pooled connection lost; TLS with ALPN, and HTTP/2 when the server chooses
// h2: the engine's own client connection (h2conn.go), on the Framer and
// hpack of golang.org/x/net/http2, which reads frames in the exchanges'
// goroutines as HTTP/1.1 does (x/net's ClientConn with
// Transport.H2Legacy); http, https, CONNECT and SOCKS5 proxies.
//
// Where no framing is at stake, heads are read as browsers read them rather
// than refused as net/http refuses them: a header line that cannot be read
// is skipped, a NUL or CR in a value reads as a space (the connection is
// then closed after the response), a Content-Length list of one value
// repeated is that value, and a connection closed in a trailer section ends
// a body whose data all came. Content-Length and Transfer-Encoding are never
// guessed at.
//
// HTTP/2 over cleartext (h2c) is spoken with prior knowledge when
// Transport.UnencryptedHTTP2 says so; there is no HTTP/1.1 Upgrade to it.
//
// What it does not do: pipelining (one request at a time on a connection),
// HTTP/1.0 requests, transfer codings other than chunked (a response with
// another one is refused, as net/http refuses it), and response bodies
// decompressed by the engine (the caller decodes Content-Encoding).
package wire
