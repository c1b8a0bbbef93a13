package github_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/cmd/internal/github"
	"github.com/ccr-dev/ccr/cmd/internal/github/githubfake"
)

func TestRateLimitsAreWaitedOut(t *testing.T) {
	cases := map[string]struct {
		fault githubfake.Fault
		wait  time.Duration
	}{
		"primary 403 until reset": {githubfake.PrimaryRateLimit(t0.Add(30 * time.Second)), 30 * time.Second},
		"secondary 403":           {githubfake.SecondaryRateLimit(7 * time.Second), 7 * time.Second},
		"429 Retry-After":         {githubfake.TooManyRequests(5 * time.Second), 5 * time.Second},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			h.fake.Inject(c.fault)
			if o := upsert(t, h, "plan"); o.Action != github.Created {
				t.Fatalf("action = %s, want created after the wait", o.Action)
			}
			if !slices.Equal(h.slept, []time.Duration{c.wait}) {
				t.Errorf("waited %v, want [%v]", h.slept, c.wait)
			}
			if got := len(h.fake.Requests()); got != 3 {
				t.Errorf("requests = %d, want limited list, list again, create", got)
			}
		})
	}
}

func TestRateLimitWaitsShareOneBudget(t *testing.T) {
	h := newHarness(t)
	h.fake.Inject(githubfake.TooManyRequests(25*time.Second), githubfake.TooManyRequests(25*time.Second),
		githubfake.TooManyRequests(25*time.Second))
	_, err := github.UpsertPlanComment(context.Background(), h.cfg, "ccr.yaml", meta, "plan")
	if !errors.Is(err, github.ErrRateLimited) {
		t.Fatalf("err = %v, want ErrRateLimited", err)
	}
	if !slices.Equal(h.slept, []time.Duration{25 * time.Second, 25 * time.Second}) {
		t.Errorf("waited %v, want two waits within the 60s budget", h.slept)
	}
}

func TestRateLimitOverBudgetGivesUpWithoutWaiting(t *testing.T) {
	h := newHarness(t)
	h.fake.Inject(githubfake.PrimaryRateLimit(t0.Add(10 * time.Minute)))
	_, err := github.UpsertPlanComment(context.Background(), h.cfg, "ccr.yaml", meta, "plan")
	if !errors.Is(err, github.ErrRateLimited) || !strings.Contains(err.Error(), "10m0s") {
		t.Fatalf("err = %v, want ErrRateLimited naming the 10m wait", err)
	}
	if len(h.slept) != 0 {
		t.Errorf("waited %v before giving up on a wait it could never finish", h.slept)
	}
	if strings.Contains(err.Error(), githubfake.Token) {
		t.Error("error contains the token")
	}
}

func TestServerErrorIsNotRetriedAsRateLimit(t *testing.T) {
	h := newHarness(t)
	h.fake.Inject(githubfake.ServerError())
	_, err := github.UpsertPlanComment(context.Background(), h.cfg, "ccr.yaml", meta, "plan")
	if err == nil || errors.Is(err, github.ErrRateLimited) || !strings.Contains(err.Error(), "list comments on pull request #1") {
		t.Fatalf("err = %v, want the wrapped 502", err)
	}
	if len(h.slept) != 0 || len(h.fake.Requests()) != 1 {
		t.Errorf("slept %v after %d requests, want no retry", h.slept, len(h.fake.Requests()))
	}
}

func TestRateLimitWaitStopsOnCancel(t *testing.T) {
	h := newHarness(t)
	h.cfg.Sleep = nil // the real timer, cut short by the context
	h.fake.Inject(githubfake.TooManyRequests(30 * time.Second))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := github.UpsertPlanComment(ctx, h.cfg, "ccr.yaml", meta, "plan")
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Errorf("err = %v after %s, want the deadline, promptly", err, time.Since(start))
	}
}
