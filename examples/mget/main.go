// Mget sends a value in the query string of the URL: the twin of the
// tutorial's mget.py.
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

func main() {
	url := tutorial.Httpbin() + "/get?name=Peter"
	resp, err := requests.Get(context.Background(), url)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Close()
	if err := resp.RaiseForStatus(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Text())
}
