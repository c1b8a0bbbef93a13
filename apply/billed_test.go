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
	f.Inject(applytest.OpList, "acme", "", applytest.Fault{Err: revoked})
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
