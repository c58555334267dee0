// Command bench compares a requests.Session over HTTP/3 (this module's
// Transport, Force set) with the same Session over HTTP/2 and over
// HTTP/1.1, on loopback, against Go servers (quic-go's http3.Server, and
// net/http with and without HTTP/2) that share one handler and one
// certificate and run in a process of their own:
//
//	cd http3 && go run ./bench                 # print the tables
//	go run ./bench -rounds 2 -d 300ms          # a short run
//	go run ./bench -only download -out h3.md   # one workload, also to a file
//
// Workloads: "get" (sequential GET of a small JSON document, decoded),
// "concurrent" (the same from 64 workers) and "download" (100 MiB streamed
// and discarded). Each round runs every protocol once per workload, each
// round starting with a different one; the tables show medians over the
// rounds, and ratios to HTTP/1.1 measured in the same round.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-requests/requests/http3/internal/testcert"
)

// config is what a run measures; the flags fill it.
type config struct {
	rounds   int           // interleaved rounds
	duration time.Duration // how long each protocol runs a GET workload per round
	workers  int           // workers of the concurrent workload
	mib      int           // size of the download, in MiB
	only     []string      // workload keys to run; all when empty
	progress io.Writer     // where to say which round runs; nil for nowhere
}

// main reads the flags, runs the benchmark (or, started as such by run,
// the servers' process) and prints the report.
func main() {
	cfg := config{progress: os.Stderr}
	flag.IntVar(&cfg.rounds, "rounds", 5, "interleaved rounds; medians are reported")
	flag.DurationVar(&cfg.duration, "d", time.Second, "how long each protocol runs each GET workload per round")
	flag.IntVar(&cfg.workers, "c", 64, "workers of the concurrent workload")
	flag.IntVar(&cfg.mib, "mib", 100, "size of the download, in MiB")
	only := flag.String("only", "", "comma-separated workloads to run: get, concurrent, download (default all)")
	out := flag.String("out", "", "also write the markdown to this file")
	flag.Parse()
	if os.Getenv(serverEnv) != "" {
		// The servers' process: see startServers.
		if err := serve(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "http3 bench server:", err)
			os.Exit(1)
		}
		return
	}
	if *only != "" {
		cfg.only = strings.Split(*only, ",")
	}
	md, err := run(context.Background(), cfg)
	if err == nil {
		fmt.Print(md)
		if *out != "" {
			err = os.WriteFile(*out, []byte(md), 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "http3 bench:", err)
		os.Exit(1)
	}
}

// run starts the servers, measures the chosen workloads over the three
// protocols in cfg.rounds interleaved rounds, stops everything and returns
// the report as markdown. Any failed request ends the run with an error
// that names the workload, the protocol and the round.
func run(ctx context.Context, cfg config) (md string, err error) {
	if err := cfg.check(); err != nil {
		return "", err
	}
	chosen, err := pick(workloads(cfg), cfg.only)
	if err != nil {
		return "", err
	}

	// quic-go reports UDP buffer sizes it could not get through the log
	// package: note them for the report.
	warnings := &warnLog{w: log.Writer()}
	log.SetOutput(warnings)
	defer log.SetOutput(warnings.w)

	cert, err := testcert.New()
	if err != nil {
		return "", fmt.Errorf("making the certificate: %w", err)
	}
	dir, err := os.MkdirTemp("", "requests-h3bench-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	caFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, cert.CertPEM, 0o600); err != nil {
		return "", err
	}

	srv, err := startServers(cert, &warnLog{w: os.Stderr, prefix: "server: "})
	if err != nil {
		return "", fmt.Errorf("starting the servers: %w", err)
	}
	defer func() { err = errors.Join(err, srv.stop()) }()
	e := &env{addrs: srv.addrs, caFile: caFile}
	e.control = newControl(e)
	defer e.control.Close()

	results := map[string]map[string][]sample{} // workload key -> protocol -> rounds
	for round := range cfg.rounds {
		if cfg.progress != nil {
			fmt.Fprintf(cfg.progress, "round %d/%d\n", round+1, cfg.rounds)
		}
		for _, w := range chosen {
			if results[w.key] == nil {
				results[w.key] = map[string][]sample{}
			}
			for i := range protocols {
				p := protocols[(i+round)%len(protocols)] // each round starts with another
				s, err := measureOne(ctx, w, p, e)
				if err != nil {
					return "", fmt.Errorf("%s over %s, round %d: %w", w.title, p.name, round+1, err)
				}
				results[w.key][p.name] = append(results[w.key][p.name], s)
			}
		}
	}

	// Stop the servers before writing the report, so that every warning
	// they logged is in.
	if err := e.control.Close(); err != nil {
		return "", err
	}
	if err := srv.stop(); err != nil {
		return "", fmt.Errorf("stopping the servers: %w", err)
	}
	rep := report{
		machine:   machineLine(),
		rounds:    cfg.rounds,
		workloads: chosen,
		results:   results,
		warnings:  append(warnings.seen(), srv.log.seen()...),
	}
	return rep.markdown(), nil
}

// measureOne runs workload w over protocol p with a client of its own,
// closed afterwards.
func measureOne(ctx context.Context, w workload, p protocol, e *env) (sample, error) {
	c := newClient(p, e)
	s, err := w.measure(ctx, c, e)
	return s, errors.Join(err, c.close())
}

// check reports a config no run can honour.
func (cfg config) check() error {
	switch {
	case cfg.rounds < 1:
		return errors.New("-rounds must be at least 1")
	case cfg.duration <= 0:
		return errors.New("-d must be positive")
	case cfg.workers < 1:
		return errors.New("-c must be at least 1")
	case cfg.mib < 1 || cfg.mib > maxStreamMiB:
		return fmt.Errorf("-mib must be between 1 and %d", maxStreamMiB)
	}
	return nil
}

// pick returns the workloads whose keys are in only, all when only is
// empty, in their usual order.
func pick(all []workload, only []string) ([]workload, error) {
	if len(only) == 0 {
		return all, nil
	}
	var chosen []workload
	for _, w := range all {
		for _, k := range only {
			if strings.TrimSpace(k) == w.key {
				chosen = append(chosen, w)
				break
			}
		}
	}
	if len(chosen) == 0 {
		return nil, fmt.Errorf("-only %s names no workload (get, concurrent, download)", strings.Join(only, ","))
	}
	return chosen, nil
}
