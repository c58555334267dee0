// Credentials reads the page nginx keeps behind Basic authentication: the
// twin of the tutorial's credentials.py (nginx set up as in
// integration/testdata/nginx).
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

func main() {
	user := "user7"
	passwd := "7user"
	url := tutorial.URL("SERVER_URL", "http://localhost") + "/secure/"
	resp, err := requests.Get(context.Background(), url, requests.BasicAuth(user, passwd))
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Close()
	fmt.Println(resp.Text())
}
