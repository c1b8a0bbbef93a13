package apply_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/apply"
)

var t0 = time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)

// mixed is a result with every outcome, as a killed-and-failed run may leave.
func mixed() *apply.Result {
	ok := func(svc, cloud, join string, o apply.Outcome, wait time.Duration) apply.ServiceResult {
		return apply.ServiceResult{Project: "acme", Service: svc, Cloud: cloud, JoinWith: join, DependsOn: join,
			Outcome: o, State: "RUNNING", Running: true, CreatedAt: t0, RunningAt: t0.Add(wait), Elapsed: wait}
	}
	adopted := ok("orders-us", "aws-us-east-1", "orders-eu", apply.AlreadyPresent, 90*time.Second)
	adopted.MaybeCreated = true
	adopted.Note = "created by this run or a concurrent apply: a try of this run's create got no answer, " +
		"and the retry found the name taken by a service matching the plan"
	return &apply.Result{
		Interrupted: true, StartedAt: t0, FinishedAt: t0.Add(10 * time.Minute),
		Services: []apply.ServiceResult{
			ok("orders-eu", "google-europe-west1", "", apply.Created, 252*time.Second),
			adopted,
			{Project: "acme", Service: "users-eu", Cloud: "google-europe-west1", Outcome: apply.Created,
				State: "REBUILDING", CreatedAt: t0, Elapsed: time.Minute, Note: "apply was interrupted while waiting"},
			{Project: "acme", Service: "users-us", Cloud: "aws-us-east-1", JoinWith: "users-eu", DependsOn: "users-eu",
				Outcome: apply.NotStarted, Error: "dependency users-eu was not yet RUNNING"},
			{Project: "acme", Service: "carts-eu", Cloud: "google-europe-west1", Outcome: apply.Failed,
				Error: "create: [400]: plan not available"},
			{Project: "acme", Service: "carts-us", Cloud: "aws-us-east-1", JoinWith: "carts-eu", DependsOn: "carts-eu",
				Outcome: apply.Skipped, Error: "dependency carts-eu failed"},
		},
		Stats: apply.Stats{Creates: 4, Gets: 1, Lists: 12, PollTicks: 12},
	}
}

func TestWriteText(t *testing.T) {
	for _, color := range []bool{false, true} {
		var b bytes.Buffer
		if err := apply.WriteText(&b, mixed(), color); err != nil {
			t.Fatal(err)
		}
		name := "summary.golden"
		if color {
			name = "summary_color.golden"
		}
		golden(t, name, b.String())
	}
}

func TestVerdict(t *testing.T) {
	complete := &apply.Result{Services: []apply.ServiceResult{
		{Outcome: apply.Created, Running: true}, {Outcome: apply.AlreadyPresent, Running: true}}}
	for _, tc := range []struct {
		r    *apply.Result
		want string
	}{
		{&apply.Result{}, "Apply complete: 0 created, 0 already present, 0 failed."},
		{complete, "Apply complete: 1 created, 1 already present, 0 failed."},
		{mixed(), "Apply interrupted: 2 created, 1 already present, 1 failed, 1 skipped, 1 not started; 1 not RUNNING yet."},
		{&apply.Result{Services: []apply.ServiceResult{{Outcome: apply.Created, Running: true}, {Outcome: apply.Created}}},
			"Apply incomplete: 2 created, 0 already present, 0 failed; 1 not RUNNING yet."},
		{&apply.Result{Services: []apply.ServiceResult{{Outcome: apply.Created}, {Outcome: apply.Skipped}}},
			"Apply failed: 1 created, 0 already present, 0 failed, 1 skipped; 1 not RUNNING yet."},
	} {
		if got := apply.Verdict(tc.r); got != tc.want {
			t.Errorf("Verdict = %q, want %q", got, tc.want)
		}
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := apply.WriteJSON(&b, mixed(), pricedPlan()); err != nil {
		t.Fatal(err)
	}
	golden(t, "result.golden.json", b.String())
	var doc struct {
		FormatVersion string `json:"format_version"`
		Complete      bool   `json:"complete"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil || doc.FormatVersion != apply.FormatVersion || doc.Complete {
		t.Errorf("JSON head = %+v, %v; want version %s, not complete", doc, err, apply.FormatVersion)
	}
	if strings.Contains(b.String(), "uri") {
		t.Error("JSON mentions a URI")
	}
}
