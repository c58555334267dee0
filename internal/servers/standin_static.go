package servers

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// static answers a GET or HEAD of a file as nginx's static module and its
// not-modified and range filters do.
func (site *nginxSite) static(req *http.Request, body []byte, mtime time.Time, ctype string) *reply {
	size := int64(len(body))
	lastMod := httpDate(mtime)
	etag := fmt.Sprintf(`"%x-%x"`, mtime.Unix(), size)
	if status := notModified(req, mtime, etag); status != http.StatusOK {
		if status == http.StatusPreconditionFailed {
			return site.errorPage(status)
		}
		rep := &reply{status: status, reason: nginxStatus[status].reason}
		rep.add("Last-Modified", lastMod)
		rep.add("ETag", etag)
		return rep
	}
	ok := func() *reply {
		rep := &reply{status: http.StatusOK, reason: "OK", body: body}
		rep.add("Content-Type", ctype)
		rep.add("Content-Length", strconv.FormatInt(size, 10))
		rep.add("Last-Modified", lastMod)
		rep.add("ETag", etag)
		rep.add("Accept-Ranges", "bytes")
		return rep
	}
	if !rangeApplies(req, mtime, etag) {
		return ok()
	}
	ranges, status := parseNginxRange(req.Header.Get("Range")[len("bytes="):], size)
	switch status {
	case http.StatusOK:
		return ok()
	case http.StatusRequestedRangeNotSatisfiable:
		rep := site.errorPage(status)
		rep.add("Content-Range", fmt.Sprintf("bytes */%d", size))
		return rep
	}
	rep := &reply{status: http.StatusPartialContent, reason: nginxStatus[http.StatusPartialContent].reason}
	if len(ranges) == 1 {
		r := ranges[0]
		rep.body = body[r[0]:r[1]]
		rep.add("Content-Type", ctype)
		rep.add("Content-Length", strconv.FormatInt(r[1]-r[0], 10))
		rep.add("Last-Modified", lastMod)
		rep.add("ETag", etag)
		rep.add("Content-Range", fmt.Sprintf("bytes %d-%d/%d", r[0], r[1]-1, size))
		return rep
	}
	boundary := fmt.Sprintf("%020d", site.boundary.Add(1))
	var b strings.Builder
	for _, r := range ranges {
		fmt.Fprintf(&b, "\r\n--%s\r\nContent-Type: %s\r\nContent-Range: bytes %d-%d/%d\r\n\r\n", boundary, ctype, r[0], r[1]-1, size)
		b.Write(body[r[0]:r[1]])
	}
	fmt.Fprintf(&b, "\r\n--%s--\r\n", boundary)
	rep.body = []byte(b.String())
	rep.add("Content-Type", "multipart/byteranges; boundary="+boundary)
	rep.add("Content-Length", strconv.Itoa(len(rep.body)))
	rep.add("Last-Modified", lastMod)
	rep.add("ETag", etag)
	return rep
}

// notModified applies the conditional headers as nginx's not-modified
// filter does (if_modified_since exact): 412 for a failed If-Unmodified-Since
// or If-Match, 304 when every one of If-Modified-Since and If-None-Match
// present says the file has not changed, else 200.
func notModified(req *http.Request, mtime time.Time, etag string) int {
	h := req.Header
	if v := h.Get("If-Unmodified-Since"); v != "" {
		if t, err := http.ParseTime(v); err != nil || t.Unix() < mtime.Unix() {
			return http.StatusPreconditionFailed
		}
	}
	if v := h.Get("If-Match"); v != "" && !etagMatches(v, etag, false) {
		return http.StatusPreconditionFailed
	}
	ims, inm := h.Get("If-Modified-Since"), h.Get("If-None-Match")
	if ims == "" && inm == "" {
		return http.StatusOK
	}
	if ims != "" {
		if t, err := http.ParseTime(ims); err != nil || t.Unix() != mtime.Unix() {
			return http.StatusOK
		}
	}
	if inm != "" && !etagMatches(inm, etag, true) {
		return http.StatusOK
	}
	return http.StatusNotModified
}

// etagMatches reports whether a list of entity tags names etag, as nginx's
// ngx_http_test_if_match does: "*", or one of the tags, weakly compared
// (W/ ignored) for If-None-Match.
func etagMatches(list, etag string, weak bool) bool {
	if list == "*" {
		return true
	}
	for _, tag := range strings.Split(list, ",") {
		tag = strings.Trim(tag, " \t")
		if weak {
			tag = strings.TrimPrefix(tag, "W/")
		}
		if tag == etag {
			return true
		}
	}
	return false
}

// rangeApplies reports whether nginx's range filter looks at the Range
// header: one starting with "bytes=" (in any case) and more, and an If-Range
// that is absent or equals the ETag or the Last-Modified time exactly.
func rangeApplies(req *http.Request, mtime time.Time, etag string) bool {
	r := req.Header.Get("Range")
	if len(r) < len("bytes=")+1 || !strings.EqualFold(r[:len("bytes=")], "bytes=") {
		return false
	}
	ir := req.Header.Get("If-Range")
	if ir == "" {
		return true
	}
	if t, err := http.ParseTime(ir); err == nil {
		return t.Unix() == mtime.Unix()
	}
	return ir == etag
}

// parseNginxRange parses the ranges after "bytes=" as ngx_http_range_parse
// does: half-open [start, end) ranges in order, or 200 (send the whole
// file) or 416.
func parseNginxRange(spec string, size int64) ([][2]int64, int) {
	const bad = http.StatusRequestedRangeNotSatisfiable
	var ranges [][2]int64
	var total int64
	p := 0
	skip := func() {
		for p < len(spec) && spec[p] == ' ' {
			p++
		}
	}
	digits := func() (int64, bool) {
		start := p
		var n int64
		for p < len(spec) && spec[p] >= '0' && spec[p] <= '9' {
			if n > (1<<63-1-9)/10 {
				return 0, false
			}
			n = n*10 + int64(spec[p]-'0')
			p++
		}
		return n, p > start
	}
	for {
		var start, end int64
		skip()
		if p < len(spec) && spec[p] != '-' {
			var ok bool
			if start, ok = digits(); !ok {
				return nil, bad
			}
			skip()
			if p >= len(spec) || spec[p] != '-' {
				return nil, bad
			}
			p++
			skip()
			if p == len(spec) || spec[p] == ',' {
				end = size
				goto found
			}
			if end, ok = digits(); !ok {
				return nil, bad
			}
		} else {
			if p == len(spec) {
				return nil, bad
			}
			p++ // a suffix: the last n bytes
			n, ok := digits()
			if !ok {
				return nil, bad
			}
			start, end = max(size-n, 0), size-1
		}
		skip()
		if p < len(spec) && spec[p] != ',' {
			return nil, bad
		}
		if end >= size {
			end = size
		} else {
			end++
		}
	found:
		if start < end {
			ranges = append(ranges, [2]int64{start, end})
			total += end - start
		} else if start == 0 {
			return nil, http.StatusOK
		}
		if p >= len(spec) || spec[p] != ',' {
			break
		}
		p++
	}
	if len(ranges) == 0 {
		return nil, bad
	}
	if total > size {
		return nil, http.StatusOK
	}
	return ranges, http.StatusPartialContent
}
