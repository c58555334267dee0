package requeststest_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the tests when a handler's goroutine outlives them.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
