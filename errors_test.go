package requests_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/go-requests/requests"
)

// TestErrorHierarchy checks that errors.Is follows requests' exception
// classes, including the two that have two parents.
func TestErrorHierarchy(t *testing.T) {
	R := requests.ErrRequest
	parents := map[error][]error{
		requests.ErrHTTP:             {R},
		requests.ErrConnection:       {R},
		requests.ErrProxy:            {requests.ErrConnection, R},
		requests.ErrSSL:              {requests.ErrConnection, R},
		requests.ErrTimeout:          {R},
		requests.ErrConnectTimeout:   {requests.ErrConnection, requests.ErrTimeout, R},
		requests.ErrReadTimeout:      {requests.ErrTimeout, R},
		requests.ErrTooManyRedirects: {R},
		requests.ErrURLRequired:      {R},
		requests.ErrInvalidURL:       {R},
		requests.ErrMissingSchema:    {requests.ErrInvalidURL, R},
		requests.ErrInvalidSchema:    {requests.ErrInvalidURL, R},
		requests.ErrInvalidHeader:    {R},
		requests.ErrInvalidJSON:      {R},
		requests.ErrJSONDecode:       {requests.ErrInvalidJSON, R},
		requests.ErrChunkedEncoding:  {R},
		requests.ErrContentDecoding:  {R},
		requests.ErrStreamConsumed:   {R},
		requests.ErrRetry:            {R},
		requests.ErrUnrewindableBody: {R},
	}
	for k, ps := range parents {
		for _, p := range ps {
			if !errors.Is(k, p) {
				t.Errorf("%v is not %v", k, p)
			}
		}
		for other := range parents {
			if other == k || errors.Is(other, k) {
				continue
			}
			isParent := false
			for _, p := range ps {
				isParent = isParent || p == other
			}
			if !isParent && errors.Is(k, other) {
				t.Errorf("%v is also %v", k, other)
			}
		}
	}
	wrapped := &requests.Error{Kind: requests.ErrConnectTimeout, Method: "GET", URL: "http://x/", Err: errors.New("dial: i/o timeout")}
	if wrapped.Error() != "requests: connect timeout: GET http://x/: dial: i/o timeout" {
		t.Errorf("Error() = %q", wrapped.Error())
	}
	if !errors.Is(wrapped, requests.ErrConnection) || !errors.Is(wrapped, requests.ErrTimeout) {
		t.Error("an *Error does not match its kind's parents")
	}
}

func TestErrorsRedactPasswords(t *testing.T) {
	for _, u := range []string{
		"http://user:secret@127.0.0.1:1/",    // connection refused
		"http://user:secret@127.0.0.1:port/", // invalid port
		"ftp://user:secret@127.0.0.1/",       // invalid scheme
		"http://user:secret@*.example.com/x", // invalid label
	} {
		_, err := requests.Get(context.Background(), u)
		if err == nil || strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "xxxxx") {
			t.Errorf("Get(%q): %v; want the password redacted", u, err)
		}
	}
}
