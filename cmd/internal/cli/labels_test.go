package cli

import (
	"errors"
	"testing"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/cmd/internal/github"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/plan/render"
)

func TestLabelForSaysWhatMergingDoes(t *testing.T) {
	conflict := []plan.Conflict{{Kind: plan.KindPairing, Message: "paired elsewhere"}}
	drift := []plan.Drift{{Service: "orders-eu", Field: "cloud", Want: "aws-us-east-1", Got: "aws-us-east-2"}}
	cases := []struct {
		name string
		p    plan.Plan
		want github.Label
	}{
		{"nothing to do", plan.Plan{}, github.LabelNoChanges},
		{"drift only", plan.Plan{Drift: drift, Summary: plan.Summary{Drift: 1}}, github.LabelNoChanges},
		{"creates", plan.Plan{Summary: plan.Summary{Create: 2}}, github.LabelCreate},
		{"links only", plan.Plan{Summary: plan.Summary{Link: 1, Unchanged: 2}}, github.LabelCreate},
		{"switches over only", plan.Plan{Summary: plan.Summary{Switchover: 1, Unchanged: 2}}, github.LabelCreate},
		{"conflicts beat creates", plan.Plan{Conflicts: conflict, Summary: plan.Summary{Create: 2, Conflicts: 1}}, github.LabelConflict},
		{"updates only", plan.Plan{Summary: plan.Summary{Update: 2}}, github.LabelUpdate},
		{"updates beat creates and links", plan.Plan{Summary: plan.Summary{Create: 2, Update: 1, Link: 1}}, github.LabelUpdate},
		{"updates and drift", plan.Plan{Drift: drift, Summary: plan.Summary{Update: 2, Drift: 1}}, github.LabelUpdate},
		{"conflicts beat updates", plan.Plan{Conflicts: conflict, Summary: plan.Summary{Update: 2, Conflicts: 1}}, github.LabelConflict},
	}
	for _, c := range cases {
		if got := labelFor(&c.p); got != c.want {
			t.Errorf("%s: labelFor = %s, want %s", c.name, got, c.want)
		}
	}
}

func TestApplyLabelIsAppliedOnlyWhenApplyExitsZero(t *testing.T) {
	running := apply.ServiceResult{Outcome: apply.Created, Running: true}
	cases := []struct {
		name   string
		res    *apply.Result
		failed error
		want   github.Label
	}{
		{"all running", &apply.Result{Services: []apply.ServiceResult{running}}, nil, github.LabelApplied},
		{"nothing to apply", &apply.Result{}, nil, github.LabelApplied},
		{"refused", nil, errors.New("plan is stale"), github.LabelApplyFailed},
		{"created, not yet RUNNING", &apply.Result{Services: []apply.ServiceResult{{Outcome: apply.Created}}}, nil, github.LabelApplyFailed},
		{"one failed", &apply.Result{Services: []apply.ServiceResult{running, {Outcome: apply.Failed}}}, nil, github.LabelApplyFailed},
		{"interrupted", &apply.Result{Interrupted: true, Services: []apply.ServiceResult{running}}, nil, github.LabelApplyFailed},
	}
	for _, c := range cases {
		if got := applyLabel(c.res, c.failed); got != c.want {
			t.Errorf("%s: applyLabel = %s, want %s", c.name, got, c.want)
		}
	}
}

// TestEveryChangeCounts: a link, a switchover or an update is a change
// wherever the CLI decides from the plan, as plan.HasChanges says: the label,
// --detailed-exitcode, the drift issue, and the words apply asks approval
// with and announces a saved plan with.
func TestEveryChangeCounts(t *testing.T) {
	cases := []struct {
		s                plan.Summary
		approve, applies string
	}{
		{plan.Summary{Create: 2}, "create 2 service(s)", "2 to create"},
		{plan.Summary{Link: 1}, "link 1 service(s)", "1 to link"},
		{plan.Summary{Switchover: 1}, "switch over 1 service(s)", "1 to switch over"},
		{plan.Summary{Create: 2, Link: 1, Switchover: 1}, "create 2, link 1 and switch over 1 service(s)",
			"2 to create, 1 to link, 1 to switch over"},
	}
	for _, c := range cases {
		p := &plan.Plan{Summary: c.s}
		if got := labelFor(p); got != github.LabelCreate {
			t.Errorf("%+v: label %s, want %s", c.s, got, github.LabelCreate)
		}
		if got := exitCodeFor(planExit(p, true)); got != ExitChanges {
			t.Errorf("%+v: --detailed-exitcode exits %d, want %d", c.s, got, ExitChanges)
		}
		if got := exitCodeFor(planExit(p, false)); got != ExitOK {
			t.Errorf("%+v: plain plan exits %d, want 0", c.s, got)
		}
		if got := approvalWords(c.s); got != c.approve {
			t.Errorf("%+v: approval asks to %q, want %q", c.s, got, c.approve)
		}
		if got := render.Actions(p); got != c.applies {
			t.Errorf("%+v: a saved plan applies %q, want %q", c.s, got, c.applies)
		}
	}
	updates := &plan.Plan{Summary: plan.Summary{Update: 2, Unchanged: 1}}
	if got := exitCodeFor(planExit(updates, true)); got != ExitChanges {
		t.Errorf("a plan of updates exits %d with --detailed-exitcode, want %d", got, ExitChanges)
	}
	if got := render.Actions(updates); got != "0 to create, 2 to update" {
		t.Errorf("a saved plan of updates applies %q", got)
	}
	if got := exitCodeFor(planExit(&plan.Plan{Summary: plan.Summary{Unchanged: 3}}, true)); got != ExitOK {
		t.Errorf("a plan without changes exits %d with --detailed-exitcode, want 0", got)
	}
}
