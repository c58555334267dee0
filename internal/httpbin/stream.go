package httpbin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// randomBytes answers N random bytes (the same ones for the same ?seed=),
// with a Content-Length.
func randomBytes(w http.ResponseWriter, r *http.Request) { serveBytes(w, r, false) }

// streamBytes is randomBytes chunked, ?chunk_size= (10 KiB) at a time.
func streamBytes(w http.ResponseWriter, r *http.Request) { serveBytes(w, r, true) }

func serveBytes(w http.ResponseWriter, r *http.Request, chunked bool) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		fail(w, http.StatusBadRequest, fmt.Errorf("invalid byte count: %w", err))
		return
	}
	seed := time.Now().UnixNano()
	if s := r.URL.Query().Get("seed"); s != "" {
		if seed, err = strconv.ParseInt(s, 10, 64); err != nil {
			fail(w, http.StatusBadRequest, fmt.Errorf("invalid seed: %w", err))
			return
		}
	}
	switch {
	case n < 0:
		fail(w, http.StatusBadRequest, fmt.Errorf("invalid byte count: %d must be greater than 0", n))
		return
	case n == 0:
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusOK)
		return
	case n > maxBodySize:
		fail(w, http.StatusBadRequest, fmt.Errorf("invalid byte count: %d not in range [1, %d]", n, maxBodySize))
		return
	}
	chunk := n
	if chunked {
		chunk = 10 << 10
		if s := r.URL.Query().Get("chunk_size"); s != "" {
			if chunk, err = strconv.Atoi(s); err != nil {
				fail(w, http.StatusBadRequest, fmt.Errorf("invalid chunk_size: %w", err))
				return
			}
		}
		chunk = max(chunk, 1)
	} else {
		w.Header().Set("Content-Length", strconv.Itoa(n))
	}
	w.Header().Set("Content-Type", binaryType)
	w.WriteHeader(http.StatusOK)
	rng := rand.New(rand.NewSource(seed))
	buf := make([]byte, 0, min(chunk, n))
	for i := range n {
		buf = append(buf, byte(rng.Intn(256)))
		if len(buf) == cap(buf) || i == n-1 {
			w.Write(buf)
			if chunked {
				http.NewResponseController(w).Flush()
			}
			buf = buf[:0]
		}
	}
}

// streamLine is one line of /stream/N.
type streamLine struct {
	ID      int         `json:"id"`
	Args    url.Values  `json:"args"`
	Headers http.Header `json:"headers"`
	Origin  string      `json:"origin"`
	URL     string      `json:"url"`
}

// stream answers N (1 to 100) lines of compact JSON echoing the request,
// each flushed as a chunk. The Content-Type is left to net/http's sniffing
// (text/plain), as go-httpbin does.
func stream(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		fail(w, http.StatusBadRequest, fmt.Errorf("invalid count: %w", err))
		return
	}
	n = min(max(n, 1), 100)
	line := streamLine{Args: r.URL.Query(), Headers: requestHeader(r), Origin: origin(r), URL: fullURL(r).String()}
	for i := range n {
		line.ID = i
		b, _ := json.Marshal(line)
		w.Write(append(b, '\n'))
		http.NewResponseController(w).Flush()
	}
}

// drip writes ?numbytes= (10) asterisks over ?duration= (2s) after ?delay=
// (2s), with status ?code= (200) and a Content-Length: a slow server, not
// a chunked one.
func drip(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	n, code := int64(10), http.StatusOK
	duration, err := durationParam(q, "duration", 2*time.Second)
	if err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	wait, err := durationParam(q, "delay", 2*time.Second)
	if err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	if s := q.Get("numbytes"); s != "" {
		if n, err = strconv.ParseInt(s, 10, 64); err != nil {
			fail(w, http.StatusBadRequest, fmt.Errorf("invalid numbytes: %w", err))
			return
		}
		if n < 1 || n > maxBodySize {
			fail(w, http.StatusBadRequest, fmt.Errorf("invalid numbytes: %d not in range [1, %d]", n, maxBodySize))
			return
		}
	}
	if s := q.Get("code"); s != "" {
		if code, err = statusCode(s, 100, 599); err != nil {
			fail(w, http.StatusBadRequest, err)
			return
		}
	}
	if duration+wait > maxDuration {
		fail(w, http.StatusBadRequest, fmt.Errorf("too much time: %v+%v > %v", duration, wait, maxDuration))
		return
	}
	pause := pauseBetween(duration, n)
	if !sleep(r, wait) {
		w.WriteHeader(clientGone)
		return
	}
	w.Header().Set("Content-Type", textType)
	w.Header().Set("Content-Length", strconv.FormatInt(n, 10))
	w.Header().Set("Server-Timing", serverTiming(
		"total_duration", wait+duration, "total request duration",
		"initial_delay", wait, "initial delay",
		"write_duration", duration, "duration of writes after initial delay",
		"pause_per_write", pause, "computed pause between writes"))
	w.WriteHeader(code)
	if pause == 0 {
		w.Write(bytes.Repeat([]byte{'*'}, int(n)))
		return
	}
	for i := range n {
		if i > 0 && !sleep(r, pause) {
			return
		}
		w.Write([]byte{'*'})
		http.NewResponseController(w).Flush()
	}
}

// pauseBetween spreads d over the gaps between n writes, rounding up so
// that the writes take at least d.
func pauseBetween(d time.Duration, n int64) time.Duration {
	if n < 2 {
		return d
	}
	gaps := time.Duration(n - 1)
	return (d + gaps - 1) / gaps
}

// sleep waits d, and reports false if the client left first.
func sleep(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// durationParam is the query parameter name as a duration, def when it is
// absent.
func durationParam(q url.Values, name string, def time.Duration) (time.Duration, error) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	d, err := boundedDuration(s, 0)
	if err != nil {
		return 0, fmt.Errorf("invalid %s: %w", name, err)
	}
	return d, nil
}

// boundedDuration parses a Go duration ("1.5s") or seconds ("1.5"),
// between lo and maxDuration.
func boundedDuration(s string, lo time.Duration) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		secs, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return 0, err
		}
		d = time.Duration(secs*1000) * time.Millisecond
	}
	if d > maxDuration {
		return d, fmt.Errorf("duration %s longer than %s", d, maxDuration)
	}
	if d < lo {
		return d, fmt.Errorf("duration %s shorter than %s", d, lo)
	}
	return d, nil
}

// serverTiming formats name, duration, description triples as a
// Server-Timing header.
func serverTiming(triples ...any) string {
	var parts []string
	for i := 0; i+2 < len(triples); i += 3 {
		d := triples[i+1].(time.Duration)
		parts = append(parts, fmt.Sprintf("%s;dur=%0.2f;desc=%q", triples[i], d.Seconds()*1e3, triples[i+2]))
	}
	return strings.Join(parts, ", ")
}

// byteRange serves N bytes of the alphabet, over and over, honouring
// Range requests (net/http's ServeContent), with the unquoted ETag
// "rangeN" go-httpbin gives; ?duration= spreads the reading.
func byteRange(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.ParseInt(r.PathValue("n"), 10, 64)
	if err != nil {
		fail(w, http.StatusBadRequest, fmt.Errorf("invalid count: %w", err))
		return
	}
	duration, err := durationParam(r.URL.Query(), "duration", 0)
	if err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	w.Header().Add("ETag", fmt.Sprintf("range%d", n))
	w.Header().Add("Accept-Ranges", "bytes")
	w.Header().Set("Content-Type", textType)
	if n <= 0 || n > maxBodySize {
		fail(w, http.StatusBadRequest, fmt.Errorf("invalid count: %d not in range [1, %d]", n, maxBodySize))
		return
	}
	content := make([]byte, n)
	for i := range content {
		content[i] = 'a' + byte(i%26)
	}
	http.ServeContent(w, r, "", time.Time{}, &slowReader{r: r, content: bytes.NewReader(content), perByte: duration / time.Duration(n)})
}

// slowReader reads content at perByte a byte, until the client leaves.
type slowReader struct {
	r       *http.Request
	content *bytes.Reader
	perByte time.Duration
}

func (s *slowReader) Read(p []byte) (int, error) {
	n, err := s.content.Read(p)
	if !sleep(s.r, s.perByte*time.Duration(n)) {
		return n, s.r.Context().Err()
	}
	return n, err
}

func (s *slowReader) Seek(off int64, whence int) (int64, error) { return s.content.Seek(off, whence) }

// delay waits ?duration (at most 10 s) and then echoes like /anything;
// it gives up when the client does.
func delay(w http.ResponseWriter, r *http.Request) {
	d, err := boundedDuration(r.PathValue("duration"), 0)
	if err != nil {
		fail(w, http.StatusBadRequest, fmt.Errorf("invalid duration: %w", err))
		return
	}
	if !sleep(r, d) {
		w.WriteHeader(clientGone)
		return
	}
	w.Header().Set("Server-Timing", serverTiming("initial_delay", d, "initial delay"))
	withBody(w, r)
}

var _ io.ReadSeeker = (*slowReader)(nil)
