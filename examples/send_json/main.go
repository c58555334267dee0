// Send_json posts JSON to the tutorial's server (testdata/server.py), which
// answers with the fields it decoded: the twin of the tutorial's
// send_json.py.
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
	// A struct keeps the tutorial's field order; a map would be sorted.
	data := struct {
		Name string `json:"name"`
		Age  int    `json:"age"`
	}{"Jane", 17}
	resp, err := requests.Post(context.Background(), tutorial.Server(), requests.JSON(data),
		requests.Timeout{Connect: 5 * time.Second, Read: 10 * time.Second})
	if err == nil {
		defer resp.Close()
		err = resp.RaiseForStatus()
	}
	if err != nil {
		fmt.Printf("Request failed: %v\n", err)
		os.Exit(1)
	}
	fmt.Println(resp.Text())
}
