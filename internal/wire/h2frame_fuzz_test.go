package wire_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"testing"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"

	"github.com/go-requests/requests/internal/wire"
)

// fuzzConn is a client's connection whose server sends script, then
// ends; what the client writes is dropped.
type fuzzConn struct {
	r *bytes.Reader
}

func (c *fuzzConn) Read(p []byte) (int, error)       { return c.r.Read(p) }
func (c *fuzzConn) Write(p []byte) (int, error)      { return len(p), nil }
func (c *fuzzConn) Close() error                     { return nil }
func (c *fuzzConn) LocalAddr() net.Addr              { return &net.TCPAddr{} }
func (c *fuzzConn) RemoteAddr() net.Addr             { return &net.TCPAddr{} }
func (c *fuzzConn) SetDeadline(time.Time) error      { return nil }
func (c *fuzzConn) SetReadDeadline(time.Time) error  { return nil }
func (c *fuzzConn) SetWriteDeadline(time.Time) error { return nil }

// h2Frames encodes a server's frames for the seed corpus.
func h2Frames(write func(fr *http2.Framer, enc *hpack.Encoder, hb *bytes.Buffer)) []byte {
	var out, hb bytes.Buffer
	write(http2.NewFramer(&out, nil), hpack.NewEncoder(&hb), &hb)
	return out.Bytes()
}

// FuzzH2Frames feeds arbitrary bytes, after a valid server preface, to the
// engine's HTTP/2 client connection making one request: it must neither
// panic nor hang, whatever the frames.
func FuzzH2Frames(f *testing.F) {
	head := func(enc *hpack.Encoder, hb *bytes.Buffer, kv ...string) []byte {
		hb.Reset()
		for i := 0; i < len(kv); i += 2 {
			enc.WriteField(hpack.HeaderField{Name: kv[i], Value: kv[i+1]})
		}
		return hb.Bytes()
	}
	f.Add(h2Frames(func(fr *http2.Framer, enc *hpack.Encoder, hb *bytes.Buffer) {
		fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: head(enc, hb, ":status", "200", "content-length", "2"), EndHeaders: true})
		fr.WriteData(1, true, []byte("ok"))
	}))
	f.Add(h2Frames(func(fr *http2.Framer, enc *hpack.Encoder, hb *bytes.Buffer) {
		fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: head(enc, hb, ":status", "103", "link", "</a>"), EndHeaders: true})
		fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: head(enc, hb, ":status", "200", "trailer", "x-t")})
		fr.WriteContinuation(1, true, head(enc, hb, "x-a", "b"))
		fr.WriteDataPadded(1, false, []byte("body"), make([]byte, 7))
		fr.WritePing(false, [8]byte{1})
		fr.WriteWindowUpdate(0, 1000)
		fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: head(enc, hb, "x-t", "v"), EndHeaders: true, EndStream: true})
	}))
	f.Add(h2Frames(func(fr *http2.Framer, enc *hpack.Encoder, hb *bytes.Buffer) {
		fr.WriteSettings(http2.Setting{ID: http2.SettingInitialWindowSize, Val: 1 << 30}, http2.Setting{ID: http2.SettingHeaderTableSize, Val: 0})
		fr.WriteRSTStream(1, http2.ErrCodeRefusedStream)
		fr.WriteGoAway(0, http2.ErrCodeNo, []byte("bye"))
	}))
	f.Add([]byte{0, 0, 1, 0, 1, 0, 0, 0, 1, 'x'})
	var preface bytes.Buffer
	http2.NewFramer(&preface, nil).WriteSettings(http2.Setting{ID: http2.SettingMaxFrameSize, Val: 1 << 14})
	u, _ := url.Parse("http://fuzz.example/")
	f.Fuzz(func(t *testing.T, frames []byte) {
		script := append(bytes.Clone(preface.Bytes()), frames...)
		tr := &wire.Transport{UnencryptedHTTP2: true}
		tr.DialContext = func(context.Context, string, string) (net.Conn, error) {
			return &fuzzConn{r: bytes.NewReader(script)}, nil
		}
		defer tr.CloseIdleConnections()
		done := make(chan struct{})
		go func() {
			defer close(done)
			var resp http.Response
			req := &wire.Request{Method: "POST", URL: u, Body: bytes.NewReader(make([]byte, 100)), ContentLength: 100}
			if err := tr.RoundTrip(context.Background(), req, &resp); err != nil {
				return
			}
			io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
			resp.Body.Close()
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("the exchange hangs on %q", frames)
		}
	})
}
