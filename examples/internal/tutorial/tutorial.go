// Package tutorial holds what the tutorial's Go twins share: where to find
// the servers the Python tutorial reached over the internet, which the tour
// replaces with local ones.
package tutorial

import "os"

// URL returns the base URL named by the environment variable name, or
// fallback, the public host the Python tutorial used.
func URL(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// Httpbin is the base URL of an httpbin service (HTTPBIN_URL).
func Httpbin() string { return URL("HTTPBIN_URL", "https://httpbin.org") }

// Example is the base URL of a small web page (EXAMPLE_URL).
func Example() string { return URL("EXAMPLE_URL", "https://example.com") }

// Server is the base URL of the tutorial's own local server (SERVER_URL).
func Server() string { return URL("SERVER_URL", "http://127.0.0.1:8000") }
