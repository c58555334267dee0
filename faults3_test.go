package requests_test

// The third round's faults (issue "faults, third round"): each test names
// the defect it guards against.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-requests/requests"
)

// slowBody yields n chunks, one every gap.
type slowBody struct {
	n   int
	gap time.Duration
}

func (b *slowBody) Read(p []byte) (int, error) {
	if b.n == 0 {
		return 0, io.EOF
	}
	time.Sleep(b.gap)
	b.n--
	return copy(p, "chunk "), nil
}

// Defect 1: an HTTP/2 upload longer than the read timeout failed with
// ErrReadTimeout, the timer running from the start of the round trip while
// nothing reset it as the body went out. An upload that progresses is no
// silence, over HTTP/2 as over HTTP/1.1.
func TestH2UploadLongerThanReadTimeout(t *testing.T) {
	leakCheck(t)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s %d", r.Proto, len(b))
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	defer srv.Close()
	s := requests.NewSession(requests.Verify(false))
	defer s.Close()
	for _, name := range []string{"engine", "wrapped"} {
		opts := []requests.Option{requests.Data(&slowBody{n: 6, gap: 60 * time.Millisecond}), requests.Timeout{Read: 150 * time.Millisecond}}
		if name == "wrapped" {
			opts = append(opts, requests.WrapTransport(func(next http.RoundTripper) http.RoundTripper { return next }))
		}
		resp, err := s.Post(context.Background(), srv.URL, opts...)
		if err != nil {
			t.Fatalf("%s: a 360 ms HTTP/2 upload with a 150 ms read timeout: %v", name, err)
		}
		if resp.Text() != "HTTP/2.0 36" {
			t.Errorf("%s: the server got %q; want HTTP/2.0 36", name, resp.Text())
		}
	}
}
