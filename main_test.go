package requests_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/go-requests/requests"
	"github.com/mccutchen/go-httpbin/v2/httpbin"
	"go.uber.org/goleak"
)

// httpbinURL is the base URL of an in-process httpbin shared by the tests
// and examples of this package.
var httpbinURL string

func TestMain(m *testing.M) {
	srv := httptest.NewServer(httpbin.New())
	httpbinURL = srv.URL
	code := m.Run()
	requests.CloseIdleConnections()
	srv.Close()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	os.Exit(code)
}
