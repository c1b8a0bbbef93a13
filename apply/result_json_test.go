package apply_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/plan/schematest"
)

// pricedPlan is the cost side of the plan mixed() applied: orders-eu and
// users-eu, both created, have a price and none; orders-us was already
// present, maybe created by this run, and counts apart; orders-db exists
// and is not a create.
func pricedPlan() *plan.Plan {
	usd := func(s string) *plan.USD {
		v, err := plan.ParseUSD(s)
		if err != nil {
			panic(err)
		}
		return &v
	}
	return &plan.Plan{Cost: &plan.Cost{Currency: plan.Currency, HoursPerMonth: plan.HoursPerMonth, Changes: []plan.ChangeCost{
		{Project: "acme", Service: "orders-eu", Action: plan.Create, Monthly: usd("1140.26")},
		{Project: "acme", Service: "orders-us", Action: plan.Create, Monthly: usd("1185.89")},
		{Project: "acme", Service: "users-eu", Action: plan.Create, Unknown: "Aiven has no price for business-8 in google-europe-west1"},
		{Project: "acme", Service: "orders-db", Action: plan.NoOp, Monthly: usd("300.03")},
	}}}
}

// A refused apply is a document too: why, the plan's conflicts, the time the
// command ran, no services and no cost.
func TestWriteJSONRefused(t *testing.T) {
	res := apply.Refused(t0, t0.Add(1500*time.Millisecond), apply.Refusal{
		Reason:  apply.RefusedConflicts,
		Message: "apply refused: the plan has 2 conflicts (1 preflight, 1 pairing); nothing was changed",
		Conflicts: []plan.Conflict{
			{Kind: plan.KindPairing, Project: "acme", Services: []string{"orders-eu", "orders-us"},
				Position: "ccr.yaml:5:9", Message: "plan is required when neither service exists"},
			{Kind: plan.KindPreflight, Project: "acme", Position: "ccr.yaml:12:20",
				Message: `cloud "aws-moon-1" is not available in project "acme"`},
		},
	})
	var b bytes.Buffer
	if err := apply.WriteJSON(&b, res, pricedPlan()); err != nil {
		t.Fatal(err)
	}
	golden(t, "result_refused.golden.json", b.String())
	if res.Complete() || apply.Verdict(res) != "Apply refused: nothing was changed." {
		t.Errorf("refused result: complete %v, verdict %q", res.Complete(), apply.Verdict(res))
	}
}

// A stale saved plan says what changed, a line each.
func TestWriteJSONRefusedStale(t *testing.T) {
	res := apply.Refused(t0, t0.Add(time.Second), apply.Refusal{
		Reason:  apply.RefusedStale,
		Message: "plan is stale: the live state changed since the plan was made; run \"ccr plan\" again",
		Details: []string{"acme/orders-eu: plan changed from business-8 to business-16", "acme/orders-us now exists"},
	})
	var b bytes.Buffer
	if err := apply.WriteJSON(&b, res, nil); err != nil {
		t.Fatal(err)
	}
	golden(t, "result_stale.golden.json", b.String())
}

// Nothing to create: every count is 0, the times are real, and the cost
// says the run added nothing.
func TestWriteJSONNothingToDo(t *testing.T) {
	var b bytes.Buffer
	res := &apply.Result{StartedAt: t0.In(time.FixedZone("CET", 3600)), FinishedAt: t0.Add(time.Second)}
	if err := apply.WriteJSON(&b, res, pricedPlan()); err != nil {
		t.Fatal(err)
	}
	golden(t, "result_nothing.golden.json", b.String())
	var doc struct {
		StartedAt string `json:"started_at"`
		Cost      struct {
			MonthlyIncrease *string `json:"monthly_increase"`
		} `json:"cost"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.StartedAt != "2026-11-25T18:00:00Z" || doc.Cost.MonthlyIncrease == nil || *doc.Cost.MonthlyIncrease != "0.00" {
		t.Errorf("started_at %q (want UTC), monthly_increase %v (want 0.00)", doc.StartedAt, doc.Cost.MonthlyIncrease)
	}
}

// Every golden result is a document the result schema accepts; together
// they hold every optional field, and none holds a zero time.
func TestGoldenResultsMatchSchema(t *testing.T) {
	s := schematest.Compile(t, apply.JSONSchema())
	cov := schematest.NewCoverage(t, apply.JSONSchema())
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(files) < 4 {
		t.Fatalf("golden results %v (%v): want the mixed, refused, stale and nothing-to-do ones", files, err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		schematest.Validate(t, s, name, data)
		cov.Add(t, data)
		if strings.Contains(string(data), "0001-01-01") {
			t.Errorf("%s holds a zero time", name)
		}
	}
	if missing := cov.Missing(); len(missing) > 0 {
		t.Errorf("no golden result holds %v", missing)
	}
}
