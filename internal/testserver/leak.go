package testserver

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
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
	return waitForEnd(func() []string {
		var left []string
		for _, g := range goroutines() {
			if !since[g.id] && !g.harmless() {
				left = append(left, g.stack)
			}
		}
		return left
	})
}

// waitForEnd waits, up to three seconds, for list to return no goroutine,
// and describes those it still returns then; "" when none is left.
func waitForEnd(list func() []string) string {
	deadline := time.Now().Add(3 * time.Second)
	for wait := time.Millisecond; ; wait = min(2*wait, 100*time.Millisecond) {
		left := list()
		if len(left) == 0 {
			return ""
		}
		if time.Now().After(deadline) {
			return fmt.Sprintf("%d goroutines left:\n\n%s", len(left), strings.Join(left, "\n\n"))
		}
		time.Sleep(wait)
	}
}

// An Owner is a label given to a test's goroutine, which every goroutine
// it starts inherits, and those they start in turn. It tells a test's
// goroutines apart from those of the tests running beside it in parallel,
// which a Snapshot cannot.
type Owner struct{ line string } // the label as a goroutine profile prints it

var owners atomic.Int64

const ownerKey = "testserver.owner"

// Own labels the calling goroutine, a test's, with a new Owner.
func Own() Owner {
	v := "test-" + strconv.FormatInt(owners.Add(1), 10)
	pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels(ownerKey, v)))
	return Owner{line: fmt.Sprintf("# labels: {%q:%q}", ownerKey, v)}
}

// Left waits, up to three seconds, for the goroutines o owns to end, and
// describes those that did not; "" when none is left. The calling
// goroutine, and those of the testing package and the runtime, are not
// counted.
func (o Owner) Left() string {
	return waitForEnd(func() []string {
		var b bytes.Buffer
		pprof.Lookup("goroutine").WriteTo(&b, 1)
		var left []string
		// Records are groups of goroutines with the same stack and labels:
		// "N @ pcs", "# labels: {...}", then "#\tpc\tfunc\tfile:line" lines.
		for _, rec := range strings.Split(b.String(), "\n\n") {
			lines := strings.Split(rec, "\n")
			if !slices.Contains(lines, o.line) || strings.Contains(rec, "runtime/pprof.writeGoroutine") {
				continue
			}
			if !(goroutine{stack: calls(lines)}).harmless() {
				left = append(left, rec)
			}
		}
		return left
	})
}

// calls writes the functions of a goroutine profile's record as
// runtime.Stack writes them, "pkg.func(", one a line.
func calls(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		if f := strings.Split(l, "\t"); len(f) >= 3 && f[0] == "#" {
			name, _, _ := strings.Cut(f[2], "+0x")
			b.WriteString(name + "(\n")
		}
	}
	return b.String()
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
