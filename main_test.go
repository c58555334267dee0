package requests_test

import (
	"net/http/httptest"
	"os"
	"testing"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/httpbin"
	"github.com/go-requests/requests/internal/testserver"
)

// httpbinURL is the base URL of an in-process httpbin shared by the tests
// and examples of this package.
var httpbinURL string

func TestMain(m *testing.M) {
	srv := httptest.NewServer(httpbin.New())
	httpbinURL = srv.URL
	os.Exit(testserver.Main(m, func() {
		requests.CloseIdleConnections()
		srv.Close()
	}))
}
