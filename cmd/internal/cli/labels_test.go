package cli

import (
	"errors"
	"testing"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/cmd/internal/github"
	"github.com/ccr-dev/ccr/plan"
)

func TestLabelForSaysWhatMergingDoes(t *testing.T) {
	conflict := []plan.Conflict{{Kind: plan.KindPairing, Message: "paired elsewhere"}}
	drift := []plan.Drift{{Service: "orders-eu", Field: "plan", Want: "startup-4", Got: "startup-8"}}
	cases := []struct {
		name string
		p    plan.Plan
		want github.Label
	}{
		{"nothing to do", plan.Plan{}, github.LabelNoChanges},
		{"drift only", plan.Plan{Drift: drift, Summary: plan.Summary{Drift: 1}}, github.LabelNoChanges},
		{"creates", plan.Plan{Summary: plan.Summary{Create: 2}}, github.LabelCreate},
		{"conflicts beat creates", plan.Plan{Conflicts: conflict, Summary: plan.Summary{Create: 2, Conflicts: 1}}, github.LabelConflict},
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
