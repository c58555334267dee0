// Head_request reads a page's metadata without its body: the twin of the
// tutorial's head_request.py.
package main

import (
	"cmp"
	"context"
	"fmt"
	"log"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

func main() {
	resp, err := requests.Head(context.Background(), tutorial.Example(), requests.Timeout{Connect: 5 * time.Second, Read: 10 * time.Second})
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Close()
	if err := resp.RaiseForStatus(); err != nil {
		log.Fatal(err)
	}
	fmt.Println("Server: ", cmp.Or(resp.Header.Get("server"), "n/a"))
	fmt.Println("Last modified: ", cmp.Or(resp.Header.Get("last-modified"), "n/a"))
	fmt.Println("Content type: ", cmp.Or(resp.Header.Get("content-type"), "n/a"))
}
