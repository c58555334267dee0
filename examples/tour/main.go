// Tour runs the Go twin of every program of the Python requests tutorial,
// in the tutorial's order, against servers it starts itself on 127.0.0.1:
// an in-process httpbin in place of httpbin.org, a small page in place of
// example.com, nginx set up as the tutorial sets it up, and the tutorial's
// Flask app and small Python servers. Where nginx, python3 or Flask is not
// installed, a stand-in written in Go answers in its place, as the real
// server would, and the section's heading says so: the tour needs nothing
// but Go. With -real (or REQUESTS_TOUR_REAL=1) it refuses the stand-ins,
// and a section whose real server is missing fails. It exits 0 only if
// every section succeeded.
//
//	go run ./examples/tour [-real]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := command(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command runs the tour as the command line and the environment ask, and
// returns the exit status: 0 if every section succeeded, 1 if one failed,
// 2 for a bad command line.
func command(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	t, err := newTour(args, getenv, stdout, stderr)
	if err != nil {
		return 2
	}
	return t.run(ctx)
}

// newTour reads the command line and REQUESTS_TOUR_REAL.
func newTour(args []string, getenv func(string) string, stdout, stderr io.Writer) (*tour, error) {
	fs := flag.NewFlagSet("tour", flag.ContinueOnError)
	fs.SetOutput(stderr)
	real := fs.Bool("real", false, "refuse the built-in stand-ins: fail a section whose real server (nginx, python3, Flask) is not installed")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "tour: unexpected argument %q\n", fs.Arg(0))
		return nil, flag.ErrHelp
	}
	if v := getenv("REQUESTS_TOUR_REAL"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			fmt.Fprintf(stderr, "tour: REQUESTS_TOUR_REAL=%q: want 1 or 0\n", v)
			return nil, err
		}
		*real = *real || b
	}
	return &tour{out: stdout, sections: sections, real: *real, installed: installed}, nil
}
