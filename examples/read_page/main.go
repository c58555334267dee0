// Read_page gets a web page and prints it: the twin of the tutorial's
// "Reading a web page" program.
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

func main() {
	url := tutorial.Example()
	resp, err := requests.Get(context.Background(), url)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Text())
}
