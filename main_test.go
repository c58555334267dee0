package requests_test

import (
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"testing"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/httpbin"
	"github.com/go-requests/requests/internal/testserver"
)

// httpbinURL is the base URL of an in-process httpbin shared by the tests
// and examples of this package.
var httpbinURL string

// TestMain also fails the package when a file descriptor opened by its
// tests is left open (leakCheck checks goroutines test by test).
//
// Most of the package's parallel tests wait, on timeouts and on servers
// that trickle or stall, rather than compute: unless -parallel says
// otherwise, two of them run per CPU rather than one.
func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		flag.Set("test.parallel", strconv.Itoa(2*runtime.GOMAXPROCS(0)))
	}
	srv := httptest.NewServer(httpbin.New())
	httpbinURL = srv.URL
	fds, left := openFDs(), 0
	code := testserver.Main(m, func() {
		requests.CloseIdleConnections()
		left = fdsLeft(fds) // before the server's listener closes
		srv.Close()
	})
	if left > 0 && code == 0 {
		fmt.Fprintf(os.Stderr, "leak: %d file descriptors left open\n", left)
		code = 1
	}
	os.Exit(code)
}
