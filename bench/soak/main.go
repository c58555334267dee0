// Soak sends many requests at high concurrency through one Session to a
// loopback server and reports errors, throughput, goroutines and open file
// descriptors before and after, and the heap and RSS sampled along the way.
//
//	cd bench && go run ./soak [-n 200000] [-c 256]
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-requests/requests"
)

func main() {
	n := flag.Int("n", 200_000, "requests")
	c := flag.Int("c", 256, "concurrent workers")
	flag.Parse()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	body := []byte(`{"ok":true,"payload":"` + strings.Repeat("x", 200) + `"}`)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	})}
	go srv.Serve(ln)
	url := "http://" + ln.Addr().String() + "/"

	runtime.GC()
	goroutines0, fds0 := runtime.NumGoroutine(), openFDs()
	s := requests.NewSession()
	var next, failed atomic.Int64
	var firstErr atomic.Value
	var heapMax, rssMax uint64
	stop := make(chan struct{})
	var samples []string
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				heapMax = max(heapMax, m.HeapInuse)
				rss := rssKB()
				rssMax = max(rssMax, rss)
				samples = append(samples, fmt.Sprintf("%dk:%dMiB", next.Load()/1000, rss>>10))
			}
		}
	}()
	start := time.Now()
	var wg sync.WaitGroup
	for range *c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(*n) {
				resp, err := s.Get(context.Background(), url)
				if err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err)
					continue
				}
				resp.Close()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stop)
	churn := timeWait(ln.Addr().(*net.TCPAddr).Port) // before our own closes make more
	s.Close()
	srv.Close()
	time.Sleep(200 * time.Millisecond)
	runtime.GC()
	fmt.Printf("requests: %d at concurrency %d in %.1fs (%.0f/s), errors: %d\n", *n, *c, elapsed.Seconds(), float64(*n)/elapsed.Seconds(), failed.Load())
	if e := firstErr.Load(); e != nil {
		fmt.Println("first error:", e)
	}
	fmt.Printf("goroutines: %d before, %d after; open fds: %d before, %d after\n", goroutines0, runtime.NumGoroutine(), fds0, openFDs())
	fmt.Printf("peak heap in use: %d MiB; peak RSS: %d MiB\n", heapMax>>20, rssMax>>10)
	fmt.Printf("sockets to the server in TIME_WAIT during the run: %d (a pool that keeps too few idle connections churns thousands)\n", churn)
	fmt.Println("RSS by thousands of requests:", strings.Join(samples, " "))
}

// timeWait counts the IPv4 sockets in TIME_WAIT (state 06 of
// /proc/net/tcp) with port at either end.
func timeWait(port int) int {
	data, err := os.ReadFile("/proc/net/tcp")
	if err != nil {
		return -1
	}
	hexPort := fmt.Sprintf(":%04X", port)
	n := 0
	for _, line := range strings.Split(string(data), "\n")[1:] {
		f := strings.Fields(line)
		if len(f) > 3 && f[3] == "06" && (strings.HasSuffix(f[1], hexPort) || strings.HasSuffix(f[2], hexPort)) {
			n++
		}
	}
	return n
}

func openFDs() int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(entries)
}

func rssKB() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			v, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return v
		}
	}
	return 0
}
