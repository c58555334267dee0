// Get_term looks a word up in an online dictionary and prints its
// definitions, trying several XPath expressions over the HTML in turn: the
// twin of the tutorial's get_term.py, with golang.org/x/net/html in place
// of lxml, each XPath expression of the original written as a match on the
// parsed tree.
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

	"golang.org/x/net/html"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

var headers = requests.Headers{"User-Agent": "Mozilla/5.0 (X11; Linux x86_64)"}

// wrapWidth matches the standard 80-column terminal width.
const wrapWidth = 80

// lookup is one of get_term.py's XPath expressions: the elements it
// selects, and the attribute it reads ("" for their text).
type lookup struct {
	xpath string // the original, for the reader
	match func(n *html.Node) bool
	attr  string
}

// lookups are tried in order; the first that yields text wins.
var lookups = []lookup{
	{"//span[contains(@class,'one-click-content')]//text()", tagWith("span", "class", "one-click-content"), ""},
	{"//*[contains(@data-testid,'definition')]//text()", tagWith("", "data-testid", "definition"), ""},
	{"//section[contains(@class,'definitions') or contains(@class,'css-pnw38j')]//text()", func(n *html.Node) bool {
		return tagWith("section", "class", "definitions")(n) || tagWith("section", "class", "css-pnw38j")(n)
	}, ""},
	{"//main//p//text()", func(n *html.Node) bool { return isTag(n, "p") && inside(n, "main") }, ""},
	{"//meta[@name='description']/@content", func(n *html.Node) bool { return isTag(n, "meta") && attr(n, "name") == "description" }, "content"},
}

func isTag(n *html.Node, tag string) bool {
	return n.Type == html.ElementNode && (tag == "" || n.Data == tag)
}

// tagWith matches an element (any, for "") whose attribute contains part.
func tagWith(tag, name, part string) func(*html.Node) bool {
	return func(n *html.Node) bool { return isTag(n, tag) && strings.Contains(attr(n, name), part) }
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// inside reports whether n is under an element tag.
func inside(n *html.Node, tag string) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if isTag(p, tag) {
			return true
		}
	}
	return false
}

// find returns what l selects under root: the text of each text node under
// a matching element, or the attribute's value, in document order.
func find(root *html.Node, l lookup) []string {
	var out []string
	var walk func(n *html.Node, under bool)
	walk = func(n *html.Node, under bool) {
		if !under && l.match(n) {
			if l.attr != "" {
				out = append(out, attr(n, l.attr))
				return
			}
			under = true
		}
		if under && n.Type == html.TextNode {
			out = append(out, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, under)
		}
	}
	walk(root, false)
	return out
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
	return html.Parse(bytes.NewReader(resp.Content()))
}

// extractDefinitions tries each lookup and returns the first non-empty set.
func extractDefinitions(root *html.Node) []string {
	for _, l := range lookups {
		var texts []string
		for _, t := range find(root, l) {
			if t = strings.TrimSpace(t); t != "" {
				texts = append(texts, t)
			}
		}
		if len(texts) > 0 {
			return texts
		}
	}
	// Last resort: the first 40 non-empty text nodes anywhere inside main.
	var texts []string
	for _, t := range find(root, lookup{match: func(n *html.Node) bool { return isTag(n, "main") }}) {
		if t = strings.TrimSpace(t); t != "" && len(texts) < 40 {
			texts = append(texts, t)
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
