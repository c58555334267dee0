// Resource_management closes the response as soon as it is done with it:
// the twin of the tutorial's "Resource management" program, where Python's
// with block becomes defer resp.Close().
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

func main() {
	resp, err := requests.Get(context.Background(), tutorial.Example())
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Close()
	if err := resp.RaiseForStatus(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Text())
}
