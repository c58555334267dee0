// Exceptions tells the failure modes apart with errors.Is, most specific
// first: the twin of the tutorial's exceptions.py.
package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

func main() {
	urls := []string{
		tutorial.Httpbin() + "/status/404", // HTTPError
		tutorial.Httpbin() + "/delay/10",   // ReadTimeout
		tutorial.Httpbin() + "/get",        // success
		"https://invalid.invalid",          // ConnectionError
		"http://",                          // InvalidURL
	}
	for _, url := range urls {
		fmt.Printf("GET %s\n", url)
		resp, err := requests.Get(context.Background(), url, requests.Timeout{Connect: 5 * time.Second, Read: 3 * time.Second})
		if err == nil {
			err = resp.RaiseForStatus()
			resp.Close()
		}
		switch {
		case err == nil:
			fmt.Printf(" OK — status %d\n\n", resp.StatusCode)
		case errors.Is(err, requests.ErrConnectTimeout):
			fmt.Print(" ConnectTimeout — server did not accept the connection in time\n\n")
		case errors.Is(err, requests.ErrReadTimeout):
			fmt.Print(" ReadTimeout — server connected but stalled mid-response\n\n")
		case errors.Is(err, requests.ErrHTTP):
			fmt.Printf(" HTTPError — %v\n\n", err)
		case errors.Is(err, requests.ErrSSL):
			fmt.Printf(" SSLError — certificate or handshake failure: %v\n\n", err)
		case errors.Is(err, requests.ErrProxy):
			fmt.Printf(" ProxyError — could not connect through proxy: %v\n\n", err)
		case errors.Is(err, requests.ErrConnection):
			fmt.Printf(" ConnectionError — DNS failure or refused connection: %v\n\n", err)
		case errors.Is(err, requests.ErrTooManyRedirects):
			fmt.Print(" TooManyRedirects — redirect loop detected\n\n")
		case errors.Is(err, requests.ErrInvalidURL):
			fmt.Printf(" InvalidURL — malformed URL: %v\n\n", err)
		default:
			fmt.Printf(" Unexpected error: %v\n\n", err)
		}
	}
}
