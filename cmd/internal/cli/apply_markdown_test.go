package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
)

// The apply report shows what an update changed, how the pair's peer got
// it, what a resize adds to the bill, and keeps a hostile tag value inside
// its cell.
func TestApplyMarkdownUpdates(t *testing.T) {
	usd := func(v string) *plan.USD {
		var u plan.USD
		if err := json.Unmarshal([]byte(`"`+v+`"`), &u); err != nil {
			t.Fatal(err)
		}
		return &u
	}
	resize := func(svc string) plan.ChangeCost {
		return plan.ChangeCost{Project: "acme", Service: svc, Action: plan.Update, Monthly: usd("200.00"),
			Update: &plan.UpdateCost{Plan: "startup-8", Monthly: usd("400.00"), Delta: usd("200.00")}}
	}
	p := &plan.Plan{Cost: &plan.Cost{Currency: plan.Currency, HoursPerMonth: plan.HoursPerMonth,
		Changes: []plan.ChangeCost{resize("orders-eu"), resize("orders-us")}}}
	before := "startup-4"
	size := apply.FieldResult{Field: "plan", Before: &before, After: "startup-8", Status: apply.FieldSent}
	peer := size
	peer.Via, peer.Status = "orders-eu", apply.FieldByPeer
	res := &apply.Result{Services: []apply.ServiceResult{
		{Project: "acme", Service: "orders-eu", Action: plan.Update, Cloud: "aws-us-east-1", Outcome: apply.Updated,
			State: "RUNNING", Running: true, Updates: []apply.FieldResult{size}},
		{Project: "acme", Service: "orders-us", Action: plan.Update, Cloud: "aws-us-east-1", Outcome: apply.Updated,
			State: "RUNNING", Running: true, Updates: []apply.FieldResult{peer,
				{Field: "tags.team", After: "a | b", Status: apply.FieldSent}}},
	}}
	md := applyMarkdown("ccr.yaml", p, res)
	for _, want := range []string{
		"Apply complete: 0 created, 2 updated, 0 already present, 0 failed.",
		"| 🔧 | `acme` | `orders-eu` | `aws-us-east-1` | updated | `RUNNING` | `plan startup-4 → startup-8` | Δ $200.00 |",
		"(with orders-eu's request)",
		`tags.team (none) → a \| b`,
		"the 2 services resized change the bill by $400.00 a month",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}
