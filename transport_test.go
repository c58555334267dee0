package requests_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/testserver"
)

// engines are the ways a Session can carry requests: the library's engine,
// and net/http put back with Transport. The library's rules and timeouts
// hold over both.
func engines(t *testing.T) map[string][]requests.Option {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return map[string][]requests.Option{
		"the engine":           nil,
		"net/http's Transport": {requests.Transport(tr)},
	}
}

func TestTimeoutsOverEveryTransport(t *testing.T) {
	t.Parallel() // slow (it waits on timeouts): run beside the others, each case too
	leakCheck(t)
	noHeaders := testserver.Raw(t, stall("", 5*time.Second))
	midBody := testserver.Raw(t, stall("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial", 5*time.Second))
	slow := testserver.Raw(t, trickle(4, 100*time.Millisecond))
	ctx := context.Background()
	for name, opts := range engines(t) {
		s := requests.NewSession(append(opts, requests.Timeout{Read: 500 * time.Millisecond})...)
		t.Cleanup(func() { s.Close() })
		for _, c := range []struct {
			name  string
			check func(t *testing.T)
		}{
			{"no headers", func(t *testing.T) {
				if _, err := s.Get(ctx, noHeaders); !errors.Is(err, requests.ErrReadTimeout) {
					t.Errorf("%v; want ErrReadTimeout", err)
				}
			}},
			{"a stall mid-body", func(t *testing.T) {
				if _, err := s.Get(ctx, midBody); !errors.Is(err, requests.ErrReadTimeout) {
					t.Errorf("%v; want ErrReadTimeout", err)
				}
			}},
			{"a trickle within the read timeout", func(t *testing.T) {
				if resp, err := s.Get(ctx, slow); err != nil || resp.Text() != "xxxx" {
					t.Errorf("%v", err)
				}
			}},
			{"a streamed body read after a pause", func(t *testing.T) {
				resp, err := s.Get(ctx, slow, requests.Stream(true))
				if err != nil {
					t.Fatal(err)
				}
				time.Sleep(600 * time.Millisecond) // the caller's pause is not the server's silence
				if resp.Text() != "xxxx" || resp.Err() != nil {
					t.Errorf("%v", resp.Err())
				}
			}},
			{"past Total", func(t *testing.T) {
				_, err := s.Get(ctx, slow, requests.Timeout{Total: 150 * time.Millisecond})
				if !errors.Is(err, requests.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("%v; want ErrTimeout", err)
				}
			}},
			{"cancelled", func(t *testing.T) {
				cctx, cancel := context.WithCancel(ctx)
				time.AfterFunc(100*time.Millisecond, cancel)
				if _, err := s.Get(cctx, midBody); !errors.Is(err, context.Canceled) || !errors.Is(err, requests.ErrRequest) {
					t.Errorf("%v; want context.Canceled", err)
				}
			}},
		} {
			t.Run(name+", "+c.name, func(t *testing.T) {
				t.Parallel()
				c.check(t)
			})
		}
	}
}

func TestTransportCarriesTheSessionsRules(t *testing.T) {
	leakCheck(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.SetCookie(w, &http.Cookie{Name: "c", Value: "1"})
			http.Redirect(w, r, "/new", http.StatusFound)
			return
		}
		user, _, _ := r.BasicAuth()
		cookie, _ := r.Cookie("c")
		w.Write([]byte(user + " " + cookie.String() + " " + r.Header.Get("User-Agent")))
	}))
	defer srv.Close()
	var seen []string
	rt := roundTripperFunc(func(r *http.Request) (*http.Response, error) {
		seen = append(seen, r.URL.Path)
		return http.DefaultTransport.RoundTrip(r)
	})
	s := requests.NewSession(requests.Transport(rt), requests.BasicAuth("u", "p"))
	defer s.Close()
	defer http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	resp, err := s.Get(context.Background(), srv.URL+"/old")
	if err != nil || resp.Text() != "u c=1 go-requests/"+requests.Version || len(resp.History) != 1 {
		t.Fatalf("over a Transport: %v %q", err, resp.Text())
	}
	if len(seen) != 2 {
		t.Errorf("the Transport carried %v; want both hops", seen)
	}
	if _, err := requests.Get(context.Background(), srv.URL, requests.Transport(nil)); !errors.Is(err, requests.ErrRequest) {
		t.Errorf("Transport(nil): %v", err)
	}
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
