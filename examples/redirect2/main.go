// Redirect2 does not follow the redirect: the twin of the tutorial's
// redirect2.py.
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

func main() {
	url := tutorial.Httpbin() + "/redirect-to?url=/"
	resp, err := requests.Get(context.Background(), url, requests.AllowRedirects(false))
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Close()
	if err := resp.RaiseForStatus(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode)
	fmt.Println(resp.URL)
}
