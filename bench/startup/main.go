// Command startup measures start-up plus one loopback request of the
// requests command against curl, httpie and a minimal net/http program,
// with hyperfine, and writes the table to bench/startup.md (which
// `go run ./bench -out .` includes in BENCHMARKS.md):
//
//	go run ./bench/startup            # needs hyperfine, curl and httpie
package main

import (
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

const minimal = `package main

import (
	"io"
	"net/http"
	"os"
)

func main() {
	resp, err := http.Get(os.Args[1])
	if err != nil {
		os.Exit(1)
	}
	io.Copy(os.Stdout, resp.Body)
}
`

func main() {
	log.SetFlags(0)
	for _, tool := range []string{"hyperfine", "curl", "http"} {
		if _, err := exec.LookPath(tool); err != nil {
			log.Fatalf("%s is missing: apt-get install -y hyperfine curl httpie", tool)
		}
	}
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	tmp, err := os.MkdirTemp("", "requests-startup-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "requests")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, "./cmd/requests")
	build.Dir, build.Env, build.Stderr = root, append(os.Environ(), "CGO_ENABLED=0"), os.Stderr
	if err := build.Run(); err != nil {
		log.Fatal(err)
	}
	minDir := filepath.Join(tmp, "minimal")
	os.MkdirAll(minDir, 0o755)
	os.WriteFile(filepath.Join(minDir, "main.go"), []byte(minimal), 0o644)
	os.WriteFile(filepath.Join(minDir, "go.mod"), []byte("module minimal\n\ngo 1.26\n"), 0o644)
	minBin := filepath.Join(tmp, "minimal-go")
	mb := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", minBin, ".")
	mb.Dir, mb.Env, mb.Stderr = minDir, append(os.Environ(), "CGO_ENABLED=0", "GOWORK=off"), os.Stderr
	if err := mb.Run(); err != nil {
		log.Fatal(err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	doc := `{"id":12345,"name":"requests for Go","tags":["http","client","go"]}`
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, doc)
	}))
	url := "http://" + ln.Addr().String() + "/doc"
	md := filepath.Join(tmp, "out.md")
	cmd := exec.Command("hyperfine", "-N", "--warmup", "5", "--runs", "60", "--export-markdown", md,
		"-n", "requests (this)", bin+" -b "+url,
		"-n", "curl", "curl -s "+url,
		"-n", "net/http minimal", minBin+" "+url,
		"-n", "httpie", "http -b "+url,
		"-n", "requests --version (no request)", bin+" --version",
	)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatal(err)
	}
	table, _ := os.ReadFile(md)
	hv, _ := exec.Command("hyperfine", "--version").Output()
	cv, _ := exec.Command("curl", "--version").Output()
	httpv, _ := exec.Command("http", "--version").Output()
	fi, _ := os.Stat(bin)
	var b strings.Builder
	b.WriteString("## Start-up: the requests command\n\n")
	fmt.Fprintf(&b, "Start-up plus one GET of a small JSON document from a loopback server, timed by\n%s over 60 runs after 5 warm-ups (`go run ./bench/startup`), %s, %d cores.\n", strings.TrimSpace(string(hv)), time.Now().UTC().Format("2006-01-02"), runtime.NumCPU())
	fmt.Fprintf(&b, "The binary is built with CGO_ENABLED=0 -ldflags=-s -w (%.1f MiB, static); curl is %s; httpie %s.\n\n",
		float64(fi.Size())/(1<<20), strings.Fields(string(cv))[1], strings.TrimSpace(string(httpv)))
	b.Write(table)
	out := filepath.Join(root, "bench", "startup.md")
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote", out)
}
