package apply_test

import (
	"context"
	"slices"
	"testing"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/apply/applytest"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// TestRunSaysCreatingBeforeADependentWaits: a new primary with its recovery
// service, and a new pair whose second service joins the first: each
// dependent's "waiting for X" comes after X's "creating", never before.
// Run starts its tasks in no set order, so this holds in every run, not
// by luck in one.
func TestRunSaysCreatingBeforeADependentWaits(t *testing.T) {
	for range 40 {
		f := applytest.New()
		f.ProvisionPolls = 2
		rec := &recorder{}
		opts := fast()
		opts.Observer = rec
		changes := []plan.Change{
			member("acme", "pay-pg-dr", "pay-pg", "pg", schema.KindDisasterRecovery),
			primary("acme", "pay-pg", "pg"),
		}
		p := planOf(append(changes, pair("acme", "orders-eu", "orders-us", 0)...)...)
		r, err := apply.Run(context.Background(), f, p, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Complete() {
			t.Fatalf("result not complete: %+v", r.Services)
		}
		for dependent, dep := range map[string]string{"pay-pg-dr": "pay-pg", "orders-us": "orders-eu"} {
			creating := slices.IndexFunc(rec.events, func(e apply.Event) bool {
				return e.Service == dep && e.Kind == apply.EventCreating
			})
			waiting := slices.IndexFunc(rec.events, func(e apply.Event) bool {
				return e.Service == dependent && e.Kind == apply.EventWaitingDependency
			})
			if creating < 0 || waiting >= 0 && waiting < creating {
				t.Fatalf("%s says it waits (event %d) before %s says it is creating (event %d): %v",
					dependent, waiting, dep, creating, rec.kinds(dependent))
			}
		}
	}
}
