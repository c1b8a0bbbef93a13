package apply_test

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
)

// updates is a result of updates in place: a pair resized with one request
// (orders-eu sent it, orders-us changed with it), a tag found set by an
// earlier run, protection turned off, a link with a tag riding on it, and a
// downgrade the API refused.
func updates() *apply.Result {
	s := func(v string) *string { return &v }
	done := func(svc string, action plan.Action, o apply.Outcome, wait time.Duration, fs ...apply.FieldResult) apply.ServiceResult {
		return apply.ServiceResult{Project: "acme", Service: svc, Action: action, Cloud: "aws-us-east-1",
			Outcome: o, State: "RUNNING", Running: true, CreatedAt: t0, RunningAt: t0.Add(wait), Elapsed: wait, Updates: fs}
	}
	linked := done("pg-ro", plan.Link, apply.Linked, 2*time.Minute,
		apply.FieldResult{Field: "tags.team", After: "payments", Status: apply.FieldSent})
	linked.Kind, linked.Source, linked.DependsOn = "read_replica", "pg-main", "pg-main"
	found := done("users-eu", plan.Update, apply.AlreadyPresent, time.Second,
		apply.FieldResult{Field: "tags.team", Before: s("users"), After: "users", Status: apply.FieldFound})
	found.Note = "the service had the values already (set by an earlier run whose answer was lost, a concurrent apply, or by hand)"
	return &apply.Result{
		StartedAt: t0, FinishedAt: t0.Add(9 * time.Minute),
		Services: []apply.ServiceResult{
			done("orders-eu", plan.Update, apply.Updated, 6*time.Minute,
				apply.FieldResult{Field: "plan", Before: s("startup-4"), After: "startup-8", Status: apply.FieldSent},
				apply.FieldResult{Field: "disk_space_mb", Before: s("80000"), After: "160000", Status: apply.FieldSent}),
			done("orders-us", plan.Update, apply.Updated, 6*time.Minute,
				apply.FieldResult{Field: "plan", Before: s("startup-4"), After: "startup-8", Via: "orders-eu", Status: apply.FieldByPeer},
				apply.FieldResult{Field: "disk_space_mb", Before: s("80000"), After: "160000", Via: "orders-eu", Status: apply.FieldByPeer},
				apply.FieldResult{Field: "termination_protection", Before: s("true"), After: "false", Status: apply.FieldSent}),
			found,
			linked,
			{Project: "acme", Service: "carts-eu", Action: plan.Update, Cloud: "google-europe-west1", Outcome: apply.Failed,
				Error: "update plan refused: [400]: plan startup-2 cannot hold the 120000 MB this service uses",
				Updates: []apply.FieldResult{
					{Field: "plan", Before: s("startup-8"), After: "startup-2", Status: apply.FieldRefused,
						Error: "[400]: plan startup-2 cannot hold the 120000 MB this service uses"},
					{Field: "tags.team", After: "carts", Status: apply.FieldNotSent},
				}},
		},
		Stats: apply.Stats{Gets: 4, Lists: 12, PollTicks: 12, Links: 1, Updates: 3, TagUpdates: 1},
	}
}

// updatePriced is the cost of updates(): the pair's upgrade costs, the
// refused downgrade would have saved.
func updatePriced() *plan.Plan {
	usd := func(v string) *plan.USD {
		var u plan.USD
		if err := json.Unmarshal([]byte(strconv.Quote(v)), &u); err != nil {
			panic(err)
		}
		return &u
	}
	resize := func(svc, now, after, delta string) plan.ChangeCost {
		return plan.ChangeCost{Project: "acme", Service: svc, Action: plan.Update, Plan: "startup-4", Monthly: usd(now),
			Update: &plan.UpdateCost{Plan: "startup-8", Monthly: usd(after), Delta: usd(delta)}}
	}
	return &plan.Plan{Cost: &plan.Cost{Currency: plan.Currency, HoursPerMonth: plan.HoursPerMonth, Changes: []plan.ChangeCost{
		resize("orders-eu", "200.00", "400.00", "200.00"),
		resize("orders-us", "200.00", "400.00", "200.00"),
		resize("carts-eu", "400.00", "100.00", "-300.00"),
	}}}
}

func TestWriteTextUpdates(t *testing.T) {
	var b bytes.Buffer
	if err := apply.WriteText(&b, updates(), false); err != nil {
		t.Fatal(err)
	}
	golden(t, "summary_updates.golden", b.String())
	for _, want := range []string{"(with orders-eu's request)", "protection off", "; updated tags.team (none) → payments"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	want := "Apply failed: 0 created, 1 linked, 2 updated, 1 already present, 1 failed."
	if got := apply.Verdict(updates()); got != want {
		t.Errorf("Verdict = %q, want %q", got, want)
	}
}

// The cost counts the upgrade the run made on both members, not the
// downgrade the API refused.
func TestWriteJSONUpdates(t *testing.T) {
	var b bytes.Buffer
	if err := apply.WriteJSON(&b, updates(), updatePriced()); err != nil {
		t.Fatal(err)
	}
	golden(t, "result_updates.golden.json", b.String())
	var doc struct {
		Summary struct{ Updated int }
		Cost    struct {
			MonthlyIncrease string `json:"monthly_increase"`
			Updated         int
		}
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Summary.Updated != 2 || doc.Cost.MonthlyIncrease != "400.00" || doc.Cost.Updated != 2 {
		t.Errorf("summary.updated %d, cost %+v; want 2 updated adding 400.00", doc.Summary.Updated, doc.Cost)
	}
}
