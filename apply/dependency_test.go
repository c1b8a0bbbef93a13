package apply_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/apply/applytest"
	"github.com/ccr-dev/ccr/plan"
)

// TestRunNeverWaitsForAServiceThatExists joins a service the plan saw
// RUNNING, in both join orders, many times over: the joiner must never
// announce that it waits for its target to be created (or to be RUNNING).
// The plan already knows the target exists, so the answer must not depend
// on which of the run's tasks the scheduler starts first; before the fix
// the target's own task had to run before the joiner's to say so.
func TestRunNeverWaitsForAServiceThatExists(t *testing.T) {
	for _, order := range []string{plan.JoinAfterCreated, plan.JoinAfterRunning} {
		t.Run(order, func(t *testing.T) {
			waits := 0
			const runs = 200
			for range runs {
				f := applytest.New()
				eu := plan.LiveService{Name: "eu-0", Type: plan.CassandraType, Cloud: "google-europe-west1",
					Plan: "startup-4", Datacenter: "eu-0", State: plan.StateRunning}
				f.Seed("acme", eu)
				p := pairs(1, "acme")
				p.Changes[0].Action, p.Changes[0].Live = plan.NoOp, &eu
				opts := fast()
				opts.JoinAfter = order
				var rec recorder
				opts.Observer = &rec
				r, err := apply.Run(context.Background(), f, p, opts)
				if err != nil || !r.Complete() {
					t.Fatalf("run: %v %+v", err, r)
				}
				for _, e := range rec.events {
					if e.Kind == apply.EventWaitingDependency {
						waits++
						if waits == 1 {
							t.Errorf("us-0 announced: waiting for %s to be %s; it exists and is RUNNING", e.DependsOn, e.WaitFor)
						}
					}
				}
				assertExactlyOnce(t, f, "acme/us-0")
			}
			if waits > 0 {
				t.Errorf("%s", fmt.Sprintf("%d of %d runs waited for an existing service", waits, runs))
			}
		})
	}
}
