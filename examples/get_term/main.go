// Get_term looks a word up in an online dictionary and prints its
// definitions, trying several XPath expressions over the HTML in turn: the
// twin of the tutorial's get_term.py, with htmlquery in place of lxml.
//
//	go run ./examples/get_term [term]
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/antchfx/htmlquery"
	"golang.org/x/net/html"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

var headers = requests.Headers{"User-Agent": "Mozilla/5.0 (X11; Linux x86_64)"}

// wrapWidth matches the standard 80-column terminal width.
const wrapWidth = 80

// xpaths are tried in order; the first that yields text wins.
var xpaths = []string{
	"//span[contains(@class,'one-click-content')]//text()",
	"//*[contains(@data-testid,'definition')]//text()",
	"//section[contains(@class,'definitions') or contains(@class,'css-pnw38j')]//text()",
	"//main//p//text()",
	"//meta[@name='description']/@content",
}

// fetchHTML returns the parsed page for term, or the request's error.
func fetchHTML(term string) (*html.Node, error) {
	base := tutorial.URL("DICTIONARY_URL", "https://www.dictionary.com/browse/")
	resp, err := requests.Get(context.Background(), base+term, headers, requests.Timeout{Connect: 5 * time.Second, Read: 10 * time.Second})
	if err != nil {
		return nil, err
	}
	defer resp.Close()
	if err := resp.RaiseForStatus(); err != nil {
		return nil, err
	}
	// The bytes, not the text: the parser reads the page's own charset.
	return htmlquery.Parse(bytes.NewReader(resp.Content()))
}

// extractDefinitions tries each XPath and returns the first non-empty set.
func extractDefinitions(root *html.Node) []string {
	for _, xpath := range xpaths {
		var texts []string
		for _, node := range htmlquery.Find(root, xpath) {
			if text := strings.TrimSpace(htmlquery.InnerText(node)); text != "" {
				texts = append(texts, text)
			}
		}
		if len(texts) > 0 {
			return texts
		}
	}
	// Last resort: the first 40 non-empty text nodes anywhere inside main.
	var texts []string
	for _, node := range htmlquery.Find(root, "//main//text()") {
		if text := strings.TrimSpace(htmlquery.InnerText(node)); text != "" && len(texts) < 40 {
			texts = append(texts, text)
		}
	}
	return texts
}

// deduplicate splits on newlines, drops fragments of 3 characters or fewer
// and removes duplicates.
func deduplicate(texts []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, block := range texts {
		for _, part := range strings.Split(block, "\n") {
			part = strings.TrimSpace(part)
			if len([]rune(part)) > 3 && !seen[part] {
				seen[part] = true
				out = append(out, part)
			}
		}
	}
	return out
}

// fill wraps a paragraph at width columns, as Python's textwrap.fill.
func fill(text string, width int) string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len([]rune(line))+1+len([]rune(word)) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return strings.Join(append(lines, line), "\n")
}

func exit(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(1)
}

func main() {
	term := "dog"
	if len(os.Args) > 1 {
		term = os.Args[1]
	}
	root, err := fetchHTML(term)
	var httpErr *requests.HTTPError
	switch {
	case err == nil:
	case errors.Is(err, requests.ErrConnectTimeout):
		exit("Connection timed out — check your network and try again.")
	case errors.Is(err, requests.ErrReadTimeout):
		exit("Server took too long to respond — try again later.")
	case errors.As(err, &httpErr):
		exit(fmt.Sprintf("HTTP error: %v", err))
	case errors.Is(err, requests.ErrConnection):
		exit(fmt.Sprintf("Network error: %v", err))
	default:
		exit(fmt.Sprintf("Unexpected request error: %v", err))
	}
	lines := deduplicate(extractDefinitions(root))
	if len(lines) == 0 {
		exit("No definition found — the site structure may have changed.")
	}
	for _, line := range lines {
		fmt.Println(fill(line, wrapWidth))
	}
}
