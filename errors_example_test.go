package requests_test

import (
	"context"
	"errors"
	"fmt"

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
