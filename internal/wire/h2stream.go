package wire

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"sync"
	"time"

	"golang.org/x/net/http2"
)

// h2Stream is one exchange on an h2Conn, and its response body. The
// fields under "cc.mu" are shared with the connection's reader.
type h2Stream struct {
	cc    *h2Conn
	req   *Request
	resp  *http.Response
	own   h2Waiter    // the owner's goroutine: RoundTrip, then the body's reads
	upw   h2Waiter    // the upload's goroutine
	stop  func() bool // stops the context's AfterFunc; nil without one
	timer SilenceTimer
	up    upload
	done  error // the body's sticky error (io.EOF at its end), owner only

	// Under cc.mu.
	id          uint32
	gotHead     bool
	noBody      bool   // HEAD, 204, 304: data is dropped
	buf         []byte // data received and not read, from off
	off         int
	recvEnd     bool  // END_STREAM came: buf holds the rest of the body
	sentEnd     bool  // END_STREAM went
	reset       bool  // RST_STREAM went or came: no frame is sent on it again
	uploading   bool  // a goroutine sends the rest of the body, after the head
	bodyDone    bool  // the owner is done with the response
	aborted     bool  // err is the exchange's cancellation, not the peer's
	err         error // the stream failed
	endErr      error // the body's end is an error (a Content-Length mismatch)
	trailer     http.Header
	sendWin     int64
	recvWin     int64
	recvUnacked int64
	want, got   int64 // Content-Length (-1: none) and data received
	firstByte   time.Time
}

// signal wakes the stream's goroutines waiting in await.
func (s *h2Stream) signal() {
	s.own.signal()
	if s.upw.wake != nil {
		s.upw.signal()
	}
}

// failLocked fails the stream, once.
func (s *h2Stream) failLocked(err error) {
	if s.err == nil {
		s.err = err
	}
	s.signal()
}

// resetLocked queues an RST_STREAM, unless one went or came.
func (s *h2Stream) resetLocked(code http2.ErrCode) {
	if s.reset {
		return
	}
	s.reset = true
	if s.id != 0 && s.cc.err == nil {
		s.cc.ctl.resets = append(s.cc.ctl.resets, h2Update{s.id, uint32(code)})
	}
}

// endLocked records the END_STREAM of the response.
func (s *h2Stream) endLocked() {
	s.recvEnd = true
	if !s.noBody && s.want >= 0 && s.got != s.want {
		s.endErr = &ProtocolError{What: "HTTP/2 response body of " + strconv.FormatInt(s.got, 10) + " bytes; its Content-Length says " + strconv.FormatInt(s.want, 10)}
	}
	s.cc.forgetLocked(s)
}

// abort ends the exchange with cause (its context's, its read timeout's,
// or the body's Abort), from any goroutine: a read under way in the
// stream's goroutine is cut short, and the server told by RST_STREAM.
func (s *h2Stream) abort(cause error) {
	cc := s.cc
	cc.mu.Lock()
	if s.err != nil || s.bodyDone {
		cc.unlock()
		return
	}
	s.aborted = true
	s.failLocked(cause)
	if !s.recvEnd || !s.sentEnd {
		s.resetLocked(http2.ErrCodeCancel)
	}
	if r := cc.reader; r != nil && r.s == s {
		cc.interrupted = true
		cc.nc.SetReadDeadline(aLongTimeAgo)
	}
	due := !cc.ctl.empty()
	cc.unlock()
	if due {
		cc.flushControl()
	}
}

// roundTrip makes the exchange on the connection, whose stream slot it
// holds. The read timeout runs while the request waits for its head,
// restarted by each read of the request body (an upload that progresses
// is no silence), and around each read of the response body that waits.
func (cc *h2Conn) roundTrip(ctx context.Context, req *Request, resp *http.Response, start time.Time) error {
	s := &h2Stream{cc: cc, req: req, resp: resp, want: -1, recvWin: h2StreamWindow}
	s.own = h2Waiter{s: s, wake: make(chan struct{}, 1)}
	if req.ReadTimeout > 0 {
		s.timer.init(req.ReadTimeout, s.abort)
		s.timer.Arm()
	}
	if ctx.Done() != nil {
		s.stop = context.AfterFunc(ctx, func() { s.abort(context.Cause(ctx)) })
	}
	trace := httptrace.ContextClientTrace(ctx)
	err := s.send(trace)
	if err == nil {
		cc.mu.Lock()
		cc.await(&s.own, waitHead)
		if err = s.err; s.gotHead && !s.aborted {
			err = nil // the body's reads will say
		}
		cc.unlock()
	}
	if err != nil {
		s.finish()
		return s.headError(err)
	}
	s.timer.Pause()
	if req.Timing != nil {
		req.Timing.FirstByte = s.firstByte.Sub(start)
	}
	if trace != nil && trace.GotFirstResponseByte != nil {
		trace.GotFirstResponseByte()
	}
	if s.noBody {
		s.finish()
		s.done = io.EOF
	}
	return nil
}

// headError is the error of an exchange that got no response head.
func (s *h2Stream) headError(err error) error {
	var e *Error
	var be *bodyError
	switch {
	case errors.As(err, &e):
		return err
	case errors.As(err, &be):
		return &Error{Op: "write", Err: err}
	case s.aborted:
		return &Error{Op: "read", Err: err}
	}
	return &Error{Op: "read", Err: &noResponse{err}}
}

// send opens the stream with the request head, and sends the body: with
// the head when it is small, else from a goroutine, as the windows allow,
// so that the response may come, and be read, while the body goes (a
// server may answer before it has read the whole body, or stream its
// answer to it).
func (s *h2Stream) send(trace *httptrace.ClientTrace) error {
	cc, req := s.cc, s.req
	body, length := req.Body, req.ContentLength
	if body == nil {
		length = 0
	}
	var small []byte
	if body != nil && length > 0 && length <= h2SmallBody {
		s.up.buf = getUploadBuf()
		small = s.up.buf[:length]
		if _, err := io.ReadFull(body, small); err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			cc.mu.Lock()
			cc.reserved--
			cc.idleLocked()
			cc.unlock()
			s.endUpload()
			return &bodyError{err}
		}
		s.up.end = true
	}
	if err := cc.open(s, length, small, trace); err != nil {
		s.endUpload()
		return err
	}
	if trace != nil && trace.WroteHeaders != nil {
		trace.WroteHeaders()
	}
	if body == nil || length == 0 || small != nil && s.up.data == nil {
		s.endUpload()
		if trace != nil && trace.WroteRequest != nil {
			trace.WroteRequest(httptrace.WroteRequestInfo{})
		}
		return nil
	}
	if s.up.buf == nil {
		s.up.buf = getUploadBuf()
	}
	s.up.body, s.up.left = body, length
	if small != nil {
		s.up.left = 0
	}
	cc.mu.Lock()
	s.upw = h2Waiter{s: s, wake: make(chan struct{}, 1)} // under mu: the reader signals it
	s.uploading = true
	cc.unlock()
	go s.uploadRest(trace)
	return nil
}

// h2SmallBody is the largest request body sent with its head in one
// flush; it is read before the head is written.
const h2SmallBody = 16 << 10

var uploadBufs = sync.Pool{New: func() any { return new([h2SmallBody]byte) }}

func getUploadBuf() []byte { return uploadBufs.Get().(*[h2SmallBody]byte)[:] }

func (s *h2Stream) endUpload() {
	if s.up.buf != nil {
		uploadBufs.Put((*[h2SmallBody]byte)(s.up.buf))
	}
	s.up = upload{}
}

// upload is the request body on its way.
type upload struct {
	body io.Reader
	left int64  // bytes of body not read yet; -1 for unknown
	buf  []byte // h2SmallBody bytes
	data []byte // read from the body, not sent yet
	end  bool   // data ends the body
}

// open writes the request head, and the small body when the windows
// take it (else it waits in s.up.data for upload), making the stream.
func (cc *h2Conn) open(s *h2Stream, length int64, small []byte, trace *httptrace.ClientTrace) (err error) {
	cc.lockWrite()
	defer func() {
		if werr := cc.unlockWrite(); werr != nil && err == nil {
			err = &Error{Op: "write", Err: werr}
		}
	}()
	cc.mu.Lock()
	cc.reserved--
	err = cc.err
	switch {
	case s.err != nil:
		err = s.err
		cc.idleLocked()
		cc.unlock()
		return err
	case err == nil && cc.goAway:
		err = errH2GoAway
	case err == nil && cc.werr != nil:
		err = cc.werr
	}
	if err != nil {
		cc.idleLocked()
		cc.unlock()
		return &unprocessedError{err}
	}
	s.id = cc.nextID
	cc.nextID += 2
	cc.streams[s.id] = s
	s.sendWin = int64(cc.peerWindow)
	frame := int(cc.peerFrame)
	if small != nil {
		if n := int64(len(small)); n <= min(cc.sendWin, s.sendWin) {
			cc.sendWin -= n
			s.sendWin -= n
		} else {
			s.up.data, small = small, nil
		}
	}
	s.sentEnd = length == 0 || small != nil
	cc.unlock()
	if trace != nil && trace.GotConn != nil {
		trace.GotConn(httptrace.GotConnInfo{Conn: cc.nc, Reused: s.id > 1})
	}
	if s.req.Timing != nil {
		s.req.Timing.Reused = s.id > 1
	}
	block := cc.encodeHead(s.req, length)
	first := min(len(block), frame)
	cc.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: s.id, BlockFragment: block[:first], EndStream: length == 0, EndHeaders: first == len(block)})
	for block = block[first:]; len(block) > 0; {
		n := min(len(block), frame)
		cc.fr.WriteContinuation(s.id, n == len(block), block[:n])
		block = block[n:]
	}
	if small != nil {
		cc.fr.WriteData(s.id, true, small)
	}
	return nil
}

// upload sends the request body as the windows allow.
func (s *h2Stream) upload() error {
	cc, u := s.cc, &s.up
	for {
		if u.data == nil && !u.end {
			n := len(u.buf)
			if u.left >= 0 && int64(n) > u.left {
				n = int(u.left)
			}
			k, err := u.body.Read(u.buf[:n])
			if u.left >= 0 {
				u.left -= int64(k)
				if u.left == 0 {
					u.end = true
				}
			}
			switch {
			case err == io.EOF && u.left > 0:
				return &bodyError{io.ErrUnexpectedEOF}
			case err == io.EOF:
				u.end = true
			case err != nil:
				return &bodyError{err}
			}
			if k == 0 && !u.end {
				continue
			}
			u.data = u.buf[:k]
		}
		cc.mu.Lock()
		if len(u.data) > 0 && min(cc.sendWin, s.sendWin) <= 0 {
			cc.await(&s.upw, waitWindow)
		}
		switch {
		case s.err != nil:
			err := s.err
			cc.unlock()
			return err
		case s.reset:
			cc.unlock()
			return nil // the server wants no more of it
		case cc.err != nil:
			err := cc.err
			cc.unlock()
			return err
		}
		n := int(min(int64(len(u.data)), cc.sendWin, s.sendWin, int64(cc.peerFrame)))
		cc.sendWin -= int64(n)
		s.sendWin -= int64(n)
		last := u.end && n == len(u.data)
		s.sentEnd = last
		if !s.gotHead {
			s.timer.Arm()
		}
		cc.unlock()
		cc.lockWrite()
		err := cc.fr.WriteData(s.id, last, u.data[:n])
		if werr := cc.unlockWrite(); err == nil {
			err = werr
		}
		if err != nil {
			return &Error{Op: "write", Err: err}
		}
		if u.data = u.data[n:]; len(u.data) == 0 {
			u.data = nil
		}
		if last {
			return nil
		}
	}
}

// uploadRest sends the body but for the small one sent with the head.
// When it fails, the stream does.
func (s *h2Stream) uploadRest(trace *httptrace.ClientTrace) {
	err := s.upload()
	s.endUpload()
	if err == nil && trace != nil && trace.WroteRequest != nil {
		trace.WroteRequest(httptrace.WroteRequestInfo{})
	}
	cc := s.cc
	cc.mu.Lock()
	s.uploading = false
	if err != nil && s.err == nil {
		s.failLocked(err)
		s.resetLocked(http2.ErrCodeCancel)
	}
	cc.forgetLocked(s)
	due := !cc.ctl.empty()
	cc.unlock()
	if due {
		cc.flushControl()
	}
}

// Read reads the response body. It waits, reading the connection's frames
// when nobody else does, under the read timeout.
func (s *h2Stream) Read(p []byte) (int, error) {
	if s.done != nil {
		return 0, s.done
	}
	cc := s.cc
	cc.mu.Lock()
	if s.off == len(s.buf) && !s.recvEnd && s.err == nil {
		s.timer.Arm()
		cc.await(&s.own, waitData)
		s.timer.Pause()
	}
	var err error
	n := 0
	if s.err != nil && (s.aborted || !s.recvEnd) {
		err = s.err
	} else {
		n = copy(p, s.buf[s.off:])
		s.off += n
		if s.off == len(s.buf) && s.recvEnd {
			err = io.EOF
			if s.endErr != nil {
				err = s.endErr
			}
		}
		cc.giveBackLocked(s, int64(n))
	}
	due := !cc.ctl.empty()
	cc.unlock()
	if due {
		cc.flushControl()
	}
	if err != nil {
		if err == io.EOF {
			for k, v := range s.trailer {
				if s.resp.Trailer == nil {
					s.resp.Trailer = make(http.Header, len(s.trailer))
				}
				s.resp.Trailer[k] = v
			}
		} else {
			err = &Error{Op: "body", Err: err}
		}
		s.done = err
		s.finish()
	}
	return n, err
}

// finish ends the owner's part of the exchange: the stream is forgotten
// once its upload is done too, reset if the server has not ended it.
func (s *h2Stream) finish() {
	if s.stop != nil {
		s.stop()
	}
	s.timer.Pause()
	cc := s.cc
	cc.mu.Lock()
	s.bodyDone = true
	if s.uploading && !s.sentEnd {
		s.resetLocked(http2.ErrCodeCancel)
		s.signal()
	}
	cc.forgetLocked(s)
	due := !cc.ctl.empty()
	cc.unlock()
	if due {
		cc.flushControl()
	}
}

// Abort makes a Read under way in another goroutine return: it cancels
// the stream. It is safe during a Read; Close is called after.
func (s *h2Stream) Abort() { s.abort(errBodyClosed) }

// Close abandons the rest of the body: the stream is reset and the
// credit of what was not read given back to the connection.
func (s *h2Stream) Close() error {
	if s.done == nil {
		s.done = errBodyClosed
		s.finish()
	}
	return nil
}
