package apply_test

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/apply/applytest"
)

// makespanLatency is the fake's answer time in the makespan tests.
const makespanLatency = 200 * time.Millisecond

// TestMakespanNearOneProvisioningTime runs N new pairs with the default
// options against a fake with a realistic 10-minute provisioning and 200ms
// per request, in a synctest bubble: time is virtual, so the figures do not
// depend on the load of the machine running the test (BenchmarkApply
// measures the same on the wall clock). The joiner is created as soon as its
// target's create is committed, so a new pair takes one provisioning time,
// D; against an API that refuses that early join, each pair pays one
// refused create and takes 2·D.
func TestMakespanNearOneProvisioningTime(t *testing.T) {
	const provision = 10 * time.Minute
	for _, tc := range []struct {
		pairs    int
		refusing bool
		bound    time.Duration
		maxRatio float64
	}{
		{1, false, provision, 1.15}, {10, false, provision, 1.15}, {50, false, provision, 1.15},
		{1, true, 2 * provision, 1.25}, {10, true, 2 * provision, 1.25}, {50, true, 2 * provision, 1.25},
	} {
		t.Run(fmt.Sprintf("pairs=%d/join-requires-running=%v", tc.pairs, tc.refusing), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := applytest.New()
				f.ProvisionDelay, f.Latency, f.JoinRequiresRunning = provision, makespanLatency, tc.refusing
				start := time.Now()
				r, err := apply.Run(context.Background(), f, pairs(tc.pairs, "acme"), apply.Options{})
				if err != nil || !r.Complete() {
					t.Fatalf("run failed: %v %+v", err, r)
				}
				ratio := float64(time.Since(start)) / float64(tc.bound)
				t.Logf("makespan %v = %.3f × %v; %d creates (%d refused), %d lists in %d ticks",
					time.Since(start), ratio, tc.bound, r.Stats.Creates, f.Calls().RefusedJoins, r.Stats.Lists, r.Stats.PollTicks)
				if ratio > tc.maxRatio {
					t.Errorf("makespan is %.3f × its bound, want ≤ %.2f", ratio, tc.maxRatio)
				}
				wantRefused := 0
				if tc.refusing {
					wantRefused = tc.pairs
				}
				if n := f.Calls().RefusedJoins; n != wantRefused {
					t.Errorf("%d refused joins, want %d", n, wantRefused)
				}
				for key, n := range f.Calls().Committed {
					if n != 1 {
						t.Errorf("%s created %d times", key, n)
					}
				}
				checkSeenLate(t, r, provision)
				if r.Stats.Lists != r.Stats.PollTicks {
					t.Errorf("%d lists in %d ticks for one project", r.Stats.Lists, r.Stats.PollTicks)
				}
			})
		})
	}
}

// TestEveryServiceSeenWithinASixteenthOfD: whatever the provisioning time D
// (from the first poll on, PollInterval = 5s), every service of 10 new
// pairs is seen RUNNING at most D/16 after it is, the joiners created a
// moment after their targets included, so the makespan stays near D.
// Polls timed from the first create saw a joiner a whole interval late:
// 10 pairs took 1.5 × D at D = 7s and 1.1 × D at D = 33s.
func TestEveryServiceSeenWithinASixteenthOfD(t *testing.T) {
	for _, d := range []time.Duration{5 * time.Second, 7 * time.Second, 20 * time.Second, 33 * time.Second,
		2 * time.Minute, 10 * time.Minute} {
		t.Run(fmt.Sprintf("D=%v", d), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := applytest.New()
				f.ProvisionDelay, f.Latency = d, makespanLatency
				start := time.Now()
				r, err := apply.Run(context.Background(), f, pairs(10, "acme"), apply.Options{})
				if err != nil || !r.Complete() {
					t.Fatalf("run failed: %v %+v", err, r)
				}
				makespan := time.Since(start)
				t.Logf("makespan %v = %.3f × D; %d lists in %d ticks", makespan, float64(makespan)/float64(d),
					r.Stats.Lists, r.Stats.PollTicks)
				checkSeenLate(t, r, d)
				// Two creates one after the other, and a list's answer.
				if limit := d + d/16 + 3*makespanLatency; makespan > limit {
					t.Errorf("makespan %v = %.3f × D, want ≤ D + D/16 + 3 answer times (%v)",
						makespan, float64(makespan)/float64(d), limit)
				}
			})
		})
	}
}

// checkSeenLate holds every service of r to being seen RUNNING at most
// D/16 after it became RUNNING, give or take an answer time: Elapsed
// counts from the create's answer, the fake's provisioning from its
// commit.
func checkSeenLate(t *testing.T, r *apply.Result, d time.Duration) {
	t.Helper()
	for _, s := range r.Services {
		if late := s.Elapsed - d; late < -makespanLatency || late > d/16+makespanLatency {
			t.Errorf("%s waited %v for a %v provisioning: seen %v late, want at most D/16 = %v",
				s.Service, s.Elapsed, d, late, d/16)
		}
	}
}
