// Raise_for_status turns error statuses into errors: the twin of the
// tutorial's raise_for_status.py.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

func main() {
	urls := []string{
		tutorial.Example(),                 // 200 OK: succeeds
		tutorial.Httpbin() + "/status/404", // 404 Not Found: client error
		tutorial.Httpbin() + "/status/500", // 500 Internal Server Error: server error
	}
	for _, url := range urls {
		fmt.Printf("GET %s\n", url)
		resp, err := requests.Get(context.Background(), url)
		if err != nil {
			log.Fatal(err)
		}
		err = resp.RaiseForStatus()
		var httpErr *requests.HTTPError
		if errors.As(err, &httpErr) {
			fmt.Printf(" HTTP error: %v\n\n", err)
			continue
		}
		fmt.Printf(" Status code: %d — OK\n\n", resp.StatusCode)
	}
}
