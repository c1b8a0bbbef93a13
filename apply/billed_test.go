package apply_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/apply/applytest"
	"github.com/ccr-dev/ccr/plan"
)

// TestCreatedServiceWhoseWaitFailsIsStillCreated: both services of a pair
// are created, then the token is revoked, so every poll is refused. Both
// exist and are billed: they count as created, in the summary and in the
// cost, and each says why it is not RUNNING.
func TestCreatedServiceWhoseWaitFailsIsStillCreated(t *testing.T) {
	f := applytest.New()
	f.ProvisionPolls = 1000
	revoked := errors.New("[403]: Authentication failed")
	for range 100 { // revoked for good: every poll is refused
		f.Inject(applytest.OpList, "acme", "", applytest.Fault{Err: revoked})
	}
	opts := fast()
	p := pairs(1, "acme")
	p.Cost = pricedPairCost()
	r, err := apply.Run(context.Background(), f, p, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range r.Services {
		if s.Outcome != apply.Created || s.Running || s.Error != "wait for RUNNING: list services of project \"acme\": [403]: Authentication failed" {
			t.Errorf("%s = %s running=%v error %q; want created, not running, with the poll's error",
				s.Service, s.Outcome, s.Running, s.Error)
		}
	}
	if got := apply.Verdict(r); got != "Apply failed: 2 created, 0 already present, 0 failed; 2 failed to become RUNNING." {
		t.Errorf("verdict = %q", got)
	}
	if r.Complete() {
		t.Error("a run whose services are not RUNNING is complete")
	}
	var b bytes.Buffer
	if err := apply.WriteJSON(&b, r, p); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Summary struct{ Created, Failed int }
		Cost    struct {
			MonthlyIncrease string `json:"monthly_increase"`
		}
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Summary.Created != 2 || doc.Summary.Failed != 0 || doc.Cost.MonthlyIncrease != "2326.15" {
		t.Errorf("summary created %d failed %d, cost %q; want 2 created costing 2326.15",
			doc.Summary.Created, doc.Summary.Failed, doc.Cost.MonthlyIncrease)
	}
}

// pricedPairCost prices the pair pairs(1, "acme") creates.
func pricedPairCost() *plan.Cost {
	eu, us := plan.USD(1140_260000), plan.USD(1185_890000)
	return &plan.Cost{Currency: plan.Currency, HoursPerMonth: plan.HoursPerMonth, Changes: []plan.ChangeCost{
		{Project: "acme", Service: "eu-0", Action: plan.Create, Monthly: &eu},
		{Project: "acme", Service: "us-0", Action: plan.Create, Monthly: &us},
	}}
}

// TestCreateRequestsBoundedAcrossARefusedJoin: the joiner's early create is
// refused, then every try after its target is RUNNING fails with a 503. All
// its tries together send MaxAttempts requests, the refused one included.
func TestCreateRequestsBoundedAcrossARefusedJoin(t *testing.T) {
	f := applytest.New()
	f.JoinRequiresRunning, f.ProvisionPolls = true, 1000
	opts := fast()
	opts.MaxAttempts = 3
	opts.Observer = apply.ObserverFunc(func(e apply.Event) {
		if e.Kind == apply.EventJoinDeferred {
			// eu-0 stays REBUILDING until the early join was refused.
			f.SetState("acme", "eu-0", plan.StateRunning)
			f.Inject(applytest.OpCreate, "acme", "us-0", applytest.Fault{Err: applytest.Unavailable()},
				applytest.Fault{Err: applytest.Unavailable()}, applytest.Fault{Err: applytest.Unavailable()},
				applytest.Fault{Err: applytest.Unavailable()})
		}
	})
	r, err := apply.Run(context.Background(), f, pairs(1, "acme"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if us := result(t, r, "us-0"); us.Outcome != apply.Failed {
		t.Errorf("us-0 = %s %q, want failed", us.Outcome, us.Error)
	}
	// eu-0 once, us-0 three times: refused, then two 503s.
	if c := f.Calls(); c.Creates != 4 || c.RefusedJoins != 1 {
		t.Errorf("%d creates (%d refused joins), want 1 + 3 with MaxAttempts 3", c.Creates, c.RefusedJoins)
	}
}

// TestMaybeCreatedServiceWhoseWaitFailsKeepsItsOutcome: a create whose
// answer was lost made eu-0, which is then powered off before RUNNING. It
// stays already present and maybe created by this run (it may be billed
// because of it), with the reason it is not RUNNING.
func TestMaybeCreatedServiceWhoseWaitFailsKeepsItsOutcome(t *testing.T) {
	f := applytest.New()
	f.ProvisionPolls = 1000
	f.Inject(applytest.OpCreate, "acme", "eu-0", applytest.Fault{Err: applytest.Lost(), Commit: true})
	opts := fast()
	opts.JoinAfter = plan.JoinAfterRunning
	opts.Observer = apply.ObserverFunc(func(e apply.Event) {
		if e.Kind == apply.EventAlreadyPresent && e.Service == "eu-0" {
			f.SetState("acme", "eu-0", plan.StatePoweroff)
		}
	})
	r, err := apply.Run(context.Background(), f, pairs(1, "acme"), opts)
	if err != nil {
		t.Fatal(err)
	}
	eu := result(t, r, "eu-0")
	if eu.Outcome != apply.AlreadyPresent || !eu.MaybeCreated || eu.Running || eu.Error != "wait for RUNNING: service is POWEROFF" {
		t.Errorf("eu-0 = %+v, want already present, maybe created, not running, with the error", eu)
	}
	if got := apply.Verdict(r); got != "Apply failed: 0 created, 1 already present, 0 failed, 1 skipped; 1 failed to become RUNNING." {
		t.Errorf("verdict = %q", got)
	}
}
