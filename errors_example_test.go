package requests_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/go-requests/requests"
)

func ExampleError() {
	_, err := requests.Get(context.Background(), "example.com/path")
	var rerr *requests.Error
	fmt.Println(errors.As(err, &rerr), errors.Is(err, requests.ErrMissingSchema), errors.Is(err, requests.ErrInvalidURL))
	fmt.Println(err)
	// Output:
	// true true true
	// requests: missing scheme: "example.com/path": no scheme supplied; perhaps you meant https://example.com/path?
}

func ExampleHTTPError() {
	resp, _ := requests.Get(context.Background(), httpbinURL+"/status/418")
	err := resp.RaiseForStatus()
	var herr *requests.HTTPError
	if errors.As(err, &herr) {
		fmt.Println(herr.Response.StatusCode, errors.Is(err, requests.ErrHTTP), errors.Is(err, requests.ErrRequest))
	}
	// Output: 418 true true
}

// Error.Timeout reports a timeout as net.Error does, so code written for
// net/http sees it through Session.Client.
func ExampleError_Timeout() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(time.Second):
		}
	}))
	defer srv.Close()
	s := requests.NewSession(requests.Timeout{Read: 20 * time.Millisecond})
	defer s.Close()
	_, err := s.Client().Get(srv.URL)
	fmt.Println(os.IsTimeout(err))
	var e *requests.Error
	fmt.Println(errors.As(err, &e) && e.Timeout())
	// Output:
	// true
	// true
}
