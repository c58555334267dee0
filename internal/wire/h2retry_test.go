package wire_test

import (
	"bytes"
	"io"
	"net"
	"sync/atomic"
	"testing"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// h2Server is an h2c server, byte by byte: the first connection refuses
// its first stream as refuse says, later ones answer "ok".
func h2Server(t *testing.T, refuse func(fr *http2.Framer, stream uint32)) (url string, conns *atomic.Int32) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	conns = new(atomic.Int32)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n := conns.Add(1)
			go func() {
				defer c.Close()
				preface := make([]byte, len(http2.ClientPreface))
				if _, err := io.ReadFull(c, preface); err != nil {
					return
				}
				fr := http2.NewFramer(c, c)
				fr.WriteSettings()
				for {
					f, err := fr.ReadFrame()
					if err != nil {
						return
					}
					switch f := f.(type) {
					case *http2.SettingsFrame:
						if !f.IsAck() {
							fr.WriteSettingsAck()
						}
					case *http2.HeadersFrame:
						if n == 1 {
							refuse(fr, f.StreamID)
							continue
						}
						var hb bytes.Buffer
						enc := hpack.NewEncoder(&hb)
						enc.WriteField(hpack.HeaderField{Name: ":status", Value: "200"})
						fr.WriteHeaders(http2.HeadersFrameParam{StreamID: f.StreamID, BlockFragment: hb.Bytes(), EndHeaders: true})
						fr.WriteData(f.StreamID, true, []byte("ok"))
					}
				}
			}()
		}
	}()
	return "http://" + ln.Addr().String() + "/", conns
}

// Defect 5 of issue "faults, third round": REFUSED_STREAM, or GOAWAY with
// last stream 0, on the first stream of a new connection (a server in a
// rolling restart) was not retried; it was only on a pooled connection.
// Neither was processed, so any request may be sent again, as net/http does.
func TestH2RefusedFirstStreamIsRetried(t *testing.T) {
	forEachH2Engine(t, testH2RefusedFirstStreamIsRetried)
}

func testH2RefusedFirstStreamIsRetried(t *testing.T, own bool) {
	cases := map[string]func(fr *http2.Framer, stream uint32){
		"REFUSED_STREAM": func(fr *http2.Framer, stream uint32) { fr.WriteRSTStream(stream, http2.ErrCodeRefusedStream) },
		"GOAWAY(0)":      func(fr *http2.Framer, stream uint32) { fr.WriteGoAway(0, http2.ErrCodeNo, nil) },
	}
	for name, refuse := range cases {
		url, conns := h2Server(t, refuse)
		tr := newTransport(t)
		tr.UnencryptedHTTP2 = true
		tr.H2Legacy = !own
		_, body, err := get(t, tr, url, nil)
		if err != nil || body != "ok" {
			t.Errorf("%s on a new connection's first stream: %q, %v; want it sent again on another connection", name, body, err)
		}
		if n := conns.Load(); n != 2 {
			t.Errorf("%s: %d connections; want 2", name, n)
		}
	}
}
