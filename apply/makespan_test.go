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

// TestMakespanNearTwoProvisioningTimes runs N new pairs with the default
// options against a fake with a realistic 10-minute provisioning and 200ms
// per request, in a synctest bubble: time is virtual, so the figures do not
// depend on the load of the machine running the test (BenchmarkApply
// measures the same on the wall clock).
func TestMakespanNearTwoProvisioningTimes(t *testing.T) {
	const provision = 10 * time.Minute
	for _, tc := range []struct {
		pairs    int
		maxRatio float64
	}{{1, 1.25}, {10, 1.25}, {50, 1.25}} {
		t.Run(fmt.Sprintf("pairs=%d", tc.pairs), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := applytest.New()
				f.ProvisionDelay, f.Latency = provision, 200*time.Millisecond
				start := time.Now()
				r, err := apply.Run(context.Background(), f, pairs(tc.pairs, "acme"), apply.Options{})
				if err != nil || !r.Complete() {
					t.Fatalf("run failed: %v %+v", err, r)
				}
				ratio := float64(time.Since(start)) / float64(2*provision)
				t.Logf("makespan %v = %.3f × 2·D; %d creates, %d lists in %d ticks",
					time.Since(start), ratio, r.Stats.Creates, r.Stats.Lists, r.Stats.PollTicks)
				if ratio > tc.maxRatio {
					t.Errorf("makespan is %.3f × 2·D, want ≤ %.2f", ratio, tc.maxRatio)
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
