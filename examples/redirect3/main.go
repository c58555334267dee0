// Redirect3 follows the redirect nginx is set up to send from
// /oldpage.html to /newpage.html: the twin of the tutorial's redirect3.py.
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

func main() {
	url := tutorial.URL("SERVER_URL", "http://localhost") + "/oldpage.html"
	resp, err := requests.Get(context.Background(), url)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Close()
	if err := resp.RaiseForStatus(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode)
	fmt.Println(resp.History)
	fmt.Println(resp.URL)
	fmt.Println(resp.Text())
}
