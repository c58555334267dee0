package servers

import (
	"bufio"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// flaskUploadApp serves one connection as the tutorial's Flask application
// (examples/upload_image/testdata/app.py) under Werkzeug's development
// server does:
//
//	GET /        This is home page
//	POST /upload image uploaded successfully, once the multipart part
//	             "image" is saved in dir under its file name; else
//	             failed to upload image
//
// with Werkzeug's answers around them: 100 Continue when asked, 404 and 405
// pages (with Allow), OPTIONS, HEAD, 500 when the file cannot be saved,
// uppercase reason phrases and Connection: close. Unlike Flask it never
// writes outside dir: a file name that would (../x, /tmp/x) is a 500, as a
// name whose directory does not exist is in Flask.
func flaskUploadApp(c net.Conn, dir string) {
	defer closeWrite(c)
	br := bufio.NewReader(c)
	req, err := readRequest(br)
	if req == nil && err == nil {
		return
	}
	head := err == nil && req.Method == http.MethodHead
	var rep *reply
	if err != nil {
		rep = werkzeugPage(http.StatusBadRequest, "The browser (or proxy) sent a request that this server could not understand.")
	} else {
		// http.server answers an HTTP/1.1 Expect: 100-continue, then
		// Werkzeug answers any: such a request gets two.
		expect := strings.ToLower(req.Header.Get("Expect"))
		if req.ProtoAtLeast(1, 1) && expect == "100-continue" {
			io.WriteString(c, "HTTP/1.1 100 Continue\r\n\r\n")
		}
		if expect == "100-continue" {
			io.WriteString(c, "HTTP/1.1 100 Continue\r\n\r\n")
		}
		rep = flaskRoute(req, dir)
	}
	rep.proto = "HTTP/1.1"
	rep.header = append([]field{{"Server", "Werkzeug (Go stand-in)"}, {"Date", httpDate(time.Now())}}, rep.header...)
	rep.add("Connection", "close")
	rep.writeTo(c, head)
	// Werkzeug reads what the client still sends, for as long as it comes
	// within 10 ms, so that the client sees the answer rather than a reset.
	buf := make([]byte, 32<<10)
	for range 1000 {
		c.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
		if n, err := br.Read(buf); n == 0 || err != nil {
			return
		}
	}
}

// flaskRoute routes a request as Werkzeug's map does for the app's two
// rules (slashes merged, no redirect for a trailing one).
func flaskRoute(req *http.Request, dir string) *reply {
	path := "/" + strings.Join(strings.FieldsFunc(req.URL.Path, func(r rune) bool { return r == '/' }), "/")
	if strings.HasSuffix(req.URL.Path, "/") && path != "/" {
		path += "/"
	}
	var allow string
	switch path {
	case "/":
		allow = "GET, HEAD, OPTIONS" // in Werkzeug, in the order of a Python set
	case "/upload":
		allow = "OPTIONS, POST"
	default:
		return werkzeugPage(http.StatusNotFound, "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.")
	}
	if req.Method == http.MethodOptions {
		rep := &reply{status: http.StatusOK, reason: "OK"}
		rep.add("Content-Type", "text/html; charset=utf-8")
		rep.add("Allow", allow)
		rep.add("Content-Length", "0")
		return rep
	}
	if !strings.Contains(", "+allow+",", ", "+req.Method+",") {
		rep := werkzeugPage(http.StatusMethodNotAllowed, "The method is not allowed for the requested URL.")
		rep.header = append(rep.header[:1], append([]field{{"Allow", allow}}, rep.header[1:]...)...)
		return rep
	}
	if path == "/" {
		return flaskText("This is home page")
	}
	return flaskUpload(req, dir)
}

// flaskUpload is the app's handleFileUpload.
func flaskUpload(req *http.Request, dir string) *reply {
	tmp, name, ok := werkzeugImage(req)
	if tmp != nil {
		defer os.Remove(tmp.Name())
		defer tmp.Close()
	}
	if !ok || name == "" {
		return flaskText("failed to upload image")
	}
	if err := saveIn(dir, name, tmp); err != nil {
		return werkzeugPage(http.StatusInternalServerError, "The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.")
	}
	return flaskText("image uploaded successfully")
}

// werkzeugImage parses a multipart/form-data body as Werkzeug does for
// request.files, and returns the first file part named "image" (a part
// with a filename parameter, even an empty one) spooled to a temporary
// file, with its file name. A body that does not parse, as in Werkzeug,
// has no files.
func werkzeugImage(req *http.Request) (tmp *os.File, name string, ok bool) {
	mt, params, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, "", false
	}
	mr := multipart.NewReader(req.Body, params["boundary"])
	for {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			return tmp, name, ok
		}
		if err != nil {
			return tmp, "", false
		}
		_, dp, err := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
		filename, isFile := dp["filename"]
		if err != nil || ok || dp["name"] != "image" || !isFile {
			if _, err := io.Copy(io.Discard, part); err != nil {
				return tmp, "", false
			}
			continue
		}
		if tmp, err = os.CreateTemp("", "requests-standin-upload-"); err != nil {
			return nil, "", false
		}
		if _, err := io.Copy(tmp, part); err != nil {
			return tmp, "", false
		}
		name, ok = filename, true
	}
}

// saveIn copies the spooled file to dir/name, refusing a name that leaves
// dir.
func saveIn(dir, name string, tmp *os.File) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	dst, err := root.Create(name)
	if err != nil {
		return err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		dst.Close()
		return err
	}
	_, err = io.Copy(dst, tmp)
	return errors.Join(err, dst.Close())
}

// flaskText is a view's string: text/html in UTF-8.
func flaskText(s string) *reply {
	rep := &reply{status: http.StatusOK, reason: "OK", body: []byte(s)}
	rep.add("Content-Type", "text/html; charset=utf-8")
	rep.add("Content-Length", strconv.Itoa(len(s)))
	return rep
}

// werkzeugPage is the page of one of Werkzeug's HTTP exceptions.
func werkzeugPage(status int, description string) *reply {
	text := http.StatusText(status)
	body := "<!doctype html>\n<html lang=en>\n<title>" + strconv.Itoa(status) + " " + text + "</title>\n<h1>" + text +
		"</h1>\n<p>" + description + "</p>\n"
	rep := &reply{status: status, reason: strings.ToUpper(text), body: []byte(body)}
	rep.add("Content-Type", "text/html; charset=utf-8")
	rep.add("Content-Length", strconv.Itoa(len(body)))
	return rep
}
