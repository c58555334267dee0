package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"time"

	carl "github.com/carlmjohnson/requests"
	"github.com/go-requests/requests"
	restyv2 "github.com/go-resty/resty/v2"
	"github.com/imroc/req/v3"
	"github.com/valyala/fasthttp"
	resty "resty.dev/v3"
)

// client is one HTTP client under test, each used as its documentation
// shows, with its default settings except where noted.
type client interface {
	getJSON(ctx context.Context, url string, v any) error
	postJSON(ctx context.Context, url string, in, out any) error
	upload(ctx context.Context, url string, data []byte) error
	download(ctx context.Context, url string, w io.Writer) error
	close()
}

type doc struct {
	ID    int      `json:"id"`
	Name  string   `json:"name"`
	Tags  []string `json:"tags"`
	Owner struct {
		Login string `json:"login"`
	} `json:"owner"`
}

func status(code int) error {
	if code != 200 {
		return fmt.Errorf("status %d", code)
	}
	return nil
}

// ---- this library ----

type ours struct{ s *requests.Session }

func newOurs() client { return ours{requests.NewSession()} }

// newOursCached is this library with an HTTP cache in memory.
func newOursCached() client {
	return ours{requests.NewSession(requests.Cache(requests.MemoryCache(64 << 20)))}
}

func (c ours) getJSON(ctx context.Context, url string, v any) error {
	r, err := c.s.Get(ctx, url)
	if err != nil {
		return err
	}
	return r.JSON(v)
}

func (c ours) postJSON(ctx context.Context, url string, in, out any) error {
	r, err := c.s.Post(ctx, url, requests.JSON(in))
	if err != nil {
		return err
	}
	return r.JSON(out)
}

func (c ours) upload(ctx context.Context, url string, data []byte) error {
	r, err := c.s.Post(ctx, url, requests.Files{"file": {Filename: "data.bin", Reader: bytes.NewReader(data)}})
	if err != nil {
		return err
	}
	return status(r.StatusCode)
}

func (c ours) download(ctx context.Context, url string, w io.Writer) error {
	r, err := c.s.Get(ctx, url, requests.Stream(true))
	if err != nil {
		return err
	}
	defer r.Close()
	for chunk := range r.IterContent(64 << 10) {
		w.Write(chunk)
	}
	return r.Err()
}

func (c ours) close() { c.s.Close() }

// ---- net/http with a tuned Transport: the floor ----

type rawHTTP struct {
	c  *http.Client
	tr *http.Transport
}

func newRaw() client {
	tr := &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 128, IdleConnTimeout: 90 * time.Second, ForceAttemptHTTP2: true}
	return rawHTTP{&http.Client{Transport: tr}, tr}
}

func (c rawHTTP) do(req *http.Request, err error) (*http.Response, error) {
	if err != nil {
		return nil, err
	}
	resp, err := c.c.Do(req)
	if err != nil {
		return nil, err
	}
	if err := status(resp.StatusCode); err != nil {
		resp.Body.Close()
		return nil, err
	}
	return resp, nil
}

func decodeBody(resp *http.Response, v any) error {
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	return json.Unmarshal(body, v)
}

func (c rawHTTP) getJSON(ctx context.Context, url string, v any) error {
	resp, err := c.do(http.NewRequestWithContext(ctx, "GET", url, nil))
	if err != nil {
		return err
	}
	return decodeBody(resp, v)
}

func (c rawHTTP) postJSON(ctx context.Context, url string, in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, "POST", url, bytes.NewReader(b))
	if err == nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.do(req, err)
	if err != nil {
		return err
	}
	return decodeBody(resp, out)
}

func (c rawHTTP) upload(ctx context.Context, url string, data []byte) error {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "data.bin")
	fw.Write(data)
	mw.Close()
	req, err := http.NewRequestWithContext(ctx, "POST", url, &buf)
	if err == nil {
		req.Header.Set("Content-Type", mw.FormDataContentType())
	}
	resp, err := c.do(req, err)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}

func (c rawHTTP) download(ctx context.Context, url string, w io.Writer) error {
	resp, err := c.do(http.NewRequestWithContext(ctx, "GET", url, nil))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(w, resp.Body)
	return err
}

func (c rawHTTP) close() { c.tr.CloseIdleConnections() }

// ---- resty v3 ----

type restyV3 struct{ c *resty.Client }

func newRestyV3() client { return restyV3{resty.New()} }

func restyErr(code int, err error) error {
	if err != nil {
		return err
	}
	return status(code)
}

func (c restyV3) getJSON(ctx context.Context, url string, v any) error {
	r, err := c.c.R().SetContext(ctx).SetResult(v).Get(url)
	return restyErr(r.StatusCode(), err)
}

func (c restyV3) postJSON(ctx context.Context, url string, in, out any) error {
	r, err := c.c.R().SetContext(ctx).SetBody(in).SetResult(out).Post(url)
	return restyErr(r.StatusCode(), err)
}

func (c restyV3) upload(ctx context.Context, url string, data []byte) error {
	r, err := c.c.R().SetContext(ctx).SetFileReader("file", "data.bin", bytes.NewReader(data)).Post(url)
	return restyErr(r.StatusCode(), err)
}

func (c restyV3) download(ctx context.Context, url string, w io.Writer) error {
	r, err := c.c.R().SetContext(ctx).SetResponseDoNotParse(true).Get(url)
	if err != nil {
		return err
	}
	defer r.Body.Close()
	_, err = io.Copy(w, r.Body)
	return err
}

func (c restyV3) close() { c.c.Close() }

// ---- resty v2 ----

type restyV2 struct{ c *restyv2.Client }

func newRestyV2() client { return restyV2{restyv2.New()} }

func (c restyV2) getJSON(ctx context.Context, url string, v any) error {
	r, err := c.c.R().SetContext(ctx).SetResult(v).Get(url)
	return restyErr(r.StatusCode(), err)
}

func (c restyV2) postJSON(ctx context.Context, url string, in, out any) error {
	r, err := c.c.R().SetContext(ctx).SetBody(in).SetResult(out).Post(url)
	return restyErr(r.StatusCode(), err)
}

func (c restyV2) upload(ctx context.Context, url string, data []byte) error {
	r, err := c.c.R().SetContext(ctx).SetFileReader("file", "data.bin", bytes.NewReader(data)).Post(url)
	return restyErr(r.StatusCode(), err)
}

func (c restyV2) download(ctx context.Context, url string, w io.Writer) error {
	r, err := c.c.R().SetContext(ctx).SetDoNotParseResponse(true).Get(url)
	if err != nil {
		return err
	}
	defer r.RawBody().Close()
	_, err = io.Copy(w, r.RawBody())
	return err
}

func (c restyV2) close() { c.c.GetClient().CloseIdleConnections() }

// ---- req v3 ----

type reqV3 struct{ c *req.Client }

func newReq() client { return reqV3{req.C()} }

func (c reqV3) getJSON(ctx context.Context, url string, v any) error {
	r, err := c.c.R().SetContext(ctx).SetSuccessResult(v).Get(url)
	return restyErr(r.GetStatusCode(), err)
}

func (c reqV3) postJSON(ctx context.Context, url string, in, out any) error {
	r, err := c.c.R().SetContext(ctx).SetBodyJsonMarshal(in).SetSuccessResult(out).Post(url)
	return restyErr(r.GetStatusCode(), err)
}

func (c reqV3) upload(ctx context.Context, url string, data []byte) error {
	r, err := c.c.R().SetContext(ctx).SetFileReader("file", "data.bin", bytes.NewReader(data)).Post(url)
	return restyErr(r.GetStatusCode(), err)
}

func (c reqV3) download(ctx context.Context, url string, w io.Writer) error {
	r, err := c.c.R().SetContext(ctx).SetOutput(nopCloser{w}).Get(url)
	return restyErr(r.GetStatusCode(), err)
}

func (c reqV3) close() { c.c.CloseIdleConnections() }

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// ---- carlmjohnson/requests (http.DefaultClient unless told) ----

type carlmjohnson struct{}

func newCarl() client { return carlmjohnson{} }

func (carlmjohnson) getJSON(ctx context.Context, url string, v any) error {
	return carl.URL(url).ToJSON(v).Fetch(ctx)
}

func (carlmjohnson) postJSON(ctx context.Context, url string, in, out any) error {
	return carl.URL(url).BodyJSON(in).ToJSON(out).Fetch(ctx)
}

func (carlmjohnson) upload(ctx context.Context, url string, data []byte) error {
	boundary := multipart.NewWriter(io.Discard).Boundary()
	return carl.URL(url).
		ContentType("multipart/form-data; boundary=" + boundary).
		BodyWriter(func(w io.Writer) error {
			mw := multipart.NewWriter(w)
			mw.SetBoundary(boundary)
			fw, err := mw.CreateFormFile("file", "data.bin")
			if err != nil {
				return err
			}
			fw.Write(data)
			return mw.Close()
		}).Fetch(ctx)
}

func (carlmjohnson) download(ctx context.Context, url string, w io.Writer) error {
	return carl.URL(url).ToWriter(w).Fetch(ctx)
}

func (carlmjohnson) close() { http.DefaultClient.CloseIdleConnections() }

// ---- fasthttp: the ceiling, with its own HTTP/1.1 implementation ----

type fast struct{ c, stream *fasthttp.Client }

func newFast() client {
	return fast{&fasthttp.Client{MaxConnsPerHost: 1024}, &fasthttp.Client{MaxConnsPerHost: 1024, StreamResponseBody: true}}
}

func (c fast) exchange(method, url, ct string, body []byte, fn func(*fasthttp.Response) error) error {
	return c.exchangeWith(c.c, method, url, ct, body, fn)
}

func (c fast) exchangeWith(fc *fasthttp.Client, method, url, ct string, body []byte, fn func(*fasthttp.Response) error) error {
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.SetRequestURI(url)
	req.Header.SetMethod(method)
	if body != nil {
		req.Header.SetContentType(ct)
		req.SetBodyRaw(body)
	}
	if err := fc.Do(req, resp); err != nil {
		return err
	}
	if err := status(resp.StatusCode()); err != nil {
		return err
	}
	return fn(resp)
}

func (c fast) getJSON(_ context.Context, url string, v any) error {
	return c.exchange("GET", url, "", nil, func(r *fasthttp.Response) error { return json.Unmarshal(r.Body(), v) })
}

func (c fast) postJSON(_ context.Context, url string, in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return c.exchange("POST", url, "application/json", b, func(r *fasthttp.Response) error { return json.Unmarshal(r.Body(), out) })
}

func (c fast) upload(_ context.Context, url string, data []byte) error {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "data.bin")
	fw.Write(data)
	mw.Close()
	return c.exchange("POST", url, mw.FormDataContentType(), buf.Bytes(), func(*fasthttp.Response) error { return nil })
}

func (c fast) download(_ context.Context, url string, w io.Writer) error {
	return c.exchangeWith(c.stream, "GET", url, "", nil, func(r *fasthttp.Response) error {
		_, err := io.Copy(w, r.BodyStream())
		r.CloseBodyStream()
		return err
	})
}

func (c fast) close() { c.c.CloseIdleConnections(); c.stream.CloseIdleConnections() }
