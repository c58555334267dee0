package requests_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
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
	srv := jsonServer(b)
	s := requests.NewSession()
	defer s.Close()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := s.Get(ctx, srv.URL+"/doc")
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

// BenchmarkNetHTTPGetJSON is the same with net/http and a tuned Transport:
// the floor BenchmarkGetJSON is measured against.
func BenchmarkNetHTTPGetJSON(b *testing.B) {
	srv := jsonServer(b)
	tr := &http.Transport{MaxIdleConnsPerHost: 128, ForceAttemptHTTP2: true}
	client := &http.Client{Transport: tr}
	defer tr.CloseIdleConnections()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/doc", nil)
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
