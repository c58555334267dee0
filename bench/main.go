// Command bench runs the benchmark harness of bench/peers, a module of its
// own so that the peers measured against this library stay out of its
// dependencies:
//
//	go run ./bench             # print the table
//	go run ./bench -out .      # also write BENCHMARKS.md and bench/chart.svg
//
// Flags are passed on; `go run ./bench -h` lists them.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

func main() {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		fmt.Fprintln(os.Stderr, "bench: cannot locate the harness")
		os.Exit(2)
	}
	dir := filepath.Join(filepath.Dir(file), "peers")
	args := os.Args[1:]
	for i, a := range args {
		// -out is relative to where the command was started.
		if (a == "-out" || a == "--out") && i+1 < len(args) {
			abs, err := filepath.Abs(args[i+1])
			if err == nil {
				args[i+1] = abs
			}
		}
	}
	bin := filepath.Join(os.TempDir(), "requests-bench-peers")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir, build.Stdout, build.Stderr = dir, os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		os.Exit(1)
	}
	defer os.Remove(bin)
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Stdin, cmd.Stdout, cmd.Stderr = dir, os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			os.Exit(ee.ExitCode())
		}
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
