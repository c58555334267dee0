package ecosystem

import (
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		// OpenTelemetry's SDK keeps a global goroutine-free state, but
		// net/http's httptest servers linger a moment after Close.
		goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
	)
}
