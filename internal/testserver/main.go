package testserver

import (
	"fmt"
	"os"
	"testing"
)

// Main runs a package's tests, then cleanup, and turns a pass into a
// failure when a goroutine is left behind. TestMain calls
// os.Exit(testserver.Main(m, cleanup)).
func Main(m *testing.M, cleanup func()) int {
	code := m.Run()
	if cleanup != nil {
		cleanup()
	}
	if code == 0 {
		if left := Leaked(nil); left != "" {
			fmt.Fprintln(os.Stderr, "leak:", left)
			code = 1
		}
	}
	return code
}
