// Memory measures the peak memory of moving 1 GiB through the library:
// downloaded with IterContent and with Download, and uploaded with Files.
// The server runs as a separate process (this program with -serve), so
// that only the client's memory is counted. It prints, for each workload,
// the growth of the peak resident set size (VmHWM) over the RSS before it.
//
//	cd bench && go run ./memory [-size 1073741824]
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/go-requests/requests"
)

func main() {
	serve := flag.String("serve", "", "run the server on this address (used by the program itself)")
	size := flag.Int64("size", 1<<30, "bytes per workload")
	flag.Parse()
	if *serve != "" {
		runServer(*serve)
		return
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	server := exec.Command(os.Args[0], "-serve", addr)
	server.Stderr = os.Stderr
	if err := server.Start(); err != nil {
		log.Fatal(err)
	}
	defer func() { server.Process.Kill(); server.Wait() }()
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	base := "http://" + addr
	dir, err := os.MkdirTemp("", "requests-memory-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()

	fmt.Printf("%-32s %10s %14s %10s\n", "workload", "size", "peak RSS growth", "time")
	measure("download, IterContent(64 KiB)", *size, func() error {
		resp, err := requests.Get(ctx, fmt.Sprintf("%s/bytes?n=%d", base, *size), requests.Stream(true))
		if err != nil {
			return err
		}
		defer resp.Close()
		var n int64
		for chunk, err := range resp.IterContent(64 << 10) {
			if err != nil {
				return err
			}
			n += int64(len(chunk))
		}
		return check(n, *size)
	})
	measure("download, Download to a file", *size, func() error {
		path := filepath.Join(dir, "download.bin")
		defer os.Remove(path)
		_, err := requests.Download(ctx, fmt.Sprintf("%s/bytes?n=%d", base, *size), path)
		if err != nil {
			return err
		}
		fi, err := os.Stat(path)
		if err != nil {
			return err
		}
		return check(fi.Size(), *size)
	})
	upload := filepath.Join(dir, "upload.bin")
	f, err := os.Create(upload)
	if err != nil {
		log.Fatal(err)
	}
	f.Truncate(*size) // sparse: reads as zeros, costs no disk
	f.Close()
	measure("upload, Files{File(path)}", *size, func() error {
		resp, err := requests.Post(ctx, base+"/upload", requests.Files{"file": requests.File(upload)})
		if err != nil {
			return err
		}
		n, _ := strconv.ParseInt(strings.TrimSpace(resp.Text()), 10, 64)
		return check(n, *size)
	})
	fmt.Printf("\nthe same upload with Python requests: python3 bench/memory/upload.py %s/upload %s\n", base, upload)
	py := exec.Command("python3", "bench/memory/upload.py", base+"/upload", upload)
	py.Stdout, py.Stderr = os.Stdout, os.Stderr
	if err := py.Run(); err != nil {
		fmt.Println("python3:", err)
	}
}

func check(got, want int64) error {
	if got < want {
		return fmt.Errorf("moved %d bytes of %d", got, want)
	}
	return nil
}

// measure runs fn and prints how far the peak RSS rose above the RSS before.
// The peak is reset first (writing 5 to /proc/self/clear_refs).
func measure(name string, size int64, fn func() error) {
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	before := procStatus("VmRSS")
	start := time.Now()
	if err := fn(); err != nil {
		log.Fatalf("%s: %v", name, err)
	}
	peak := procStatus("VmHWM")
	fmt.Printf("%-32s %7d MiB %11.1f MiB %9.1fs\n", name, size>>20, float64(peak-before)/1024, time.Since(start).Seconds())
}

// procStatus reads a kB figure of /proc/self/status.
func procStatus(field string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// runServer serves /bytes?n=N (N bytes, generated, with a Content-Length and
// an ETag) and /upload (reads a multipart body, answers with its size).
func runServer(addr string) {
	chunk := make([]byte, 64<<10)
	http.HandleFunc("/bytes", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.ParseInt(r.URL.Query().Get("n"), 10, 64)
		w.Header().Set("Content-Length", strconv.FormatInt(n, 10))
		w.Header().Set("ETag", `"bytes"`)
		for n > 0 {
			m := min(n, int64(len(chunk)))
			if _, err := w.Write(chunk[:m]); err != nil {
				return
			}
			n -= m
		}
	})
	http.HandleFunc("/upload", func(w http.ResponseWriter, r *http.Request) {
		mr, err := r.MultipartReader()
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		var total int64
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			n, _ := io.Copy(io.Discard, p)
			total += n
		}
		fmt.Fprintln(w, total)
	})
	log.Fatal(http.ListenAndServe(addr, nil))
}
