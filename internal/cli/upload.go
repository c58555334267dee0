package cli

import (
	"bytes"
	"compress/zlib"
	"context"
	"io"

	"github.com/go-requests/requests"
)

// How the request body is sent, as httpie sends it:
//
//	--chunked     with Transfer-Encoding: chunked, its length not announced
//	-x, --compress  deflated (zlib, RFC 1950, which is what HTTP calls
//	              deflate) with Content-Encoding: deflate, when that makes
//	              it smaller; -xx deflates it even when it does not
//
// Both need the body's bytes: encodeBody builds the body the library
// would send (JSON, form, multipart with its files read, or raw) by
// preparing the request offline, then sends those bytes instead.

// encodeBody replaces the body options by the bytes they make, chunked
// and deflated as the flags say.
func (c *command) encodeBody() error {
	data, contentType, err := c.bodyBytes()
	if err != nil {
		return err
	}
	if len(data) == 0 {
		return nil // httpie compresses and chunks only a body
	}
	if c.o.compress > 0 {
		if z := deflate(data); len(z) < len(data) || c.o.compress > 1 {
			data = z
			c.headers["Content-Encoding"] = "deflate"
		}
	}
	if _, ok := lookup(c.headers, "Content-Type"); !ok && contentType != "" {
		c.headers["Content-Type"] = contentType
	}
	if c.o.chunked {
		// A reader that hides its length is sent chunked; being a
		// Seeker, it can be sent again on a 307 or a Digest challenge.
		c.body = []requests.Option{requests.Data(struct{ io.ReadSeeker }{bytes.NewReader(data)})}
		c.sent = data
	} else {
		c.body = []requests.Option{requests.Data(data)}
	}
	return nil
}

// bodyBytes prepares the request offline with the body options alone and
// returns the body sent and its Content-Type.
func (c *command) bodyBytes() ([]byte, string, error) {
	s := requests.NewSession()
	defer s.Close()
	t := &offlineTransport{}
	s.Mount("http://", t)
	opts := append(c.body[:len(c.body):len(c.body)], requests.AllowRedirects(false), requests.TrustEnv(false))
	resp, err := s.Do(context.Background(), c.method, "http://body.invalid/", opts...)
	if err != nil {
		return nil, "", err
	}
	resp.Close()
	return t.body, resp.Request.Header.Get("Content-Type"), nil
}

// deflate compresses b with zlib's default level, as httpie does.
func deflate(b []byte) []byte {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}
