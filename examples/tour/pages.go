package main

import (
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

// The tour's own servers, which run in its process: httpbin (internal/httpbin)
// and the pages it serves in place of sites the tutorial reached.

// local is an HTTP server on a loopback port.
type local struct {
	URL string
	srv *http.Server
}

func serve(h http.Handler) (*local, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &local{URL: "http://" + ln.Addr().String(), srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}}
	go s.srv.Serve(ln)
	return s, nil
}

func (s *local) Close() { s.srv.Close() }

// specSize is the size of the PDF the tutorial's streaming program saves.
const specSize = 5_331_364

// examplePage stands in for https://example.com: its page at /, and 404
// elsewhere; and for docs.oracle.com: a file as large as the Java language
// specification the streaming program downloads.
func examplePage(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/browse/dog" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, dictionaryPage)
		return
	}
	if r.URL.Path == "/javase/specs/jls/se25/jls25.pdf" {
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Length", strconv.Itoa(specSize))
		io.CopyN(w, pattern{}, specSize)
		return
	}
	w.Header().Set("Server", "requests-for-go tour")
	w.Header().Set("Last-Modified", "Wed, 06 May 2026 14:17:14 GMT")
	w.Header().Set("Content-Type", "text/html")
	if r.URL.Path != "/" {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, "<!doctype html><html><body><p>Not found</p></body></html>\n")
		return
	}
	io.WriteString(w, `<!doctype html>
<html>
<head>
<title>Example Domain</title>
<meta charset="utf-8">
</head>
<body>
<div>
<h1>Example Domain</h1>
<p>This domain is for use in documentation examples without needing permission.</p>
</div>
</body>
</html>
`)
}

// pattern is an endless reader of the same bytes.
type pattern struct{}

func (pattern) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = "%PDF-1.7 requests for Go\n"[i%25]
	}
	return len(p), nil
}

// dictionaryPage is shaped like a dictionary.com entry: navigation and
// labels around the definitions the get_term program's XPaths look for.
const dictionaryPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Dog Definition &amp; Meaning</title>
<meta name="description" content="Dog definition: a domesticated canid."></head>
<body><nav><a href="/">Home</a> <a href="/browse">Browse</a></nav>
<main>
<h1>dog</h1>
<section class="definitions">
<p>noun</p>
<ol>
<li><span class="one-click-content">a domesticated carnivore, <i>Canis familiaris,</i> bred in many varieties.</span></li>
<li><span class="one-click-content">any carnivore of the family Canidae, including the wolves, jackals and foxes.</span></li>
<li><span class="one-click-content">the male of such an animal.</span></li>
</ol>
<p>Example: <span class="one-click-content">Fido the dog waited by the door every evening for the family to come home from work and school.</span></p>
</section>
</main>
<footer>© the dictionary stand-in of the tour</footer>
</body></html>
`
