package servers

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// PythonStandIn starts the stand-in written in Go for one of the tutorial's
// Python servers, named by the path of its script (as given to [Python]):
//
//   - examples/user_agent/testdata/http_server.py, which answers
//     /agent with the User-Agent it was sent, over HTTP/1.0 without a
//     Content-Length (the body ends when the connection closes);
//   - examples/read_json/testdata/server.py, a JSON document;
//   - examples/send_json/testdata/server.py, the fields of the JSON
//     object it was sent, printed as Python prints them;
//   - examples/cookie_request/testdata/server.py, the cookies it was sent;
//   - examples/cookie_set_request/testdata/server.py, which sets three
//     cookies, then echoes them;
//   - examples/upload_image/testdata/app.py, the Flask application, which
//     saves an uploaded image in the stand-in's Dir (see [flaskUploadApp]).
//
// Each answers as the script does under Python's http.server (or Flask's
// development server): status lines, headers, error pages and connection
// handling, a request whose handler raised in Python closed without a
// response. Their Server header ends in "(Go stand-in)". Another script is
// an error.
func PythonStandIn(ctx context.Context, script string) (*StandIn, error) {
	key := filepath.ToSlash(script)
	for name, serve := range pythonStandIns {
		if key == name || strings.HasSuffix(key, "/"+name) {
			dir, err := os.MkdirTemp("", "requests-standin-")
			if err != nil {
				return nil, err
			}
			return startStandIn(ctx, "127.0.0.1:0", dir, func(c net.Conn) { serve(c, dir) })
		}
	}
	return nil, fmt.Errorf("no stand-in for the Python server %s", script)
}

// pythonStandIns are the stand-ins by script, each serving one connection
// (with its working directory).
var pythonStandIns = map[string]func(c net.Conn, dir string){
	"examples/user_agent/testdata/http_server.py":    baseHTTP(pyHandler{"GET": userAgentGET}),
	"examples/read_json/testdata/server.py":          baseHTTP(pyHandler{"GET": readJSONGET}),
	"examples/send_json/testdata/server.py":          baseHTTP(pyHandler{"POST": sendJSONPOST}),
	"examples/cookie_request/testdata/server.py":     baseHTTP(pyHandler{"GET": cookieEchoGET}),
	"examples/cookie_set_request/testdata/server.py": baseHTTP(pyHandler{"GET": cookieSetGET}),
	"examples/upload_image/testdata/app.py":          flaskUploadApp,
}

// userAgentGET is http_server.py's do_GET: "Hello there", or at /agent the
// User-Agent, with no Content-Length. Without a User-Agent, Python fails
// to encode None after the headers went out.
func userAgentGET(x *pyExchange) error {
	message := "Hello there"
	x.sendResponse(200, "")
	if x.path == "/agent" {
		ua, ok := x.header("user-agent")
		if !ok {
			x.sendHeader("Content-type", "text/html")
			x.endHeaders()
			return errors.New("TypeError: encoding without a string argument")
		}
		message = ua
	}
	x.sendHeader("Content-type", "text/html")
	x.endHeaders()
	return x.write([]byte(message))
}

// readJSONGET is read_json's server: json.dumps({"name": "Jane", "age": 17}).
func readJSONGET(x *pyExchange) error {
	payload := []byte(`{"name": "Jane", "age": 17}`)
	x.sendResponse(200, "")
	x.sendHeader("Content-Type", "application/json; charset=utf-8")
	x.sendHeader("Content-Length", strconv.Itoa(len(payload)))
	x.endHeaders()
	return x.write(payload)
}

// sendJSONPOST is send_json's server: it reads Content-Length bytes, and
// answers "key: value" lines for the object's fields, 400 for text that is
// not JSON; a document that is not an object made Python raise.
func sendJSONPOST(x *pyExchange) error {
	length := 0
	if v, ok := x.header("Content-Length"); ok {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("ValueError: invalid literal for int(): %q", v)
		}
		length = n
	}
	data, err := x.read(length)
	if err != nil {
		return err
	}
	v, err := pyJSONLoads(data)
	if errors.Is(err, errJSONDecode) {
		x.sendResponse(400, "")
		x.sendHeader("Content-Type", "text/plain; charset=utf-8")
		x.endHeaders()
		return x.write([]byte("400 Bad Request: invalid JSON\n"))
	}
	if err != nil {
		return err
	}
	obj, ok := v.(*pyDict)
	if !ok {
		return fmt.Errorf("AttributeError: %s has no attribute 'items'", pyTypeName(v))
	}
	lines := make([]string, len(obj.keys))
	for i, k := range obj.keys {
		lines[i] = k + ": " + pyStr(obj.values[i])
	}
	payload := []byte(strings.Join(lines, "\n"))
	x.sendResponse(200, "")
	x.sendHeader("Content-Type", "text/plain; charset=utf-8")
	x.sendHeader("Content-Length", strconv.Itoa(len(payload)))
	x.endHeaders()
	return x.write(payload)
}

// cookieEchoGET is cookie_request's server: the Cookie header it was sent.
func cookieEchoGET(x *pyExchange) error {
	cookies, ok := x.header("Cookie")
	if !ok {
		cookies = "(no cookies)"
	}
	body := []byte("Received cookies: " + cookies + "\n")
	x.sendResponse(200, "")
	x.sendHeader("Content-Type", "text/plain; charset=utf-8")
	x.sendHeader("Content-Length", strconv.Itoa(len(body)))
	x.endHeaders()
	return x.write(body)
}

// cookieSetGET is cookie_set_request's server: without cookies it sets
// sessionid (the time), theme and user for an hour; with some it echoes
// them.
func cookieSetGET(x *pyExchange) error {
	if incoming, _ := x.header("Cookie"); incoming != "" {
		body := []byte("Client sent cookies: " + incoming + "\n")
		x.sendResponse(200, "")
		x.sendHeader("Content-Type", "text/plain; charset=utf-8")
		x.sendHeader("Content-Length", strconv.Itoa(len(body)))
		x.endHeaders()
		return x.write(body)
	}
	ts := time.Now().Unix()
	expires := httpDate(time.Unix(ts+3600, 0))
	const maxAge = 3600
	cookies := []string{
		fmt.Sprintf("sessionid=%d; Path=/; HttpOnly; Max-Age=%d; Expires=%s", ts, maxAge, expires),
		fmt.Sprintf("theme=dark; Path=/; Max-Age=%d; Expires=%s", maxAge, expires),
		fmt.Sprintf("user=jane; Path=/; Max-Age=%d; Expires=%s", maxAge, expires),
	}
	body := []byte("Cookies set send them back on the next request.\n")
	x.sendResponse(200, "")
	x.sendHeader("Content-Type", "text/plain; charset=utf-8")
	x.sendHeader("Content-Length", strconv.Itoa(len(body)))
	for _, c := range cookies {
		x.sendHeader("Set-Cookie", c)
	}
	x.endHeaders()
	return x.write(body)
}

// pyHandler maps methods to the do_METHOD functions of a
// BaseHTTPRequestHandler; an error is an exception the handler raised.
type pyHandler map[string]func(*pyExchange) error

// pyServerVersion is the stand-ins' Server header; Python sends
// "BaseHTTP/0.6 Python/3.x.y".
const pyServerVersion = "BaseHTTP/0.6 (Go stand-in)"

// pyExchange is one request to an imitated BaseHTTPRequestHandler (protocol
// HTTP/1.0): what parse_request kept, and the response, whose status line
// and headers are buffered until end_headers as Python buffers them.
type pyExchange struct {
	command, path, version string // version is "HTTP/0.9" when the request line has none
	headers                []field
	rfile                  *bufio.Reader
	wfile                  io.Writer
	buf                    strings.Builder
	err                    error // the first write error
}

// baseHTTP serves one connection as Python's HTTPServer does with a
// BaseHTTPRequestHandler: one request, then the connection is closed.
func baseHTTP(h pyHandler) func(net.Conn, string) {
	return func(c net.Conn, _ string) {
		defer closeWrite(c)
		x := &pyExchange{rfile: bufio.NewReaderSize(c, 65536), wfile: c, version: "HTTP/0.9"}
		if !x.parseRequest() {
			return
		}
		do, ok := h[x.command]
		if !ok {
			x.sendError(501, "Unsupported method ("+pyRepr(x.command)+")")
			return
		}
		do(x) // an exception ends the exchange where it was raised
	}
}

// pyResponses are http.server's short and long messages.
var pyResponses = map[int][2]string{
	200: {"OK", "Request fulfilled, document follows"},
	400: {"Bad Request", "Bad request syntax or unsupported method"},
	414: {"Request-URI Too Long", "URI is too long"},
	431: {"Request Header Fields Too Large", "The server refused this request because the request header fields are too large"},
	501: {"Not Implemented", "Server does not support this operation"},
	505: {"HTTP Version Not Supported", "Cannot fulfill request"},
}

// parseRequest reads the request line and headers as
// BaseHTTPRequestHandler.handle_one_request and parse_request do, sending
// their errors; it reports whether the request may be handled.
func (x *pyExchange) parseRequest() bool {
	raw, err := readLine(x.rfile, 65537)
	if len(raw) > 65536 {
		x.version, x.command = "", ""
		x.sendError(414, "")
		return false
	}
	if raw == "" && err != nil {
		return false
	}
	line := latin1(strings.TrimRight(raw, "\r\n"))
	words := strings.FieldsFunc(line, pyIsSpace)
	if len(words) == 0 {
		return false
	}
	if len(words) >= 3 {
		version := words[len(words)-1]
		major, ok := pyHTTPVersion(version)
		if !ok {
			x.sendError(400, "Bad request version ("+pyRepr(version)+")")
			return false
		}
		if major >= 2 {
			x.sendError(505, "Invalid HTTP version ("+version[len("HTTP/"):]+")")
			return false
		}
		x.version = version
	}
	if len(words) > 3 || len(words) < 2 {
		x.sendError(400, "Bad request syntax ("+pyRepr(line)+")")
		return false
	}
	x.command, x.path = words[0], words[1]
	if len(words) == 2 && x.command != "GET" {
		x.sendError(400, "Bad HTTP/0.9 request type ("+pyRepr(x.command)+")")
		return false
	}
	if strings.HasPrefix(x.path, "//") {
		x.path = "/" + strings.TrimLeft(x.path, "/")
	}
	// http.client.parse_headers: at most 100 lines of at most 65536 bytes.
	var lines []string
	for {
		l, err := readLine(x.rfile, 65537)
		if len(l) > 65536 {
			x.sendError(431, "Line too long")
			return false
		}
		if l == "\r\n" || l == "\n" || l == "" {
			break
		}
		lines = append(lines, latin1(l))
		if len(lines) > 100 {
			x.sendError(431, "Too many headers")
			return false
		}
		if err != nil {
			break
		}
	}
	for _, l := range lines {
		if (l[0] == ' ' || l[0] == '\t') && len(x.headers) > 0 {
			x.headers[len(x.headers)-1].value += strings.TrimRight(l, "\r\n")
			continue
		}
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		x.headers = append(x.headers, field{name, strings.TrimRight(strings.TrimLeft(value, " \t"), "\r\n")})
	}
	return true
}

// readLine reads a line of at most limit bytes, as Python's
// rfile.readline(limit) does.
func readLine(r *bufio.Reader, limit int) (string, error) {
	var b []byte
	for len(b) < limit {
		c, err := r.ReadByte()
		if err != nil {
			return string(b), err
		}
		b = append(b, c)
		if c == '\n' {
			break
		}
	}
	return string(b), nil
}

// pyHTTPVersion parses "HTTP/major.minor" as parse_request does and
// returns the major version.
func pyHTTPVersion(v string) (major int, ok bool) {
	rest, found := strings.CutPrefix(v, "HTTP/")
	if !found {
		return 0, false
	}
	a, b, found := strings.Cut(rest, ".")
	if !found || strings.Contains(b, ".") || !pyDigits(a) || !pyDigits(b) {
		return 0, false
	}
	major, _ = strconv.Atoi(a)
	return major, true
}

func pyDigits(s string) bool {
	if s == "" || len(s) > 10 {
		return false
	}
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// pyIsSpace is str.isspace for one character.
func pyIsSpace(r rune) bool { return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f }

// latin1 decodes bytes as ISO-8859-1, as http.server decodes requests.
func latin1(s string) string {
	r := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		r[i] = rune(s[i])
	}
	return string(r)
}

// header returns the first value of a header, named case-insensitively.
func (x *pyExchange) header(name string) (string, bool) {
	for _, f := range x.headers {
		if strings.EqualFold(f.name, name) {
			return f.value, true
		}
	}
	return "", false
}

// read reads n bytes of the body, or what comes before the client stops
// sending, as rfile.read(n) does.
func (x *pyExchange) read(n int) ([]byte, error) {
	if n <= 0 {
		return nil, nil
	}
	return io.ReadAll(io.LimitReader(x.rfile, int64(n))) // grows as the body comes, whatever n says
}

// sendResponse is send_response: the status line, Server and Date.
func (x *pyExchange) sendResponse(code int, message string) {
	if x.version != "HTTP/0.9" {
		if message == "" {
			message = pyResponses[code][0]
		}
		x.buf.WriteString(fmt.Sprintf("HTTP/1.0 %d %s\r\n", code, message))
	}
	x.sendHeader("Server", pyServerVersion)
	x.sendHeader("Date", httpDate(time.Now()))
}

func (x *pyExchange) sendHeader(name, value string) {
	if x.version != "HTTP/0.9" {
		x.buf.WriteString(name + ": " + value + "\r\n")
	}
}

// endHeaders ends the headers and sends them, with the status line.
func (x *pyExchange) endHeaders() {
	if x.version != "HTTP/0.9" {
		x.buf.WriteString("\r\n")
	}
	x.write(toLatin1(x.buf.String()))
	x.buf.Reset()
}

// write writes to the connection unbuffered, as wfile does.
func (x *pyExchange) write(b []byte) error {
	if x.err == nil {
		_, x.err = x.wfile.Write(b)
	}
	return x.err
}

// toLatin1 encodes the status line and headers as Python does.
func toLatin1(s string) []byte {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			r = '?'
		}
		b = append(b, byte(r))
	}
	return b
}

// pyErrorMessage is http.server's DEFAULT_ERROR_MESSAGE.
const pyErrorMessage = `<!DOCTYPE HTML>
<html lang="en">
    <head>
        <meta charset="utf-8">
        <title>Error response</title>
    </head>
    <body>
        <h1>Error response</h1>
        <p>Error code: %d</p>
        <p>Message: %s.</p>
        <p>Error code explanation: %d - %s.</p>
    </body>
</html>
`

// sendError is send_error: the error page, and Connection: close.
func (x *pyExchange) sendError(code int, message string) {
	msgs, ok := pyResponses[code]
	if !ok {
		msgs = [2]string{"???", "???"}
	}
	if message == "" {
		message = msgs[0]
	}
	x.sendResponse(code, message)
	x.sendHeader("Connection", "close")
	body := fmt.Sprintf(pyErrorMessage, code, htmlEscape(message), code, htmlEscape(msgs[1]))
	x.sendHeader("Content-Type", "text/html;charset=utf-8")
	x.sendHeader("Content-Length", strconv.Itoa(len(body)))
	x.endHeaders()
	if x.command != "HEAD" {
		x.write([]byte(body))
	}
}

// htmlEscape is html.escape(s, quote=False).
func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
