package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

type report struct {
	machine       string
	workloads     []workload
	results       map[string]map[string][]sample
	pySeq, pyConc []float64
	cache         map[string][]sample // the cache workload: network or hit -> rounds
}

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

func med(ss []sample, f func(sample) float64) float64 {
	xs := make([]float64, len(ss))
	for i, s := range ss {
		xs[i] = f(s)
	}
	return median(xs)
}

const floor = "net/http (tuned)"

// ratio is the median over the rounds of a client's requests/s over
// net/http's in the same round: a round's pair is measured within seconds,
// so the machine's drift over the run does not enter the ratio.
func (r *report) ratio(w, client string) float64 {
	return roundRatio(rates(r.results[w][client]), rates(r.results[w][floor]))
}

// rates returns the requests/s of each round.
func rates(ss []sample) []float64 {
	xs := make([]float64, len(ss))
	for i, s := range ss {
		xs[i] = s.reqPerSec
	}
	return xs
}

// roundRatio is the median of xs[i]/base[i].
func roundRatio(xs, base []float64) float64 {
	var rs []float64
	for i := range min(len(xs), len(base)) {
		if base[i] > 0 {
			rs = append(rs, xs[i]/base[i])
		}
	}
	return median(rs)
}

func (r *report) table() string {
	var b strings.Builder
	rounds := len(r.cache[cacheHit])
	if len(r.workloads) > 0 {
		rounds = len(r.results[r.workloads[0].short][floor])
	}
	fmt.Fprintf(&b, "Machine: %s\nMedians of %d interleaved rounds; ratio = the median of each round's requests/s over net/http's in that round.\n", r.machine, rounds)
	for _, w := range r.workloads {
		fmt.Fprintf(&b, "\n### %s\n\n", w.name)
		conc := w.conc > 1
		b.WriteString("| client | req/s | ratio | ns/op | CPU µs/op | B/op | allocs/op |")
		if conc {
			b.WriteString(" TIME_WAIT |")
		}
		b.WriteString("\n|---|---:|---:|---:|---:|---:|---:|")
		if conc {
			b.WriteString("---:|")
		}
		b.WriteString("\n")
		for _, ct := range contenders {
			ss := r.results[w.short][ct.name]
			if len(ss) == 0 {
				continue
			}
			fmt.Fprintf(&b, "| %s | %.0f | %.2f× | %.0f | %.1f | %.0f | %.0f |", ct.name,
				med(ss, func(s sample) float64 { return s.reqPerSec }), r.ratio(w.short, ct.name),
				med(ss, func(s sample) float64 { return s.nsPerOp }), med(ss, func(s sample) float64 { return s.cpuOp })/1000,
				med(ss, func(s sample) float64 { return s.bPerOp }), med(ss, func(s sample) float64 { return s.alPerOp }))
			if conc {
				fmt.Fprintf(&b, " %.0f |", med(ss, func(s sample) float64 { return float64(s.timeWait) }))
			}
			b.WriteString("\n")
		}
		if py := r.python(w.short); len(py) > 0 {
			base, ours := rates(r.results[w.short][floor]), rates(r.results[w.short]["requests (this)"])
			fmt.Fprintf(&b, "| Python requests %s | %.0f | %.2f× | | | | |", pythonVersion(), median(py), roundRatio(py, base))
			if conc {
				b.WriteString(" |")
			}
			fmt.Fprintf(&b, "\n\nThis library does %.1f× Python requests' rate (raw net/http: %.1f×).\n", roundRatio(ours, py), roundRatio(base, py))
		}
	}
	if hits := r.cache[cacheHit]; len(hits) > 0 {
		fmt.Fprintf(&b, "\n### sequential GET, cache hit (Go server)\n\n")
		b.WriteString("A 300-byte JSON document the server marks fresh for an hour (`Cache-Control: max-age=3600`), got by a\n")
		b.WriteString("Session without a cache, then by one with `requests.Cache(requests.MemoryCache(64 << 20))`: its body\n")
		b.WriteString("read, then decoded as JSON (the same decoding on both sides); ratio = the median of each round's\n")
		b.WriteString("requests/s over the network GET's in that round.\n\n")
		b.WriteString("| client | req/s | ratio | ns/op | CPU µs/op | B/op | allocs/op |\n|---|---:|---:|---:|---:|---:|---:|\n")
		for _, pair := range [][2]string{{cacheNetwork, cacheNetwork}, {cacheHit, cacheNetwork}, {cacheNetworkJSON, cacheNetworkJSON}, {cacheHitJSON, cacheNetworkJSON}} {
			ss := r.cache[pair[0]]
			fmt.Fprintf(&b, "| %s | %.0f | %.2f× | %.0f | %.1f | %.0f | %.0f |\n", pair[0],
				med(ss, func(s sample) float64 { return s.reqPerSec }), roundRatio(rates(ss), rates(r.cache[pair[1]])),
				med(ss, func(s sample) float64 { return s.nsPerOp }), med(ss, func(s sample) float64 { return s.cpuOp })/1000,
				med(ss, func(s sample) float64 { return s.bPerOp }), med(ss, func(s sample) float64 { return s.alPerOp }))
		}
	}
	return b.String()
}

// python returns Python requests' requests/s of each round for workload w.
func (r *report) python(w string) []float64 {
	switch w {
	case "GET":
		return r.pySeq
	case "GET×64":
		return r.pyConc
	}
	return nil
}

func pythonVersion() string {
	out, err := execOutput("python3", "-c", "import requests; print(requests.__version__)")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(out)
}

// chart draws the ratios as grouped horizontal bars, in plain SVG.
func (r *report) chart() string {
	const (
		left, barH, gap, groupGap, width = 190, 14, 2, 26, 760
		plotW                            = width - left - 60
	)
	maxRatio := 1.0
	for _, w := range r.workloads {
		for _, ct := range contenders {
			maxRatio = max(maxRatio, r.ratio(w.short, ct.name))
		}
	}
	scale := float64(plotW) / (maxRatio * 1.05)
	colors := []string{"#888888", "#00add8", "#e07b39", "#f0b27a", "#8e44ad", "#27ae60", "#c0392b"}
	height := 60 + len(r.workloads)*(len(contenders)*(barH+gap)+groupGap) + 20*((len(contenders)+2)/3)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">`+"\n", width, height)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<text x="%d" y="20" font-size="14" font-weight="bold">Requests per second, as a ratio to net/http (1.0 = net/http, longer is faster)</text>`+"\n", 10)
	y := 40
	one := left + int(scale)
	for _, w := range r.workloads {
		fmt.Fprintf(&b, `<text x="10" y="%d" font-weight="bold">%s</text>`+"\n", y+barH, esc(w.short))
		for i, ct := range contenders {
			ratio := r.ratio(w.short, ct.name)
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.0f" height="%d" fill="%s"/>`, left, y, ratio*scale, barH, colors[i%len(colors)])
			fmt.Fprintf(&b, `<text x="%.0f" y="%d">%.2f</text>`+"\n", float64(left)+ratio*scale+4, y+barH-3, ratio)
			y += barH + gap
		}
		y += groupGap
	}
	fmt.Fprintf(&b, `<line x1="%d" y1="35" x2="%d" y2="%d" stroke="black" stroke-dasharray="4 3"/>`+"\n", one, one, y-groupGap)
	for i, ct := range contenders {
		x, ly := 10+(i%3)*250, y+(i/3)*20
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d">%s</text>`+"\n", x, ly, colors[i%len(colors)], x+16, ly+10, esc(ct.name))
	}
	b.WriteString("</svg>\n")
	return b.String()
}

func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func (r *report) write(dir string) error {
	if err := os.MkdirAll(filepath.Join(dir, "bench"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "bench", "chart.svg"), []byte(r.chart()), 0o644); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("# Benchmarks\n\n")
	b.WriteString("Regenerate with `go run ./bench -out .` from the repository root (nginx and\n")
	b.WriteString("Python requests installed; about six minutes). `go run ./bench` alone prints\n")
	b.WriteString("the table without writing files.\n\n")
	b.WriteString("![ratios to net/http](bench/chart.svg)\n\n")
	b.WriteString(r.table())
	b.WriteString(benchNotes)
	// Figures measured by programs of their own: the command's start-up,
	// the cache's conformance (integration/cachetests), and HTTP/3 (in the
	// http3 module).
	for _, part := range []string{filepath.Join("bench", "startup.md"), filepath.Join("bench", "cache.md"), filepath.Join("http3", "bench", "results.md")} {
		if extra, err := os.ReadFile(filepath.Join(dir, part)); err == nil {
			b.WriteString("\n")
			b.Write(extra)
		}
	}
	return os.WriteFile(filepath.Join(dir, "BENCHMARKS.md"), []byte(b.String()), 0o644)
}

const benchNotes = `
## How it is measured

- Servers: nginx serving a 300-byte JSON file (one worker, access log off)
  in the clear, over TLS with HTTP/1.1 only, and over TLS with HTTP/2 (ALPN;
  an ECDSA P-256 certificate from an authority the harness makes and every
  client trusts through SSL_CERT_FILE, as it trusts the system's roots),
  and a Go server in a process of its own for POST, upload and download, both
  on 127.0.0.1. Clients run in the harness process; "CPU µs/op" is the
  harness process's user+system time per request, B/op and allocs/op come
  from runtime.MemStats, so they count the client only.
- Each client runs each workload for the same time in each round, after a
  warm-up; rounds are interleaved (each starts with a different client) and
  the table shows medians. Ratios are taken against net/http with a tuned
  Transport (MaxIdleConnsPerHost 128) measured in the same round, and the
  median of the rounds' ratios is shown: the machines are shared, and their
  speed drifts over a run by more than the differences measured here.
- This library runs on its own HTTP/1.1 engine (internal/wire: each
  request written and its response parsed in the calling goroutine, timeouts
  as connection deadlines), not on net/http's Transport; it sends the four
  headers Python requests sends (User-Agent, Accept, Accept-Encoding with
  four codings, Connection: keep-alive), where net/http sends two.
- Every client is used with its defaults, as its documentation shows:
  resty and req with their own transports, carlmjohnson/requests with
  http.DefaultClient (two idle connections per host, hence its churn at 64
  workers), fasthttp with MaxConnsPerHost 1024. fasthttp speaks no HTTP/2
  and is left out of the HTTP/2 workloads; the others negotiate it, and
  their 64 workers share one connection's streams. TIME_WAIT counts the sockets
  of the workload's nginx port left in TIME_WAIT after the 64-worker run: a pool that
  closes connections it cannot keep.
- github.com/levigross/grequests is missing: the module proxy this project
  uses refuses every version of it.
- Python requests runs the two GET workloads with a Session (a pool sized
  to the workers, a thread pool for concurrency) in each round.
`
