package wire

import (
	"fmt"
	"strconv"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// The frames of the server, as the connection's reader dispatches them,
// under cc.mu.

// handle dispatches a frame; its error ends the connection.
func (cc *h2Conn) handle(f http2.Frame) error {
	switch f := f.(type) {
	case *http2.DataFrame:
		return cc.onData(f)
	case *http2.HeadersFrame:
		return cc.onHeaders(f.StreamID, f.HeaderBlockFragment(), true, f.HeadersEnded(), f.StreamEnded())
	case *http2.ContinuationFrame:
		return cc.onHeaders(f.StreamID, f.HeaderBlockFragment(), false, f.HeadersEnded(), false)
	case *http2.RSTStreamFrame:
		return cc.onReset(f)
	case *http2.SettingsFrame:
		return cc.onSettings(f)
	case *http2.WindowUpdateFrame:
		return cc.onWindowUpdate(f)
	case *http2.PingFrame:
		if f.IsAck() {
			if f.Data == cc.ping {
				cc.pingOut = false
			}
		} else if len(cc.ctl.pings) < 16 {
			cc.ctl.pings = append(cc.ctl.pings, f.Data)
		}
	case *http2.GoAwayFrame:
		cc.onGoAway(f)
	case *http2.PushPromiseFrame:
		return http2.ConnectionError(http2.ErrCodeProtocol) // the client disabled push
	}
	return nil
}

// goAwayError is a stream above the last one a GOAWAY names.
type goAwayError struct {
	last  uint32
	code  http2.ErrCode
	debug string
}

func (e *goAwayError) Error() string {
	msg := fmt.Sprintf("http/2 server going away (%v) after stream %d", e.code, e.last)
	if e.debug != "" {
		msg += ": " + strconv.Quote(e.debug)
	}
	return msg
}

// h2ProtocolError is the server breaking the protocol on the connection.
type h2ProtocolError struct {
	code http2.ErrCode
	what string
}

func (e *h2ProtocolError) Error() string {
	return "http/2 protocol error from the server (" + e.code.String() + "): " + e.what
}

// stream returns the open stream id, or nil for one that was closed; an
// id never opened is a protocol error.
func (cc *h2Conn) stream(id uint32) (*h2Stream, error) {
	if s := cc.streams[id]; s != nil {
		return s, nil
	}
	if id%2 == 0 || id >= cc.nextID {
		return nil, http2.ConnectionError(http2.ErrCodeProtocol)
	}
	return nil, nil
}

func (cc *h2Conn) onData(f *http2.DataFrame) error {
	n := int64(f.Length)
	if n > cc.recvWin {
		return http2.ConnectionError(http2.ErrCodeFlowControl)
	}
	cc.recvWin -= n
	s, err := cc.stream(f.StreamID)
	switch {
	case err != nil:
		return err
	case s == nil || s.err != nil:
		// A closed stream's: the connection's credit comes back at once.
		cc.giveBackLocked(nil, n)
		return nil
	case !s.gotHead || s.recvEnd:
		cc.giveBackLocked(nil, n)
		s.failLocked(&h2ProtocolError{http2.ErrCodeProtocol, "DATA before the head or after the end of the stream"})
		s.resetLocked(http2.ErrCodeProtocol)
		return nil
	case s.noBody:
		// A response to HEAD, a 204 or a 304, whose content is dropped.
		cc.giveBackLocked(nil, n)
		if f.StreamEnded() {
			s.endLocked()
			s.signal()
		}
		return nil
	}
	if n > s.recvWin {
		cc.giveBackLocked(nil, n)
		s.failLocked(&h2ProtocolError{http2.ErrCodeFlowControl, "DATA beyond the stream's window"})
		s.resetLocked(http2.ErrCodeFlowControl)
		return nil
	}
	s.recvWin -= n
	data := f.Data()
	if pad := n - int64(len(data)); pad > 0 {
		cc.giveBackLocked(s, pad)
	}
	s.got += int64(len(data))
	if s.want >= 0 && s.got > s.want {
		s.failLocked(&ProtocolError{What: "HTTP/2 response body longer than its Content-Length"})
		s.resetLocked(http2.ErrCodeProtocol)
		return nil
	}
	if len(data) > 0 {
		if s.off == len(s.buf) {
			s.buf, s.off = s.buf[:0], 0
		}
		s.buf = append(s.buf, data...)
	}
	if f.StreamEnded() {
		s.endLocked()
	}
	s.signal()
	return nil
}

// giveBackLocked counts n bytes of received data as consumed, on the
// connection and on s unless nil, and queues the WINDOW_UPDATEs due once
// half a window is consumed.
func (cc *h2Conn) giveBackLocked(s *h2Stream, n int64) {
	if n <= 0 {
		return
	}
	cc.recvUnacked += n
	if cc.recvUnacked >= h2ConnWindow/2 && cc.err == nil {
		cc.ctl.updates = append(cc.ctl.updates, h2Update{0, uint32(cc.recvUnacked)})
		cc.recvWin += cc.recvUnacked
		cc.recvUnacked = 0
	}
	if s == nil || s.recvEnd || s.reset {
		return
	}
	s.recvUnacked += n
	if s.recvUnacked >= h2StreamWindow/2 {
		cc.ctl.updates = append(cc.ctl.updates, h2Update{s.id, uint32(s.recvUnacked)})
		s.recvWin += s.recvUnacked
		s.recvUnacked = 0
	}
}

func (cc *h2Conn) onHeaders(id uint32, frag []byte, first, endHeaders, endStream bool) error {
	if first {
		s, err := cc.stream(id)
		if err != nil {
			return err
		}
		if s != nil && (s.recvEnd || s.err != nil) {
			s = nil // decoded, to keep the table in step, and dropped
		}
		cc.head.start(s, endStream)
	}
	if cc.head.raw += len(frag); cc.head.raw > h2MaxBlockBytes {
		// A block that never ends (a CONTINUATION flood) would hold the
		// connection's reader for as long as the server sends it.
		return &h2ProtocolError{http2.ErrCodeEnhanceYourCalm, fmt.Sprintf("a header block over %d bytes", h2MaxBlockBytes)}
	}
	if _, err := cc.dec.Write(frag); err != nil {
		return http2.ConnectionError(http2.ErrCodeCompression)
	}
	if !endHeaders {
		return nil
	}
	if err := cc.dec.Close(); err != nil {
		return http2.ConnectionError(http2.ErrCodeCompression)
	}
	h := &cc.head
	s := h.s
	h.s = nil
	if s == nil || s.err != nil {
		return nil
	}
	var err error
	switch {
	case h.size > h2MaxHeadBytes:
		err = &ProtocolError{What: fmt.Sprintf("HTTP/2 response head over %d bytes", h2MaxHeadBytes)}
	case !s.gotHead:
		err = s.takeHead(h.fields, h.end)
	default:
		err = s.takeTrailer(h.fields, h.end)
	}
	if err != nil {
		s.failLocked(err)
		s.resetLocked(http2.ErrCodeProtocol)
	}
	s.signal()
	return nil
}

// headBlock is the header block being decoded; its fields are the
// decoder's strings, kept until the block ends.
type headBlock struct {
	s      *h2Stream // nil: decoded and dropped
	end    bool      // END_STREAM came with it
	size   int       // decoded, as HTTP/2 counts a header list
	raw    int       // received, in HEADERS and CONTINUATION frames
	fields []hpack.HeaderField
}

// h2MaxBlockBytes bounds the frames of one header block: past it the
// connection ends. A head over h2MaxHeadBytes decoded, within it, fails
// its stream alone.
const h2MaxBlockBytes = 4 * h2MaxHeadBytes

func (h *headBlock) start(s *h2Stream, end bool) {
	clear(h.fields)
	h.s, h.end, h.size, h.raw, h.fields = s, end, 0, 0, h.fields[:0]
}

// emit takes a decoded field. Memory stays bounded by the bytes received:
// past h2MaxHeadBytes fields are counted, no longer kept.
func (h *headBlock) emit(f hpack.HeaderField) {
	h.size += len(f.Name) + len(f.Value) + 32
	if h.s == nil || h.size > h2MaxHeadBytes {
		return
	}
	h.fields = append(h.fields, f)
}

func (cc *h2Conn) onReset(f *http2.RSTStreamFrame) error {
	s, err := cc.stream(f.StreamID)
	if s == nil || err != nil {
		return err
	}
	s.reset = true
	switch {
	case s.err != nil:
	case f.ErrCode == http2.ErrCodeNo && s.recvEnd:
		// The response is whole; the server wants no more of the request.
	case f.ErrCode == http2.ErrCodeRefusedStream && !s.gotHead:
		s.failLocked(&unprocessedError{http2.StreamError{StreamID: f.StreamID, Code: f.ErrCode}})
	default:
		s.failLocked(http2.StreamError{StreamID: f.StreamID, Code: f.ErrCode})
	}
	s.signal()
	cc.forgetLocked(s)
	return nil
}

func (cc *h2Conn) onSettings(f *http2.SettingsFrame) error {
	if f.IsAck() {
		return nil
	}
	err := f.ForeachSetting(func(st http2.Setting) error {
		if err := st.Valid(); err != nil {
			return err
		}
		switch st.ID {
		case http2.SettingMaxConcurrentStreams:
			cc.maxStreams = st.Val
		case http2.SettingInitialWindowSize:
			delta := int64(st.Val) - int64(cc.peerWindow)
			for _, s := range cc.streams {
				if s.sendWin+delta > 1<<31-1 {
					return http2.ConnectionError(http2.ErrCodeFlowControl)
				}
				s.sendWin += delta
			}
			cc.peerWindow = int32(st.Val)
			if delta > 0 {
				cc.wakeWindowWaiters()
			}
		case http2.SettingMaxFrameSize:
			cc.peerFrame = st.Val
		case http2.SettingHeaderTableSize:
			cc.ctl.tableSize, cc.ctl.newTable = st.Val, true
		}
		return nil
	})
	if err != nil {
		return err
	}
	cc.ctl.settingsAck++
	return nil
}

func (cc *h2Conn) onWindowUpdate(f *http2.WindowUpdateFrame) error {
	n := int64(f.Increment)
	if f.StreamID == 0 {
		if cc.sendWin+n > 1<<31-1 {
			return http2.ConnectionError(http2.ErrCodeFlowControl)
		}
		cc.sendWin += n
		cc.wakeWindowWaiters()
		return nil
	}
	s, err := cc.stream(f.StreamID)
	if s == nil || err != nil {
		return err
	}
	if s.sendWin+n > 1<<31-1 {
		s.failLocked(&h2ProtocolError{http2.ErrCodeFlowControl, "stream window over 2^31-1"})
		s.resetLocked(http2.ErrCodeFlowControl)
		return nil
	}
	s.sendWin += n
	s.signal()
	return nil
}

func (cc *h2Conn) wakeWindowWaiters() {
	for _, w := range cc.waiters {
		if w.wait == waitWindow {
			w.signal()
		}
	}
}

func (cc *h2Conn) onGoAway(f *http2.GoAwayFrame) {
	cc.goAway = true
	for id, s := range cc.streams {
		if id > f.LastStreamID && s.err == nil {
			s.failLocked(&unprocessedError{&goAwayError{f.LastStreamID, f.ErrCode, string(f.DebugData())}})
			s.reset = true // the server forgot it
			s.signal()
			cc.forgetLocked(s)
		}
	}
	cc.idleLocked()
}
