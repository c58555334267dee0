// Get_status prints the status codes of two requests: the twin of the
// tutorial's get_status.py.
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

func main() {
	ctx := context.Background()
	for _, url := range []string{tutorial.Example(), tutorial.Example() + "/news"} {
		resp, err := requests.Get(ctx, url)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(resp.StatusCode)
		resp.Close()
	}
}
