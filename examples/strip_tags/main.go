// Strip_tags gets a small web page and strips its HTML tags: the twin of the
// tutorial's "Stripping HTML tags" program.
package main

import (
	"context"
	"fmt"
	"log"
	"regexp"
	"strings"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

func main() {
	resp, err := requests.Get(context.Background(), tutorial.Example())
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Close()
	if err := resp.RaiseForStatus(); err != nil {
		log.Fatal(err)
	}
	stripped := regexp.MustCompile(`<[^<]+?>`).ReplaceAllString(resp.Text(), "")
	// The tags leave blank lines and indentation behind: print the text
	// lines only.
	for line := range strings.Lines(stripped) {
		if line = strings.TrimSpace(line); line != "" {
			fmt.Println(line)
		}
	}
}
