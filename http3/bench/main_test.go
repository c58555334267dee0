package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain makes the test binary the servers' process when run has started
// it as such, and checks that a run leaves no goroutine behind.
func TestMain(m *testing.M) {
	if os.Getenv(serverEnv) != "" {
		if err := serve(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "http3 bench server:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	goleak.VerifyTestMain(m)
}

// TestRunSmoke runs every workload over every protocol once, briefly and
// with a small download: the program's plumbing, not its timings.
func TestRunSmoke(t *testing.T) {
	cfg := config{rounds: 1, duration: 50 * time.Millisecond, workers: 8, mib: 1}
	md, err := run(context.Background(), cfg)
	if err != nil {
		t.Fatalf("run(%+v) = %v", cfg, err)
	}
	for want, n := range map[string]int{
		"### sequential GET + JSON decode":   1,
		"### 8 concurrent GET + JSON decode": 1,
		"### 1 MiB streamed download":        1,
		"| HTTP/1.1 | ":                      3,
		"| HTTP/2 | ":                        3,
		"| HTTP/3 | ":                        3,
	} {
		if got := strings.Count(md, want); got != n {
			t.Errorf("report has %q %d times; want %d:\n%s", want, got, n, md)
		}
	}
}

// TestPickRejectsUnknownWorkloads keeps a mistyped -only from running
// nothing in silence.
func TestPickRejectsUnknownWorkloads(t *testing.T) {
	all := workloads(config{workers: 64, mib: 100})
	if _, err := pick(all, []string{"uplod"}); err == nil {
		t.Errorf("pick(-only uplod) = nil error; want one")
	}
	got, err := pick(all, []string{"download", "get"})
	if err != nil || len(got) != 2 || got[0].key != "get" || got[1].key != "download" {
		t.Errorf("pick(-only download,get) = %d workloads, %v; want get and download", len(got), err)
	}
}
