package requeststest_test

import (
	"os"
	"testing"

	"github.com/go-requests/requests/internal/testserver"
)

// TestMain fails the tests when a handler's goroutine outlives them.
func TestMain(m *testing.M) {
	os.Exit(testserver.Main(m, nil))
}
