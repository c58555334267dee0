package requests_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-requests/requests"
)

func errors_Is(err, target error) bool { return errors.Is(err, target) }

func ExampleTimeout() {
	// httpbin's /delay/2 waits two seconds before answering.
	_, err := requests.Get(context.Background(), httpbinURL+"/delay/2", requests.Timeout{Connect: 3 * time.Second, Read: 100 * time.Millisecond})
	switch {
	case errors.Is(err, requests.ErrConnectTimeout):
		fmt.Println("connect timeout")
	case errors.Is(err, requests.ErrReadTimeout):
		fmt.Println("read timeout")
	case err != nil:
		fmt.Println(err)
	}
	// Output: read timeout
}

func ExampleTimeout_total() {
	// Total bounds the whole call, redirects and body included.
	_, err := requests.Get(context.Background(), httpbinURL+"/drip?duration=2&numbytes=4", requests.Timeout{Total: 100 * time.Millisecond})
	fmt.Println(errors.Is(err, requests.ErrTimeout), errors.Is(err, context.DeadlineExceeded))
	// Output: true true
}
