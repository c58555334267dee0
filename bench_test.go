package requests_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/go-requests/requests"
)

// payload300 is a JSON document of about 300 bytes, like the one the bench/
// harness serves.
var payload300 = `{"id":12345,"name":"requests for Go","tags":["http","client","go"],"active":true,"score":98.6,` +
	`"owner":{"login":"gopher","id":42,"url":"https://example.com/users/gopher"},` +
	`"description":"` + strings.Repeat("x", 120) + `"}`

type doc struct {
	ID    int      `json:"id"`
	Name  string   `json:"name"`
	Tags  []string `json:"tags"`
	Owner struct {
		Login string `json:"login"`
	} `json:"owner"`
}

func jsonServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, payload300)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkGetJSON is a sequential keep-alive GET with a JSON decode through
// a Session.
func BenchmarkGetJSON(b *testing.B) {
	s := requests.NewSession()
	defer s.Close()
	url := jsonServer(b).URL + "/doc"
	b.Run("json", func(b *testing.B) { benchSession(b, s, url) })
	b.Run("body", func(b *testing.B) { benchBody(b, s, url) })
}

// BenchmarkNetHTTPGetJSON is the same with net/http and a tuned Transport:
// the floor BenchmarkGetJSON is measured against.
func BenchmarkNetHTTPGetJSON(b *testing.B) {
	tr := &http.Transport{MaxIdleConnsPerHost: 128, ForceAttemptHTTP2: true}
	defer tr.CloseIdleConnections()
	benchClient(b, &http.Client{Transport: tr}, jsonServer(b).URL+"/doc")
}

// benchSession GETs url through s and decodes the JSON, b.N times.
func benchSession(b *testing.B, s *requests.Session, url string) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := s.Get(ctx, url)
		if err != nil {
			b.Fatal(err)
		}
		var d doc
		if err := resp.JSON(&d); err != nil || d.ID != 12345 {
			b.Fatal(err)
		}
		resp.Close()
	}
}

// benchBody GETs url through s b.N times: the body is read and not
// decoded.
func benchBody(b *testing.B, s *requests.Session, url string) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := s.Get(ctx, url)
		if err != nil || len(resp.Content()) != len(payload300) {
			b.Fatal(err)
		}
		resp.Close()
	}
}

// benchClient is benchSession through a net/http client.
func benchClient(b *testing.B, client *http.Client, url string) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		var d doc
		if err != nil || json.Unmarshal(body, &d) != nil || d.ID != 12345 {
			b.Fatal(err)
		}
	}
}

// stubTransport answers every request with payload300 at once, so that the
// benchmarks below measure the client's own work and nothing of a network.
type stubTransport struct{}

func (stubTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{
		Status: "200 OK", StatusCode: 200, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(strings.NewReader(payload300)),
		ContentLength: int64(len(payload300)),
		Request:       r,
	}, nil
}

// BenchmarkOverhead is BenchmarkGetJSON over a transport that answers at
// once: what a request costs this library beyond the transport's work.
func BenchmarkOverhead(b *testing.B) {
	s := requests.NewSession()
	s.Mount("http://", stubTransport{})
	benchSession(b, s, "http://127.0.0.1:8080/doc")
}

// BenchmarkNetHTTPOverhead is BenchmarkOverhead through http.Client: the
// floor.
func BenchmarkNetHTTPOverhead(b *testing.B) {
	benchClient(b, &http.Client{Transport: stubTransport{}}, "http://127.0.0.1:8080/doc")
}

// cannedServer answers every GET on a connection with payload300 and the
// headers nginx sends, at the least cost a server can have, so that the
// benchmarks over it measure the client.
func cannedServer(b *testing.B) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	resp := []byte("HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Tue, 01 Dec 2026 20:00:00 GMT\r\n" +
		"Content-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(payload300)) +
		"\r\nLast-Modified: Tue, 01 Dec 2026 19:00:00 GMT\r\nConnection: keep-alive\r\nETag: \"6751e2c0-12c\"\r\n" +
		"Accept-Ranges: bytes\r\n\r\n" + payload300)
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				defer c.Close()
				br := bufio.NewReader(c)
				for {
					for { // the request head, up to its empty line
						line, err := br.ReadSlice('\n')
						if err != nil {
							return
						}
						if len(line) <= 2 {
							break
						}
					}
					if _, err := c.Write(resp); err != nil {
						return
					}
				}
			})
		}
	})
	b.Cleanup(func() { ln.Close(); wg.Wait() })
	return "http://" + ln.Addr().String() + "/doc"
}

// BenchmarkEngineGetJSON is BenchmarkGetJSON against cannedServer: the
// client's cost, engine included.
func BenchmarkEngineGetJSON(b *testing.B) {
	s := requests.NewSession()
	url := cannedServer(b)
	defer s.Close()
	benchSession(b, s, url)
}

// BenchmarkNetHTTPEngineGetJSON is BenchmarkEngineGetJSON through net/http
// with a tuned Transport.
func BenchmarkNetHTTPEngineGetJSON(b *testing.B) {
	tr := &http.Transport{MaxIdleConnsPerHost: 128}
	url := cannedServer(b)
	defer tr.CloseIdleConnections()
	benchClient(b, &http.Client{Transport: tr}, url)
}
