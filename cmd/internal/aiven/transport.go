package aiven

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// MaxRetryAfter bounds how long one retry waits for a server's
// Retry-After: a server asking for an hour must not hold a CI job that long.
const MaxRetryAfter = time.Minute

// transport is the HTTP side of the official client, handed to it with
// DoerOpt: go-retryablehttp, as the client uses by default, with what ccr
// needs on top. Every attempt has a deadline (an API that accepts and never
// answers costs RetryMax+1 deadlines, not a CI job's lifetime); a
// Retry-After, in seconds or as an HTTP date, is honoured up to
// MaxRetryAfter; and the attempts made and the last answer's Retry-After
// reach ccr's errors through the call record in the request's context. A
// call whose context carries a capture also gets a copy of its answer's
// body (see capture).
type transport struct {
	client  *retryablehttp.Client
	timeout time.Duration
}

func newTransport(cfg Config) *transport {
	rc := retryablehttp.NewClient()
	rc.HTTPClient.Timeout = cfg.RequestTimeout
	rc.RetryMax, rc.RetryWaitMin, rc.RetryWaitMax = cfg.RetryMax, cfg.RetryWaitMin, cfg.RetryWaitMax
	rc.CheckRetry = retryPolicy
	rc.Backoff = backoff
	rc.Logger = nil // the CLI reports; nothing may print behind its masking
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	rc.RequestLogHook = func(_ retryablehttp.Logger, req *http.Request, attempt int) {
		if c := callOf(req.Context()); c != nil {
			c.set(func(i *callInfo) { i.attempts = attempt + 1 })
		}
	}
	return &transport{client: rc, timeout: cfg.RequestTimeout}
}

// Do sends req with retries and records the outcome in its call record.
func (t *transport) Do(req *http.Request) (*http.Response, error) {
	c := callOf(req.Context())
	if c != nil {
		c.set(func(i *callInfo) { i.method, i.url, i.timeout = req.Method, endpoint(req.URL), t.timeout })
	}
	rreq, err := retryablehttp.FromRequest(req)
	if err != nil {
		return nil, err
	}
	resp, err := t.client.Do(rreq)
	if c != nil && resp != nil {
		wait, _ := retryAfter(resp, time.Now())
		c.set(func(i *callInfo) { i.retryAfter = wait })
	}
	if cp := captureOf(req.Context()); cp != nil && err == nil && resp != nil {
		cp.wrap(resp)
	}
	return resp, err
}

// retryPolicy retries what go-retryablehttp's default policy retries
// (connection failures, timeouts, 429, 5xx except 501), a 408, and a 404 on
// POST that says a service does not exist: Aiven answers so for a
// service_to_join_with target created a moment ago, and the official client
// retries it for that reason.
func retryPolicy(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if c := callOf(ctx); c != nil && mayHaveRun(resp, err) {
		c.set(func(i *callInfo) { i.unanswered = true })
	}
	retry, perr := retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	if retry || perr != nil || resp == nil {
		return retry, perr
	}
	switch {
	case resp.StatusCode == http.StatusRequestTimeout:
		return true, nil
	case resp.StatusCode == http.StatusNotFound && resp.Request != nil && resp.Request.Method == http.MethodPost:
		return serviceLag(resp), nil
	}
	return false, nil
}

// mayHaveRun reports whether an attempt ended without telling whether the
// API ran it: no answer at all, or a gateway that lost the backend's.
func mayHaveRun(resp *http.Response, err error) bool {
	return err != nil || resp != nil && (resp.StatusCode == http.StatusBadGateway || resp.StatusCode == http.StatusGatewayTimeout)
}

var serviceMissing = regexp.MustCompile(`Service \S+ does not exist`)

// serviceLag reads a 404's body (and puts it back for the client) to tell a
// join target not yet visible from any other 404.
func serviceLag(resp *http.Response) bool {
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return err == nil && serviceMissing.Match(body)
}

// backoff waits what the server's Retry-After asks (up to MaxRetryAfter),
// else exponentially between min and max.
func backoff(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
	if wait, ok := retryAfter(resp, time.Now()); ok {
		return wait
	}
	return retryablehttp.DefaultBackoff(lo, hi, attempt, nil)
}

// retryAfter reads a 429's or 5xx's Retry-After, in seconds or as an HTTP
// date, capped at MaxRetryAfter.
func retryAfter(resp *http.Response, now time.Time) (time.Duration, bool) {
	if resp == nil || (resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode < 500) {
		return 0, false
	}
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	var wait time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		wait = time.Duration(min(secs, int64(MaxRetryAfter/time.Second))) * time.Second
	} else if at, err := http.ParseTime(v); err == nil {
		wait = max(at.Sub(now), 0)
	} else {
		return 0, false
	}
	return min(wait, MaxRetryAfter), true
}

// endpoint is a request's URL without query or credentials, as messages
// name it.
func endpoint(u *url.URL) string {
	c := *u
	c.User, c.RawQuery, c.Fragment = nil, "", ""
	return c.String()
}

// callInfo is what the transport learnt about one API call, for the error
// that call may end in.
type callInfo struct {
	method, url string
	attempts    int
	retryAfter  time.Duration
	// timeout is the deadline of each attempt.
	timeout time.Duration
	// unanswered is set once an attempt got no answer (the connection
	// broke or timed out) or a gateway's 502 or 504: the API may have run
	// it, and a later attempt can meet what it did.
	unanswered bool
}

// call is the callInfo of a call in flight; the transport writes it from
// the goroutine sending the request.
type call struct {
	mu   sync.Mutex
	info callInfo
}

func (c *call) set(f func(*callInfo)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f(&c.info)
}

func (c *call) snapshot() callInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.info
}

type callKey struct{}

// withCall returns ctx carrying a new call record.
func withCall(ctx context.Context) (context.Context, *call) {
	c := &call{}
	return context.WithValue(ctx, callKey{}, c), c
}

func callOf(ctx context.Context) *call {
	c, _ := ctx.Value(callKey{}).(*call)
	return c
}
