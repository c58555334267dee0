// Command echod runs the parity echo server on a free loopback port and
// prints its address, for testdata/parity/gen.py.
package main

import (
	"fmt"
	"net"
	"net/http"
	"os"

	"github.com/go-requests/requests/internal/parity"
)

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(ln.Addr().String())
	http.Serve(ln, parity.New())
}
