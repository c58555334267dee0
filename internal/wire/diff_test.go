package wire

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"golang.org/x/net/http/httpguts"
)

// diffMaxBody bounds how much of a body the differential tests read: a
// body going on past it counts as read to its end, its first diffMaxBody
// bytes compared.
const diffMaxBody = 1 << 20

// netHTTPBufferSize is the size of the bufio.Reader both parsers read
// from, bufio's default: net/http bounds a trailer section by it.
const netHTTPBufferSize = 4096

// FuzzReadResponse feeds the same bytes to ReadResponse and to net/http's
// ReadResponse, as a response to GET or HEAD, reads each body to its end
// and checks that both agree: status, version, ContentLength, Close, the
// header once net/http's rewrites are applied to ours, the body, the
// trailer, where the message ended in the input, and whether reading
// failed (at the head or in the body alike; when both fail, the heads they
// read must agree but the body bytes need not). net/http's ReadResponse
// returns interim (1xx) responses, so it is called again after one, as
// its Transport does. An input on which the two disagree only as one of
// the differences listed in TestDifferencesFromNetHTTP is skipped.
//
// It also reads each input a second time through iotest.OneByteReader:
// how the bytes arrive must not change what is parsed.
//
// The seeds are the files of testdata/responses, each as a response to
// GET and to HEAD, and the inputs of the documented differences.
func FuzzReadResponse(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "responses", "*.http"))
	if err != nil {
		f.Fatal(err)
	}
	if len(files) == 0 {
		f.Fatal("no seed responses in testdata/responses")
	}
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw, false)
		f.Add(raw, true)
	}
	for _, d := range differences {
		f.Add([]byte(d.raw), d.method == http.MethodHead)
	}
	f.Fuzz(func(t *testing.T, raw []byte, head bool) {
		method := http.MethodGet
		if head {
			method = http.MethodHead
		}
		c := runDiff(raw, method)
		slow := readOurs(raw, method, true)
		if d := sameResult(c.ours, slow); d != "" {
			t.Errorf("ReadResponse(%q, %s) over iotest.OneByteReader: %s", raw, method, d)
		}
		if len(c.mismatches) == 0 {
			return
		}
		if d := c.difference(); d != nil {
			t.Skipf("documented difference from net/http: %s", d.name)
		}
		t.Errorf("ReadResponse(%q, %s) disagrees with net/http:\n\t%s", raw, method, strings.Join(c.mismatchStrings(), "\n\t"))
	})
}

// An outcome is how far a parser got with an input.
type outcome uint8

const (
	accepted    outcome = iota // head and body read (the body maybe to diffMaxBody)
	refusedHead                // the head failed
	refusedBody                // the head was read, the body failed
)

func (o outcome) String() string {
	return [...]string{"accepted", "refused at the head", "refused in the body"}[o]
}

// A difference is a documented, deliberate disagreement with net/http.
type difference struct {
	name    string // what we do, as a sentence
	raw     string // an input showing it
	method  string
	netHTTP string // what net/http does
	ours    string // what we do
	reason  string // why we differ
	// netOutcome and ourOutcome are what each parser makes of raw.
	netOutcome, ourOutcome outcome
	// applies recognises the difference in a case whose results disagree.
	applies func(c *diffCase) bool
}

// differences are the ways ReadResponse deliberately differs from
// net/http. Each predicate must recognise its own case and nothing else.
var differences = []difference{
	{
		name:       "A Transfer-Encoding whose final coding is not chunked has the body run to the end of the connection.",
		raw:        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nok",
		method:     http.MethodGet,
		netHTTP:    `refuses the head ("unsupported transfer encoding")`,
		ours:       "reads the body, its codings not undone, until the connection closes, and closes it",
		reason:     "RFC 9112 section 6.3, rule 4: when chunked is not the final transfer coding of a response, its length is determined by reading the connection until the server closes it. Python's http.client reads it so, and the HTTP caching conformance suite requires a cache to store such a response.",
		netOutcome: refusedHead,
		ourOutcome: accepted,
		applies: func(c *diffCase) bool {
			if c.net.headErr == nil || !strings.Contains(c.net.headErr.Error(), "unsupported transfer encoding") || c.ours.headErr != nil || c.ours.resp == nil {
				return false
			}
			te, ok := c.ours.resp.Header["Transfer-Encoding"]
			// The body runs to the close (ContentLength -1), or there is
			// none to read (HEAD, 1xx, 204, 304): either way the head
			// net/http refuses is read, and the connection is not reused.
			return ok && len(te) == 1 && c.ours.resp.ProtoMinor == 1 && !finalChunked(te) && c.ours.resp.Close
		},
	},
	{
		name:       "A status code not made of three ASCII digits from 100 up is refused.",
		raw:        "HTTP/1.1 099 Low\r\nContent-Length: 2\r\n\r\nok",
		method:     http.MethodGet,
		netHTTP:    `takes any three bytes strconv.Atoi reads as 0 or more: "099" is 99, "+12" is 12, "000" is 0`,
		ours:       "refuses the status line",
		reason:     "RFC 9112 section 4 makes the status code 3DIGIT, a sign being no digit, and RFC 9110 section 15 gives classes from 1xx up: a code below 100 has no class to be handled by. Python's http.client refuses a code below 100 as well.",
		netOutcome: accepted,
		ourOutcome: refusedHead,
		applies: func(c *diffCase) bool {
			pe, ok := ourHeadError(c, "malformed status code")
			if !ok {
				return false
			}
			for _, h := range c.net.heads {
				code, _, _ := strings.Cut(h.status, " ")
				if code == pe.Data && !isStatusCode(code) {
					return true
				}
			}
			return false
		},
	},
	{
		name:       "An HTTP version other than HTTP/1.x is refused.",
		raw:        "HTTP/2.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
		method:     http.MethodGet,
		netHTTP:    `takes any "HTTP/d.d" (HTTP/2.0, HTTP/0.9) and reads a body after it by HTTP/1's rules`,
		ours:       "refuses the status line",
		reason:     "the engine speaks HTTP/1.1 (RFC 9112): an HTTP/2 or HTTP/0.9 status line on an HTTP/1.1 connection is not a message whose framing RFC 9112 defines, so reading a body from it would be a guess. Python's http.client refuses HTTP/2.0 too.",
		netOutcome: accepted,
		ourOutcome: refusedHead,
		applies: func(c *diffCase) bool {
			pe, ok := ourHeadError(c, "malformed HTTP version")
			if !ok {
				return false
			}
			for _, h := range c.net.heads {
				if h.proto == pe.Data && h.major != 1 {
					return true
				}
			}
			return false
		},
	},
	{
		name:       "Whitespace before the ';' of a chunk extension is accepted.",
		raw:        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2 ;ext=1\r\nok\r\n0\r\n\r\n",
		method:     http.MethodGet,
		netHTTP:    `refuses the chunk-size line ("invalid byte in chunk length")`,
		ours:       "reads the chunk, skipping the extension",
		reason:     `RFC 9112 section 7.1.1 writes chunk-ext as *( BWS ";" BWS chunk-ext-name ... ): the whitespace is allowed there, and servers send it.`,
		netOutcome: refusedBody,
		ourOutcome: accepted,
		applies: func(c *diffCase) bool {
			if c.net.bodyErr == nil || c.net.bodyErr.Error() != "invalid byte in chunk length" || !c.ours.ok() {
				return false
			}
			line := lineBefore(c.raw, c.net.consumed)
			size := strings.TrimLeft(string(line), "0123456789abcdefABCDEF")
			return len(size) < len(line) && len(size) > len(strings.TrimLeft(size, " \t")) &&
				strings.HasPrefix(strings.TrimLeft(size, " \t"), ";")
		},
	},
	{
		name:       "A chunk size of 2^63 or more is refused at its line.",
		raw:        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8000000000000000\r\n" + strings.Repeat("x", diffMaxBody+1),
		method:     http.MethodGet,
		netHTTP:    "takes the size and reads whatever follows as chunk data, failing only at the end of the input",
		ours:       "refuses the chunk-size line",
		reason:     "no body that large can be read, and a size that does not fit an int64 is how a server that lost its framing looks; refusing at the line avoids handing the caller bytes of the next message as body.",
		netOutcome: accepted, // as far as diffMaxBody
		ourOutcome: refusedBody,
		applies: func(c *diffCase) bool {
			var pe *ProtocolError
			if !errors.As(c.ours.bodyErr, &pe) || pe.What != "chunk size too large" || !c.net.capped {
				return false
			}
			n, err := strconv.ParseUint(pe.Data, 16, 64)
			return err == nil && n >= 1<<63
		},
	},
	{
		name:       "More than five interim (1xx) responses before the final one are refused.",
		raw:        strings.Repeat("HTTP/1.1 103 Early Hints\r\n\r\n", 6) + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
		method:     http.MethodGet,
		netHTTP:    "returns each interim response; its Transport skips any number of them within its limit on the size of all heads (10 MiB by default)",
		ours:       "refuses the sixth interim response",
		reason:     "each head has its own 1 MiB budget here, so the count is what bounds the work a server can make the client do before answering; five is the bound net/http's Transport had before it moved to a size limit.",
		netOutcome: accepted,
		ourOutcome: refusedHead,
		applies: func(c *diffCase) bool {
			if _, ok := ourHeadError(c, "too many interim (1xx) responses"); !ok {
				return false
			}
			interim := 0
			for _, h := range c.net.heads {
				if code, _ := strconv.Atoi(h.status[:3]); code >= 100 && code < 200 && code != 101 {
					interim++
				}
			}
			return interim > max1xx
		},
	},
	{
		name:       "A response head larger than 1 MiB is refused.",
		raw:        "HTTP/1.1 200 OK\r\nX-Big: " + strings.Repeat("b", MaxHeaderBytes) + "\r\nContent-Length: 2\r\n\r\nok",
		method:     http.MethodGet,
		netHTTP:    "ReadResponse reads a head of any size (its Transport, not ReadResponse, limits heads, to 10 MiB by default)",
		ours:       "refuses the head once it passes MaxHeaderBytes",
		reason:     "the head is held in memory whole; 1 MiB is net/http's default limit for a request head on its servers (DefaultMaxHeaderBytes), and larger response heads are not seen in practice.",
		netOutcome: accepted,
		ourOutcome: refusedHead,
		applies: func(c *diffCase) bool {
			if c.ours.headErr != errHeaderTooLarge {
				return false
			}
			for _, h := range c.net.heads {
				if h.size > MaxHeaderBytes {
					return true
				}
			}
			return false
		},
	},
	{
		name:       "A trailer section with bare LF line endings is accepted.",
		raw:        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-Sum: 1\n\n",
		method:     http.MethodGet,
		netHTTP:    `refuses the trailer unless a CRLF CRLF comes within its buffer after the last chunk ("suspiciously long trailer", or "unexpected EOF reading trailer" for a bare LF alone)`,
		ours:       "reads the trailer section by the header section's rules, bare LF included",
		reason:     "RFC 9112 section 2.2 lets a recipient take a bare LF as the end of a field line; the engine does so in the header section (as net/http does there) and the trailer section is made of the same field lines. Chunk-size lines, which errata 7633 keeps to CRLF, are refused with a bare LF.",
		netOutcome: refusedBody,
		ourOutcome: accepted,
		applies: func(c *diffCase) bool {
			section, ok := netTrailerSection(c)
			return ok && hasBareLF(section)
		},
	},
	{
		name:       "A trailer section longer than 4 KiB is accepted, up to 1 MiB.",
		raw:        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-Long: " + strings.Repeat("t", 5000) + "\r\n\r\n",
		method:     http.MethodGet,
		netHTTP:    `refuses a trailer section that does not end within its bufio.Reader's buffer ("suspiciously long trailer after chunked body")`,
		ours:       "reads trailer sections up to MaxHeaderBytes, as heads",
		reason:     "net/http's bound is the size of whatever buffer the caller gave it; the engine bounds the trailer section as it bounds the head, whatever the buffer.",
		netOutcome: refusedBody,
		ourOutcome: accepted,
		applies: func(c *diffCase) bool {
			section, ok := netTrailerSection(c)
			return ok && !hasBareLF(section) && len(section) > netHTTPBufferSize
		},
	},
	{
		name:       "A Trailer field announcing Content-Length, Transfer-Encoding or Trailer is kept as received.",
		raw:        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: Content-Length\r\n\r\n2\r\nok\r\n0\r\n\r\n",
		method:     http.MethodGet,
		netHTTP:    `refuses the response ("bad trailer key")`,
		ours:       "reads it; the Trailer field stays in the header as received",
		reason:     "the Trailer field only announces what may come (RFC 9110 section 6.6.2); the engine never merges trailer fields into the header, so a trailer field named Content-Length cannot change the framing; Python's http.client ignores the field.",
		netOutcome: refusedHead,
		ourOutcome: accepted,
		applies: func(c *diffCase) bool {
			if c.net.headErr == nil || !strings.Contains(c.net.headErr.Error(), "bad trailer key") || c.ours.headErr != nil {
				return false
			}
			h := c.ours.resp.Header
			if !c.ours.resp.ProtoAtLeast(1, 1) || len(h["Transfer-Encoding"]) != 1 || !strings.EqualFold(h["Transfer-Encoding"][0], "chunked") {
				return false
			}
			for _, v := range h["Trailer"] {
				for _, k := range strings.Split(v, ",") {
					switch http.CanonicalHeaderKey(textproto.TrimString(k)) {
					case "Content-Length", "Transfer-Encoding", "Trailer":
						return true
					}
				}
			}
			return false
		},
	},
	{
		name:       "An HTTP/1.0 response with Transfer-Encoding closes the connection after it.",
		raw:        "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\nok",
		method:     http.MethodGet,
		netHTTP:    "ignores the field and keeps the connection (Close false) when the response says keep-alive",
		ours:       "ignores the field for framing, and sets Close",
		reason:     "RFC 9112 section 6.1: a client that receives an HTTP/1.0 message with Transfer-Encoding MUST treat its framing as faulty and close the connection after it.",
		netOutcome: accepted,
		ourOutcome: accepted,
		applies: func(c *diffCase) bool {
			if len(c.mismatches) != 1 || c.mismatches[0].field != "Close" {
				return false
			}
			r := c.ours.resp
			_, te := r.Header["Transfer-Encoding"]
			return r.ProtoMajor == 1 && r.ProtoMinor == 0 && te && r.Close && !c.net.resp.Close
		},
	},
	{
		name:       "A Content-Length list of one value repeated frames the body by that value.",
		raw:        "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok",
		method:     http.MethodGet,
		netHTTP:    `refuses the head ("bad Content-Length")`,
		ours:       "reads a body of that length",
		reason:     "RFC 9110 section 8.6 lets a recipient replace a list of identical values with one of them: the members agree, so no framing is in doubt. requests reads it so. A list of different values is refused, as two different fields are.",
		netOutcome: refusedHead,
		ourOutcome: accepted,
		applies: func(c *diffCase) bool {
			r, ok := lenientRepairs(c)
			return ok && r.lengths && !r.headFixed && !r.headKept && !r.trailer
		},
	},
	{
		name:       "A field line that cannot be read is skipped, and a NUL or CR in a value read as a space; the connection is closed after the response.",
		raw:        "HTTP/1.1 200 OK\r\nX-No-Colon\r\nX-Nul: a\x00b\r\nContent-Length: 2\r\n\r\nok",
		method:     http.MethodGet,
		netHTTP:    `refuses the head ("malformed MIME header: missing colon", "malformed MIME header line", "malformed MIME header initial line")`,
		ours:       "skips the line (with its continuations), reads the NUL as a space, and sets Close",
		reason:     "RFC 9112 section 2.2 lets a recipient consume a line it cannot read without processing it, and RFC 9110 section 5.5 replace a NUL or CR in a value with SP; browsers and requests show such a response. A NUL or CR in Content-Length or Transfer-Encoding still refuses the head, and Close keeps a head that needed repair from framing anything after it on the connection.",
		netOutcome: refusedHead,
		ourOutcome: accepted,
		applies: func(c *diffCase) bool {
			r, ok := lenientRepairs(c)
			return ok && r.headFixed
		},
	},
	{
		name:       "A NUL or a CR in a Set-Cookie value is kept, for the cookie jar to ignore the cookie; the connection is closed after the response.",
		raw:        "HTTP/1.1 200 OK\r\nSet-Cookie: testpath=t; Path=/te\x00st\r\nContent-Length: 2\r\n\r\nok",
		method:     http.MethodGet,
		netHTTP:    `refuses the head ("malformed MIME header line")`,
		ours:       "keeps the field as received, and sets Close",
		reason:     "RFC 6265bis section 5.6 has a user agent ignore a Set-Cookie holding a NUL or a CR; read as a space, as other fields' are (RFC 9110 section 5.5), it would become a cookie the jar stores. requests keeps the NUL too.",
		netOutcome: refusedHead,
		ourOutcome: accepted,
		applies: func(c *diffCase) bool {
			r, ok := lenientRepairs(c)
			return ok && r.headKept && !r.headFixed && !r.trailer && cookieKeepsNUL(c)
		},
	},
	{
		name:       "A name with visible bytes outside the token set, and a value with control characters other than NUL and CR, are kept.",
		raw:        "HTTP/1.1 200 OK\r\nX(Y): a\r\nX-Ctl: a\x01b\r\nContent-Length: 2\r\n\r\nok",
		method:     http.MethodGet,
		netHTTP:    `refuses the head ("malformed MIME header line")`,
		ours:       "keeps both fields as received",
		reason:     "RFC 9110 section 5.5 lets a recipient retain control characters other than CR, LF and NUL; a name that is not a token names no field the engine acts on, so neither can change the framing. requests keeps both.",
		netOutcome: refusedHead,
		ourOutcome: accepted,
		applies: func(c *diffCase) bool {
			r, ok := lenientRepairs(c)
			return ok && r.headKept && !r.headFixed && !r.trailer && !cookieKeepsNUL(c)
		},
	},
	{
		name:       "The trailer section is read by the header section's lenient rules, and a connection closed in it ends the body.",
		raw:        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n",
		method:     http.MethodGet,
		netHTTP:    `refuses the body ("http: unexpected EOF reading trailer", "malformed MIME header line")`,
		ours:       "reads the body to its end, without the trailer fields that did not come whole; the connection, cut, is not reused",
		reason:     "once the last chunk's line has come, all the data has: trailer fields are metadata that RFC 9112 section 7.1.2 lets a recipient discard, and requests (urllib3 skips the section unread) returns the body. A connection cut before the last chunk's line ends is still a cut body.",
		netOutcome: refusedBody,
		ourOutcome: accepted,
		applies: func(c *diffCase) bool {
			r, ok := lenientRepairs(c)
			return ok && r.trailer && !r.headFixed
		},
	},
}

func TestDifferencesFromNetHTTP(t *testing.T) {
	for _, d := range differences {
		t.Run(d.name, func(t *testing.T) {
			c := runDiff([]byte(d.raw), d.method)
			if got := c.net.outcome(); got != d.netOutcome {
				t.Errorf("http.ReadResponse(%.80q) %v (%s); want %v", d.raw, got, c.net.describe(), d.netOutcome)
			}
			if got := c.ours.outcome(); got != d.ourOutcome {
				t.Errorf("ReadResponse(%.80q) %v (%s); want %v", d.raw, got, c.ours.describe(), d.ourOutcome)
			}
			if len(c.mismatches) == 0 {
				t.Fatalf("ReadResponse(%.80q) agrees with net/http", d.raw)
			}
			if !d.applies(&c) {
				t.Errorf("the difference is not recognised in %.80q: %s", d.raw, strings.Join(c.mismatchStrings(), "; "))
			}
			for _, other := range differences {
				if other.name != d.name && other.applies(&c) {
					t.Errorf("%.80q is also recognised as %q", d.raw, other.name)
				}
			}
		})
	}
}

// diffResult is what one parser made of an input.
type diffResult struct {
	resp     *http.Response // the final response; nil when a head failed
	headErr  error
	body     []byte
	bodyErr  error // nil when the body was read to its end
	capped   bool  // the body went on past diffMaxBody
	trailer  http.Header
	consumed int64      // bytes of the input read when the body ended or failed
	heads    []diffHead // net/http only: the heads read, interim ones included
}

// diffHead is a head net/http read.
type diffHead struct {
	proto, status string
	major         int
	size          int64 // its length in the input
}

func (r *diffResult) ok() bool { return r.headErr == nil && r.bodyErr == nil }

func (r *diffResult) outcome() outcome {
	switch {
	case r.headErr != nil:
		return refusedHead
	case r.bodyErr != nil:
		return refusedBody
	}
	return accepted
}

// byteCounter counts the bytes read through it.
type byteCounter struct {
	r io.Reader
	n int64
}

func (c *byteCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// readOurs parses raw with ReadResponse, through iotest.OneByteReader
// when oneByte is set.
func readOurs(raw []byte, method string, oneByte bool) *diffResult {
	var src io.Reader = bytes.NewReader(raw)
	if oneByte {
		src = iotest.OneByteReader(src)
	}
	in := &byteCounter{r: src}
	br := bufio.NewReaderSize(in, netHTTPBufferSize)
	resp, err := ReadResponse(br, method)
	if err != nil {
		return &diffResult{headErr: err}
	}
	r := &diffResult{resp: resp}
	r.readBody(resp.Body)
	r.consumed = in.n - int64(br.Buffered())
	if b, ok := resp.Body.(*body); ok {
		r.trailer = b.Trailer()
	}
	resp.Body.Close()
	return r
}

// readNetHTTP parses raw with net/http's ReadResponse, skipping interim
// responses as its Transport does.
func readNetHTTP(raw []byte, method string) *diffResult {
	in := &byteCounter{r: bytes.NewReader(raw)}
	br := bufio.NewReaderSize(in, netHTTPBufferSize)
	r := new(diffResult)
	for {
		start := in.n - int64(br.Buffered())
		resp, err := http.ReadResponse(br, &http.Request{Method: method})
		if err != nil {
			r.headErr = err
			return r
		}
		r.heads = append(r.heads, diffHead{
			proto: resp.Proto, status: resp.Status, major: resp.ProtoMajor,
			size: in.n - int64(br.Buffered()) - start,
		})
		if code := resp.StatusCode; code < 100 || code > 199 || code == http.StatusSwitchingProtocols {
			r.resp = resp
			break
		}
	}
	r.readBody(r.resp.Body)
	r.consumed = in.n - int64(br.Buffered())
	r.trailer = r.resp.Trailer
	// The body is not closed: closing it would read on to its end.
	return r
}

// readBody reads a body to its end or diffMaxBody.
func (r *diffResult) readBody(rc io.Reader) {
	b, err := io.ReadAll(io.LimitReader(rc, diffMaxBody+1))
	if len(b) > diffMaxBody {
		b, err, r.capped = b[:diffMaxBody], nil, true
	}
	r.body, r.bodyErr = b, err
}

// diffCase is an input read by both parsers.
type diffCase struct {
	raw        []byte
	method     string
	ours, net  *diffResult
	mismatches []mismatch
}

// mismatch is a way the two parsers' results differ.
type mismatch struct {
	field     string
	ours, net any
}

func runDiff(raw []byte, method string) diffCase {
	c := diffCase{raw: raw, method: method, ours: readOurs(raw, method, false), net: readNetHTTP(raw, method)}
	c.compare()
	return c
}

// compare fills c.mismatches.
func (c *diffCase) compare() {
	ours, net := c.ours, c.net
	add := func(field string, o, n any) {
		c.mismatches = append(c.mismatches, mismatch{field, o, n})
	}
	if ours.ok() != net.ok() {
		add("outcome", ours.describe(), net.describe())
	}
	if ours.resp == nil || net.resp == nil {
		return
	}
	o, n := ours.resp, net.resp
	if o.Status != n.Status {
		add("Status", o.Status, n.Status)
	}
	if o.StatusCode != n.StatusCode {
		add("StatusCode", o.StatusCode, n.StatusCode)
	}
	if o.Proto != n.Proto || o.ProtoMajor != n.ProtoMajor || o.ProtoMinor != n.ProtoMinor {
		add("Proto", fmt.Sprint(o.Proto, o.ProtoMajor, o.ProtoMinor), fmt.Sprint(n.Proto, n.ProtoMajor, n.ProtoMinor))
	}
	if o.ContentLength != n.ContentLength {
		add("ContentLength", o.ContentLength, n.ContentLength)
	}
	if o.Close != n.Close {
		add("Close", o.Close, n.Close)
	}
	if h := asNetHTTPHeader(o, c.method); !reflect.DeepEqual(h, n.Header) {
		add("Header", h, n.Header)
	}
	if !ours.ok() || !net.ok() {
		return // both failed: what came before the failure may differ
	}
	if !bytes.Equal(ours.body, net.body) || ours.capped != net.capped {
		add("body", ours.body, net.body)
	}
	if t := netTrailer(n.Trailer); !reflect.DeepEqual(ours.trailer, t) {
		add("trailer", ours.trailer, t)
	}
	if !ours.capped && ours.consumed != net.consumed {
		add("end of the message", ours.consumed, net.consumed)
	}
}

func (r *diffResult) describe() string {
	switch r.outcome() {
	case refusedHead:
		return "head: " + r.headErr.Error()
	case refusedBody:
		return "body: " + r.bodyErr.Error()
	}
	return "ok"
}

func (c *diffCase) mismatchStrings() []string {
	var s []string
	for _, m := range c.mismatches {
		s = append(s, fmt.Sprintf("%s = %#v; net/http has %#v", m.field, m.ours, m.net))
	}
	return s
}

// difference returns the documented difference the case shows, or nil.
func (c *diffCase) difference() *difference {
	for i := range differences {
		if differences[i].applies(c) {
			return &differences[i]
		}
	}
	return nil
}

// asNetHTTPHeader returns the header of resp, as received, rewritten as
// net/http's ReadResponse rewrites it: Cache-Control: no-cache added for
// Pragma: no-cache; Transfer-Encoding removed; repeated equal
// Content-Length values made one; Content-Length removed from a chunked
// response with a body and Trailer from any chunked response; Connection
// removed when it says close, from HTTP/1.1 on.
func asNetHTTPHeader(resp *http.Response, method string) http.Header {
	h := resp.Header.Clone()
	if hp := h["Pragma"]; len(hp) > 0 && hp[0] == "no-cache" {
		if _, ok := h["Cache-Control"]; !ok {
			h["Cache-Control"] = []string{"no-cache"}
		}
	}
	_, te := h["Transfer-Encoding"]
	chunked := te && resp.ProtoAtLeast(1, 1)
	delete(h, "Transfer-Encoding")
	if cl := h["Content-Length"]; len(cl) > 1 {
		h["Content-Length"] = []string{textproto.TrimString(cl[0])}
	}
	if chunked {
		if method != http.MethodHead && bodyAllowedForStatus(resp.StatusCode) {
			delete(h, "Content-Length")
		}
		delete(h, "Trailer")
	}
	if resp.ProtoAtLeast(1, 1) && httpguts.HeaderValuesContainsToken(h["Connection"], "close") {
		delete(h, "Connection")
	}
	return h
}

func bodyAllowedForStatus(code int) bool {
	return !(code >= 100 && code < 200 || code == http.StatusNoContent || code == http.StatusNotModified)
}

// netTrailer returns net/http's Response.Trailer without the fields the
// Trailer header announced that did not come (nil values), nil if empty.
func netTrailer(t http.Header) http.Header {
	var h http.Header
	for k, v := range t {
		if v != nil {
			if h == nil {
				h = http.Header{}
			}
			h[k] = v
		}
	}
	return h
}

// isStatusCode reports whether code is three ASCII digits from 100.
func isStatusCode(code string) bool {
	return len(code) == 3 && '1' <= code[0] && code[0] <= '9' &&
		isDigit(code[1]) && isDigit(code[2])
}

// ourHeadError returns our head's *ProtocolError when it is about what.
func ourHeadError(c *diffCase, what string) (*ProtocolError, bool) {
	var pe *ProtocolError
	if !errors.As(c.ours.headErr, &pe) || pe.What != what {
		return nil, false
	}
	return pe, true
}

// lineBefore returns the line of raw that ends, with its LF, at end.
func lineBefore(raw []byte, end int64) []byte {
	if end <= 0 || end > int64(len(raw)) || raw[end-1] != '\n' {
		return nil
	}
	line := raw[:end-1]
	line = line[bytes.LastIndexByte(line, '\n')+1:]
	return bytes.TrimSuffix(line, []byte("\r"))
}

// netTrailerSection recognises net/http refusing a trailer section that
// its own header parser reads when given the whole input rather than a
// buffer's worth: the section is read as net/http would read it without
// its buffer check, and must end where ours ended, with the same fields
// and the same body before it.
func netTrailerSection(c *diffCase) ([]byte, bool) {
	if c.net.bodyErr == nil || !c.ours.ok() || c.ours.capped {
		return nil, false
	}
	switch c.net.bodyErr.Error() {
	case "http: suspiciously long trailer after chunked body", "http: unexpected EOF reading trailer":
	default:
		return nil, false
	}
	start := c.net.consumed
	rest := c.raw[start:]
	in := &byteCounter{r: bytes.NewReader(rest)}
	br := bufio.NewReaderSize(in, len(rest)+16)
	t, err := textproto.NewReader(br).ReadMIMEHeader()
	if err != nil {
		return nil, false
	}
	end := start + in.n - int64(br.Buffered())
	if end != c.ours.consumed || !bytes.Equal(c.ours.body, c.net.body) {
		return nil, false
	}
	if len(t) == 0 {
		t = nil
	}
	if !reflect.DeepEqual(c.ours.trailer, http.Header(t)) {
		return nil, false
	}
	return c.raw[start:end], true
}

// hasBareLF reports whether b has a LF without a CR before it.
func hasBareLF(b []byte) bool {
	for i, c := range b {
		if c == '\n' && (i == 0 || b[i-1] != '\r') {
			return true
		}
	}
	return false
}

// sameResult describes how two reads of the same input by ReadResponse
// differ, or returns "".
func sameResult(a, b *diffResult) string {
	errString := func(err error) string {
		if err == nil {
			return "<nil>"
		}
		return err.Error()
	}
	switch {
	case errString(a.headErr) != errString(b.headErr):
		return fmt.Sprintf("head error %v; want %v", b.headErr, a.headErr)
	case a.resp == nil:
		return ""
	case a.resp.Status != b.resp.Status || a.resp.Proto != b.resp.Proto ||
		a.resp.ContentLength != b.resp.ContentLength || a.resp.Close != b.resp.Close:
		return fmt.Sprintf("head %q %s %d %v; want %q %s %d %v",
			b.resp.Status, b.resp.Proto, b.resp.ContentLength, b.resp.Close,
			a.resp.Status, a.resp.Proto, a.resp.ContentLength, a.resp.Close)
	case !reflect.DeepEqual(a.resp.Header, b.resp.Header):
		return fmt.Sprintf("header %v; want %v", b.resp.Header, a.resp.Header)
	case errString(a.bodyErr) != errString(b.bodyErr):
		return fmt.Sprintf("body error %v; want %v", b.bodyErr, a.bodyErr)
	case !bytes.Equal(a.body, b.body) || a.capped != b.capped:
		return fmt.Sprintf("body %q; want %q", b.body, a.body)
	case !reflect.DeepEqual(a.trailer, b.trailer):
		return fmt.Sprintf("trailer %v; want %v", b.trailer, a.trailer)
	case a.bodyErr == nil && a.consumed != b.consumed:
		return fmt.Sprintf("message ends at %d; want %d", b.consumed, a.consumed)
	}
	return ""
}

// cookieKeepsNUL reports whether the engine read a Set-Cookie value of c's
// response with a NUL or a CR in it.
func cookieKeepsNUL(c *diffCase) bool {
	for _, v := range c.ours.resp.Header["Set-Cookie"] {
		if strings.ContainsAny(v, "\x00\r") {
			return true
		}
	}
	return false
}
