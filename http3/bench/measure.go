package main

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/http3"
)

// env is what the clients need to reach the servers.
type env struct {
	addrs   addrs
	caFile  string            // the certificate, for the Session's CABundle
	control *requests.Session // asks the servers' process for its CPU time
}

// protocol is one way a Session reaches the servers.
type protocol struct {
	name  string // as in the report
	proto string // the Response.Proto every response must have
	h3    bool   // through an http3.Transport with Force set
	addr  func(addrs) string
}

// protocols are measured in this order in the first round; HTTP/1.1 is
// the base of the ratios.
var protocols = []protocol{
	{name: "HTTP/1.1", proto: "HTTP/1.1", addr: func(a addrs) string { return a.H1 }},
	{name: "HTTP/2", proto: "HTTP/2.0", addr: func(a addrs) string { return a.H2 }},
	{name: "HTTP/3", proto: "HTTP/3.0", h3: true, addr: func(a addrs) string { return a.H3 }},
}

// client is a Session speaking one protocol to its server.
type client struct {
	s     *requests.Session
	h3    *http3.Transport // nil over TCP
	base  string           // https://host:port
	proto string
}

// newClient returns a Session for p, trusting the certificate with
// CABundle, which reaches HTTP/3 too.
func newClient(p protocol, e *env) *client {
	c := &client{base: "https://" + p.addr(e.addrs), proto: p.proto}
	opts := []requests.Option{requests.CABundle(e.caFile)}
	if p.h3 {
		c.h3 = &http3.Transport{Force: true}
		opts = append(opts, requests.WrapTransport(c.h3.Wrap))
	}
	c.s = requests.NewSession(opts...)
	return c
}

// close closes the Session, and the HTTP/3 Transport, which the Session
// does not close.
func (c *client) close() error {
	err := c.s.Close()
	if c.h3 != nil {
		err = errors.Join(err, c.h3.Close())
	}
	return err
}

// doc is the part of docJSON the GET workloads decode.
type doc struct {
	ID    int      `json:"id"`
	Name  string   `json:"name"`
	Tags  []string `json:"tags"`
	Owner struct {
		Login string `json:"login"`
	} `json:"owner"`
}

// getDoc fetches the small document and decodes it.
func (c *client) getDoc(ctx context.Context) error {
	resp, err := c.s.Get(ctx, c.base+"/doc.json")
	if err != nil {
		return err
	}
	if err := c.check(resp); err != nil {
		return err
	}
	var d doc
	if err := resp.JSON(&d); err != nil {
		return err
	}
	if d.ID != docID {
		return fmt.Errorf("decoded id %d; want %d", d.ID, docID)
	}
	return nil
}

// download streams size bytes and discards them, as the root module's
// benchmark does: Stream(true), then IterContent in 64 KiB chunks.
func (c *client) download(ctx context.Context, size int64) error {
	resp, err := c.s.Get(ctx, c.base+"/stream?n="+strconv.FormatInt(size, 10), requests.Stream(true))
	if err != nil {
		return err
	}
	defer resp.Close()
	if err := c.check(resp); err != nil {
		return err
	}
	var n int64
	for chunk, err := range resp.IterContent(64 << 10) {
		if err != nil {
			return err
		}
		n += int64(len(chunk))
	}
	if err := resp.Err(); err != nil {
		return err
	}
	if n != size {
		return fmt.Errorf("read %d bytes; want %d", n, size)
	}
	return nil
}

// check fails a response that is not a success or did not come over the
// client's protocol (an HTTP/3 request fallen back to TCP, say).
func (c *client) check(resp *requests.Response) error {
	if err := resp.RaiseForStatus(); err != nil {
		return err
	}
	if resp.Proto != c.proto {
		return fmt.Errorf("%s came over %s; want %s", resp.URL.Redacted(), resp.Proto, c.proto)
	}
	return nil
}

// newControl returns the Session that asks the servers' process for its
// CPU time, over HTTP/1.1, outside the measured stretches.
func newControl(e *env) *requests.Session {
	return requests.NewSession(requests.CABundle(e.caFile))
}

// serverCPU returns the CPU time the servers' process has used so far.
func serverCPU(ctx context.Context, e *env) (time.Duration, error) {
	resp, err := e.control.Get(ctx, "https://"+e.addrs.H1+"/cpu")
	if err != nil {
		return 0, err
	}
	if err := resp.RaiseForStatus(); err != nil {
		return 0, err
	}
	ns, err := strconv.ParseInt(resp.Text(), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("the servers' CPU time: %w", err)
	}
	return time.Duration(ns), nil
}

// workload is one thing measured: a key for -only, a title for the
// report, and how to measure one client once.
type workload struct {
	key, title string
	download   bool // rates in MiB/s rather than requests/s
	measure    func(ctx context.Context, c *client, e *env) (sample, error)
}

// maxOps bounds the requests of one worker in one measurement, whatever
// the duration.
const maxOps = 10_000_000

// workloads returns the workloads cfg describes.
func workloads(cfg config) []workload {
	size := int64(cfg.mib) << 20
	return []workload{
		{
			key:   "get",
			title: "sequential GET + JSON decode",
			measure: func(ctx context.Context, c *client, e *env) (sample, error) {
				return measureGets(ctx, c, e, 1, cfg.duration)
			},
		},
		{
			key:   "concurrent",
			title: fmt.Sprintf("%d concurrent GET + JSON decode", cfg.workers),
			measure: func(ctx context.Context, c *client, e *env) (sample, error) {
				return measureGets(ctx, c, e, cfg.workers, cfg.duration)
			},
		},
		{
			key:      "download",
			title:    fmt.Sprintf("%d MiB streamed download", cfg.mib),
			download: true,
			measure: func(ctx context.Context, c *client, e *env) (sample, error) {
				return measureDownload(ctx, c, e, size)
			},
		},
	}
}

// sample is what one client did in one measurement.
type sample struct {
	units     float64       // requests, or MiB downloaded
	wall      time.Duration // how long it took
	cpu       time.Duration // this process's CPU time meanwhile: the client's
	serverCPU time.Duration // the servers' process's
	ops       float64       // requests made, for B/op and allocs/op
	bytes     uint64        // allocated meanwhile
	allocs    uint64
}

// rate is units per second.
func (s sample) rate() float64 { return s.units / s.wall.Seconds() }

// measureGets warms c up (every worker gets its connection), then has
// workers fetch the document for d.
func measureGets(ctx context.Context, c *client, e *env, workers int, d time.Duration) (sample, error) {
	ctx, cancel := context.WithTimeout(ctx, d+time.Minute)
	defer cancel()
	if err := parallel(ctx, workers, 3, c.getDoc); err != nil {
		return sample{}, fmt.Errorf("warm-up: %w", err)
	}
	var ops atomic.Int64
	s, err := timed(ctx, e, func() error {
		deadline := time.Now().Add(d)
		return parallel(ctx, workers, maxOps, func(ctx context.Context) error {
			if !time.Now().Before(deadline) {
				return errDone
			}
			err := c.getDoc(ctx)
			if err == nil {
				ops.Add(1)
			}
			return err
		})
	})
	s.ops = float64(ops.Load())
	s.units = s.ops
	return s, err
}

// measureDownload warms c up (its connection open), then downloads size
// bytes once.
func measureDownload(ctx context.Context, c *client, e *env, size int64) (sample, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	if err := c.getDoc(ctx); err != nil {
		return sample{}, fmt.Errorf("warm-up: %w", err)
	}
	s, err := timed(ctx, e, func() error { return c.download(ctx, size) })
	s.ops = 1
	s.units = float64(size) / (1 << 20)
	return s, err
}

// timed runs fn and measures its wall time, the CPU time of both
// processes, and this process's allocations.
func timed(ctx context.Context, e *env, fn func() error) (sample, error) {
	runtime.GC()
	srv0, err := serverCPU(ctx, e)
	if err != nil {
		return sample{}, err
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cpu0 := cpuTime()
	start := time.Now()
	err = fn()
	wall := time.Since(start)
	cpu := cpuTime() - cpu0
	runtime.ReadMemStats(&after)
	if err != nil {
		return sample{}, err
	}
	srv1, err := serverCPU(ctx, e)
	if err != nil {
		return sample{}, err
	}
	return sample{
		wall:      wall,
		cpu:       cpu,
		serverCPU: srv1 - srv0,
		bytes:     after.TotalAlloc - before.TotalAlloc,
		allocs:    after.Mallocs - before.Mallocs,
	}, nil
}

// errDone tells parallel that a worker is done.
var errDone = errors.New("done")

// parallel runs fn in workers goroutines, each up to n times or until fn
// returns errDone. The first other error cancels the others' context and
// is returned.
func parallel(ctx context.Context, workers, n int, fn func(ctx context.Context) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range n {
				err := fn(ctx)
				if err == errDone {
					return
				}
				if err != nil {
					cancel(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return context.Cause(ctx)
}
