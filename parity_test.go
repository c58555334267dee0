package requests_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/parity"
)

// The parity suite: testdata/parity/gen.py runs each scenario through
// Python requests against the echo server of internal/parity and stores
// what was sent and what requests understood in parity.json; this test runs
// the same scenarios through the library against the same server and
// compares. A scenario's "differ" lists the fields where the library differs
// on purpose (each is in the README's differences); the test checks that
// they still differ, so that the list cannot go stale.

type parityFile struct {
	Requests  string           `json:"requests"`
	Boundary  string           `json:"boundary"`
	Scenarios []parityScenario `json:"scenarios"`
}

type parityScenario struct {
	Name    string `json:"name"`
	Session struct {
		Headers map[string]string `json:"headers"`
		Params  map[string]any    `json:"params"`
		Auth    []string          `json:"auth"`
		Cookies []struct {
			Name, Value, Domain string
		} `json:"cookies"`
	} `json:"session"`
	Calls  []parityCall      `json:"calls"`
	Differ map[string]string `json:"differ"`
	Python []parityResult    `json:"python"`
}

type parityCall struct {
	Method         string            `json:"method"`
	URL            string            `json:"url"`
	Params         map[string]any    `json:"params"`
	Data           map[string]any    `json:"data"`
	DataRaw        *string           `json:"data_raw"`
	DataStream     []string          `json:"data_stream"`
	DataFile       *string           `json:"data_file"`
	JSON           json.RawMessage   `json:"json"`
	Files          []parityFilePart  `json:"files"`
	Headers        map[string]string `json:"headers"`
	DropHeaders    []string          `json:"drop_headers"`
	Cookies        map[string]string `json:"cookies"`
	Auth           []string          `json:"auth"`
	AuthDigest     []string          `json:"auth_digest"`
	AllowRedirects *bool             `json:"allow_redirects"`
	MaxRedirects   *int              `json:"max_redirects"`
	RaiseForStatus bool              `json:"raise_for_status"`
	Text           bool              `json:"text"`
	Links          bool              `json:"links"`
	JSONDecode     bool              `json:"json_decode"`
	JSONKeys       []string          `json:"json_keys"`
	JSONNaN        bool              `json:"json_nan"`
}

type parityFilePart struct {
	Field       string  `json:"field"`
	Filename    *string `json:"filename"`
	Content     string  `json:"content"`
	ContentType string  `json:"content_type"`
}

type parityResult struct {
	Sent       []parity.Sent  `json:"sent"`
	Understood map[string]any `json:"understood"`
}

// unsized hides the length of a reader, as a Python generator does.
type unsized struct{ r io.Reader }

func (u unsized) Read(p []byte) (int, error) { return u.r.Read(p) }

func TestParity(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "parity", "parity.json"))
	if err != nil {
		t.Fatal(err)
	}
	var golden parityFile
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber() // 1.0 stays a float, as it was in Python
	if err := d.Decode(&golden); err != nil {
		t.Fatal(err)
	}
	echo := parity.New()
	srv := httptest.NewServer(echo)
	defer srv.Close()
	addr := srv.Listener.Addr().String()
	_, port, _ := net.SplitHostPort(addr)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, closed, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	sub := strings.NewReplacer("{base}", "http://"+addr, "{other}", "http://localhost:"+port,
		"{hostport}", addr, "{closedport}", closed)
	norm := strings.NewReplacer("127.0.0.1:"+port, "HOST", "localhost:"+port, "OTHER", "127.0.0.1:"+closed, "CLOSED")

	differences := 0
	for _, sc := range golden.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			echo.Take()
			got := runParity(t, sc, golden.Boundary, sub, echo)
			var g []parityResult
			roundTrip(t, normalize(got, norm), &g)
			for i := range sc.Python {
				if i >= len(g) {
					t.Fatalf("call %d: not made", i)
				}
				py, gor := sc.Python[i], g[i]
				for j := range gor.Sent {
					acceptEncodingAsPython(&gor.Sent[j])
				}
				compareParity(t, i, "sent", sc.Differ, py.Sent, gor.Sent, sc.Differ["body_json"] != "")
				compareParity(t, i, "understood", sc.Differ, py.Understood, gor.Understood, false)
			}
			differences += len(sc.Differ)
		})
	}
	t.Logf("%d scenarios, %d accepted differences", len(golden.Scenarios), differences)
}

// acceptEncodingAsPython accepts the one difference every request has: the
// library decodes br and zstd, which requests announces only when the
// brotli and zstandard packages are installed (they are not on the machine
// that made the goldens).
func acceptEncodingAsPython(s *parity.Sent) {
	if v := s.Headers["Accept-Encoding"]; len(v) == 1 && v[0] == "gzip, deflate, br, zstd" {
		s.Headers["Accept-Encoding"] = []string{"gzip, deflate"}
	}
}

func compareParity(t *testing.T, call int, field string, differ map[string]string, py, gor any, asJSON bool) {
	t.Helper()
	var p, g any
	roundTrip(t, py, &p)
	roundTrip(t, gor, &g)
	same := reflect.DeepEqual(p, g)
	if field == "sent" && asJSON {
		if same {
			t.Errorf("call %d: the JSON body is listed as spaced differently (%s) but now matches requests byte for byte", call, differ["body_json"])
		}
		same = reflect.DeepEqual(jsonBodies(p), jsonBodies(g))
	}
	if reason, ok := differ[field]; ok {
		if same {
			t.Errorf("call %d: %s is listed as differing (%s) but now matches requests: remove it from the list", call, field, reason)
		}
		return
	}
	if !same {
		pj, _ := json.MarshalIndent(p, "", " ")
		gj, _ := json.MarshalIndent(g, "", " ")
		t.Errorf("call %d: %s differs\nrequests: %s\n      Go: %s", call, field, pj, gj)
	}
}

// jsonBodies replaces each request's body by its parsed JSON and drops the
// framing, whose length depends on the spacing.
func jsonBodies(sent any) any {
	var out []any
	for _, s := range sent.([]any) {
		m := map[string]any{}
		for k, v := range s.(map[string]any) {
			m[k] = v
		}
		var doc any
		if err := json.Unmarshal([]byte(m["body"].(string)), &doc); err == nil {
			m["body"] = doc
		}
		delete(m, "framing")
		out = append(out, m)
	}
	return out
}

func roundTrip(t *testing.T, in, out any) {
	t.Helper()
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatal(err)
	}
}

// normalize replaces the server's address by the placeholders of the
// goldens in every string of v.
func normalize(v any, r *strings.Replacer) any {
	var doc any
	b, _ := json.Marshal(v)
	json.Unmarshal(b, &doc)
	var walk func(any) any
	walk = func(v any) any {
		switch v := v.(type) {
		case string:
			return r.Replace(v)
		case []any:
			for i := range v {
				v[i] = walk(v[i])
			}
		case map[string]any:
			m := map[string]any{}
			for k, x := range v {
				m[r.Replace(k)] = walk(x)
			}
			return m
		}
		return v
	}
	return walk(doc)
}

func runParity(t *testing.T, sc parityScenario, boundary string, sub *strings.Replacer, echo *parity.Server) []parityResult {
	var base []requests.Option
	base = append(base, requests.TrustEnv(false))
	if sc.Session.Headers != nil {
		base = append(base, requests.Headers(sc.Session.Headers))
	}
	if sc.Session.Params != nil {
		base = append(base, requests.Params(sc.Session.Params))
	}
	if len(sc.Session.Auth) == 2 {
		base = append(base, requests.BasicAuth(sc.Session.Auth[0], sc.Session.Auth[1]))
	}
	s := requests.NewSession(base...)
	defer s.Close()
	for _, c := range sc.Session.Cookies {
		if err := s.Cookies().Set(&http.Cookie{Name: c.Name, Value: c.Value, Domain: c.Domain}); err != nil {
			t.Fatal(err)
		}
	}
	var results []parityResult
	for _, c := range sc.Calls {
		opts, cleanup := parityOptions(t, c, boundary)
		u := understand(s, c, sub.Replace(c.URL), opts)
		cleanup()
		results = append(results, parityResult{Sent: echo.Take(), Understood: u})
	}
	return results
}

func parityOptions(t *testing.T, c parityCall, boundary string) ([]requests.Option, func()) {
	cleanup := func() {}
	opts := []requests.Option{requests.MultipartBoundary(boundary)}
	if c.Params != nil {
		opts = append(opts, requests.Params(pyValues(c.Params)))
	}
	if c.Data != nil {
		opts = append(opts, requests.Form(pyValues(c.Data)))
	}
	if c.DataRaw != nil {
		opts = append(opts, requests.Data([]byte(*c.DataRaw)))
	}
	if c.DataStream != nil {
		opts = append(opts, requests.Data(unsized{strings.NewReader(strings.Join(c.DataStream, ""))}))
	}
	if c.DataFile != nil {
		f, err := os.CreateTemp(t.TempDir(), "body")
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(*c.DataFile)
		f.Seek(0, io.SeekStart)
		opts = append(opts, requests.Data(f))
		cleanup = func() { f.Close() }
	}
	if c.JSON != nil {
		var v any
		d := json.NewDecoder(bytes.NewReader(c.JSON))
		d.UseNumber()
		if err := d.Decode(&v); err != nil {
			t.Fatal(err)
		}
		opts = append(opts, requests.JSON(v))
	}
	if c.JSONNaN {
		opts = append(opts, requests.JSON(map[string]any{"x": math.NaN()}))
	}
	if c.Files != nil {
		files := requests.Files{}
		for _, f := range c.Files {
			p := requests.Part{ContentType: f.ContentType, Reader: strings.NewReader(f.Content)}
			if f.Filename != nil {
				p.Filename = *f.Filename
			}
			files[f.Field] = p
		}
		opts = append(opts, files)
	}
	if c.Headers != nil {
		opts = append(opts, requests.Headers(c.Headers))
	}
	if c.DropHeaders != nil {
		opts = append(opts, requests.DropHeaders(c.DropHeaders...))
	}
	if c.Cookies != nil {
		opts = append(opts, requests.Cookies(c.Cookies))
	}
	if len(c.Auth) == 2 {
		opts = append(opts, requests.BasicAuth(c.Auth[0], c.Auth[1]))
	}
	if len(c.AuthDigest) == 2 {
		opts = append(opts, requests.DigestAuth(c.AuthDigest[0], c.AuthDigest[1]))
	}
	if c.AllowRedirects != nil {
		opts = append(opts, requests.AllowRedirects(*c.AllowRedirects))
	}
	if c.MaxRedirects != nil {
		opts = append(opts, requests.MaxRedirects(*c.MaxRedirects))
	}
	return opts, cleanup
}

// pyValues turns JSON numbers into the Go values Python had: integers stay
// integers, the rest are floats.
func pyValues(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = pyValue(v)
	}
	return out
}

func pyValue(v any) any {
	switch v := v.(type) {
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i
		}
		f, _ := v.Float64()
		return f
	case []any:
		out := make([]any, len(v))
		for i := range v {
			out[i] = pyValue(v[i])
		}
		return out
	}
	return v
}

// understand makes the call and records what the library understood, in
// the shape gen.py records Python's answer.
func understand(s *requests.Session, c parityCall, url string, opts []requests.Option) map[string]any {
	out := map[string]any{}
	r, err := s.Do(context.Background(), c.Method, url, opts...)
	if err != nil {
		out["error"] = map[string]any{"kind": pythonKind(err)}
	} else {
		out["status"] = r.StatusCode
		out["reason"] = r.Reason()
		out["url"] = r.URL.String()
		history := []int{}
		for _, h := range r.History {
			history = append(history, h.StatusCode)
		}
		out["history"] = history
		if c.Text {
			out["text"] = r.Text()
		}
		if c.Links {
			links := map[string]any{}
			for k, l := range r.Links() {
				m := map[string]any{"url": l.URL}
				for p, v := range l.Params {
					m[p] = v
				}
				links[k] = m
			}
			out["links"] = links
		}
		if c.JSONDecode {
			var v any
			if err := r.JSON(&v); err != nil {
				out["json_error"] = pythonKind(err)
			} else {
				if c.JSONKeys != nil {
					m := map[string]any{}
					for _, k := range c.JSONKeys {
						m[k] = v.(map[string]any)[k]
					}
					v = m
				}
				out["json"] = v
			}
		}
		if c.RaiseForStatus {
			if err := r.RaiseForStatus(); err != nil {
				out["error"] = map[string]any{"kind": pythonKind(err), "message": err.Error()}
			}
		}
	}
	cookies := []string{}
	for _, ck := range s.Cookies().All() {
		cookies = append(cookies, fmt.Sprintf("%s=%s; domain=%s; path=%s", ck.Name, ck.Value, ck.Domain, ck.Path))
	}
	slices.Sort(cookies)
	out["cookies"] = cookies
	return out
}

// pythonKind names err as the requests exception class it corresponds to.
func pythonKind(err error) string {
	kinds := []struct {
		kind error
		name string
	}{
		{requests.ErrMissingSchema, "MissingSchema"},
		{requests.ErrInvalidSchema, "InvalidSchema"},
		{requests.ErrInvalidURL, "InvalidURL"},
		{requests.ErrURLRequired, "URLRequired"},
		{requests.ErrInvalidHeader, "InvalidHeader"},
		{requests.ErrJSONDecode, "JSONDecodeError"},
		{requests.ErrInvalidJSON, "InvalidJSONError"},
		{requests.ErrTooManyRedirects, "TooManyRedirects"},
		{requests.ErrHTTP, "HTTPError"},
		{requests.ErrConnectTimeout, "ConnectTimeout"},
		{requests.ErrReadTimeout, "ReadTimeout"},
		{requests.ErrProxy, "ProxyError"},
		{requests.ErrSSL, "SSLError"},
		{requests.ErrConnection, "ConnectionError"},
		{requests.ErrChunkedEncoding, "ChunkedEncodingError"},
		{requests.ErrContentDecoding, "ContentDecodingError"},
		{requests.ErrUnrewindableBody, "UnrewindableBody"},
	}
	for _, k := range kinds {
		if errors.Is(err, k.kind) {
			return k.name
		}
	}
	return "RequestException"
}
