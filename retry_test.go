package requests_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/testserver"
)

// flaky answers with the given statuses in turn, then 200, and records the
// bodies it received.
func flaky(t *testing.T, statuses ...int) (*httptest.Server, *atomic.Int32, *[]string) {
	var hits atomic.Int32
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		n := int(hits.Add(1))
		if n <= len(statuses) {
			if statuses[n-1] == 429 || statuses[n-1] == 503 {
				w.Header().Set("Retry-After", "1")
			}
			w.WriteHeader(statuses[n-1])
			return
		}
		fmt.Fprint(w, "finally")
	}))
	t.Cleanup(srv.Close)
	return srv, &hits, &bodies
}

var quickRetry = requests.Retry{Total: 3, StatusForcelist: []int{500, 502, 503, 429}, Backoff: time.Millisecond, MaxRetryAfter: 20 * time.Millisecond}

func TestRetryStatuses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, hits, _ := flaky(t, 503, 502)
	resp, err := requests.Get(ctx, srv.URL, quickRetry)
	if err != nil || resp.Text() != "finally" || resp.Retries != 2 || hits.Load() != 3 {
		t.Fatalf("%v %v, Retries %d, %d requests", resp, err, resp.Retries, hits.Load())
	}
	srv, hits, _ = flaky(t, 500, 500, 500, 500, 500)
	_, err = requests.Get(ctx, srv.URL, quickRetry)
	var rerr *requests.Error
	if !errors.Is(err, requests.ErrRetry) || !errors.As(err, &rerr) || rerr.Response == nil || rerr.Response.StatusCode != 500 || hits.Load() != 4 {
		t.Fatalf("exhausted: %v after %d requests; want ErrRetry with the last response", err, hits.Load())
	}
	srv, _, _ = flaky(t, 500, 500, 500, 500, 500)
	last := quickRetry
	last.ReturnLastResponse = true
	resp, err = requests.Get(ctx, srv.URL, last)
	if err != nil || resp.StatusCode != 500 || resp.Retries != 3 {
		t.Errorf("ReturnLastResponse: %v %v %d", resp, err, resp.Retries)
	}
	srv, hits, _ = flaky(t, 404)
	if resp, _ := requests.Get(ctx, srv.URL, quickRetry); resp.StatusCode != 404 || hits.Load() != 1 {
		t.Errorf("a status not listed was retried")
	}
}

func TestRetryOnlyAllowedMethods(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, hits, _ := flaky(t, 503)
	if resp, _ := requests.Post(ctx, srv.URL, quickRetry, requests.Data("x")); resp.StatusCode != 503 || hits.Load() != 1 {
		t.Errorf("a POST was retried by default")
	}
	srv, hits, bodies := flaky(t, 503, 503)
	post := quickRetry
	post.AllowedMethods = []string{"POST"}
	resp, err := requests.Post(ctx, srv.URL, post, requests.Data(strings.NewReader("payload")))
	if err != nil || resp.Text() != "finally" || resp.Retries != 2 || hits.Load() != 3 || strings.Join(*bodies, ",") != "payload,payload,payload" {
		t.Errorf("an allowed POST: %v, %d retries, %d requests, bodies %q", err, resp.Retries, hits.Load(), *bodies)
	}
	srv2, _, _ := flaky(t, 503)
	_, err = requests.Post(ctx, srv2.URL, post, requests.Data(io.MultiReader(strings.NewReader("once"))))
	if !errors.Is(err, requests.ErrUnrewindableBody) {
		t.Errorf("retrying a one-shot body: %v", err)
	}
}

func TestRetryConnectionFailures(t *testing.T) {
	ctx := context.Background()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close() // refused from now on
	_, err := requests.Get(ctx, "http://"+addr, requests.Retry{Total: 2})
	if !errors.Is(err, requests.ErrRetry) || !errors.Is(err, requests.ErrConnection) || !strings.Contains(err.Error(), "after 2 retries") {
		t.Errorf("refused: %v", err)
	}
	// Dropped after the request was sent: retried for GET, not for POST.
	var conns atomic.Int32
	url := testserver.Raw(t, func(c net.Conn) {
		if _, err := testserver.ReadRequest(c); err != nil {
			return
		}
		if conns.Add(1) == 1 {
			return // close without an answer
		}
		c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"))
	})
	resp, err := requests.Get(ctx, url, requests.Retry{Total: 1})
	if err != nil || resp.Text() != "ok" || resp.Retries != 1 {
		t.Errorf("a GET whose answer was lost: %v %v", resp, err)
	}
	conns.Store(0)
	if _, err := requests.Post(ctx, url, requests.Retry{Total: 1}); !errors.Is(err, requests.ErrConnection) || errors.Is(err, requests.ErrRetry) {
		t.Errorf("a POST whose answer was lost: %v; want ErrConnection, not retried", err)
	}
}

func TestRetryAfterAndContext(t *testing.T) {
	t.Parallel()
	srv, _, _ := flaky(t, 429)
	start := time.Now()
	resp, err := requests.Get(context.Background(), srv.URL, quickRetry)
	if err != nil || resp.StatusCode != 200 || time.Since(start) < 20*time.Millisecond {
		t.Errorf("Retry-After: %v %v after %v; want a wait of MaxRetryAfter (20ms)", resp, err, time.Since(start))
	}
	srv, _, _ = flaky(t, 500, 500)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = requests.Get(ctx, srv.URL, requests.Retry{Total: 5, StatusForcelist: []int{500}, Backoff: 10 * time.Second})
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, requests.ErrTimeout) || time.Since(start) > 2*time.Second {
		t.Errorf("backoff under a deadline: %v after %v", err, time.Since(start))
	}
	s := requests.NewSession(quickRetry)
	defer s.Close()
	srv, hits, _ := flaky(t, 503)
	if resp, err := s.Get(context.Background(), srv.URL); err != nil || resp.Retries != 1 || hits.Load() != 2 {
		t.Errorf("a Session's Retry: %v %v", resp, err)
	}
}
