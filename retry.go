package requests

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Retry retries what fails for passing reasons, with urllib3's Retry knobs.
// It works per request and on a Session. With Total set, a zero count of a
// kind means no limit of its own: only Total bounds it. With Total zero,
// the kinds whose count is set are retried that many times, with no overall
// cap, and the others not at all: Retry{Status: 3, StatusForcelist:
// []int{503}} retries a 503 up to three times. An all-zero Retry retries
// nothing.
//
// A connection that could not be made is retried whatever the method (the
// request was not sent). A request that was sent and whose answer was lost
// (a read timeout, a dropped connection) is retried, and a response whose
// status is in StatusForcelist is retried, only for AllowedMethods:
// idempotent ones by default, so a POST is retried only when asked. TLS
// certificate errors, invalid requests and cancelled contexts are never
// retried. A body is rewound for each retry; one that cannot be fails with
// ErrUnrewindableBody.
//
// Between retries it sleeps as urllib3 does: nothing before the first,
// then Backoff·2^(n-1), at most BackoffMax, plus up to BackoffJitter; or, for
// a 413, 429 or 503 with a Retry-After header (seconds or an HTTP date),
// that long, at most MaxRetryAfter. Sleeps end early with the context.
//
// When retries run out the call fails with an *Error of kind ErrRetry,
// carrying the last cause and the last response (if there was one), unless
// ReturnLastResponse asks for that response instead. Response.Retries counts
// the retries made.
type Retry struct {
	Total   int // retries of any kind; 0: no overall cap when a count below is set
	Connect int // connections that could not be made
	Read    int // answers lost after the request was sent
	Status  int // responses with a status of StatusForcelist

	Backoff       time.Duration // the backoff factor
	BackoffMax    time.Duration // default 120s
	BackoffJitter time.Duration

	StatusForcelist []int    // statuses that are retried
	AllowedMethods  []string // default DELETE, GET, HEAD, OPTIONS, PUT, TRACE

	IgnoreRetryAfter   bool          // do not wait as Retry-After says
	MaxRetryAfter      time.Duration // default 120s
	ReturnLastResponse bool          // return the last response rather than ErrRetry
}

func (r Retry) apply(c *config) {
	if r.Total < 0 || r.Connect < 0 || r.Read < 0 || r.Status < 0 || r.Backoff < 0 {
		c.fail(errorf(ErrRequest, "Retry: counts and backoff cannot be negative"))
		return
	}
	c.retry = &r
}

var idempotentMethods = []string{"DELETE", "GET", "HEAD", "OPTIONS", "PUT", "TRACE"}

// retryKind is why an exchange would be retried.
type retryKind int

const (
	noRetry retryKind = iota
	retryConnect
	retryRead
	retryStatus
)

func (r *Retry) methodAllowed(method string) bool {
	allowed := r.AllowedMethods
	if allowed == nil {
		allowed = idempotentMethods
	}
	return slices.ContainsFunc(allowed, func(m string) bool { return strings.EqualFold(m, method) })
}

// classify says whether an exchange's outcome is retried, and why.
func (r *Retry) classify(method string, resp *Response, err error) retryKind {
	if err != nil {
		var opErr *net.OpError
		switch {
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, ErrReadTimeout) && !errors.Is(err, ErrConnectTimeout),
			errors.Is(err, ErrSSL), errors.Is(err, ErrUnrewindableBody), errors.Is(err, ErrInvalidURL), errors.Is(err, ErrInvalidHeader):
			return noRetry
		case errors.Is(err, ErrConnectTimeout), errors.As(err, &opErr) && opErr.Op == "dial":
			return retryConnect
		case errors.Is(err, ErrConnection), errors.Is(err, ErrReadTimeout):
			if r.methodAllowed(method) {
				return retryRead
			}
		}
		return noRetry
	}
	if slices.Contains(r.StatusForcelist, resp.StatusCode) && r.methodAllowed(method) {
		return retryStatus
	}
	return noRetry
}

// retryCounts are the retries made so far.
type retryCounts struct{ total, connect, read, status int }

// take counts a retry of kind k and reports whether the limits allow it.
func (c *retryCounts) take(r *Retry, k retryKind) bool {
	c.total++
	limit, used := 0, 0
	switch k {
	case retryConnect:
		c.connect++
		limit, used = r.Connect, c.connect
	case retryRead:
		c.read++
		limit, used = r.Read, c.read
	case retryStatus:
		c.status++
		limit, used = r.Status, c.status
	}
	if r.Total == 0 {
		return used <= limit // only the kinds given a count, each up to it
	}
	return c.total <= r.Total && (limit == 0 || used <= limit)
}

// delay is how long to wait before retry number n (1-based).
func (r *Retry) delay(n int, resp *Response) time.Duration {
	if resp != nil && !r.IgnoreRetryAfter {
		switch resp.StatusCode {
		case http.StatusRequestEntityTooLarge, http.StatusTooManyRequests, http.StatusServiceUnavailable:
			if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
				return min(d, cmpOr(r.MaxRetryAfter, 120*time.Second))
			}
		}
	}
	if n <= 1 || r.Backoff == 0 {
		return 0
	}
	d := r.Backoff << min(n-1, 30)
	if d <= 0 {
		d = cmpOr(r.BackoffMax, 120*time.Second)
	}
	if r.BackoffJitter > 0 {
		d += rand.N(r.BackoffJitter)
	}
	return min(d, cmpOr(r.BackoffMax, 120*time.Second))
}

func cmpOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// parseRetryAfter reads a Retry-After value: seconds, or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, true
		}
		return time.Duration(min(secs, 1<<32)) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// sleepContext waits d, or until ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// exchangeRetrying is exchange under the request's Retry policy.
func (s *Session) exchangeRetrying(ctx context.Context, pr *PreparedRequest, r *Retry, hs *exchangeSettings) (*Response, error) {
	if r == nil {
		return s.exchange(ctx, pr, hs)
	}
	var counts retryCounts
	for {
		resp, err := s.exchange(ctx, pr, hs)
		kind := r.classify(pr.Method, resp, err)
		if kind == noRetry {
			if resp != nil {
				resp.Retries = counts.total
			}
			return resp, err
		}
		if !counts.take(r, kind) {
			if err != nil {
				return nil, &Error{Kind: ErrRetry, Method: pr.Method, URL: redactURL(pr.URL),
					Err: fmt.Errorf("gave up after %d retries: %w", counts.total-1, err)}
			}
			resp.Retries = counts.total - 1
			if r.ReturnLastResponse {
				return resp, nil
			}
			consume(resp)
			return nil, &Error{Kind: ErrRetry, Method: pr.Method, URL: redactURL(pr.URL), Response: resp,
				Err: fmt.Errorf("gave up after %d retries: status %d", counts.total-1, resp.StatusCode)}
		}
		wait := r.delay(counts.total, resp)
		if resp != nil {
			consume(resp)
		}
		if err := sleepContext(ctx, wait); err != nil {
			kind := ErrRequest
			if errors.Is(err, context.DeadlineExceeded) {
				kind = ErrTimeout
			}
			return nil, &Error{Kind: kind, Method: pr.Method, URL: redactURL(pr.URL), Err: err}
		}
	}
}
