package testserver

import (
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"
)

// Main runs a package's tests, then cleanup, and turns a pass into a
// failure when a goroutine is left behind. TestMain calls
// os.Exit(testserver.Main(m, cleanup)).
func Main(m *testing.M, cleanup func()) int {
	code := m.Run()
	cleanup()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	return code
}
