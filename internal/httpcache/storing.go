package httpcache

import (
	"context"
	"io"
	"net/http"
	"time"
)

// storeResponse decides whether resp, the answer to req, may be stored
// (RFC 9111 section 3) and, if so, arranges for its body to be stored as
// the caller reads it, the entry committed only when the whole body was
// read. It reports whether the response is being stored.
func (t *Transport) storeResponse(req *http.Request, resp *http.Response, reqTime, respTime time.Time, primary string) bool {
	ctx := req.Context()
	m := &meta{
		status:       resp.StatusCode,
		proto:        resp.Proto,
		statusText:   resp.Status,
		requestTime:  reqTime,
		responseTime: respTime,
		header:       storableHeader(resp.Header),
	}
	if m.statusText == "" {
		m.statusText = http.StatusText(resp.StatusCode)
	}
	if len(m.statusText) < 3 || m.statusText[:3] != itoa3(resp.StatusCode) {
		m.statusText = itoa3(resp.StatusCode) + " " + m.statusText
	}
	if !storable(req, resp, m) {
		return false
	}
	if resp.StatusCode == http.StatusPartialContent {
		m.reqRange = req.Header.Get("Range")
	}
	names, _, _ := varyNames(resp.Header)
	key := primary
	if len(names) > 0 {
		key = t.varyKey(ctx, req, primary, names)
		if key == "" {
			return false
		}
	}
	w, err := t.store.Put(ctx, key)
	if err != nil {
		return false
	}
	ew := newEntryWriter(w, kindResponse, encodeMeta(m))
	if ew.failed() {
		ew.abort()
		return false
	}
	if resp.Body == nil || resp.Body == http.NoBody || resp.ContentLength == 0 || resp.StatusCode == http.StatusNoContent {
		if resp.ContentLength <= 0 {
			return ew.commit()
		}
	}
	resp.Body = &storingBody{rc: resp.Body, ew: ew, want: resp.ContentLength}
	return true
}

// varyKey returns the variant key for req under primary, writing the vary
// index for names there unless it holds one for the same names already.
func (t *Transport) varyKey(ctx context.Context, req *http.Request, primary string, names []string) string {
	if o := t.open(ctx, primary); o != nil {
		o.body.Close()
		if o.kind == kindVary {
			v, ok := o.vary, o.vary != nil
			if !ok {
				v, ok = decodeVary(o.meta)
			}
			if ok && equalNames(v.names, names) {
				return variantKey(primary, v, req.Header)
			}
		}
	}
	v := &varyIndex{names: names, nonce: newNonce()}
	w, err := t.store.Put(ctx, primary)
	if err != nil {
		return ""
	}
	if !newEntryWriter(w, kindVary, encodeVary(v)).commit() {
		return ""
	}
	return variantKey(primary, v, req.Header)
}

func equalNames(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// storable applies RFC 9111 section 3 to a response of a GET, for a
// private cache, and skips what could never be reused.
func storable(req *http.Request, resp *http.Response, m *meta) bool {
	code := resp.StatusCode
	if code < 200 || code == http.StatusNotModified {
		return false
	}
	if code == http.StatusPartialContent && !validContentRange(resp.Header) {
		return false
	}
	rcc := parseDirectives(req.Header)
	cc := parseDirectives(resp.Header)
	if rcc.noStore {
		return false
	}
	if cc.noStore && !(cc.mustUnderstand && understoodStatus(code)) {
		return false
	}
	if cc.mustUnderstand && !understoodStatus(code) {
		return false
	}
	if _, star, ok := varyNames(resp.Header); star || !ok {
		return false
	}
	explicit := cc.maxAge >= 0 || len(resp.Header["Expires"]) > 0
	if !explicit && !cc.public && !cc.private && !heuristicStatus(code) {
		return false
	}
	// A response that is stale at once and cannot be validated is of no
	// use, and would push out a better one.
	f := freshnessOf(m, cc, m.responseTime)
	if (!f.fresh() || cc.noCache) && !hasValidator(resp.Header) && cc.staleIfError <= 0 && cc.staleWhileRevalidate <= 0 {
		return false
	}
	return true
}

func itoa3(code int) string {
	if code < 100 || code > 999 {
		return "000"
	}
	return string([]byte{byte('0' + code/100), byte('0' + code/10%10), byte('0' + code%10)})
}

// storingBody passes a response body to the caller and into a new entry;
// the entry is committed when the caller has read the whole body, and
// discarded when it closes the body before that or a read fails.
type storingBody struct {
	rc   io.ReadCloser
	ew   *entryWriter
	want int64 // the announced length, or -1
	n    int64
}

func (b *storingBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 && !b.ew.done {
		b.n += int64(n)
		b.ew.Write(p[:n])
		if b.ew.failed() {
			b.ew.abort()
		}
	}
	switch {
	case err == io.EOF:
		b.finish()
	case err != nil:
		b.ew.abort()
	}
	return n, err
}

// finish commits a body read whole: as long as announced, when announced.
func (b *storingBody) finish() {
	if b.want >= 0 && b.n != b.want {
		b.ew.abort()
		return
	}
	b.ew.commit()
}

func (b *storingBody) Close() error {
	if !b.ew.done {
		if b.want >= 0 && b.n == b.want {
			b.finish()
		} else {
			b.ew.abort()
		}
	}
	return b.rc.Close()
}

// revalidateLater validates s in the background, for a response served
// stale under stale-while-revalidate (RFC 5861 section 3). One
// revalidation per entry runs at a time. Its request carries the caller's
// header but none of its context: neither its cancellation nor its
// values, which may belong to the call that is over by then.
func (t *Transport) revalidateLater(req *http.Request, s *stored) {
	key := s.key
	if _, busy := t.inflight.LoadOrStore(key, struct{}{}); busy {
		return
	}
	t.bgMu.Lock()
	if t.bgCtx == nil {
		t.bgCtx, t.bgCancel = context.WithCancel(context.Background())
	}
	ctx, cancel := context.WithTimeout(t.bgCtx, backgroundTimeout)
	t.bg.Add(1)
	t.bgMu.Unlock()
	out := req.Clone(ctx)
	out.Body, out.GetBody, out.ContentLength = nil, nil, 0
	setValidators(out.Header, s.m.header)
	etag := s.m.header.Get("Etag")
	primary, _ := requestKey(req)
	go func() {
		defer t.bg.Done()
		defer t.inflight.Delete(key)
		defer cancel()
		reqTime := t.now()
		resp, err := t.next.RoundTrip(out)
		if err != nil {
			return
		}
		respTime := t.now()
		if resp.StatusCode == http.StatusNotModified {
			drain(resp.Body)
			t.rewrite(ctx, key, etag, resp.Header, reqTime, respTime)
			return
		}
		if t.storeResponse(out, resp, reqTime, respTime, primary) {
			io.Copy(io.Discard, resp.Body)
		}
		resp.Body.Close()
	}()
}

// rewrite updates the entry under key with the fields of a 304.
func (t *Transport) rewrite(ctx context.Context, key, etag string, update http.Header, reqTime, respTime time.Time) {
	o := t.open(ctx, key)
	if o == nil || o.kind != kindResponse {
		if o != nil {
			o.body.Close()
		}
		return
	}
	if o.memo != nil {
		st := o.memo.stored(key)
		o.body, o.meta = st.body, encodeMeta(st.m)
	}
	defer o.body.Close()
	m, ok := decodeMeta(o.meta)
	if !ok || m.header.Get("Etag") != etag {
		return // replaced meanwhile
	}
	m.header = mergeHeader(m.header, update)
	m.requestTime, m.responseTime = reqTime, respTime
	w, err := t.store.Put(ctx, key)
	if err != nil {
		return
	}
	ew := newEntryWriter(w, kindResponse, encodeMeta(m))
	buf := make([]byte, 32<<10)
	for !ew.failed() {
		n, err := o.body.Read(buf)
		ew.Write(buf[:n])
		if err == io.EOF {
			ew.commit()
			return
		}
		if err != nil {
			break
		}
	}
	ew.abort()
}
