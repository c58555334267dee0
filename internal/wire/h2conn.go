package wire

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// The engine's own HTTP/2 client connection (RFC 9113), on x/net's Framer
// and hpack. There is no reader goroutine: a stream that waits for its
// head, its data or send window and finds nobody reading becomes the
// connection's reader. It reads frames, hands those of other streams to
// them, and gives the role up when it has what it waits for, waking a
// waiting stream to take it over. A sequential exchange thus reads its
// response in its own goroutine, as over HTTP/1.1. The one goroutine of a
// connection is the health check's: after h2PingAfter without a frame it
// sends a PING and, when nobody reads, reads until the answer.

const (
	// h2StreamWindow and h2ConnWindow are what the server may send ahead
	// of the reads, per stream and on the connection, as net/http grants.
	h2StreamWindow = 4 << 20
	h2ConnWindow   = 1 << 30
	// h2MaxHeadBytes bounds a decoded response head (or trailer section),
	// counted as RFC 9113 section 6.5.2 counts it.
	h2MaxHeadBytes = 1 << 20
	// h2MaxFrame is the largest frame read: the protocol's default, so
	// that a frame header cannot make the reader allocate more than 16 KiB.
	h2MaxFrame = 16 << 10
	// h2InitialMaxStreams is the peer's stream limit assumed until its
	// SETTINGS say otherwise.
	h2InitialMaxStreams = 100
	// The health check of a silent connection, as net/http's
	// ReadIdleTimeout and PingTimeout.
	h2PingAfter   = 30 * time.Second
	h2PingTimeout = 15 * time.Second
)

// h2Conn is an HTTP/2 client connection. Lock order: wmu, then mu.
type h2Conn struct {
	t   *Transport
	nc  net.Conn
	tls *tls.ConnectionState // nil over h2c

	// The reader's; only the goroutine holding the reader role uses them.
	br   *bufio.Reader // frames are taken from it whole (readFrame)
	fr   *http2.Framer // reads from br, writes to bw under wmu
	dec  *hpack.Decoder
	head headBlock

	wmu     sync.Mutex
	writers atomic.Int32 // goroutines in or waiting for wmu (lockWrite)
	bw      *bufio.Writer
	henc    *hpack.Encoder
	hbuf    bytes.Buffer
	werr    error // sticky: the connection failed writing

	mu          sync.Mutex
	streams     map[uint32]*h2Stream
	nextID      uint32
	reserved    int         // slots of exchanges that have not opened their stream yet
	reading     bool        // somebody holds the reader role
	reader      *h2Waiter   // nil: the health check, or nobody
	interrupted bool        // the reader's read was cut short by its stream's end
	waiters     []*h2Waiter // blocked in await, not reading
	err         error       // the connection is done: no more frames
	shut        bool        // err is new: unlock closes the socket
	goAway      bool        // no new streams (GOAWAY, CloseIdleConnections)
	maxStreams  uint32
	peerWindow  int32 // the peer's SETTINGS_INITIAL_WINDOW_SIZE
	peerFrame   uint32
	sendWin     int64 // what the connection may still send
	recvWin     int64 // what the peer may still send on the connection
	recvUnacked int64 // consumed since the last connection WINDOW_UPDATE
	ctl         h2Control
	frames      uint64 // frames read, for the health check
	seenFrames  uint64
	pingOut     bool
	ping        [8]byte
	health      *time.Timer
	idleSince   time.Time
}

// h2Control is what the connection owes the peer: frames queued under mu
// by whoever found them due, written under wmu by the next flushControl.
type h2Control struct {
	settingsAck int
	tableSize   uint32 // the peer's SETTINGS_HEADER_TABLE_SIZE, to apply to the encoder
	newTable    bool
	pings       [][8]byte
	updates     []h2Update
	resets      []h2Update // n is the error code
	goAway      *http2.ConnectionError
}

type h2Update struct{ id, n uint32 }

func (c *h2Control) empty() bool {
	return c.settingsAck == 0 && !c.newTable && len(c.pings) == 0 && len(c.updates) == 0 && len(c.resets) == 0 && c.goAway == nil
}

// newH2Conn starts HTTP/2 on nc: it sends the preface, the settings and
// the connection's window, and does not wait for the server's.
func newH2Conn(t *Transport, nc net.Conn) (*h2Conn, error) {
	cc := &h2Conn{
		t:          t,
		nc:         nc,
		br:         bufio.NewReaderSize(nc, 32<<10),
		bw:         bufio.NewWriterSize(nc, 16<<10),
		streams:    make(map[uint32]*h2Stream),
		nextID:     1,
		maxStreams: h2InitialMaxStreams,
		peerWindow: 65535,
		peerFrame:  16384,
		sendWin:    65535,
		recvWin:    h2ConnWindow,
		idleSince:  time.Now(),
	}
	if tc, ok := nc.(*tls.Conn); ok {
		st := tc.ConnectionState()
		cc.tls = &st
	}
	cc.fr = http2.NewFramer(cc.bw, cc.br)
	cc.fr.SetMaxReadFrameSize(h2MaxFrame)
	cc.fr.SetReuseFrames()
	cc.henc = hpack.NewEncoder(&cc.hbuf)
	cc.dec = hpack.NewDecoder(4096, cc.head.emit)
	cc.dec.SetMaxStringLength(h2MaxHeadBytes)
	cc.bw.WriteString(http2.ClientPreface)
	cc.fr.WriteSettings(
		http2.Setting{ID: http2.SettingEnablePush, Val: 0},
		http2.Setting{ID: http2.SettingInitialWindowSize, Val: h2StreamWindow},
		http2.Setting{ID: http2.SettingMaxHeaderListSize, Val: h2MaxHeadBytes},
	)
	cc.fr.WriteWindowUpdate(0, h2ConnWindow-65535)
	if err := cc.bw.Flush(); err != nil {
		nc.Close()
		return nil, err
	}
	cc.health = time.AfterFunc(t.h2PingAfter(), cc.healthCheck)
	return cc, nil
}

func (t *Transport) h2PingAfter() time.Duration {
	if t.h2Health[0] > 0 {
		return t.h2Health[0]
	}
	return h2PingAfter
}

func (t *Transport) h2PingTimeout() time.Duration {
	if t.h2Health[1] > 0 {
		return t.h2Health[1]
	}
	return h2PingTimeout
}

// reserve takes a stream slot for an exchange, unless the connection
// takes no new streams or is full.
func (cc *h2Conn) reserve() bool {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if !cc.usableLocked() || uint32(len(cc.streams)+cc.reserved) >= cc.maxStreams {
		return false
	}
	cc.reserved++
	return true
}

// usable reports whether the connection may take new streams (it may be
// full for now).
func (cc *h2Conn) usable() bool {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return cc.usableLocked()
}

func (cc *h2Conn) usableLocked() bool {
	return cc.err == nil && !cc.goAway && cc.nextID < 1<<31-1
}

// closeIdle closes the connection when it carries no stream; else it
// takes no new ones and closes after the last.
func (cc *h2Conn) closeIdle() {
	cc.mu.Lock()
	cc.goAway = true
	cc.idleLocked()
	cc.unlock()
}

var (
	errH2Closed      = errors.New("http/2 connection closed")
	errH2PingTimeout = errors.New("http/2 connection lost: no answer to a PING")
	errH2GoAway      = errors.New("http/2 connection going away")
)

// unprocessedError is a stream the server did not process, which any
// request may be sent again after (RFC 9113 section 8.7).
type unprocessedError struct{ err error }

func (e *unprocessedError) Error() string { return e.err.Error() }
func (e *unprocessedError) Unwrap() error { return e.err }

// close ends the connection with err: its streams that have not all
// their response fail with it.
func (cc *h2Conn) close(err error) {
	cc.mu.Lock()
	cc.failLocked(err)
	cc.unlock()
}

// unlock releases mu, then closes the socket if the connection failed
// meanwhile: not under mu, since a TLS close may wait for a writer.
func (cc *h2Conn) unlock() {
	shut := cc.shut
	cc.shut = false
	cc.mu.Unlock()
	if shut {
		cc.nc.Close()
	}
}

// failLocked marks the connection done and fails its unfinished streams;
// the socket is closed by the next unlock.
func (cc *h2Conn) failLocked(err error) {
	if cc.err != nil {
		return
	}
	cc.err, cc.shut = err, true
	cc.health.Stop()
	for _, s := range cc.streams {
		if s.err == nil && !s.recvEnd || s.uploading {
			s.failLocked(err)
		}
	}
}

// connError ends the connection after telling the peer why.
func (cc *h2Conn) connError(code http2.ErrCode, err error) {
	cc.mu.Lock()
	if cc.err == nil {
		ce := http2.ConnectionError(code)
		cc.ctl.goAway = &ce
	}
	cc.unlock()
	cc.flushControl()
	cc.close(err)
}

// h2Waiter is a goroutine of a stream that may wait in await: its owner
// (for the head or the body) or its upload (for send window).
type h2Waiter struct {
	s    *h2Stream
	wait waitKind
	wake chan struct{} // signal: something for the waiting goroutine
}

func (w *h2Waiter) signal() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// await blocks until w's stream has what wait asks for or has failed,
// reading frames meanwhile when nobody else does. It is called, and
// returns, with cc.mu held.
func (cc *h2Conn) await(w *h2Waiter, wait waitKind) {
	w.wait = wait
	for !cc.ready(w) {
		if !cc.reading {
			cc.reading, cc.reader = true, w
			cc.unlock()
			cc.readFrames(w)
			cc.mu.Lock()
			cc.reading, cc.reader = false, nil
			continue
		}
		cc.waiters = append(cc.waiters, w)
		cc.unlock()
		<-w.wake
		cc.mu.Lock()
		for i, o := range cc.waiters {
			if o == w {
				cc.waiters = append(cc.waiters[:i], cc.waiters[i+1:]...)
				break
			}
		}
	}
	w.wait = waitNone
	if !cc.reading {
		cc.passReader()
	}
}

// waitKind is what a stream's goroutine waits for in await.
type waitKind uint8

const (
	waitNone   waitKind = iota
	waitHead            // the response head
	waitData            // body data or its end
	waitWindow          // send window for the request body
)

// ready reports whether w has what it waits for.
func (cc *h2Conn) ready(w *h2Waiter) bool {
	s := w.s
	if s.err != nil {
		return true
	}
	switch w.wait {
	case waitHead:
		return s.gotHead
	case waitData:
		return s.off < len(s.buf) || s.recvEnd
	case waitWindow:
		return min(cc.sendWin, s.sendWin) > 0 || s.reset || cc.err != nil
	}
	return true
}

// passReader wakes a waiting stream to take the reader role.
func (cc *h2Conn) passReader() {
	if len(cc.waiters) > 0 {
		cc.waiters[0].signal()
	}
}

// readFrames reads and dispatches frames until w is ready; w is nil for
// the health check, which reads until its PING is answered. When w's
// stream is aborted meanwhile, its read is cut short (interrupted) and the
// role given up.
func (cc *h2Conn) readFrames(w *h2Waiter) {
	for {
		f, err := cc.readFrame()
		cc.mu.Lock()
		if err != nil {
			if cc.interrupted {
				// An aborted stream's reader was cut short (the reader now,
				// or one that left the deadline behind): the bytes read are
				// kept in br.
				cc.interrupted = false
				cc.nc.SetReadDeadline(time.Time{})
				done := w != nil && cc.ready(w)
				cc.unlock()
				if done {
					return
				}
				continue
			}
			cc.unlock()
			cc.readError(err)
			return
		}
		cc.frames++
		ferr := cc.handle(f)
		done := w == nil && !cc.pingOut || w != nil && cc.ready(w) || cc.err != nil
		// Frames already buffered are handled before the role is given
		// up: the DATA after a head, most often, which its body's first
		// Read then finds.
		more := done && cc.frameBuffered()
		due := !cc.ctl.empty()
		cc.unlock()
		if ferr != nil {
			cc.readError(ferr)
			return
		}
		if due {
			cc.flushControl()
		}
		if done && !more {
			return
		}
	}
}

// readFrame reads the next frame once it is buffered whole: a read cut
// short by a deadline leaves the frame's bytes in br for the next reader.
func (cc *h2Conn) readFrame() (http2.Frame, error) {
	hdr, err := cc.br.Peek(9)
	if err != nil {
		return nil, err
	}
	if n := int(hdr[0])<<16 | int(hdr[1])<<8 | int(hdr[2]); n <= h2MaxFrame {
		if _, err := cc.br.Peek(9 + n); err != nil {
			return nil, err
		}
	}
	return cc.fr.ReadFrame()
}

// frameBuffered reports whether a whole frame is buffered.
func (cc *h2Conn) frameBuffered() bool {
	k := cc.br.Buffered()
	if k < 9 {
		return false
	}
	hdr, _ := cc.br.Peek(9)
	return 9+(int(hdr[0])<<16|int(hdr[1])<<8|int(hdr[2])) <= k
}

// readError ends the connection after a failed read, or the stream a
// framer's StreamError names.
func (cc *h2Conn) readError(err error) {
	var se http2.StreamError
	var ce http2.ConnectionError
	switch {
	case errors.As(err, &se):
		cc.streamError(se.StreamID, se)
		return
	case errors.As(err, &ce):
		cc.connError(http2.ErrCode(ce), fmt.Errorf("http/2 protocol error from the server: %w", err))
	case errors.Is(err, http2.ErrFrameTooLarge):
		cc.connError(http2.ErrCodeFrameSize, fmt.Errorf("http/2 protocol error from the server: %w", err))
	default:
		cc.close(err)
	}
}

// streamError resets a stream the server broke the protocol on.
func (cc *h2Conn) streamError(id uint32, err error) {
	cc.mu.Lock()
	if s := cc.streams[id]; s != nil && !s.reset {
		s.failLocked(err)
		s.resetLocked(http2.ErrCodeProtocol)
	}
	cc.unlock()
	cc.flushControl()
}

// forgetLocked drops a stream from the connection once both its sides are
// done with it, giving back the credit of data received and not read,
// and closes a connection going away that has no stream left.
func (cc *h2Conn) forgetLocked(s *h2Stream) {
	if !s.bodyDone || s.uploading || cc.streams[s.id] != s {
		return
	}
	if !s.reset && (!s.recvEnd || !s.sentEnd) {
		s.resetLocked(http2.ErrCodeCancel)
	}
	cc.giveBackLocked(nil, int64(len(s.buf)-s.off))
	s.buf, s.off = nil, 0
	delete(cc.streams, s.id)
	cc.idleLocked()
}

// idleLocked notes when the connection has no stream left, and closes it
// then if it takes no new ones.
func (cc *h2Conn) idleLocked() {
	if len(cc.streams) > 0 || cc.reserved > 0 {
		return
	}
	cc.idleSince = time.Now()
	if cc.goAway {
		cc.failLocked(errH2Closed)
	}
}

// flushControl writes the frames owed to the peer.
func (cc *h2Conn) flushControl() {
	cc.lockWrite()
	defer cc.unlockWrite()
	cc.mu.Lock()
	ctl := cc.ctl
	cc.ctl = h2Control{}
	cc.unlock()
	if cc.werr != nil {
		return
	}
	if ctl.newTable {
		cc.henc.SetMaxDynamicTableSizeLimit(ctl.tableSize)
	}
	for range ctl.settingsAck {
		cc.fr.WriteSettingsAck()
	}
	for _, p := range ctl.pings {
		cc.fr.WritePing(true, p)
	}
	for _, u := range ctl.updates {
		cc.fr.WriteWindowUpdate(u.id, u.n)
	}
	for _, r := range ctl.resets {
		cc.fr.WriteRSTStream(r.id, http2.ErrCode(r.n))
	}
	if ctl.goAway != nil {
		cc.fr.WriteGoAway(0, http2.ErrCode(*ctl.goAway), nil)
	}
}

// lockWrite takes wmu to write frames into bw.
func (cc *h2Conn) lockWrite() {
	cc.writers.Add(1)
	cc.wmu.Lock()
}

// unlockWrite releases wmu after flushing bw, unless another goroutine
// waits to write: the last of a line of writers flushes for all. Under 64
// concurrent streams, that is one write(2) for several requests rather
// than one each.
func (cc *h2Conn) unlockWrite() error {
	err := cc.werr
	if cc.writers.Add(-1) == 0 {
		err = cc.flushLocked()
	}
	cc.wmu.Unlock()
	return err
}

// flushLocked flushes bw, under wmu; a failure ends the connection.
func (cc *h2Conn) flushLocked() error {
	if cc.werr != nil {
		return cc.werr
	}
	if err := cc.bw.Flush(); err != nil {
		cc.werr = err
		cc.close(err)
		return err
	}
	return nil
}

// healthCheck runs every h2PingAfter: a connection silent that long gets
// a PING, and is closed when the answer does not come in h2PingTimeout.
// When nobody reads, the check reads until the answer. An idle connection
// past the idle timeout is closed.
func (cc *h2Conn) healthCheck() {
	cc.mu.Lock()
	switch {
	case cc.err != nil:
		cc.unlock()
		return
	case cc.pingOut:
		cc.unlock()
		cc.close(errH2PingTimeout)
		return
	case len(cc.streams) == 0 && cc.reserved == 0 && time.Since(cc.idleSince) >= cc.t.idleTimeout():
		cc.goAway = true
		cc.unlock()
		cc.close(errH2Closed)
		return
	case cc.frames != cc.seenFrames:
		cc.seenFrames = cc.frames
		cc.health.Reset(cc.t.h2PingAfter())
		cc.unlock()
		return
	}
	cc.pingOut = true
	rand.Read(cc.ping[:])
	ping := cc.ping
	cc.health.Reset(cc.t.h2PingTimeout())
	read := !cc.reading
	if read {
		cc.reading = true
	}
	cc.unlock()
	cc.lockWrite()
	if cc.werr == nil {
		cc.fr.WritePing(false, ping)
	}
	cc.unlockWrite()
	if read {
		cc.readFrames(nil)
		cc.mu.Lock()
		cc.reading = false
		if cc.err == nil && !cc.pingOut {
			cc.seenFrames = cc.frames
			cc.health.Reset(cc.t.h2PingAfter())
		}
		cc.passReader()
		cc.unlock()
	}
}
