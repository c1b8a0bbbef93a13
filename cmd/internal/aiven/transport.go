package aiven

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/ccr-dev/ccr/cmd/internal/wire"
)

// MaxRetryAfter bounds how long one retry waits for a server's
// Retry-After: a server asking for an hour must not hold a CI job that long.
const MaxRetryAfter = time.Minute

// MaxResponseBytes bounds the body ccr reads of one Aiven API response. The
// largest answers ccr asks for (a project's service list, the Cassandra
// plans and their prices) are far smaller; an API that answers without end
// fails the call with a wire.ResponseTooLarge instead of filling memory.
const MaxResponseBytes = 32 << 20

// transport is the HTTP side of the official client, handed to it with
// DoerOpt: go-retryablehttp, as the client uses by default, with what ccr
// needs on top. Every attempt has a deadline (an API that accepts and never
// answers costs RetryMax+1 deadlines, not a CI job's lifetime); a
// Retry-After, in seconds or as an HTTP date, is honoured up to
// MaxRetryAfter; and the attempts made and the last answer's Retry-After
// reach ccr's errors through the call record in the request's context. A
// call whose context carries a capture also gets a copy of its answer's
// body (see capture).
//
// A POST (a create) is sent once: apply retries creates itself, so its
// MaxAttempts is the bound on the POSTs of one create. So is an update
// (doOnce): apply reads the service after a try whose answer was lost and
// sends only what did not take effect, which a retry here would not. Two layers of
// retries multiplied: a create meeting a persistent 500 was sent
// (RetryMax+1) × MaxAttempts = 40 times.
type transport struct {
	client  *retryablehttp.Client
	once    *retryablehttp.Client
	timeout time.Duration
}

func newTransport(cfg Config) *transport {
	client := func(retries int) *retryablehttp.Client {
		rc := retryablehttp.NewClient()
		rc.HTTPClient.Timeout = cfg.RequestTimeout
		rc.RetryMax, rc.RetryWaitMin, rc.RetryWaitMax = retries, cfg.RetryWaitMin, cfg.RetryWaitMax
		rc.CheckRetry = retryPolicy
		rc.Backoff = backoff
		rc.Logger = nil // the CLI reports; nothing may print behind its masking
		rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
		rc.HTTPClient.CheckRedirect = tokenStaysOnOrigin
		rc.RequestLogHook = func(_ retryablehttp.Logger, req *http.Request, attempt int) {
			if c := callOf(req.Context()); c != nil {
				c.set(func(i *callInfo) { i.attempts = attempt + 1 })
			}
		}
		return rc
	}
	return &transport{client: client(cfg.RetryMax), once: client(0), timeout: cfg.RequestTimeout}
}

// Do sends req, with retries unless it is a POST or a call marked once,
// and records the outcome in its call record.
func (t *transport) Do(req *http.Request) (*http.Response, error) {
	c := callOf(req.Context())
	if c != nil {
		c.set(func(i *callInfo) { i.method, i.url, i.timeout = req.Method, wire.Endpoint(req.URL), t.timeout })
	}
	rreq, err := retryablehttp.FromRequest(req)
	if err != nil {
		return nil, err
	}
	client := t.client
	if req.Method == http.MethodPost || c != nil && c.snapshot().once {
		client = t.once
	}
	resp, err := client.Do(rreq)
	if resp != nil {
		if c != nil {
			wait, _ := retryAfter(resp, time.Now())
			c.set(func(i *callInfo) { i.retryAfter = wait })
		}
		wire.CapBody(resp, req, MaxResponseBytes)
	}
	if cp := captureOf(req.Context()); cp != nil && err == nil && resp != nil {
		cp.wrap(resp)
	}
	return resp, err
}

// tokenStaysOnOrigin is the redirect policy: a redirect to another origin
// (scheme, host or port) is followed without the Authorization header, so
// the token is only ever sent to the API it was given for. net/http alone
// keeps it for any subdomain, another port or plain http on the same host.
func tokenStaysOnOrigin(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	if wire.Origin(req.URL) != wire.Origin(via[0].URL) {
		req.Header.Del("Authorization")
	}
	return nil
}

// unreachableAttempts is how many times a request is sent when the address
// refuses the connection or its host does not exist: a wrong AIVEN_WEB_URL
// far more often than an outage, so one quick retry covers a blip and the
// message comes at once instead of after the whole backoff.
const unreachableAttempts = 2

// retryPolicy retries what go-retryablehttp's default policy retries
// (connection failures, timeouts, 429, 5xx except 501; a refused connection
// or an unknown host only unreachableAttempts times) and a 408. (The
// official client also retries a POST's 404 "Service X does not exist",
// which Aiven answers for a service_to_join_with target created a moment
// ago; POSTs are not retried here, and classify makes that 404 transient
// for apply to retry.)
func retryPolicy(ctx context.Context, resp *http.Response, err error) (bool, error) {
	c := callOf(ctx)
	if c != nil && mayHaveRun(resp, err) {
		c.set(func(i *callInfo) { i.unanswered = true })
	}
	if c != nil && unreachable(err) && c.snapshot().attempts >= unreachableAttempts {
		return false, ctx.Err()
	}
	retry, perr := retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	if retry || perr != nil || resp == nil {
		return retry, perr
	}
	return resp.StatusCode == http.StatusRequestTimeout, nil
}

// mayHaveRun reports whether an attempt ended without telling whether the
// API ran it: no answer at all, or a gateway that lost the backend's.
func mayHaveRun(resp *http.Response, err error) bool {
	return err != nil || resp != nil && (resp.StatusCode == http.StatusBadGateway || resp.StatusCode == http.StatusGatewayTimeout)
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
	// it.
	unanswered bool
	// missing names a field ccr relies on that a successful answer lacks
	// (see answerShapes); "" when none does.
	missing string
	// once marks a call the transport sends once, like a POST: an update,
	// which apply retries itself after reading what took effect.
	once bool
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
