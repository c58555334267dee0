package httpbin

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// echo is what every echoing endpoint reports of a request.
type echo struct {
	Args    url.Values  `json:"args"`
	Headers http.Header `json:"headers"`
	Method  string      `json:"method"`
	Origin  string      `json:"origin"`
	URL     string      `json:"url"`
}

// bodyEcho adds what the request's body held.
type bodyEcho struct {
	echo
	Data  string     `json:"data"`  // the body as text, or a data: URL of an unknown type
	Files url.Values `json:"files"` // multipart parts with a file name
	Form  url.Values `json:"form"`  // form fields, urlencoded or multipart
	JSON  any        `json:"json"`  // the body parsed, for application/json
}

func echoOf(r *http.Request) echo {
	return echo{Args: r.URL.Query(), Headers: requestHeader(r), Method: r.Method, Origin: origin(r), URL: fullURL(r).String()}
}

// requestHeader is the request's header with the two fields net/http keeps
// elsewhere: Host and Transfer-Encoding.
func requestHeader(r *http.Request) http.Header {
	h := r.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Host", r.Host)
	if len(r.TransferEncoding) > 0 {
		h.Set("Transfer-Encoding", strings.Join(r.TransferEncoding, ","))
	}
	return h
}

// origin is the client's address: a header a hosting platform or a proxy
// set, else the peer's IP.
func origin(r *http.Request) string {
	for _, k := range []string{"Fly-Client-IP", "CF-Connecting-IP", "Fastly-Client-IP", "True-Client-IP"} {
		if v := r.Header.Get(k); v != "" {
			return v
		}
	}
	if v := r.Header.Get("X-Forwarded-For"); v != "" {
		first, _, _ := strings.Cut(v, ",")
		return strings.TrimSpace(first)
	}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// fullURL is the URL the client asked for, scheme and host included.
func fullURL(r *http.Request) *url.URL {
	u := *r.URL
	u.Scheme = "http"
	switch {
	case r.Header.Get("X-Forwarded-Proto") != "":
		u.Scheme = r.Header.Get("X-Forwarded-Proto")
	case r.Header.Get("X-Forwarded-Protocol") != "":
		u.Scheme = r.Header.Get("X-Forwarded-Protocol")
	case r.Header.Get("X-Forwarded-Ssl") == "on", r.TLS != nil:
		u.Scheme = "https"
	}
	if u.Host == "" {
		u.Host = r.Host
	}
	return &u
}

func get(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, echoOf(r)) }

// anything echoes any method, with the body (even a GET's).
func anything(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		get(w, r)
		return
	}
	withBody(w, r)
}

func withBody(w http.ResponseWriter, r *http.Request) {
	resp := bodyEcho{echo: echoOf(r), Files: url.Values{}, Form: url.Values{}}
	if err := readBody(r, &resp); err != nil {
		fail(w, http.StatusBadRequest, fmt.Errorf("error parsing request body: %w", err))
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// readBody fills data, form, files and json from the body, by the media
// type the request names (parameters aside, case as sent).
func readBody(r *http.Request, resp *bodyEcho) error {
	defer r.Body.Close()
	body, err := io.ReadAll(r.Body)
	if err != nil || len(body) == 0 {
		return err
	}
	resp.Data = string(body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	media, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";")
	switch media {
	case "text/html", "text/plain":
	case "application/x-www-form-urlencoded":
		// net/http reads a form body only for POST, PUT and PATCH; httpbin
		// reads it whatever the method.
		method := r.Method
		r.Method = http.MethodPost
		err := r.ParseForm()
		r.Method = method
		if err != nil {
			return err
		}
		resp.Form = r.PostForm
	case "multipart/form-data":
		if err := r.ParseMultipartForm(maxBodySize); err != nil {
			return err
		}
		resp.Form = r.PostForm
		for field, parts := range r.MultipartForm.File {
			resp.Files[field] = []string{}
			for _, p := range parts {
				content, err := fileContent(p)
				if err != nil {
					return err
				}
				resp.Files[field] = append(resp.Files[field], content)
			}
		}
	case "application/json":
		return json.NewDecoder(r.Body).Decode(&resp.JSON)
	default:
		if media == "" {
			media = binaryType
		}
		resp.Data = "data:" + media + ";base64," + base64.URLEncoding.EncodeToString(body)
	}
	return nil
}

func fileContent(fh *multipart.FileHeader) (string, error) {
	f, err := fh.Open()
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	return string(b), err
}

func headers(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, struct {
		Headers http.Header `json:"headers"`
	}{requestHeader(r)})
}

func ip(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("format") == "text" {
		write(w, http.StatusOK, textType, []byte(origin(r)+"\n"))
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Origin string `json:"origin"`
	}{origin(r)})
}

func userAgent(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, struct {
		UserAgent string `json:"user-agent"`
	}{r.Header.Get("User-Agent")})
}

func uuid(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, struct {
		UUID string `json:"uuid"`
	}{newUUID()})
}

// newUUID is a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// compressedEcho is the body of /gzip and /deflate: an echo without the
// URL (empty, as go-httpbin leaves it) and a flag naming the coding.
type compressedEcho struct {
	echo
	Deflated bool `json:"deflated,omitempty"`
	Gzipped  bool `json:"gzipped,omitempty"`
}

func gzipped(w http.ResponseWriter, r *http.Request)  { compressed(w, r, "gzip") }
func deflated(w http.ResponseWriter, r *http.Request) { compressed(w, r, "deflate") }

// compressed answers the echo compressed with coding (gzip, or deflate:
// zlib-wrapped), with a Content-Length.
func compressed(w http.ResponseWriter, r *http.Request, coding string) {
	body := compressedEcho{echo: echoOf(r)}
	body.URL = ""
	var buf bytes.Buffer
	var zw io.WriteCloser
	if coding == "gzip" {
		zw, body.Gzipped = gzip.NewWriter(&buf), true
	} else {
		zw, body.Deflated = zlib.NewWriter(&buf), true
	}
	encodeJSON(zw, body)
	zw.Close()
	w.Header().Set("Content-Encoding", coding)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	write(w, http.StatusOK, jsonType, buf.Bytes())
}

// responseHeaders sets each query parameter as a response header and
// echoes them (Content-Type included) as JSON. When the Content-Type asked
// for could render as HTML in a browser, the echo is HTML-escaped; the
// headers never are.
func responseHeaders(w http.ResponseWriter, r *http.Request) {
	args := r.URL.Query()
	ct := args.Get("Content-Type")
	if ct == "" {
		ct = jsonType
		args.Set("Content-Type", ct)
	}
	for k, vs := range args {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if dangerous(ct) {
		escaped := make(url.Values, len(args))
		for k, vs := range args {
			for _, v := range vs {
				escaped.Add(html.EscapeString(k), html.EscapeString(v))
			}
		}
		args = escaped
	}
	encodeJSON(w, args)
}

// dangerous reports whether a browser might run a body of this type as a
// page: any type but text/plain, JSON and octet streams.
func dangerous(contentType string) bool {
	media, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return true
	}
	switch media {
	case "text/plain", "application/json", "application/octet-string": // sic, as go-httpbin
		return false
	}
	return true
}

// cache answers 304 to a conditional request, else /get's echo with
// Last-Modified and ETag.
func cache(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("If-Modified-Since") != "" || r.Header.Get("If-None-Match") != "" {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	modified := time.Now().Format(time.RFC1123)
	w.Header().Add("Last-Modified", modified)
	w.Header().Add("ETag", fmt.Sprintf("%x", sha1.Sum([]byte(modified))))
	get(w, r)
}

// cacheFor is /get's echo, cacheable for the seconds asked.
func cacheFor(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.ParseInt(r.PathValue("seconds"), 10, 64)
	if err != nil {
		fail(w, http.StatusBadRequest, fmt.Errorf("invalid seconds: %w", err))
		return
	}
	w.Header().Add("Cache-Control", fmt.Sprintf("public, max-age=%d", n))
	get(w, r)
}

// etag serves /get's echo as a resource whose ETag is the one in the path,
// answering If-None-Match, If-Match and Range as net/http's ServeContent does.
func etag(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("ETag", `"`+r.PathValue("etag")+`"`)
	w.Header().Set("Content-Type", textType)
	var buf bytes.Buffer
	encodeJSON(&buf, echoOf(r))
	http.ServeContent(w, r, "response.json", time.Now(), bytes.NewReader(buf.Bytes()))
}
