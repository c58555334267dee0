// User_agent sends its own User-Agent to the tutorial's server
// (testdata/http_server.py), which echoes it back: the twin of the
// tutorial's user_agent.py.
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

func main() {
	headers := requests.Headers{"user-agent": "Go script"}
	url := tutorial.URL("SERVER_URL", "http://localhost:8081") + "/agent"
	resp, err := requests.Get(context.Background(), url, headers)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Close()
	if err := resp.RaiseForStatus(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Text())
}
