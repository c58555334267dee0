package wire

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// responseCase is a response of testdata/responses and what ReadResponse
// makes of it.
type responseCase struct {
	name   string // what the parser does, as a sentence
	file   string // in testdata/responses
	method string // GET when empty
	// err is what ReadResponse returns: nil, io.ErrUnexpectedEOF,
	// errServerClosed, or a *ProtocolError, of which What is compared.
	err error
	// When status is set, the head is checked: the status, the version
	// (HTTP/1.1 when proto is empty), the whole header as received,
	// ContentLength and Close.
	proto, status string
	header        http.Header
	length        int64
	close         bool
	// body is what the body reads, up to bodyErr when that is set, and
	// then trailer and rest (what is left of the input) are checked.
	body    string
	bodyErr error
	trailer http.Header
	rest    string
}

var responseCases = []responseCase{
	{
		name:   "A body of Content-Length bytes is read to its length.",
		file:   "content-length.http",
		status: "200 OK",
		header: hdr("Content-Type", "text/plain", "Content-Length", "5"),
		length: 5,
		body:   "hello",
	},
	{
		name:   "A Content-Length of 0 frames an empty body.",
		file:   "content-length-zero.http",
		status: "200 OK",
		header: hdr("Content-Length", "0"),
		length: 0,
	},
	{
		name:   "A status line without a reason is read, the status being the code alone.",
		file:   "status-without-reason.http",
		status: "200",
		header: hdr("Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
	{
		name:   "The space after a code with no reason stays in the status.",
		file:   "status-without-reason-with-space.http",
		status: "404 ",
		header: hdr("Content-Length", "0"),
		length: 0,
	},
	{
		name:   "Spaces before the code are skipped and those after it kept.",
		file:   "status-with-extra-spaces.http",
		status: "200   Very   OK  ",
		header: hdr("Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
	{
		name:   "A Latin-1 byte in the reason is kept as it is.",
		file:   "status-with-latin1-reason.http",
		status: "200 Gr\xfc\xdfe",
		header: hdr("Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
	{name: "A status code below 100 is refused.", file: "status-code-two-digits.http", err: &ProtocolError{What: "malformed status code"}},
	{name: "A status code with a sign is refused.", file: "status-code-with-sign.http", err: &ProtocolError{What: "malformed status code"}},
	{name: "A status code of four digits is refused.", file: "status-code-four-digits.http", err: &ProtocolError{What: "malformed status code"}},
	{name: "A status line without a space is refused.", file: "status-line-without-code.http", err: &ProtocolError{What: "malformed status line"}},
	{name: "A status line starting with a space is refused.", file: "status-line-leading-space.http", err: &ProtocolError{What: "malformed HTTP version"}},
	{name: "HTTP/2.0 in a status line is refused.", file: "version-http2.http", err: &ProtocolError{What: "malformed HTTP version"}},
	{name: "HTTP/0.9 in a status line is refused.", file: "version-http09.http", err: &ProtocolError{What: "malformed HTTP version"}},
	{
		name:   "A later HTTP/1 minor version is read as HTTP/1.1 is.",
		file:   "version-http12.http",
		proto:  "HTTP/1.2",
		status: "200 OK",
		header: hdr("Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
	{name: "A version in lower case is refused.", file: "version-lowercase.http", err: &ProtocolError{What: "malformed HTTP version"}},
	{
		name:   "Lines ending in a bare LF are read.",
		file:   "bare-lf-line-endings.http",
		status: "200 OK",
		header: hdr("Content-Type", "text/plain", "Content-Length", "5"),
		length: 5,
		body:   "hello",
	},
	{
		name:   "CRLF and bare LF may be mixed.",
		file:   "mixed-line-endings.http",
		status: "200 OK",
		header: hdr("Content-Type", "text/plain", "Content-Length", "5"),
		length: 5,
		body:   "hello",
	},
	{
		name:   "Continuation lines (obs-fold) join their field with one space each.",
		file:   "obs-fold-continuation.http",
		status: "200 OK",
		header: hdr("X-Folded", "first second third", "Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
	{
		name:   "A continuation line with nothing on it leaves a space at the end of the value.",
		file:   "obs-fold-blank-continuation.http",
		status: "200 OK",
		header: hdr("X-Folded", "first ", "Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
	{
		name:   "A continuation line first in the header is skipped, and the connection closed after the response.",
		file:   "obs-fold-on-first-line.http",
		status: "200 OK",
		header: hdr("Content-Length", "2"),
		length: 2,
		close:  true,
		body:   "ok",
	},
	{
		name:   "A NUL in a header value reads as a space, and the connection is closed after the response.",
		file:   "nul-in-header-value.http",
		status: "200 OK",
		header: hdr("X-Nul", "a b", "Content-Length", "2"),
		length: 2,
		close:  true,
		body:   "ok",
	},
	{
		name:   "A control byte in a header value is kept, and the connection closed after the response.",
		file:   "control-byte-in-header-value.http",
		status: "200 OK",
		header: hdr("X-Ctl", "a\x01b", "Content-Length", "2"),
		length: 2,
		close:  true,
		body:   "ok",
	},
	{
		name:   "A DEL in a header value is kept, and the connection closed after the response.",
		file:   "del-in-header-value.http",
		status: "200 OK",
		header: hdr("X-Del", "a\x7fb", "Content-Length", "2"),
		length: 2,
		close:  true,
		body:   "ok",
	},
	{
		name:   "A bare CR in a header value reads as a space, and the connection is closed after the response.",
		file:   "cr-in-header-value.http",
		status: "200 OK",
		header: hdr("X-Cr", "a b", "Content-Length", "2"),
		length: 2,
		close:  true,
		body:   "ok",
	},
	{
		name:   "Tabs and bytes from 0x80 in a header value are kept.",
		file:   "tab-and-obs-text-in-header-value.http",
		status: "200 OK",
		header: hdr("X-Text", "a\tb \xe9\xff", "Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
	{
		name:   "A header line with a NUL in its name is skipped, and the connection closed after the response.",
		file:   "nul-in-header-name.http",
		status: "200 OK",
		header: hdr("Content-Length", "2"),
		length: 2,
		close:  true,
		body:   "ok",
	},
	{
		name:   "A header name with a visible byte outside the token set is kept as received.",
		file:   "non-token-header-name.http",
		status: "200 OK",
		header: hdr("X(Y)", "a", "Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
	{
		name:   "A space before the colon stays in the name, which is not canonicalised.",
		file:   "space-before-colon.http",
		status: "200 OK",
		header: hdr("X-Spaced ", "a", "Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
	{
		name:   "A space inside a name is kept, the name as received.",
		file:   "space-in-header-name.http",
		status: "200 OK",
		header: hdr("X Spaced", "a", "Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
	{
		name:   "A header line without a colon is skipped, and the connection closed after the response.",
		file:   "header-without-colon.http",
		status: "200 OK",
		header: hdr("Content-Length", "2"),
		length: 2,
		close:  true,
		body:   "ok",
	},
	{
		name:   "A header line with an empty name is skipped, and the connection closed after the response.",
		file:   "empty-header-name.http",
		status: "200 OK",
		header: hdr("Content-Length", "2"),
		length: 2,
		close:  true,
		body:   "ok",
	},
	{
		name:   "Header names are canonicalised, their values kept.",
		file:   "header-names-canonicalised.http",
		status: "200 OK",
		header: hdr("Content-Length", "2", "X-Lower-Case", "a", "X-Upper", "b"),
		length: 2,
		body:   "ok",
	},
	{name: "Two different Content-Length values are refused.", file: "content-length-conflicting.http", err: &ProtocolError{What: "conflicting Content-Length values"}},
	{
		name:   "Repeated equal Content-Length values are all kept, and frame the body.",
		file:   "content-length-repeated-equal.http",
		status: "200 OK",
		header: hdr("Content-Length", "2", "Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
	{
		name:   "A Content-Length list of one value repeated frames the body by it.",
		file:   "content-length-comma-list.http",
		status: "200 OK",
		header: hdr("Content-Length", "2, 2"),
		length: 2,
		body:   "ok",
	},
	{name: "A negative Content-Length is refused.", file: "content-length-negative.http", err: &ProtocolError{What: "invalid Content-Length"}},
	{name: "A Content-Length with a plus sign is refused.", file: "content-length-with-sign.http", err: &ProtocolError{What: "invalid Content-Length"}},
	{name: "An empty Content-Length is refused.", file: "content-length-empty.http", err: &ProtocolError{What: "invalid Content-Length"}},
	{name: "A Content-Length of 2^63 is refused.", file: "content-length-overflow.http", err: &ProtocolError{What: "invalid Content-Length"}},
	{
		name:   "Leading zeros in a Content-Length are read.",
		file:   "content-length-leading-zeros.http",
		status: "200 OK",
		header: hdr("Content-Length", "002"),
		length: 2,
		body:   "ok",
	},
	{name: "A Unicode space after a Content-Length makes it invalid.", file: "content-length-nbsp.http", err: &ProtocolError{What: "invalid Content-Length"}},
	{
		name:   "A space a continuation line leaves after a Content-Length is ignored.",
		file:   "content-length-folded.http",
		status: "200 OK",
		header: hdr("Content-Length", "2 "),
		length: 2,
		body:   "ok",
	},
	{
		name:   "Transfer-Encoding overrides Content-Length, which is kept in the header.",
		file:   "content-length-with-transfer-encoding.http",
		status: "200 OK",
		header: hdr("Content-Length", "100", "Transfer-Encoding", "chunked"),
		length: -1,
		body:   "ok",
	},
	{
		// RFC 9112 section 6.3, rule 4; Python's http.client reads it so.
		name:   "A transfer coding other than chunked has the body run to the end of the connection, not undone.",
		file:   "transfer-encoding-gzip.http",
		status: "200 OK",
		header: hdr("Transfer-Encoding", "gzip"),
		length: -1,
		close:  true,
		body:   "ok",
	},
	{
		name:   "Transfer-Encoding not ending in chunked has the body, its chunks as sent, run to the end of the connection.",
		file:   "transfer-encoding-chunked-gzip.http",
		status: "200 OK",
		header: hdr("Transfer-Encoding", "chunked, gzip"),
		length: -1,
		close:  true,
		body:   "2\r\nok\r\n0\r\n\r\n",
	},
	{name: "A coding before chunked is refused, the engine decoding none.", file: "transfer-encoding-gzip-chunked.http", err: &ProtocolError{What: "unsupported transfer encoding"}},
	{name: "Two Transfer-Encoding fields are refused, even both chunked.", file: "transfer-encoding-two-fields.http", err: &ProtocolError{What: "unsupported transfer encoding"}},
	{name: "An empty Transfer-Encoding is refused.", file: "transfer-encoding-empty.http", err: &ProtocolError{What: "unsupported transfer encoding"}},
	{
		name:   "Chunked in upper case is chunked.",
		file:   "transfer-encoding-uppercase.http",
		status: "200 OK",
		header: hdr("Transfer-Encoding", "CHUNKED"),
		length: -1,
		body:   "ok",
	},
	{name: "Chunked spelt with a Kelvin sign is refused.", file: "transfer-encoding-kelvin-sign.http", err: &ProtocolError{What: "unsupported transfer encoding"}},
	{
		name:   "HTTP/1.0 ignores Transfer-Encoding: without a length the body runs to the end, and the connection closes.",
		file:   "http10-transfer-encoding-ignored.http",
		proto:  "HTTP/1.0",
		status: "200 OK",
		header: hdr("Transfer-Encoding", "chunked"),
		length: -1,
		close:  true,
		body:   "2\r\nok\r\n0\r\n\r\n",
	},
	{
		name:   "HTTP/1.0 with Transfer-Encoding and Content-Length reads the length and closes the connection.",
		file:   "http10-transfer-encoding-with-content-length.http",
		proto:  "HTTP/1.0",
		status: "200 OK",
		header: hdr("Connection", "keep-alive", "Transfer-Encoding", "chunked", "Content-Length", "2"),
		length: 2,
		close:  true,
		body:   "ok",
	},
	{
		name:   "A chunked body is decoded.",
		file:   "chunked.http",
		status: "200 OK",
		header: hdr("Transfer-Encoding", "chunked"),
		length: -1,
		body:   "hello, world",
	},
	{
		name:   "Chunk sizes are hexadecimal, in either case.",
		file:   "chunked-hex-sizes.http",
		status: "200 OK",
		header: hdr("Transfer-Encoding", "chunked"),
		length: -1,
		body:   "01234567890123456789a",
	},
	{
		name:    "Trailer fields are read into the body's trailer, repeats kept.",
		file:    "chunked-with-trailers.http",
		status:  "200 OK",
		header:  hdr("Transfer-Encoding", "chunked", "Trailer", "X-Checksum, X-Other"),
		length:  -1,
		body:    "ok",
		trailer: hdr("X-Checksum", "abc", "X-Other", "1", "X-Checksum", "def"),
	},
	{
		name:   "A trailer line without a colon is skipped.",
		file:   "chunked-trailer-without-colon.http",
		status: "200 OK",
		header: hdr("Transfer-Encoding", "chunked"),
		length: -1,
		body:   "ok",
	},
	{
		name:    "A NUL in a trailer value reads as a space.",
		file:    "chunked-trailer-nul-in-value.http",
		status:  "200 OK",
		header:  hdr("Transfer-Encoding", "chunked"),
		length:  -1,
		body:    "ok",
		trailer: hdr("X-T", "a b"),
	},
	{
		name:    "A folded trailer field is joined as a header field is.",
		file:    "chunked-trailer-obs-fold.http",
		status:  "200 OK",
		header:  hdr("Transfer-Encoding", "chunked"),
		length:  -1,
		body:    "ok",
		trailer: hdr("X-T", "a b"),
	},
	{
		name:    "A trailer section may end its lines with a bare LF, as the header may.",
		file:    "chunked-trailer-bare-lf.http",
		status:  "200 OK",
		header:  hdr("Transfer-Encoding", "chunked"),
		length:  -1,
		body:    "ok",
		trailer: hdr("X-T", "a"),
	},
	{
		name:   "A trailer section cut before its empty line ends the body, without the trailer.",
		file:   "chunked-trailer-truncated.http",
		status: "200 OK",
		header: hdr("Transfer-Encoding", "chunked"),
		length: -1,
		body:   "ok",
	},
	{
		name:    "A trailer section longer than a bufio buffer is read.",
		file:    "chunked-trailer-long.http",
		status:  "200 OK",
		header:  hdr("Transfer-Encoding", "chunked"),
		length:  -1,
		body:    "ok",
		trailer: hdr("X-Long", strings.Repeat("t", 5000)),
	},
	{
		name:   "A Trailer field naming Content-Length is kept, and changes nothing.",
		file:   "chunked-trailer-header-announces-content-length.http",
		status: "200 OK",
		header: hdr("Transfer-Encoding", "chunked", "Trailer", "Content-Length"),
		length: -1,
		body:   "ok",
	},
	{
		name:   "A last chunk without the empty line after it ends the body.",
		file:   "chunked-missing-final-crlf.http",
		status: "200 OK",
		header: hdr("Transfer-Encoding", "chunked"),
		length: -1,
		body:   "ok",
	},
	{
		name:    "A chunk size of 2^63 is refused at its line.",
		file:    "chunked-huge-size.http",
		bodyErr: &ProtocolError{What: "chunk size too large"},
	},
	{
		name:    "The largest chunk size is taken, and the body is then truncated.",
		file:    "chunked-largest-size-truncated.http",
		body:    "ok\r\n0\r\n\r\n",
		bodyErr: io.ErrUnexpectedEOF,
	},
	{
		name:    "A chunk size of 17 hexadecimal digits is refused, even with leading zeros.",
		file:    "chunked-too-many-hex-digits.http",
		bodyErr: &ProtocolError{What: "invalid chunk size"},
	},
	{
		name:   "A chunk size of 16 hexadecimal digits is read.",
		file:   "chunked-sixteen-hex-digits.http",
		status: "200 OK",
		header: hdr("Transfer-Encoding", "chunked"),
		length: -1,
		body:   "ok",
	},
	{
		name:   "Chunk extensions, quoted strings included, are skipped.",
		file:   "chunked-extensions.http",
		status: "200 OK",
		header: hdr("Transfer-Encoding", "chunked"),
		length: -1,
		body:   "ok",
	},
	{
		name:   "Whitespace before a chunk extension is skipped (BWS).",
		file:   "chunked-extension-after-whitespace.http",
		status: "200 OK",
		header: hdr("Transfer-Encoding", "chunked"),
		length: -1,
		body:   "ok",
	},
	{
		name:   "Whitespace after a chunk size is skipped.",
		file:   "chunked-size-trailing-whitespace.http",
		status: "200 OK",
		header: hdr("Transfer-Encoding", "chunked"),
		length: -1,
		body:   "ok",
	},
	{
		name:    "Whitespace before a chunk size is refused.",
		file:    "chunked-size-leading-whitespace.http",
		bodyErr: &ProtocolError{What: "invalid chunk size"},
	},
	{
		name:    "A chunk size with a byte that is not hexadecimal is refused.",
		file:    "chunked-size-invalid-hex.http",
		bodyErr: &ProtocolError{What: "invalid chunk size"},
	},
	{
		name:    "A chunk size with a 0x prefix is refused.",
		file:    "chunked-size-with-prefix.http",
		bodyErr: &ProtocolError{What: "invalid chunk size"},
	},
	{
		name:    "An empty chunk-size line is refused.",
		file:    "chunked-size-empty.http",
		bodyErr: &ProtocolError{What: "invalid chunk size"},
	},
	{
		name:    "Chunk data not followed by CRLF is refused after the data.",
		file:    "chunked-missing-crlf-after-data.http",
		body:    "ok",
		bodyErr: &ProtocolError{What: "chunk data not followed by CRLF"},
	},
	{
		name:    "Chunk data followed by a bare LF is refused.",
		file:    "chunked-bare-lf-after-data.http",
		body:    "ok",
		bodyErr: &ProtocolError{What: "chunk data not followed by CRLF"},
	},
	{
		name:    "A chunk-size line ending in a bare LF is refused.",
		file:    "chunked-bare-lf-size-line.http",
		bodyErr: &ProtocolError{What: "chunk-size line ends with a bare LF"},
	},
	{
		name:    "A last-chunk line ending in a bare LF is refused.",
		file:    "chunked-bare-lf-last-chunk.http",
		body:    "ok",
		bodyErr: &ProtocolError{What: "chunk-size line ends with a bare LF"},
	},
	{
		name:    "A chunk-size line of a lone LF is refused, not read past its start.",
		file:    "chunked-size-line-lone-lf.http",
		bodyErr: &ProtocolError{What: "chunk-size line ends with a bare LF"},
	},
	{
		name:    "A CR inside a chunk-size line is refused.",
		file:    "chunked-cr-inside-size-line.http",
		bodyErr: &ProtocolError{What: "CR inside a chunk-size line"},
	},
	{
		name:    "Chunk data cut short is truncated.",
		file:    "chunked-truncated-data.http",
		body:    "only some",
		bodyErr: io.ErrUnexpectedEOF,
	},
	{
		name:    "A chunk-size line cut short is truncated.",
		file:    "chunked-truncated-size-line.http",
		body:    "ok",
		bodyErr: io.ErrUnexpectedEOF,
	},
	{
		name:    "A chunk-size line longer than the buffer is refused.",
		file:    "chunked-size-line-too-long.http",
		bodyErr: &ProtocolError{What: "chunk-size line too long"},
	},
	{
		name:    "Chunk extensions far outweighing the data are refused.",
		file:    "chunked-too-much-overhead.http",
		body:    "xxxxxxxxxxxxxxxx",
		bodyErr: &ProtocolError{What: "chunked encoding with too much non-data"},
	},
	{
		name:   "A 100 Continue before the response is skipped.",
		file:   "interim-100-continue.http",
		status: "200 OK",
		header: hdr("Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
	{
		name:   "A 103 Early Hints is skipped, its fields with it.",
		file:   "interim-103-early-hints.http",
		status: "200 OK",
		header: hdr("Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
	{
		name:   "Several interim responses are skipped.",
		file:   "interim-several.http",
		status: "200 OK",
		header: hdr("Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
	{
		name:   "Five interim responses are skipped.",
		file:   "interim-five.http",
		status: "200 OK",
		header: hdr("Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
	{name: "A sixth interim response is refused.", file: "interim-too-many.http", err: &ProtocolError{What: "too many interim (1xx) responses"}},
	{
		name:   "An interim response has no body, whatever its Content-Length.",
		file:   "interim-with-content-length.http",
		status: "200 OK",
		header: hdr("Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
	{name: "An input ending after an interim response is truncated.", file: "interim-then-truncated.http", err: io.ErrUnexpectedEOF},
	{
		name:   "A 101 has no body: what follows is the new protocol's, left unread.",
		file:   "switching-protocols.http",
		status: "101 Switching Protocols",
		header: hdr("Upgrade", "websocket", "Connection", "Upgrade"),
		length: 0,
		rest:   "\x81\x02hi",
	},
	{
		name:   "A 204 has no body, whatever its Content-Length.",
		file:   "status-204-with-body.http",
		status: "204 No Content",
		header: hdr("Content-Length", "2"),
		length: 0,
		rest:   "ok",
	},
	{
		name:   "A 204 has no body, even chunked.",
		file:   "status-204-chunked.http",
		status: "204 No Content",
		header: hdr("Transfer-Encoding", "chunked", "Content-Length", "2"),
		length: 0,
		rest:   "2\r\nok\r\n0\r\n\r\n",
	},
	{
		name:   "A 304 has no body; its Content-Length is the resource's.",
		file:   "status-304-with-content-length.http",
		status: "304 Not Modified",
		header: hdr("Content-Length", "1234", "Etag", "\"x\""),
		length: 0,
	},
	{
		name:   "A response to HEAD has no body; ContentLength is the field's.",
		file:   "head-with-content-length.http",
		method: http.MethodHead,
		status: "200 OK",
		header: hdr("Content-Length", "1234"),
		length: 1234,
	},
	{
		name:    "The same head to a GET frames a body that is then truncated.",
		file:    "head-with-content-length.http",
		bodyErr: io.ErrUnexpectedEOF,
	},
	{
		name:   "A response to HEAD has no body even chunked; ContentLength is the field's.",
		file:   "head-with-chunked.http",
		method: http.MethodHead,
		status: "200 OK",
		header: hdr("Transfer-Encoding", "chunked", "Content-Length", "1234"),
		length: 1234,
	},
	{
		name:   "HTTP/1.0 with keep-alive keeps the connection.",
		file:   "http10-keep-alive.http",
		proto:  "HTTP/1.0",
		status: "200 OK",
		header: hdr("Connection", "keep-alive", "Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
	{
		name:   "HTTP/1.0 without a length reads to the end and closes.",
		file:   "http10-close-delimited.http",
		proto:  "HTTP/1.0",
		status: "200 OK",
		header: hdr("Content-Type", "text/plain"),
		length: -1,
		close:  true,
		body:   "until the end",
	},
	{
		name:   "HTTP/1.0 closes the connection by default.",
		file:   "http10-connection-close.http",
		proto:  "HTTP/1.0",
		status: "200 OK",
		header: hdr("Connection", "close", "Content-Length", "2"),
		length: 2,
		close:  true,
		body:   "ok",
	},
	{
		name:   "Connection: close closes, and stays in the header.",
		file:   "http11-connection-close.http",
		status: "200 OK",
		header: hdr("Connection", "close", "Content-Length", "2"),
		length: 2,
		close:  true,
		body:   "ok",
	},
	{
		name:   "A close token in a Connection list closes.",
		file:   "http11-connection-close-in-list.http",
		status: "200 OK",
		header: hdr("Connection", "Upgrade, close", "Content-Length", "2"),
		length: 2,
		close:  true,
		body:   "ok",
	},
	{
		name:   "A body without a length runs to the end of the input, and the connection closes.",
		file:   "close-delimited-body.http",
		status: "200 OK",
		header: hdr("Content-Type", "text/plain"),
		length: -1,
		close:  true,
		body:   "until the\r\n\r\nend",
	},
	{
		name:    "A body shorter than its Content-Length is truncated.",
		file:    "truncated-body.http",
		body:    "hello",
		bodyErr: io.ErrUnexpectedEOF,
	},
	{name: "A head cut short is truncated.", file: "truncated-head.http", err: io.ErrUnexpectedEOF},
	{name: "A status line cut short is truncated.", file: "truncated-status-line.http", err: io.ErrUnexpectedEOF},
	{name: "An empty input is the server closing before it responded.", file: "empty.http", err: errServerClosed},
	{name: "An empty status line is refused.", file: "only-crlf.http", err: &ProtocolError{What: "malformed status line"}},
	{
		name:   "A response pipelined behind a length-framed one is left unread.",
		file:   "pipelined-second-response.http",
		status: "200 OK",
		header: hdr("Content-Length", "5"),
		length: 5,
		body:   "first",
		rest:   "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond",
	},
	{
		name:   "A response pipelined behind a chunked one is left unread.",
		file:   "pipelined-after-chunked.http",
		status: "200 OK",
		header: hdr("Transfer-Encoding", "chunked"),
		length: -1,
		body:   "first",
		rest:   "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond",
	},
	{
		name:   "A response pipelined behind a 204 is left unread.",
		file:   "pipelined-after-204.http",
		status: "204 No Content",
		header: hdr(),
		length: 0,
		rest:   "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond",
	},
	{
		name:   "A header line longer than the buffer is read whole.",
		file:   "long-header-line.http",
		status: "200 OK",
		header: hdr("X-Long", strings.Repeat("v", 10000), "Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
	{
		name:   "A status line longer than the buffer is read whole.",
		file:   "long-status-line.http",
		status: "200 " + strings.Repeat("R", 5000),
		header: hdr("Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
	{
		name:   "Hundreds of header fields are read.",
		file:   "many-headers.http",
		status: "200 OK",
		header: manyHeaders(),
		length: 2,
		body:   "ok",
	},
	{name: "A head over 1 MiB is refused.", file: "head-over-1mib.http", err: &ProtocolError{What: "the response head is larger than 1 MiB"}},
	{
		name:   "Pragma: no-cache is kept alone, without the Cache-Control net/http adds.",
		file:   "pragma-no-cache.http",
		status: "200 OK",
		header: hdr("Pragma", "no-cache", "Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
	{
		name:   "Repeated fields keep their values in order, under the canonical name.",
		file:   "repeated-header-fields.http",
		status: "200 OK",
		header: hdr("Set-Cookie", "a=1", "Set-Cookie", "b=2", "Vary", "Accept", "Vary", "Origin", "Content-Length", "2"),
		length: 2,
		body:   "ok",
	},
}

// hdr makes a header of name and value pairs, in order.
func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i < len(kv); i += 2 {
		h[kv[i]] = append(h[kv[i]], kv[i+1])
	}
	return h
}

// manyHeaders is the header of many-headers.http.
func manyHeaders() http.Header {
	h := http.Header{}
	for i := range 500 {
		h[fmt.Sprintf("X-H%d", i)] = []string{fmt.Sprint(i)}
	}
	h["Content-Length"] = []string{"2"}
	return h
}

// readResponseFile returns a response of testdata/responses.
func readResponseFile(t testing.TB, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "responses", name))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// isError reports whether err is want: the same *ProtocolError What, or
// errors.Is.
func isError(err, want error) bool {
	var pe, wantPE *ProtocolError
	if errors.As(want, &wantPE) {
		return errors.As(err, &pe) && pe.What == wantPE.What
	}
	if want == nil {
		return err == nil
	}
	return errors.Is(err, want)
}

func TestReadResponse(t *testing.T) {
	for _, c := range responseCases {
		t.Run(c.name, func(t *testing.T) {
			raw := readResponseFile(t, c.file)
			method := c.method
			if method == "" {
				method = http.MethodGet
			}
			br := bufio.NewReader(bytes.NewReader(raw))
			resp, err := ReadResponse(br, method)
			if !isError(err, c.err) {
				t.Fatalf("ReadResponse(%s, %s) = %v; want %v", c.file, method, err, c.err)
			}
			if err != nil {
				return
			}
			if c.status != "" {
				proto := c.proto
				if proto == "" {
					proto = "HTTP/1.1"
				}
				if resp.Status != c.status || resp.Proto != proto {
					t.Errorf("ReadResponse(%s, %s): %s %q; want %s %q", c.file, method, resp.Proto, resp.Status, proto, c.status)
				}
				var code int
				fmt.Sscan(c.status, &code)
				if resp.StatusCode != code {
					t.Errorf("ReadResponse(%s, %s).StatusCode = %d; want %d", c.file, method, resp.StatusCode, code)
				}
				if !reflect.DeepEqual(resp.Header, c.header) {
					t.Errorf("ReadResponse(%s, %s).Header = %q; want %q", c.file, method, resp.Header, c.header)
				}
				if resp.ContentLength != c.length || resp.Close != c.close {
					t.Errorf("ReadResponse(%s, %s): ContentLength %d, Close %v; want %d, %v", c.file, method, resp.ContentLength, resp.Close, c.length, c.close)
				}
			}
			got, err := io.ReadAll(resp.Body)
			if string(got) != c.body || !isError(err, c.bodyErr) {
				t.Fatalf("ReadResponse(%s, %s): body %q, %v; want %q, %v", c.file, method, got, err, c.body, c.bodyErr)
			}
			if err != nil {
				return
			}
			var trailer http.Header
			if b, ok := resp.Body.(*body); ok {
				trailer = b.Trailer()
			}
			if len(trailer) != 0 || len(c.trailer) != 0 {
				if !reflect.DeepEqual(trailer, c.trailer) {
					t.Errorf("ReadResponse(%s, %s): trailer %q; want %q", c.file, method, trailer, c.trailer)
				}
			}
			if rest, _ := io.ReadAll(br); string(rest) != c.rest {
				t.Errorf("ReadResponse(%s, %s): %q left after the body; want %q", c.file, method, rest, c.rest)
			}
		})
	}
}

// TestReadResponseCasesCoverTheCorpus checks that every response of
// testdata/responses has its contract in responseCases.
func TestReadResponseCasesCoverTheCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "responses", "*.http"))
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, c := range responseCases {
		covered[c.file] = true
	}
	for _, f := range files {
		if !covered[filepath.Base(f)] {
			t.Errorf("%s has no case in responseCases", f)
		}
		delete(covered, filepath.Base(f))
	}
	for f := range covered {
		t.Errorf("responseCases names %s, which is not in testdata/responses", f)
	}
}

// TestReadResponseInTinyReads checks that how a response arrives and how
// its body is read change nothing: each response of testdata/responses,
// to GET and to HEAD, read at once, then one byte per Read of the body,
// then with the bufio.Reader filled one byte at a time
// (iotest.OneByteReader), gives the same head, body bytes, trailer and
// errors.
func TestReadResponseInTinyReads(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "responses", "*.http"))
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		status, body, trailer, err string
	}
	read := func(raw []byte, method string, oneByteInput, oneByteReads bool) result {
		var src io.Reader = bytes.NewReader(raw)
		if oneByteInput {
			src = iotest.OneByteReader(src)
		}
		resp, err := ReadResponse(bufio.NewReader(src), method)
		if err != nil {
			return result{err: "head: " + err.Error()}
		}
		var r result
		r.status = fmt.Sprint(resp.Status, resp.Header, resp.ContentLength, resp.Close)
		var got []byte
		if oneByteReads {
			var p [1]byte
			for {
				n, err := resp.Body.Read(p[:])
				got = append(got, p[:n]...)
				if err == io.EOF {
					break
				}
				if err != nil {
					r.err = "body: " + err.Error()
					break
				}
			}
		} else {
			got, err = io.ReadAll(resp.Body)
			if err != nil {
				r.err = "body: " + err.Error()
			}
		}
		r.body = string(got)
		if b, ok := resp.Body.(*body); ok {
			r.trailer = fmt.Sprint(b.Trailer())
		}
		return r
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			whole := read(raw, method, false, false)
			if got := read(raw, method, false, true); got != whole {
				t.Errorf("ReadResponse(%s, %s) read a byte at a time = %+.200v; want %+.200v", f, method, got, whole)
			}
			if got := read(raw, method, true, false); got != whole {
				t.Errorf("ReadResponse(%s, %s) over iotest.OneByteReader = %+.200v; want %+.200v", f, method, got, whole)
			}
		}
	}
}
