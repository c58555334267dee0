package ecosystem

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/go-requests/requests"
	"gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
	"gopkg.in/dnaeon/go-vcr.v4/pkg/recorder"
)

// Defect 4 of issue "layers": a go-vcr recorder added with WrapTransport
// was made anew for each exchange and kept only the last one.
func TestVCRRecorderAsWrapperKeepsEveryExchange(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
			return
		}
		fmt.Fprint(w, r.URL.Path)
	}))
	defer srv.Close()
	name := filepath.Join(t.TempDir(), "session")
	var rec *recorder.Recorder
	s := requests.NewSession(requests.WrapTransport(func(next http.RoundTripper) http.RoundTripper {
		r, err := recorder.New(name, recorder.WithMode(recorder.ModeRecordOnly), recorder.WithRealTransport(next), recorder.WithSkipRequestLatency(true))
		if err != nil {
			t.Fatal(err)
		}
		rec = r
		return r
	}))
	defer s.Close()
	for _, path := range []string{"/old", "/a", "/b"} {
		if _, err := s.Get(context.Background(), srv.URL+path); err != nil {
			t.Fatal(err)
		}
	}
	if err := rec.Stop(); err != nil {
		t.Fatal(err)
	}
	c, err := cassette.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, i := range c.Interactions {
		urls = append(urls, i.Request.URL)
	}
	if len(urls) != 4 {
		t.Errorf("the cassette holds %d exchanges %v; want 4 (/old, its redirect to /new, /a, /b)", len(urls), urls)
	}
}
