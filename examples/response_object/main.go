// Response_object exercises the attributes of a Response: the twin of the
// tutorial's response_object.py.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

func main() {
	url := tutorial.Httpbin() + "/get"
	resp, err := requests.Get(context.Background(), url, requests.Params{"lang": "go"},
		requests.Timeout{Connect: 5 * time.Second, Read: 10 * time.Second})
	if err == nil {
		defer resp.Close()
		err = resp.RaiseForStatus()
	}
	if err != nil {
		fmt.Printf("Request failed: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("Status code: %d\n", resp.StatusCode)
	fmt.Printf("OK: %v\n", resp.OK())
	fmt.Printf("Final URL: %s\n", resp.URL)
	fmt.Printf("Redirects: %d\n", len(resp.History))
	fmt.Printf("Elapsed: %.3f s\n", resp.Elapsed.Seconds())
	fmt.Printf("Encoding: %s\n", resp.Encoding)
	fmt.Printf("Content-Type: %s\n", resp.Header.Get("content-type"))
	fmt.Printf("Sent headers: %v\n", resp.Request.Header)
	fmt.Println()
	fmt.Println("Body (JSON):")
	var data map[string]any
	if err := resp.JSON(&data); err != nil {
		fmt.Printf("Request failed: %v\n", err)
		os.Exit(1)
	}
	for _, key := range []string{"args", "headers", "method", "origin", "url"} {
		if value, ok := data[key]; ok {
			fmt.Printf(" %s: %v\n", key, value)
		}
	}
}
