// Timeout_request bounds connecting and reading: the twin of the tutorial's
// timeout_request.py.
package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

var timeout = requests.Timeout{Connect: 3 * time.Second, Read: 5 * time.Second}

func main() {
	urls := []string{
		tutorial.Example(),               // responds immediately
		tutorial.Httpbin() + "/delay/10", // deliberately delays 10 s: will time out
	}
	for _, url := range urls {
		fmt.Printf("GET %s\n", url)
		resp, err := requests.Get(context.Background(), url, timeout)
		if err == nil {
			err = resp.RaiseForStatus()
		}
		switch {
		case err == nil:
			fmt.Printf(" Status code: %d\n\n", resp.StatusCode)
		case errors.Is(err, requests.ErrConnectTimeout):
			fmt.Print(" Connection timed out — server not reachable\n\n")
		case errors.Is(err, requests.ErrReadTimeout):
			fmt.Print(" Read timed out — server connected but did not respond in time\n\n")
		case errors.Is(err, requests.ErrTimeout):
			fmt.Print(" Request timed out\n\n")
		default:
			fmt.Printf(" %v\n\n", err)
		}
	}
}
