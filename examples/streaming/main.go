// Streaming saves a large file to disk chunk by chunk, never holding it in
// memory: the twin of the tutorial's streaming.py. (Download does the same
// and more: resuming, and never leaving a truncated file.)
package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

// download streams url to dest (from the URL when empty) and returns the
// path it wrote. It reports every failure to its caller, who knows what to
// do about it: requests' errors (ErrConnectTimeout, ErrReadTimeout,
// *HTTPError, ErrConnection, ...) and the file system's.
func download(ctx context.Context, rawURL, dest string, chunkSize int, timeout requests.Timeout) (string, error) {
	if dest == "" {
		u, _ := url.Parse(rawURL)
		if dest = path.Base(u.Path); dest == "/" || dest == "." {
			dest = "download.bin"
		}
	}
	resp, err := requests.Get(ctx, rawURL, requests.Stream(true), timeout)
	if err != nil {
		return "", err
	}
	defer resp.Close()
	if err := resp.RaiseForStatus(); err != nil {
		return "", err
	}
	f, err := os.Create(dest)
	if err != nil {
		return "", err
	}
	for chunk, err := range resp.IterContent(chunkSize) {
		if err != nil {
			f.Close()
			return "", err
		}
		if _, err := f.Write(chunk); err != nil {
			f.Close()
			return "", err
		}
	}
	return dest, f.Close()
}

func main() {
	url := tutorial.URL("DOCS_URL", "https://docs.oracle.com") + "/javase/specs/jls/se25/jls25.pdf"
	p, err := download(context.Background(), url, "java25spec.pdf", 65_536, requests.Timeout{Connect: 5 * time.Second, Read: 30 * time.Second})
	var httpErr *requests.HTTPError
	var pathErr *os.PathError
	switch {
	case err == nil:
		fi, _ := os.Stat(p)
		fmt.Printf("Saved to %s (%s bytes)\n", p, thousands(fi.Size()))
	case errors.Is(err, requests.ErrConnectTimeout):
		fmt.Println("Connection timed out — server did not accept the connection in time")
	case errors.Is(err, requests.ErrReadTimeout):
		fmt.Println("Read timed out — server stalled mid-transfer")
	case errors.As(err, &httpErr):
		fmt.Printf("HTTP error: %v\n", err)
	case errors.Is(err, requests.ErrConnection):
		fmt.Printf("Network error: %v\n", err)
	case errors.Is(err, requests.ErrRequest):
		fmt.Printf("Unexpected request error: %v\n", err)
	case errors.As(err, &pathErr):
		fmt.Printf("Could not write file: %v\n", err)
	default:
		fmt.Println(err)
	}
	if err != nil {
		os.Exit(1)
	}
}

// thousands writes n with comma separators, as Python's "{:,}".
func thousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
