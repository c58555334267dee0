// Post_value posts a form value: the twin of the tutorial's post_value.py.
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

func main() {
	data := requests.Form{"name": "Peter"}
	url := tutorial.Httpbin() + "/post"
	resp, err := requests.Post(context.Background(), url, data)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Close()
	if err := resp.RaiseForStatus(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Text())
}
