package requests_test

import (
	"context"
	"math"
	"net"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/testserver"
)

func nanValue() float64         { return math.NaN() }
func infValue(sign int) float64 { return math.Inf(sign) }

// leakCheck fails t when goroutines it started (or that they started) are
// still there at the very end of the test, after the test's servers were
// closed and the package's idle connections too. Call it first: cleanups
// run last registered, first run. The goroutines are told from those of
// other tests by a label they inherit, so tests that run in parallel can
// call it. File descriptors cannot be told apart so: TestMain counts them
// for the whole package.
func leakCheck(t *testing.T) {
	t.Helper()
	owner := testserver.Own()
	t.Cleanup(func() {
		requests.CloseIdleConnections()
		if left := owner.Left(); left != "" {
			t.Errorf("%s", left)
		}
	})
}

// fdsLeft waits, up to three seconds, for the open file descriptors to be
// no more than before, and says how many are left over; 0 when none is.
// It collects garbage while it waits: the runtime keeps pipes for splice(2)
// in a pool that only the collector empties.
func fdsLeft(before int) int {
	deadline := time.Now().Add(3 * time.Second)
	for openFDs() > before && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(20 * time.Millisecond)
	}
	return max(openFDs()-before, 0)
}

// pipeSession returns a Session whose every connection is one end of a
// net.Pipe, the other end served by script, and a URL to ask it for.
// Inside a synctest bubble its timeouts run on the bubble's clock: a test
// that waits on them takes no time. When the test ends, the Session is
// closed and the scripts are waited for.
func pipeSession(t *testing.T, script func(c net.Conn), opts ...requests.Option) (*requests.Session, string) {
	t.Helper()
	var scripts sync.WaitGroup
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		client, server := net.Pipe()
		scripts.Go(func() {
			defer server.Close()
			script(server)
		})
		return client, nil
	}
	s := requests.NewSession(append(opts, requests.DialContext(dial))...)
	t.Cleanup(func() {
		s.Close()
		scripts.Wait()
	})
	return s, "http://pipe.test/"
}

func openFDs() int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return 0
	}
	return len(entries)
}
