package requests

import (
	"fmt"
	"net/http"
	"strings"

	"golang.org/x/net/http/httpguts"
)

// defaultHeader holds the headers every request carries unless it replaces
// them. Connection: keep-alive is what HTTP/1.1 implies; it is never sent on
// HTTP/2.
func defaultHeader() http.Header {
	return http.Header{
		"User-Agent":      {userAgent},
		"Accept-Encoding": {acceptEncoding},
		"Accept":          {"*/*"},
		"Connection":      {"keep-alive"},
	}
}

// acceptEncoding lists the content codings the package decodes.
const acceptEncoding = "gzip, deflate, br, zstd"

// validHeader applies requests' check_header_validity, and net/http's own
// rules, so that a header that would be refused or would split the message
// is refused before anything is sent.
func validHeader(name, value string) error {
	problem := ""
	switch {
	case name == "":
		problem = "the name is empty"
	case strings.ContainsAny(name, "\r\n"):
		problem = "the name holds a CR or LF"
	case isSpace(name[0]):
		problem = "the name starts with white space"
	case strings.IndexByte(name, ':') >= 0:
		problem = "the name holds a colon"
	case !httpguts.ValidHeaderFieldName(name):
		problem = "the name holds a character not allowed in a header name"
	case strings.ContainsAny(value, "\r\n"):
		problem = "the value holds a CR or LF"
	case value != "" && isSpace(value[0]):
		problem = "the value starts with white space"
	case !httpguts.ValidHeaderFieldValue(value):
		problem = "the value holds a control character"
	}
	if problem == "" {
		return nil
	}
	return &Error{Kind: ErrInvalidHeader, Err: fmt.Errorf("%q: %s", name, problem)}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}
