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
				f.ProvisionDelay, f.Latency, f.JoinRequiresRunning = provision, 200*time.Millisecond, tc.refusing
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
				for _, s := range r.Services {
					// Detection lags provisioning by at most one poll interval.
					if s.Elapsed < provision || s.Elapsed > provision+apply.DefaultMaxPollInterval+time.Second {
						t.Errorf("%s waited %v for a %v provisioning", s.Service, s.Elapsed, provision)
					}
				}
				if r.Stats.Lists != r.Stats.PollTicks {
					t.Errorf("%d lists in %d ticks for one project", r.Stats.Lists, r.Stats.PollTicks)
				}
			})
		})
	}
}
