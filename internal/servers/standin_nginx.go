package servers

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// NginxStandIn starts a stand-in for nginx written in Go, from the same
// conf and files as [Nginx]: it reads the nginx.conf that Nginx would run
// and answers as nginx does with it (its status lines, headers in nginx's
// order, error pages, keep-alive). It understands what the tutorial's
// setup (integration/testdata/nginx/tutorial.conf) uses: one server with a
// listen address and a root, exact and prefix locations, return with a
// redirect, auth_basic with a user file of {SHA}, {SSHA} or {PLAIN}
// passwords, types and default_type; any other directive is an error
// rather than a difference. Its static files have nginx's ETag,
// Last-Modified, conditional requests and byte ranges. It sends "Server:
// nginx (Go stand-in)" and signs its error pages "nginx", as nginx does
// with server_tokens off (which it accepts, and always behaves as).
func NginxStandIn(ctx context.Context, conf string, files Files) (*StandIn, error) {
	all := Files{"nginx.conf": nginxMain + conf + "\n}\n"}
	for k, v := range files {
		all[k] = v
	}
	cfg, err := prepare(all)
	if err != nil {
		return nil, err
	}
	text, err := os.ReadFile(filepath.Join(cfg.Dir, "nginx.conf"))
	if err != nil {
		os.RemoveAll(cfg.Dir)
		return nil, err
	}
	site, err := newNginxSite(string(text), cfg.Dir)
	if err != nil {
		os.RemoveAll(cfg.Dir)
		return nil, fmt.Errorf("nginx stand-in: %w", err)
	}
	return startStandIn(ctx, site.listenAddr(), cfg.Dir, site.serveConn)
}

const (
	nginxServerHeader = "nginx (Go stand-in)"
	nginxKeepalive    = 75 * time.Second // keepalive_timeout's default
	nginxMaxRequests  = 1000             // keepalive_requests' default
)

// serveConn answers the requests of one connection, keeping it alive as
// nginx does.
func (site *nginxSite) serveConn(c net.Conn) {
	br := bufio.NewReader(c)
	bw := bufio.NewWriter(c)
	for n := 1; ; n++ {
		c.SetReadDeadline(time.Now().Add(nginxKeepalive))
		req, err := readRequest(br)
		if req == nil && err == nil {
			return
		}
		var rep *reply
		head := false
		if err != nil {
			rep = site.errorPage(http.StatusBadRequest)
		} else {
			head = req.Method == http.MethodHead
			rep = site.handle(req, c.LocalAddr())
		}
		keep := err == nil && !req.Close && n < nginxMaxRequests && rep.status != http.StatusBadRequest &&
			rep.status != http.StatusInternalServerError
		site.finish(rep, keep)
		if rep.writeTo(bw, head) != nil || bw.Flush() != nil {
			return
		}
		if !keep {
			// lingering_close: what the client still sends is read (for
			// up to lingering_timeout, 5 s) so that it sees the answer
			// rather than a reset.
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			closeWrite(c)
			io.Copy(io.Discard, br)
			return
		}
		// nginx discards a body it did not read before the next request.
		if _, err := io.Copy(io.Discard, req.Body); err != nil {
			return
		}
	}
}

// finish puts Server, Date and Connection where nginx writes them: Server
// and Date first, Connection after Content-Length, Last-Modified and
// Location, before the headers modules add (ETag, Accept-Ranges,
// WWW-Authenticate, Content-Range).
func (site *nginxSite) finish(rep *reply, keep bool) {
	conn := "close"
	if keep {
		conn = "keep-alive"
	}
	rep.proto = "HTTP/1.1"
	head := []field{{"Server", nginxServerHeader}, {"Date", httpDate(time.Now())}}
	var tail []field
	for _, f := range rep.header {
		switch f.name {
		case "Content-Type", "Content-Length", "Last-Modified", "Location":
			head = append(head, f)
		default:
			tail = append(tail, f)
		}
	}
	rep.header = append(append(head, field{"Connection", conn}), tail...)
}

// handle answers one request: the URI normalized, the location found, its
// return, its Basic authentication, then the static file.
func (site *nginxSite) handle(req *http.Request, local net.Addr) *reply {
	uri, ok := nginxURI(req.URL.Path)
	host, hostOK := nginxHost(req)
	if !ok || !hostOK || req.ProtoAtLeast(1, 1) && req.Host == "" {
		return site.errorPage(http.StatusBadRequest)
	}
	if host == "" {
		host, _, _ = net.SplitHostPort(local.String())
	}
	_, port, _ := net.SplitHostPort(local.String())
	origin := "http://" + host
	if port != "80" {
		origin += ":" + port
	}
	return site.answer(req, uri, origin, 0)
}

// answer runs the phases for uri; an index file is an internal redirect,
// which runs them again.
func (site *nginxSite) answer(req *http.Request, uri, origin string, redirects int) *reply {
	if r := site.server.ret; r != nil {
		return site.returned(r, origin)
	}
	loc := site.location(uri)
	if r := loc.ret; r != nil {
		return site.returned(r, origin)
	}
	if loc.realm != nil && *loc.realm != "off" && !authorized(req, loc.users) {
		rep := site.errorPage(http.StatusUnauthorized)
		rep.add("WWW-Authenticate", `Basic realm="`+*loc.realm+`"`)
		return rep
	}
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodPost:
	default:
		return site.errorPage(http.StatusMethodNotAllowed)
	}
	root, err := os.OpenRoot(loc.root)
	if err != nil {
		return site.errorPage(http.StatusNotFound)
	}
	defer root.Close()
	name := "." + uri
	if strings.HasSuffix(uri, "/") {
		if fi, err := root.Stat(name + "index.html"); err == nil && !fi.IsDir() && redirects < 10 {
			return site.answer(req, uri+"index.html", origin, redirects+1)
		}
		if fi, err := root.Stat(name); err == nil && fi.IsDir() {
			return site.errorPage(http.StatusForbidden) // autoindex is off
		}
		return site.errorPage(http.StatusNotFound)
	}
	f, err := root.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return site.errorPage(http.StatusForbidden)
		}
		return site.errorPage(http.StatusNotFound)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return site.errorPage(http.StatusNotFound)
	}
	if fi.IsDir() {
		loc := origin + uri + "/"
		if req.URL.RawQuery != "" {
			loc += "?" + req.URL.RawQuery
		}
		rep := site.errorPage(http.StatusMovedPermanently)
		rep.add("Location", loc)
		return rep
	}
	if req.Method == http.MethodPost {
		return site.errorPage(http.StatusMethodNotAllowed)
	}
	body, err := io.ReadAll(f)
	if err != nil {
		return site.errorPage(http.StatusForbidden)
	}
	return site.static(req, body, fi.ModTime(), site.contentType(uri))
}

// returned answers a return directive.
func (site *nginxSite) returned(r *nginxReturn, origin string) *reply {
	rep := site.errorPage(r.status)
	if r.url != "" {
		loc := r.url
		if strings.HasPrefix(loc, "/") {
			loc = origin + loc // absolute_redirect is on
		}
		rep.add("Location", loc)
	}
	return rep
}

// authorized checks the request's Basic credentials against users.
func authorized(req *http.Request, users map[string]string) bool {
	h := req.Header.Get("Authorization")
	if len(h) < len("Basic ") || !strings.EqualFold(h[:len("Basic ")], "Basic ") {
		return false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimLeft(h[len("Basic "):], " "))
	if err != nil {
		return false
	}
	user, pass, ok := strings.Cut(string(raw), ":")
	hash, known := users[user]
	return ok && known && checkPassword(hash, pass)
}

// nginxURI decodes and normalizes a path as nginx does (merge_slashes on):
// empty and "." segments dropped, ".." removing the one before; a path that
// climbs above the root, holds a NUL or does not start with a slash is not
// one (400).
func nginxURI(path string) (string, bool) {
	if !strings.HasPrefix(path, "/") || strings.IndexByte(path, 0) >= 0 {
		return "", false
	}
	segs := strings.Split(path[1:], "/")
	var out []string
	for _, s := range segs {
		switch s {
		case "", ".":
		case "..":
			if len(out) == 0 {
				return "", false
			}
			out = out[:len(out)-1]
		default:
			out = append(out, s)
		}
	}
	uri := "/" + strings.Join(out, "/")
	last := segs[len(segs)-1]
	if len(out) > 0 && (last == "" || last == "." || last == "..") {
		uri += "/"
	}
	return uri, true
}

// nginxHost is the request's host name as nginx keeps it: lowercase, no
// port, no trailing dot; ok is false for a host nginx refuses.
func nginxHost(req *http.Request) (host string, ok bool) {
	h := req.Host
	if h == "" {
		return "", true
	}
	if strings.ContainsAny(h, "/\\\x00 \t") || strings.Contains(h, "..") {
		return "", false
	}
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.HasSuffix(h, "]") {
		h = h[:i]
	}
	return strings.ToLower(strings.TrimSuffix(h, ".")), true
}

// nginxStatus holds nginx's status lines and the titles of its error pages
// where they differ from the status line.
var nginxStatus = map[int]struct{ reason, title string }{
	200: {"OK", ""},
	206: {"Partial Content", ""},
	301: {"Moved Permanently", ""},
	302: {"Moved Temporarily", "302 Found"},
	303: {"See Other", ""},
	304: {"Not Modified", ""},
	307: {"Temporary Redirect", ""},
	308: {"Permanent Redirect", ""},
	400: {"Bad Request", ""},
	401: {"Unauthorized", "401 Authorization Required"},
	403: {"Forbidden", ""},
	404: {"Not Found", ""},
	405: {"Not Allowed", ""},
	412: {"Precondition Failed", ""},
	416: {"Requested Range Not Satisfiable", ""},
	500: {"Internal Server Error", ""},
}

// errorPage is nginx's built-in page for status.
func (site *nginxSite) errorPage(status int) *reply {
	st, ok := nginxStatus[status]
	if !ok {
		st.reason = http.StatusText(status)
	}
	title := st.title
	if title == "" {
		title = strconv.Itoa(status) + " " + st.reason
	}
	body := "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
		"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	rep := &reply{status: status, reason: st.reason, body: []byte(body)}
	rep.add("Content-Type", "text/html")
	rep.add("Content-Length", strconv.Itoa(len(body)))
	return rep
}
