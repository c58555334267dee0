// Tour runs the Go twin of every program of the Python requests tutorial,
// in the tutorial's order, against servers it starts itself on 127.0.0.1:
// an in-process httpbin in place of httpbin.org, a small page in place of
// example.com, and the tutorial's own Python servers (run with python3).
// It exits 0 only if every section succeeded.
//
//	go run ./examples/tour
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Stdout)
	stop()
	os.Exit(code)
}
