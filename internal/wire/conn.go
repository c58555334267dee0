package wire

import (
	"bufio"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// conn is one HTTP/1.1 connection. It serves one exchange at a time, in the
// caller's goroutine; between exchanges it waits in its Transport's pool.
type conn struct {
	t       *Transport
	key     connKey
	nc      net.Conn // TCP, or TLS over TCP or over a tunnel
	br      *bufio.Reader
	bw      *bufio.Writer
	created time.Time
	ageSkew int8            // this connection's share of MaxConnAge, in percent from -10 to 10
	idleAt  time.Time       // when it went back to the pool
	reused  bool            // it served an exchange before this one
	raw     syscall.RawConn // for alive, made on its first use
	peek    func(fd uintptr) bool
	idleOK  bool // what peek found

	// The exchange in progress.
	readTimeout  time.Duration
	readDL       time.Time // the read deadline set on nc; zero for none
	writeDL      time.Time // the write deadline set on nc
	holdDeadline bool      // the read deadline is set by hand: armRead leaves it
	written      int64     // bytes written to nc
	closeAfter   bool      // the connection ends with this exchange
	stopCtx      func() bool
	interrupted  atomic.Bool // the context ended the exchange
	causeMu      sync.Mutex
	cause        error // context.Cause of the context that ended it
	timeoutHit   bool  // a read or write deadline of readTimeout expired
	trace        *httptrace.ClientTrace
	parser       parser
}

func newConn(t *Transport, key connKey, nc net.Conn) *conn {
	c := &conn{t: t, key: key, nc: nc, created: time.Now(), ageSkew: int8(rand.N(21) - 10)}
	c.br = bufio.NewReaderSize(connReader{c}, 4<<10)
	c.bw = bufio.NewWriterSize(connWriter{c}, 4<<10)
	return c
}

// maxAge is the Transport's MaxConnAge for this connection: spread over
// ±10%, so that the connections a fleet of clients opened together do not
// all end, and look their host up again, at once (golang/go#23427).
func (c *conn) maxAge() time.Duration {
	age := c.t.maxAge()
	return age + age/100*time.Duration(c.ageSkew)
}

// deadlineSlack is how much later than its timeout a deadline may fire:
// a deadline is moved only when it is less than the timeout away, or more
// than the timeout and the slack, and then to the timeout plus the slack
// from now, so that a connection serving a
// request every 30 µs moves it once a millisecond, not twice a request
// (setting both deadlines on every exchange cost 7% of
// BenchmarkEngineGetJSON). A timeout never fires early.
func deadlineSlack(timeout time.Duration) time.Duration {
	return min(timeout/8, time.Millisecond)
}

// armRead gives the next read of the socket the read timeout.
func (c *conn) armRead() {
	if c.holdDeadline {
		return
	}
	if c.readTimeout <= 0 {
		if !c.readDL.IsZero() {
			c.setReadDeadline(time.Time{})
		}
		return
	}
	now := time.Now()
	slack := deadlineSlack(c.readTimeout)
	if left := c.readDL.Sub(now); left < c.readTimeout || left > c.readTimeout+slack {
		c.setReadDeadline(now.Add(c.readTimeout + slack))
	}
}

// armWrite gives the next write of the socket the read timeout.
func (c *conn) armWrite() {
	if c.readTimeout <= 0 {
		if !c.writeDL.IsZero() {
			c.writeDL = time.Time{}
			c.nc.SetWriteDeadline(c.writeDL)
			c.keepInterrupt()
		}
		return
	}
	now := time.Now()
	slack := deadlineSlack(c.readTimeout)
	if left := c.writeDL.Sub(now); left < c.readTimeout || left > c.readTimeout+slack {
		c.writeDL = now.Add(c.readTimeout + slack)
		c.nc.SetWriteDeadline(c.writeDL)
		c.keepInterrupt()
	}
}

// setReadDeadline sets the read deadline and remembers it.
func (c *conn) setReadDeadline(t time.Time) {
	c.readDL = t
	c.nc.SetReadDeadline(t)
	c.keepInterrupt()
}

// keepInterrupt puts back the deadline in the past that interrupt set,
// when it came while a deadline was being moved: otherwise a context that
// ended before the read timeout was armed (a Total timeout firing during
// the write, under load) would be forgotten, and the body read to its end.
// interrupt sets its flag before its deadline, and this checks the flag
// after setting one, so whichever comes last, the past deadline stays.
func (c *conn) keepInterrupt() {
	if c.interrupted.Load() {
		c.nc.SetDeadline(aLongTimeAgo)
	}
}

// connReader gives the connection's reads the read timeout, as a deadline
// on the socket.
type connReader struct{ c *conn }

func (r connReader) Read(p []byte) (int, error) {
	c := r.c
	c.armRead()
	n, err := c.nc.Read(p)
	if err != nil && c.readTimeout > 0 && errors.Is(err, os.ErrDeadlineExceeded) && !c.interrupted.Load() {
		c.timeoutHit = true
	}
	return n, err
}

// connWriter gives each write of the socket the read timeout too: a server
// that stops reading the request is as silent as one that stops writing.
type connWriter struct{ c *conn }

func (w connWriter) Write(p []byte) (int, error) {
	c := w.c
	c.armWrite()
	n, err := c.nc.Write(p)
	c.written += int64(n)
	if err != nil && c.readTimeout > 0 && errors.Is(err, os.ErrDeadlineExceeded) && !c.interrupted.Load() {
		c.timeoutHit = true
	}
	return n, err
}

// ReadFrom sends a large request body in 32 KiB writes, each under the
// read timeout: bufio.Writer hands a body over to it once its buffer (the
// head and the start of the body, sent together) is flushed. Without it a
// 1 MiB upload left in 256 writes of 4 KiB, 5% slower than net/http.
func (w connWriter) ReadFrom(r io.Reader) (int64, error) {
	bp := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(bp)
	buf := *bp
	var n int64
	for {
		k, err := r.Read(buf)
		if k > 0 {
			if _, werr := w.Write(buf[:k]); werr != nil {
				return n, werr
			}
			n += int64(k)
		}
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// copyBuffers holds the 32 KiB buffers large request bodies are sent
// through.
var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// interrupt ends the exchange in progress because its context ended: every
// blocked or later read or write of the connection fails at once.
func (c *conn) interrupt(cause error) {
	c.causeMu.Lock()
	c.cause = cause
	c.causeMu.Unlock()
	c.interrupted.Store(true)
	c.nc.SetDeadline(aLongTimeAgo)
}

var aLongTimeAgo = time.Unix(1, 0)

// fail names err, a failure of the connection during op.
func (c *conn) fail(op string, err error) error {
	var we *Error
	if errors.As(err, &we) {
		return err
	}
	if c.interrupted.Load() {
		c.causeMu.Lock()
		err = c.cause
		c.causeMu.Unlock()
	} else if c.timeoutHit {
		err = &TimeoutError{Limit: c.readTimeout}
	}
	return &Error{Op: op, Err: err}
}

// startExchange prepares the connection for an exchange under ctx.
func (c *conn) startExchange(ctx context.Context, req *Request, trace *httptrace.ClientTrace) {
	c.readTimeout = req.ReadTimeout
	c.written = 0
	c.closeAfter = req.closeRequested()
	c.timeoutHit = false
	c.trace = trace
	if ctx.Done() != nil {
		c.stopCtx = context.AfterFunc(ctx, func() { c.interrupt(context.Cause(ctx)) })
	}
}

// endExchange releases the connection after an exchange: to the pool when
// reusable says it may serve another, closed otherwise.
func (c *conn) endExchange(reusable bool) {
	if c.stopCtx != nil {
		if !c.stopCtx() {
			reusable = false // the context ended meanwhile: the deadline is in the past
		}
		c.stopCtx = nil
	}
	if c.interrupted.Load() || c.closeAfter {
		reusable = false
	}
	c.trace = nil
	if reusable {
		c.t.putIdle(c)
		return
	}
	c.close()
}

// close closes the connection and, under MaxConnsPerHost, gives back its
// slot. It is called once per connection: when it leaves an exchange or
// the pool for good.
func (c *conn) close() {
	c.nc.Close()
	if c.t.MaxConnsPerHost > 0 {
		c.t.release(c.key)
	}
}

// bodyEnded is called by the body when it ends with err (io.EOF at its
// framed end); it returns the error the body reports.
func (c *conn) bodyEnded(err error) error {
	trace := c.trace
	switch err {
	case io.EOF:
		c.endExchange(true)
		if trace != nil && trace.PutIdleConn != nil {
			trace.PutIdleConn(nil)
		}
		return io.EOF
	case errBodyClosed:
		c.endExchange(false)
		return err
	}
	err = c.fail("body", err)
	c.endExchange(false)
	return err
}

// roundTrip sends req on the connection and reads the response head into
// resp. On success resp.Body reads the body and gives the connection back
// at its end; on failure the connection is closed.
func (c *conn) roundTrip(ctx context.Context, req *Request, target, proxyAuth string, resp *http.Response, start time.Time) error {
	trace := c.trace
	req.writeHead(c.bw, target, proxyAuth)
	continued := req.expectsContinue()
	var err error
	if req.Body != nil && !continued {
		err = req.writeBody(c.bw)
	}
	if err == nil {
		err = c.bw.Flush()
	}
	if trace != nil {
		if trace.WroteHeaders != nil {
			trace.WroteHeaders()
		}
		if trace.WroteRequest != nil && !continued {
			trace.WroteRequest(httptrace.WroteRequestInfo{Err: err})
		}
	}
	if err != nil {
		return c.writeFailed(req, resp, err)
	}
	if continued {
		final, err := c.continueBody(req, resp)
		if err != nil {
			return err
		}
		if final {
			c.closeAfter = true // the body was not sent: the server may still read it as a request
			return c.frameBody(req, resp)
		}
	}
	return c.readResponse(req, resp, start)
}

// writeFailed handles a failed write of the request. A server may have
// answered before the whole body left (an early 413, say): its response,
// when it comes within a moment, is the result.
func (c *conn) writeFailed(req *Request, resp *http.Response, err error) error {
	var be *bodyError
	if errors.As(err, &be) || c.interrupted.Load() || c.written == 0 {
		c.endExchange(false)
		return c.fail("write", err)
	}
	c.closeAfter = true
	c.holdDeadline = true
	c.setReadDeadline(time.Now().Add(50 * time.Millisecond))
	_, perr := c.br.Peek(1)
	c.holdDeadline = false
	if perr == nil {
		if rerr := c.readResponse(req, resp, time.Time{}); rerr == nil {
			return nil
		}
		return c.fail("write", err) // readResponse closed the connection
	}
	c.endExchange(false)
	return c.fail("write", err)
}

// continueBody waits, at most the Transport's ExpectContinueTimeout, for
// the server's 100 Continue before sending the body. When the server
// answers with a final status instead, the body is not sent, the response
// head is in resp and final is true.
func (c *conn) continueBody(req *Request, resp *http.Response) (final bool, err error) {
	wait := c.t.expectContinueTimeout()
	if c.readTimeout > 0 && c.readTimeout < wait {
		wait = c.readTimeout
	}
	if c.trace != nil && c.trace.Wait100Continue != nil {
		c.trace.Wait100Continue()
	}
	for n := 0; ; n++ {
		c.holdDeadline = true
		c.setReadDeadline(time.Now().Add(wait))
		_, err := c.br.Peek(1)
		c.holdDeadline = false
		c.setReadDeadline(time.Time{})
		if err != nil {
			if c.interrupted.Load() || !errors.Is(err, os.ErrDeadlineExceeded) {
				c.endExchange(false)
				return false, c.fail("read", err)
			}
			break // no answer in time: send the body
		}
		if err := c.parser.readHead(c.br, req.Method, resp); err != nil {
			c.endExchange(false)
			return false, c.fail("read", err)
		}
		code := resp.StatusCode
		if code == http.StatusContinue {
			if c.trace != nil && c.trace.Got100Continue != nil {
				c.trace.Got100Continue()
			}
			break
		}
		if code >= 200 || code == http.StatusSwitchingProtocols {
			return true, nil
		}
		if n == max1xx {
			c.endExchange(false)
			return false, c.fail("read", &ProtocolError{What: "too many interim (1xx) responses"})
		}
	}
	err = req.writeBody(c.bw)
	if err == nil {
		err = c.bw.Flush()
	}
	if c.trace != nil && c.trace.WroteRequest != nil {
		c.trace.WroteRequest(httptrace.WroteRequestInfo{Err: err})
	}
	if err != nil {
		c.endExchange(false)
		return false, c.fail("write", err)
	}
	return false, nil
}

// readResponse reads the response head, skipping interim responses, and
// frames the body.
func (c *conn) readResponse(req *Request, resp *http.Response, start time.Time) error {
	if _, err := c.br.Peek(1); err != nil {
		c.endExchange(false)
		if err == io.EOF {
			err = errServerClosed
		}
		return c.fail("read", &noResponse{err})
	}
	if req.Timing != nil && !start.IsZero() {
		req.Timing.FirstByte = time.Since(start)
	}
	if c.trace != nil && c.trace.GotFirstResponseByte != nil {
		c.trace.GotFirstResponseByte()
	}
	for n := 0; ; n++ {
		if err := c.parser.readHead(c.br, req.Method, resp); err != nil {
			if err == errServerClosed {
				err = io.ErrUnexpectedEOF // cut after an interim response
			}
			c.endExchange(false)
			return c.fail("read", err)
		}
		code := resp.StatusCode
		if code >= 200 || code == http.StatusSwitchingProtocols {
			break
		}
		if n == max1xx {
			c.endExchange(false)
			return c.fail("read", &ProtocolError{What: "too many interim (1xx) responses"})
		}
		if c.trace != nil && c.trace.Got1xxResponse != nil {
			if err := c.trace.Got1xxResponse(code, textproto.MIMEHeader(resp.Header)); err != nil {
				c.endExchange(false)
				return c.fail("read", err)
			}
		}
	}
	return c.frameBody(req, resp)
}

// frameBody sets up the body of the response whose head was read.
func (c *conn) frameBody(req *Request, resp *http.Response) error {
	c.closeAfter = c.closeAfter || resp.Close
	if resp.StatusCode == http.StatusSwitchingProtocols {
		if len(req.Header["Upgrade"]) == 0 {
			// A server may only switch to a protocol the request offered in
			// Upgrade (RFC 9110 section 15.2.2), and this one offered none:
			// what follows is nothing the caller can speak. The response has
			// no content, as in requests, and the connection is closed.
			resp.Body = http.NoBody
			c.endExchange(false)
			return nil
		}
		resp.Body = &upgraded{c: c}
		return nil
	}
	if c.parser.framing == noBody {
		resp.Body = http.NoBody
		c.endExchange(true)
		return nil
	}
	// A body of its own for each exchange, kept in the Request (one
	// allocation less): the caller may still hold it, and Close it, when
	// the connection serves the next one.
	b := &req.body
	*b = body{br: c.br, c: c}
	b.frame(c.parser.framing, resp.ContentLength)
	resp.Body = b
	return nil
}

// upgraded is the body of a 101 response: the connection itself, taken out
// of the pool, to read and write in the new protocol.
type upgraded struct{ c *conn }

func (u *upgraded) Read(p []byte) (int, error)  { return u.c.br.Read(p) }
func (u *upgraded) Write(p []byte) (int, error) { return u.c.nc.Write(p) }
func (u *upgraded) Close() error {
	u.c.readTimeout = 0
	u.c.endExchange(false)
	return nil
}
