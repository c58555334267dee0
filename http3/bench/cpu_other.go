//go:build !unix

package main

import "time"

// cpuTime returns 0: the benchmark reads CPU time on Unix only, and
// reports 0 elsewhere.
func cpuTime() time.Duration { return 0 }
