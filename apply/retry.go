package apply

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// retrier repeats requests that fail with a *TransientError.
type retrier struct {
	attempts  int
	base, max time.Duration
	after     func(time.Duration) <-chan time.Time
	// onRetry is told about each retry before its backoff.
	onRetry func(delay time.Duration, err error)
}

// do calls fn until it succeeds, fails permanently (or finally: see
// TransientError.Final), runs out of attempts, is asked to wait longer than
// max, or ctx ends. The error of the last try is returned, wrapped when the attempts
// ran out.
func (r retrier) do(ctx context.Context, fn func(attempt int) error) error {
	for attempt := 1; ; attempt++ {
		err := fn(attempt)
		var te *TransientError
		if !errors.As(err, &te) || te.Final {
			return err
		}
		// Bounded by MaxAttempts: an API down for good must end the run.
		if attempt >= r.attempts {
			return fmt.Errorf("gave up after %d attempts: %w", attempt, err)
		}
		if te.RetryAfter > r.max {
			return fmt.Errorf("the API asked to retry after %v, longer than ccr waits between tries (%v): %w",
				te.RetryAfter, r.max, err)
		}
		delay := r.backoff(attempt, te.RetryAfter)
		if r.onRetry != nil {
			r.onRetry(delay, err)
		}
		select {
		case <-r.after(delay):
		case <-ctx.Done():
			return fmt.Errorf("retry after %v: %w", err, ctx.Err())
		}
	}
}

// backoff is the delay before try attempt+1: exponential with equal jitter
// (half fixed, half random, so concurrent clients spread out yet never retry
// sooner than half the step), capped at max, and never shorter than what the
// server asked for.
func (r retrier) backoff(attempt int, retryAfter time.Duration) time.Duration {
	step := r.max
	if attempt < 31 {
		step = min(r.base<<(attempt-1), r.max)
	}
	d := step/2 + rand.N(step/2+1)
	return max(d, retryAfter)
}
