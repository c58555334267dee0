package testserver

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Goroutines is a set of goroutines by id: a snapshot to compare with.
type Goroutines map[int]bool

// Snapshot returns the goroutines alive now.
func Snapshot() Goroutines {
	s := Goroutines{}
	for _, g := range goroutines() {
		s[g.id] = true
	}
	return s
}

// Leaked waits, up to three seconds, for the goroutines started since the
// snapshot (nil: since the program started) to end, and describes those
// that did not; "" when none is left. The goroutines of the testing
// package itself, the test goroutines of other tests among them, and the
// runtime's are not counted. It takes a few lines where a dependency
// (goleak) would put itself in every user's go.sum.
func Leaked(since Goroutines) string {
	deadline := time.Now().Add(3 * time.Second)
	for wait := time.Millisecond; ; wait = min(2*wait, 100*time.Millisecond) {
		var left []string
		for _, g := range goroutines() {
			if !since[g.id] && !g.harmless() {
				left = append(left, g.stack)
			}
		}
		if len(left) == 0 {
			return ""
		}
		if time.Now().After(deadline) {
			return fmt.Sprintf("%d goroutines left:\n\n%s", len(left), strings.Join(left, "\n\n"))
		}
		time.Sleep(wait)
	}
}

type goroutine struct {
	id    int
	stack string
}

// harmless reports whether g belongs to the testing package, the runtime or
// this checker rather than to the code under test.
func (g goroutine) harmless() bool {
	for _, s := range []string{
		"testing.tRunner(", "testing.(*M).", "testing.RunTests(", "testing.runTests(",
		"testing.(*T).Run(", "testing.(*F).Fuzz(", "testing.runFuzzTests(", "testing.runFuzzing(",
		"os/signal.signal_recv", "os/signal.loop", "runtime.ensureSigM", "runtime/trace.",
		"testserver.goroutines(",
	} {
		if strings.Contains(g.stack, s) {
			return true
		}
	}
	return false
}

// goroutines returns every goroutine's id and stack.
func goroutines() []goroutine {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var gs []goroutine
	for _, block := range bytes.Split(buf, []byte("\n\n")) {
		head, _, _ := bytes.Cut(block, []byte("\n"))
		rest, ok := bytes.CutPrefix(head, []byte("goroutine "))
		if !ok {
			continue
		}
		idText, _, _ := bytes.Cut(rest, []byte(" "))
		id, err := strconv.Atoi(string(idText))
		if err != nil {
			continue
		}
		gs = append(gs, goroutine{id: id, stack: string(block)})
	}
	return gs
}
