package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"
)

// base is the protocol the ratios are taken against.
const base = "HTTP/1.1"

// report is the outcome of a run.
type report struct {
	machine   string
	rounds    int
	workloads []workload
	results   map[string]map[string][]sample // workload key -> protocol -> rounds
	warnings  []string                       // quic-go's, about UDP buffers
}

// markdown returns the report as BENCHMARKS.md shows its figures: a
// machine line, then a table per workload.
func (r *report) markdown() string {
	var b strings.Builder
	b.WriteString("## HTTP/3 against HTTP/2 and HTTP/1.1\n\n")
	b.WriteString("Regenerate with `cd http3 && go run ./bench -out bench/results.md` (about 40 s); the\n")
	b.WriteString("repository's `go run ./bench -out .` copies that file here.\n\n")
	fmt.Fprintf(&b, "Machine: %s\n", r.machine)
	fmt.Fprintf(&b, "Medians of %d interleaved rounds; ratio = the median of each round's rate over %s's in that round.\n", r.rounds, base)
	b.WriteString("Go servers in a process of their own (quic-go's http3.Server on UDP; net/http over TLS with and\n")
	b.WriteString("without HTTP/2), one handler, one ECDSA P-256 certificate; \"CPU\" is the client process's\n")
	b.WriteString("user+system time, \"server CPU\" the servers' process's, B and allocs the client's.\n")
	for _, w := range r.workloads {
		fmt.Fprintf(&b, "\n### %s (Go server)\n\n", w.title)
		if w.download {
			b.WriteString("| protocol | MiB/s | ratio | CPU µs/MiB | server CPU µs/MiB | B/download | allocs/download |\n")
			b.WriteString("|---|---:|---:|---:|---:|---:|---:|\n")
		} else {
			b.WriteString("| protocol | req/s | ratio | ns/op | CPU µs/op | server CPU µs/op | B/op | allocs/op |\n")
			b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|\n")
		}
		for _, p := range protocols {
			ss := r.results[w.key][p.name]
			if len(ss) == 0 {
				continue
			}
			fmt.Fprintf(&b, "| %s | %.0f | %.2f× |", p.name, med(ss, sample.rate), r.ratio(w.key, p.name))
			if !w.download {
				fmt.Fprintf(&b, " %.0f |", med(ss, func(s sample) float64 { return float64(s.wall.Nanoseconds()) / s.units }))
			}
			fmt.Fprintf(&b, " %.1f | %.1f | %.0f | %.0f |\n",
				med(ss, func(s sample) float64 { return micros(s.cpu) / s.units }),
				med(ss, func(s sample) float64 { return micros(s.serverCPU) / s.units }),
				med(ss, func(s sample) float64 { return float64(s.bytes) / s.ops }),
				med(ss, func(s sample) float64 { return float64(s.allocs) / s.ops }))
		}
	}
	b.WriteString(reading)
	b.WriteString("\n")
	if len(r.warnings) == 0 {
		b.WriteString("quic-go logged no warning about UDP buffer sizes.\n")
	} else {
		b.WriteString("quic-go warned about UDP buffer sizes (the benchmark does not change sysctls):\n\n")
		for _, w := range r.warnings {
			fmt.Fprintf(&b, "    %s\n", w)
		}
	}
	return b.String()
}

// ratio is the median over the rounds of a protocol's rate over the base
// protocol's in the same round: a round's pair is measured within
// seconds, so the machine's drift over the run stays out of the ratio.
func (r *report) ratio(key, name string) float64 {
	xs, bs := r.results[key][name], r.results[key][base]
	var rs []float64
	for i := range min(len(xs), len(bs)) {
		if b := bs[i].rate(); b > 0 {
			rs = append(rs, xs[i].rate()/b)
		}
	}
	return median(rs)
}

// med is the median of f over the samples.
func med(ss []sample, f func(sample) float64) float64 {
	xs := make([]float64, len(ss))
	for i, s := range ss {
		xs[i] = f(s)
	}
	return median(xs)
}

// median returns the median of xs, 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// micros is d in microseconds.
func micros(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }

// machineLine says when and on what the run took place: the date, the
// cores, Go, the CPU model (from /proc/cpuinfo) and quic-go's version.
func machineLine() string {
	cpu := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(data)) {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				_, model, _ := strings.Cut(name, ":")
				cpu = strings.TrimSpace(model)
				break
			}
		}
	}
	quic := "quic-go (version unknown)"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "github.com/quic-go/quic-go" {
				quic = "quic-go " + m.Version
			}
		}
	}
	return fmt.Sprintf("%s, %d cores, %s %s/%s, %s, loopback; %s", time.Now().UTC().Format("2006-01-02"),
		runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH, cpu, quic)
}

// reading says what the tables show and what they do not.
const reading = `
Loopback is the worst case for HTTP/3: round trips cost nothing there, and
every packet of quic-go (user space, one UDP datagram each) costs CPU that
TCP and TLS spend in the kernel or not at all, so both sides pay several
times HTTP/1.1's CPU per request and per MiB on these two shared cores.
What HTTP/3 buys (no head-of-line blocking across streams, a connection set
up in one round trip, surviving an address change) shows on lossy,
far-away links, which this does not model. HTTP/2's cost is that of
golang.org/x/net/http2 and of net/http's server: net/http's own client,
measured beside this library over HTTP/2 in one process, took as long per
request and made 64 allocations to this library's 75.
`
