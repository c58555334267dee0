package requests_test

import (
	"math"
	"os"
	"testing"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/testserver"
)

func nanValue() float64         { return math.NaN() }
func infValue(sign int) float64 { return math.Inf(sign) }

// leakCheck fails t when goroutines or file descriptors opened since it
// was called are still there at the very end of the test, after the test's
// servers were closed and the package's idle connections too. Call it
// first: cleanups run last registered, first run. It is for tests that do
// not run in parallel: the goroutines of paused parallel tests are in its
// snapshot.
func leakCheck(t *testing.T) {
	t.Helper()
	snapshot := testserver.Snapshot()
	fds := openFDs()
	t.Cleanup(func() {
		requests.CloseIdleConnections()
		if left := testserver.Leaked(snapshot); left != "" {
			t.Errorf("%s", left)
		}
		deadline := time.Now().Add(3 * time.Second)
		for openFDs() > fds && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if n := openFDs(); n > fds {
			t.Errorf("%d file descriptors left open (%d before, %d after)", n-fds, fds, n)
		}
	})
}

func openFDs() int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return 0
	}
	return len(entries)
}
