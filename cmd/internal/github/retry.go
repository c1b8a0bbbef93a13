package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	gh "github.com/google/go-github/v60/github"

	"github.com/ccr-dev/ccr/cmd/internal/secret"
	"github.com/ccr-dev/ccr/plan/render"
)

// ErrRateLimited reports that GitHub kept refusing requests for longer than
// the operation's wait budget (Config.MaxWait).
var ErrRateLimited = errors.New("GitHub rate limit not lifted in time")

// maxAttempts caps retries even when every wait is short, so a server that
// keeps answering "limited, retry now" cannot spin the loop.
const maxAttempts = 5

// fallbackWait is how long to wait when GitHub names no time; its docs ask
// for at least a minute.
const fallbackWait = time.Minute

// session runs the API calls of one operation with one budget for waiting
// out rate limits.
type session struct {
	cfg    Config
	client *gh.Client
	waited time.Duration
}

func newSession(cfg Config) (*session, error) {
	c, err := newClient(cfg)
	if err != nil {
		return nil, err
	}
	return &session{cfg: cfg, client: c}, nil
}

// call runs op and, when GitHub answers with a rate limit, waits as long as
// it asks and runs op again, until the budget or maxAttempts is spent.
func (s *session) call(ctx context.Context, op func(c *gh.Client) (*gh.Response, error)) error {
	for attempt := 1; ; attempt++ {
		resp, err := op(s.client)
		if err == nil {
			return nil
		}
		err = s.remote(err)
		wait, limited := rateLimitWait(err, resp, s.now())
		if !limited {
			return err
		}
		budget := s.maxWait() - s.waited
		if wait > budget || attempt == maxAttempts {
			return fmt.Errorf("%w: GitHub asks to wait %s, %s of the %s budget left: %w",
				ErrRateLimited, wait, budget, s.maxWait(), err)
		}
		if err := s.sleep(ctx, wait); err != nil {
			return fmt.Errorf("wait out GitHub rate limit: %w", err)
		}
		s.waited += wait
		// go-github remembers limits against its own wall clock and would
		// refuse the retry without sending it; we have already waited as the
		// server asked, so start from a client with no memory.
		if s.client, err = newClient(s.cfg); err != nil {
			return err
		}
	}
}

// remoteError is an error of a GitHub call, whose text quotes GitHub's own
// message: it reads with the secrets masked and escaped onto one line, so
// that no answer can print a line of its own. errors.As still finds
// go-github's error inside.
type remoteError struct {
	err  error
	text string
}

func (e *remoteError) Error() string { return e.text }
func (e *remoteError) Unwrap() error { return e.err }

func (s *session) remote(err error) error {
	return &remoteError{err: err, text: render.OneLine(secret.Mask(err.Error(), s.cfg.secrets()))}
}

// rateLimitWait says whether err is a rate limit and how long to wait. v60
// maps 403 rate limits to typed errors but returns 429 as a plain
// ErrorResponse, so that case reads Retry-After itself.
func rateLimitWait(err error, resp *gh.Response, now time.Time) (time.Duration, bool) {
	var primary *gh.RateLimitError
	var secondary *gh.AbuseRateLimitError
	var plain *gh.ErrorResponse
	switch {
	case errors.As(err, &primary):
		return atLeastOneSecond(primary.Rate.Reset.Time.Sub(now)), true
	case errors.As(err, &secondary):
		if secondary.RetryAfter != nil {
			return atLeastOneSecond(*secondary.RetryAfter), true
		}
		return fallbackWait, true
	case errors.As(err, &plain) && plain.Response != nil && plain.Response.StatusCode == http.StatusTooManyRequests:
		return atLeastOneSecond(retryAfterHeader(plain.Response.Header, now)), true
	}
	return 0, false
}

// retryAfterHeader reads Retry-After (seconds or an HTTP date), then
// X-RateLimit-Reset (epoch seconds), then falls back to a minute.
func retryAfterHeader(h http.Header, now time.Time) time.Duration {
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if secs, err := strconv.Atoi(v); err == nil {
			return time.Duration(secs) * time.Second
		}
		if t, err := http.ParseTime(v); err == nil {
			return t.Sub(now)
		}
	}
	if v := h.Get("X-RateLimit-Reset"); v != "" {
		if epoch, err := strconv.ParseInt(v, 10, 64); err == nil {
			return time.Unix(epoch, 0).Sub(now)
		}
	}
	return fallbackWait
}

func atLeastOneSecond(d time.Duration) time.Duration {
	return max(d, time.Second)
}

// isForbidden reports a 403 that is not a rate limit: the token lacks the
// permission, as for fork pull requests ("Resource not accessible by
// integration").
func isForbidden(err error) (string, bool) {
	var e *gh.ErrorResponse
	if errors.As(err, &e) && e.Response != nil && e.Response.StatusCode == http.StatusForbidden {
		return render.OneLine(e.Message), true
	}
	return "", false
}

// isTooLong reports GitHub's 422 for a body over 65,536 characters, whose
// message sits in Message or in Errors[].Message depending on the endpoint.
func isTooLong(err error) bool {
	var e *gh.ErrorResponse
	if !errors.As(err, &e) || e.Response == nil || e.Response.StatusCode != http.StatusUnprocessableEntity {
		return false
	}
	if strings.Contains(strings.ToLower(e.Message), "too long") {
		return true
	}
	for _, d := range e.Errors {
		if strings.Contains(strings.ToLower(d.Message), "too long") {
			return true
		}
	}
	return false
}

func (s *session) now() time.Time {
	if s.cfg.Now != nil {
		return s.cfg.Now()
	}
	return time.Now()
}

func (s *session) maxWait() time.Duration {
	if s.cfg.MaxWait > 0 {
		return s.cfg.MaxWait
	}
	return DefaultMaxWait
}

func (s *session) sleep(ctx context.Context, d time.Duration) error {
	if s.cfg.Sleep != nil {
		return s.cfg.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
