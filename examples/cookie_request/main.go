// Cookie_request sends cookies to the tutorial's server
// (testdata/server.py), which echoes them: the twin of the tutorial's
// cookie_request.py.
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
	cookies := requests.Cookies{"user": "jane", "theme": "dark"}
	resp, err := requests.Get(context.Background(), tutorial.Server(), cookies,
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
