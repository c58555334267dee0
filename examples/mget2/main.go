// Mget2 sends query parameters with Params: the twin of the tutorial's
// second GET program.
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

func main() {
	payload := requests.Params{"name": "Peter", "age": 23}
	url := tutorial.Httpbin() + "/get"
	resp, err := requests.Get(context.Background(), url, payload)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Close()
	if err := resp.RaiseForStatus(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.URL)
	fmt.Println(resp.Text())
}
