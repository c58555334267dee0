package testserver

import (
	"strings"
	"testing"
	"testing/synctest"
)

// Leaked waits three seconds for a goroutine that stays: on synctest's
// clock, which takes no time.
func TestLeakedFindsALeftGoroutine(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
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
	})
}

func TestOwnerLeftFindsItsOwnGoroutinesOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		stop := make(chan struct{})
		go func() { <-stop }() // started before: not owned
		o := Own()
		go func() { go func() { <-stop }() }() // owned, as is the goroutine it starts
		if left := o.Left(); strings.Count(left, "TestOwnerLeftFindsItsOwnGoroutinesOnly") != 1 || !strings.HasPrefix(left, "1 goroutines left") {
			t.Errorf("Left missed the goroutine left behind, or saw another's: %q", left)
		}
		close(stop)
		if left := o.Left(); left != "" {
			t.Errorf("Left after the goroutine ended: %s", left)
		}
	})
}
