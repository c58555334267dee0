// Read_json decodes the JSON the tutorial's server (testdata/server.py)
// sends: the twin of the tutorial's read_json.py.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

func main() {
	resp, err := requests.Get(context.Background(), tutorial.Server(), requests.Timeout{Connect: 5 * time.Second, Read: 10 * time.Second})
	if err == nil {
		defer resp.Close()
		err = resp.RaiseForStatus()
	}
	var data struct {
		Name string `json:"name"`
		Age  int    `json:"age"`
	}
	if err == nil {
		err = resp.JSON(&data)
	}
	switch {
	case errors.Is(err, requests.ErrJSONDecode):
		fmt.Printf("Failed to decode JSON: %v\n", err)
		os.Exit(1)
	case err != nil:
		fmt.Printf("Request failed: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("Name: %s, age: %d\n", data.Name, data.Age)
}
