// Version prints the version and copyright of the library: the twin of the
// tutorial's version.py.
package main

import (
	"fmt"

	"github.com/go-requests/requests"
)

func main() {
	fmt.Println(requests.Version)
	fmt.Println(requests.Copyright)
}
