package testserver

import (
	"strings"
	"testing"
)

func TestLeakedFindsALeftGoroutine(t *testing.T) {
	before := Snapshot()
	stop := make(chan struct{})
	go func() { <-stop }()
	if left := Leaked(before); !strings.Contains(left, "TestLeakedFindsALeftGoroutine") {
		t.Errorf("Leaked missed a goroutine left behind: %q", left)
	}
	close(stop)
	if left := Leaked(before); left != "" {
		t.Errorf("Leaked after the goroutine ended: %s", left)
	}
}
