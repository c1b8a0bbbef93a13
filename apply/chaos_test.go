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

// TestRunConvergesUnderFaults applies five pairs through 20 % 5xx, 10 % 429
// and 30 % creates whose response is lost, re-running (with a fresh plan)
// until complete, as CI would. Each seed must end with every service created
// exactly once, joined and placed as planned. Virtual time (synctest) makes
// the default backoffs free.
func TestRunConvergesUnderFaults(t *testing.T) {
	for seed := range uint64(8) {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) { converge(t, seed) })
		})
	}
}

func converge(t *testing.T, seed uint64) {
	f := applytest.New()
	f.ProvisionDelay, f.Latency = 10*time.Minute, 100*time.Millisecond
	f.Chaos = &applytest.Chaos{Seed: seed, P5xx: 0.2, P429: 0.1, PDropAfterCommit: 0.3}
	p := pairs(5, "acme")
	runs := 0
	for ; runs < 5; runs++ {
		r, err := apply.Run(context.Background(), f, replan(f, p), apply.Options{MaxAttempts: 4})
		if err != nil {
			t.Fatal(err)
		}
		if r.Complete() {
			break
		}
	}
	if runs == 5 {
		t.Fatal("no convergence after 5 runs")
	}
	for i := range 5 {
		eu, us := fmt.Sprintf("eu-%d", i), fmt.Sprintf("us-%d", i)
		assertExactlyOnce(t, f, "acme/"+eu, "acme/"+us)
		got, _ := f.Service("acme", us)
		if got.JoinedWith != eu || got.Datacenter != us {
			t.Errorf("%s joined %q in datacenter %q", us, got.JoinedWith, got.Datacenter)
		}
	}
	t.Logf("converged after %d re-runs; %+v", runs, f.Calls())
}
