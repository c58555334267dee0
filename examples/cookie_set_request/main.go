// Cookie_set_request receives the cookies the tutorial's server
// (testdata/server.py) sets and sends them back: the twin of the tutorial's
// cookie_set_request.py.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

var timeout = requests.Timeout{Connect: 5 * time.Second, Read: 10 * time.Second}

func main() {
	url := tutorial.Server()
	// First request: the server sets cookies.
	resp, err := requests.Get(context.Background(), url, timeout)
	if err == nil {
		defer resp.Close()
		err = resp.RaiseForStatus()
	}
	if err != nil {
		fmt.Printf("Request failed: %v\n", err)
		os.Exit(1)
	}
	fmt.Println("First response:", resp.Text())
	fmt.Println("Cookies received:")
	for _, c := range resp.Cookies().All() {
		fmt.Printf(" %s = %s\n", c.Name, c.Value)
	}
	// Second request: send the cookies back.
	resp2, err := requests.Get(context.Background(), url, resp.Cookies(), timeout)
	if err == nil {
		defer resp2.Close()
		err = resp2.RaiseForStatus()
	}
	if err != nil {
		fmt.Printf("Request failed: %v\n", err)
		os.Exit(1)
	}
	fmt.Println("\nSecond response:", resp2.Text())
}
