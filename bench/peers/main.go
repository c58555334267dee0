// Command peers is the benchmark harness (run it as `go run ./bench` from
// the repository root): this library against raw net/http with a tuned
// Transport (the floor every ratio is taken against), resty v3 and v2, req
// v3, carlmjohnson/requests and fasthttp (the ceiling), and Python requests,
// on the same loopback servers, in interleaved rounds. It prints the table
// and writes BENCHMARKS.md and the chart.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/go-requests/requests/internal/servers"
)

var (
	rounds   = flag.Int("rounds", 7, "interleaved rounds; medians are reported")
	duration = flag.Duration("d", 500*time.Millisecond, "how long each client runs each workload per round")
	workers  = flag.Int("c", 64, "workers of the concurrent workload")
	out      = flag.String("out", "", "directory for BENCHMARKS.md and the chart (default: none written)")
	serve    = flag.Bool("serve", false, "run the Go server (internal)")
	python   = flag.Bool("python", true, "measure Python requests too")
	only     = flag.String("only", "", "comma-separated workloads to run (default all)")
	clients  = flag.String("clients", "", "comma-separated clients to run, by a word of their name (default all)")
	cpuprof  = flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
)

var payload300 = `{"id":12345,"name":"requests for Go","tags":["http","client","go"],"active":true,"score":98.6,` +
	`"owner":{"login":"gopher","id":42,"url":"https://example.com/users/gopher"},` +
	`"description":"` + strings.Repeat("x", 120) + `"}`

const streamSize = 100 << 20

func main() {
	flag.Parse()
	if *serve {
		goServer()
		return
	}
	log.SetFlags(0)
	if os.Getenv(tlsDirEnv) == "" {
		log.Fatal(withAuthority())
	}
	defer os.RemoveAll(os.Getenv(tlsDirEnv))
	if *cpuprof != "" {
		f, err := os.Create(*cpuprof)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

// goServer answers POST /json, POST /upload and GET /stream in a process of
// its own, so that its CPU is not counted as the client's.
func goServer() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ln.Addr())
	chunk := make([]byte, 64<<10)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /json", func(w http.ResponseWriter, r *http.Request) {
		var v map[string]any
		if err := json.NewDecoder(r.Body).Decode(&v); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, payload300)
	})
	mux.HandleFunc("GET /cached", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "max-age=3600")
		io.WriteString(w, payload300)
	})
	mux.HandleFunc("POST /upload", func(w http.ResponseWriter, r *http.Request) {
		mr, err := r.MultipartReader()
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		var n int64
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			m, _ := io.Copy(io.Discard, p)
			n += m
		}
		fmt.Fprintf(w, "%d", n)
	})
	mux.HandleFunc("GET /stream", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(streamSize))
		for sent := 0; sent < streamSize; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	log.Fatal(http.Serve(ln, mux))
}

// nginxConf serves the document in the clear, over TLS with HTTP/1.1 only,
// and over TLS with HTTP/2 (ALPN h2, HTTP/1.1 for a client that does not
// offer it), each connection kept for the whole run.
const nginxConf = `server {
	listen 127.0.0.1:{{.Port}};
	root {{.Dir}}/html;
	access_log off;
	keepalive_requests 10000000;
	keepalive_timeout 120s;
}
server {
	listen 127.0.0.1:{{index .Ports 0}} ssl;
	ssl_certificate {{.Dir}}/tls/cert.pem;
	ssl_certificate_key {{.Dir}}/tls/key.pem;
	root {{.Dir}}/html;
	access_log off;
	keepalive_requests 10000000;
	keepalive_timeout 120s;
}
server {
	listen 127.0.0.1:{{index .Ports 1}} ssl http2;
	ssl_certificate {{.Dir}}/tls/cert.pem;
	ssl_certificate_key {{.Dir}}/tls/key.pem;
	root {{.Dir}}/html;
	access_log off;
	keepalive_requests 10000000;
	keepalive_timeout 120s;
	http2_max_concurrent_streams 128;
}
`

type env struct {
	nginx, goSrv string // base URLs
	nginxPort    int
	tls1, tls2   string // nginx over TLS: HTTP/1.1 only, and HTTP/2
	tls1Port     int
	tls2Port     int
}

type workload struct {
	name, short string
	conc        int
	run         func(c client, ctx context.Context, e *env) error
	h2          bool             // measured only with the clients that speak HTTP/2
	port        func(e *env) int // the server's port, for TIME_WAIT; nil for nginx in the clear
}

// getDoc is the GET workload against the nginx at base.
func getDoc(base func(e *env) string) func(c client, ctx context.Context, e *env) error {
	return func(c client, ctx context.Context, e *env) error {
		var d doc
		if err := c.getJSON(ctx, base(e)+"/doc.json", &d); err != nil {
			return err
		}
		return check(d.ID == 12345)
	}
}

var upload1MiB = make([]byte, 1<<20)

func plain(e *env) string { return e.nginx }
func tls1(e *env) string  { return e.tls1 }
func tls2(e *env) string  { return e.tls2 }
func tls1Port(e *env) int { return e.tls1Port }
func tls2Port(e *env) int { return e.tls2Port }

func workloads() []workload {
	return []workload{
		{name: "sequential GET + JSON decode (nginx)", short: "GET", conc: 1, run: getDoc(plain)},
		{name: "64 concurrent GET + JSON decode (nginx)", short: "GET×64", conc: *workers, run: getDoc(plain)},
		{name: "sequential GET + JSON decode, HTTP/1.1 over TLS (nginx)", short: "TLS GET", conc: 1, run: getDoc(tls1), port: tls1Port},
		{name: "64 concurrent GET + JSON decode, HTTP/1.1 over TLS (nginx)", short: "TLS GET×64", conc: *workers, run: getDoc(tls1), port: tls1Port},
		{name: "sequential GET + JSON decode, HTTP/2 over TLS (nginx)", short: "h2 GET", conc: 1, run: getDoc(tls2), h2: true, port: tls2Port},
		{name: "64 concurrent GET + JSON decode on one HTTP/2 connection's streams (nginx)", short: "h2 GET×64", conc: *workers, run: getDoc(tls2), h2: true, port: tls2Port},
		{name: "POST JSON, decode the answer (Go server)", short: "POST JSON", conc: 1, run: func(c client, ctx context.Context, e *env) error {
			var d doc
			if err := c.postJSON(ctx, e.goSrv+"/json", map[string]any{"name": "gopher", "tags": []string{"a", "b"}, "n": 42}, &d); err != nil {
				return err
			}
			return check(d.ID == 12345)
		}},
		{name: "1 MiB multipart upload (Go server)", short: "upload 1 MiB", conc: 1, run: func(c client, ctx context.Context, e *env) error {
			return c.upload(ctx, e.goSrv+"/upload", upload1MiB)
		}},
		{name: "100 MiB streamed download (Go server)", short: "download 100 MiB", conc: 1, run: func(c client, ctx context.Context, e *env) error {
			var n countWriter
			if err := c.download(ctx, e.goSrv+"/stream", &n); err != nil {
				return err
			}
			return check(n == streamSize)
		}},
	}
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

func check(ok bool) error {
	if !ok {
		return fmt.Errorf("wrong answer")
	}
	return nil
}

type contender struct {
	name   string
	new    func() client
	h1only bool // speaks no HTTP/2: left out of the HTTP/2 workloads
}

var contenders = []contender{
	{"net/http (tuned)", newRaw, false},
	{"requests (this)", newOurs, false},
	{"resty v3", newRestyV3, false},
	{"resty v2", newRestyV2, false},
	{"req v3", newReq, false},
	{"carlmjohnson/requests", newCarl, false},
	{"fasthttp", newFast, true},
}

// sample is one client's figures for one workload in one round.
type sample struct {
	ops             int64
	wall, cpu, gc   time.Duration
	bytes, allocs   uint64
	timeWait        int
	reqPerSec       float64
	nsPerOp, cpuOp  float64
	bPerOp, alPerOp float64
}

func measure(c client, w workload, e *env) (sample, error) {
	ctx := context.Background()
	// Warm up: connections, pools, code paths.
	for range max(w.conc, 2) {
		if err := w.run(c, ctx, e); err != nil {
			return sample{}, err
		}
	}
	runtime.GC()
	port := e.nginxPort
	if w.port != nil {
		port = w.port(e)
	}
	tw0 := 0
	if w.conc > 1 {
		tw0 = timeWait(port)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	gc0 := gcCPU()
	cpu0 := cpuTime()
	start := time.Now()
	deadline := start.Add(*duration)
	var ops atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for range w.conc {
		wg.Go(func() {
			for n := 0; time.Now().Before(deadline) && n < 10_000_000; n++ {
				if err := w.run(c, ctx, e); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				ops.Add(1)
			}
		})
	}
	wg.Wait()
	wall := time.Since(start)
	cpu := cpuTime() - cpu0
	gcTime := gcCPU() - gc0
	runtime.ReadMemStats(&after)
	if err, _ := firstErr.Load().(error); err != nil {
		return sample{}, err
	}
	s := sample{ops: ops.Load(), wall: wall, cpu: cpu, gc: gcTime, bytes: after.TotalAlloc - before.TotalAlloc, allocs: after.Mallocs - before.Mallocs}
	n := float64(s.ops)
	s.reqPerSec = n / wall.Seconds()
	s.nsPerOp = float64(wall.Nanoseconds()) / n
	s.cpuOp = float64(cpu.Nanoseconds()) / n
	s.bPerOp = float64(s.bytes) / n
	s.alPerOp = float64(s.allocs) / n
	if w.conc > 1 {
		s.timeWait = max(0, timeWait(port)-tw0) // those this client left
	}
	return s, nil
}

// chosenClient reports whether -clients selects the contender called name.
func chosenClient(name string) bool {
	if *clients == "" {
		return true
	}
	for _, w := range strings.Split(*clients, ",") {
		if w != "" && strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// gcCPU is the CPU time the garbage collector has used so far.
func gcCPU() time.Duration {
	m := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}}
	metrics.Read(m)
	if m[0].Value.Kind() != metrics.KindFloat64 {
		return 0
	}
	return time.Duration(m[0].Value.Float64() * float64(time.Second))
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// timeWait counts the sockets in TIME_WAIT to or from port: the sign of a
// pool too small for the workers, which closes connections and dials again.
func timeWait(port int) int {
	n := 0
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		hex := fmt.Sprintf(":%04X ", port)
		for _, line := range strings.Split(string(data), "\n")[1:] {
			fields := strings.Fields(line)
			if len(fields) > 3 && fields[3] == "06" && (strings.Contains(fields[1]+" ", hex) || strings.Contains(fields[2]+" ", hex)) {
				n++
			}
		}
	}
	return n
}

func run() error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	self, err := os.Executable()
	if err != nil {
		return err
	}
	srv := exec.CommandContext(ctx, self, "-serve")
	stdout, _ := srv.StdoutPipe()
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { srv.Process.Kill(); srv.Wait() }()
	var addr string
	if _, err := fmt.Fscanln(stdout, &addr); err != nil {
		return fmt.Errorf("Go server: %w", err)
	}
	e := &env{goSrv: "http://" + addr}

	all := workloads()
	var chosen []workload
	for _, w := range all {
		if *only == "" || strings.Contains(","+*only+",", ","+w.short+",") {
			chosen = append(chosen, w)
		}
	}
	withCache := *only == "" || strings.Contains(","+*only+",", ","+cacheShort+",")
	if len(chosen) == 0 && !withCache {
		var names []string
		for _, w := range all {
			names = append(names, w.short)
		}
		names = append(names, cacheShort)
		return fmt.Errorf("-only %q names no workload; they are %s", *only, strings.Join(names, ", "))
	}
	if len(chosen) > 0 { // the cache workload alone runs without nginx
		files := servers.Files{"html/doc.json": payload300}
		if err := tlsFiles(files); err != nil {
			return err
		}
		ng, err := servers.Nginx(ctx, nginxConf, files)
		if err != nil {
			return fmt.Errorf("nginx: %w (the harness needs it: apt-get install -y nginx)", err)
		}
		defer ng.Stop()
		e.nginx, e.nginxPort = ng.URL, ng.Port
		e.tls1Port, e.tls2Port = ng.Ports[0], ng.Ports[1]
		e.tls1 = fmt.Sprintf("https://127.0.0.1:%d", e.tls1Port)
		e.tls2 = fmt.Sprintf("https://127.0.0.1:%d", e.tls2Port)
	}
	machine := machineLine()
	fmt.Println(machine)
	results := map[string]map[string][]sample{} // workload → client → rounds
	cache := map[string][]sample{}              // network or hit → rounds
	var pySeq, pyConc []float64
	for round := range *rounds {
		fmt.Fprintf(os.Stderr, "round %d/%d\n", round+1, *rounds)
		for _, w := range chosen {
			if results[w.short] == nil {
				results[w.short] = map[string][]sample{}
			}
			// Interleave: each round starts with a different client.
			for i := range contenders {
				ct := contenders[(i+round)%len(contenders)]
				if !chosenClient(ct.name) || w.h2 && ct.h1only {
					continue
				}
				c := ct.new()
				s, err := measure(c, w, e)
				c.close()
				if err != nil {
					return fmt.Errorf("%s, %s: %w", w.short, ct.name, err)
				}
				results[w.short][ct.name] = append(results[w.short][ct.name], s)
				if os.Getenv("BENCH_DEBUG") != "" {
					var ms runtime.MemStats
					runtime.ReadMemStats(&ms)
					fmt.Fprintf(os.Stderr, "  %s %s: %.0f req/s, %.1f µs CPU, %.1f µs GC, goroutines %d, heap %d KiB, GCs %d\n", w.short, ct.name, s.reqPerSec, s.cpuOp/1000, float64(s.gc.Nanoseconds())/float64(s.ops)/1000, runtime.NumGoroutine(), ms.HeapAlloc>>10, ms.NumGC)
				}
				time.Sleep(50 * time.Millisecond)
			}
		}
		if withCache {
			if err := cacheRound(e, cache); err != nil {
				return err
			}
		}
		if *python {
			seq, conc, err := pythonRound(e)
			if err != nil {
				fmt.Fprintln(os.Stderr, "Python requests:", err)
				*python = false
			} else {
				pySeq, pyConc = append(pySeq, seq), append(pyConc, conc)
			}
		}
	}
	rep := report{machine: machine, workloads: chosen, results: results, pySeq: pySeq, pyConc: pyConc, cache: cache}
	fmt.Print(rep.table())
	if *out != "" {
		if err := rep.write(*out); err != nil {
			return err
		}
		fmt.Fprintln(os.Stderr, "wrote", filepath.Join(*out, "BENCHMARKS.md"), "and", filepath.Join(*out, "bench", "chart.svg"))
	}
	return nil
}

// pythonRound runs the GET workloads through a Python requests Session.
func pythonRound(e *env) (seq, conc float64, err error) {
	_, file, _, _ := runtime.Caller(0)
	script := filepath.Join(filepath.Dir(file), "python_get.py")
	cmd := exec.Command("python3", script, e.nginx+"/doc.json", fmt.Sprint(duration.Seconds()*2), fmt.Sprint(*workers))
	outb, err := cmd.Output()
	if err != nil {
		return 0, 0, err
	}
	_, err = fmt.Sscan(string(outb), &seq, &conc)
	return seq, conc, err
}

func machineLine() string {
	cpu := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "model name") {
				cpu = strings.TrimSpace(strings.SplitN(line, ":", 2)[1])
				break
			}
		}
	}
	ngv, _ := exec.Command("nginx", "-v").CombinedOutput()
	return fmt.Sprintf("%s, %d cores, %s %s/%s, %s, loopback; %s", time.Now().UTC().Format("2006-01-02"), runtime.NumCPU(), runtime.Version(),
		runtime.GOOS, runtime.GOARCH, cpu, strings.TrimSpace(strings.TrimPrefix(string(ngv), "nginx version: ")))
}

func execOutput(name string, args ...string) (string, error) {
	out, err := exec.Command(name, args...).Output()
	return string(out), err
}

// cacheShort names the cache workload for -only.
const cacheShort = "cache hit"

// The sides of the cache workload: this library's sequential GET of a
// 300-byte JSON document the Go server marks fresh for an hour, over the
// network and answered by the Session's cache; the body read, and the
// body decoded as JSON (the decoding costs both sides the same, and a hit
// much of its time).
const (
	cacheNetwork     = "requests (this), over loopback"
	cacheHit         = "requests (this), cache hit (MemoryCache)"
	cacheNetworkJSON = "requests (this), over loopback, JSON decoded"
	cacheHitJSON     = "requests (this), cache hit (MemoryCache), JSON decoded"
)

// cacheRound measures one round of the cache workload into cache.
func cacheRound(e *env, cache map[string][]sample) error {
	body := workload{name: "sequential GET, cache hit", short: cacheShort, conc: 1, run: func(c client, ctx context.Context, e *env) error {
		r, err := c.(ours).s.Get(ctx, e.goSrv+"/cached")
		if err != nil {
			return err
		}
		return check(len(r.Content()) > 200)
	}}
	decoded := workload{name: "sequential GET+JSON, cache hit", short: cacheShort, conc: 1, run: func(c client, ctx context.Context, e *env) error {
		var d doc
		if err := c.getJSON(ctx, e.goSrv+"/cached", &d); err != nil {
			return err
		}
		return check(d.ID == 12345)
	}}
	for _, side := range []struct {
		name string
		w    workload
		new  func() client
	}{{cacheNetwork, body, newOurs}, {cacheHit, body, newOursCached}, {cacheNetworkJSON, decoded, newOurs}, {cacheHitJSON, decoded, newOursCached}} {
		c := side.new()
		s, err := measure(c, side.w, e)
		c.close()
		if err != nil {
			return fmt.Errorf("%s, %s: %w", cacheShort, side.name, err)
		}
		cache[side.name] = append(cache[side.name], s)
		time.Sleep(50 * time.Millisecond)
	}
	return nil
}
