package apply

import (
	"time"

	"github.com/ccr-dev/ccr/plan"
)

// FormatVersion is the version of the JSON form of a Result. Its major part
// changes when a field is removed or changes meaning, its minor part when
// fields are added (1.1: refused, cost; 1.2: links and switchovers).
const FormatVersion = "1.2"

// Outcome is what happened to one service a plan asked to create, link or
// switch over. Outcomes are past tense; plan actions are imperative.
type Outcome string

// Outcomes.
const (
	// Created: this run created the service. It may not be RUNNING yet when
	// the run was interrupted while waiting (see ServiceResult.Running).
	Created Outcome = "created"
	// AlreadyPresent: the change was found made already: the create met a
	// name already in use by a service that matches the plan, the link
	// existed as planned, or the service was already the active one — the
	// work of an earlier run whose response was lost, or of a concurrent
	// apply. It counts as done; nothing was changed.
	AlreadyPresent Outcome = "already-present"
	// Linked: this run linked the existing member to its primary.
	Linked Outcome = "linked"
	// SwitchedOver: this run made the service the active one of its
	// disaster recovery pair.
	SwitchedOver Outcome = "switched-over"
	// Failed: the create, link or switchover was refused, the name or link
	// is taken by a different one, or the service never reached what was
	// asked (RUNNING, linked, active).
	Failed Outcome = "failed"
	// Skipped: a dependency failed, so the request was never sent.
	Skipped Outcome = "skipped"
	// NotStarted: the run was interrupted before the request was sent.
	NotStarted Outcome = "not-started"
	// Interrupted: a hard cancel cut the request short, so whether it took
	// effect is unknown; a re-run finds out and converges.
	Interrupted Outcome = "interrupted"
)

// Done reports whether the service exists as planned (created, linked,
// switched over or already so), whatever its state.
func (o Outcome) Done() bool {
	return o == Created || o == AlreadyPresent || o == Linked || o == SwitchedOver
}

// ServiceResult is what Run did for one planned create, link or switchover.
type ServiceResult struct {
	Project string
	Service string
	// Action is what the plan asked: plan.Create, plan.Link or
	// plan.Switchover (or plan.NoOp for a service Run waited for).
	Action    plan.Action
	Cloud     string
	JoinWith  string
	DependsOn string
	// Kind and Source are a replica group member's link and primary.
	Kind    string
	Source  string
	Outcome Outcome
	// State is the last Aiven state seen ("" when never seen).
	State string
	// Running reports whether the service was seen RUNNING.
	Running bool
	// Note qualifies a success, e.g. why AlreadyPresent counted as done or
	// that the wait was cut short.
	Note string
	// Error says why the service Failed, was Skipped or Interrupted.
	Error string
	// CreatedAt is when the create, link or switchover was accepted or
	// found already done; RunningAt when what it asked for was first seen
	// (RUNNING, and linked or active). Zero when it did not happen.
	CreatedAt time.Time
	RunningAt time.Time
	// Elapsed is CreatedAt to RunningAt, or to the end of the wait when the
	// service never became RUNNING.
	Elapsed time.Duration
}

// Stats counts the API requests Run sent, retries included.
type Stats struct {
	Creates int
	Gets    int
	Lists   int
	// PollTicks is the number of poll ticks; each sends one list per project
	// with a service being waited on, so Lists/PollTicks is the number of
	// such projects, never the number of services.
	PollTicks int
	// BackupReads counts backup reads of primaries whose members waited for
	// a backup: at most one per primary per tick.
	BackupReads int
	// Links counts link requests; Switchovers counts role changes sent.
	Links       int
	Switchovers int
}

// Result is the outcome of Run: one ServiceResult per create, link and
// switchover in the plan, in plan order, then one per existing service it
// waited for.
type Result struct {
	// Interrupted is set when a graceful stop or a cancelled context cut the
	// run short.
	Interrupted bool
	StartedAt   time.Time
	FinishedAt  time.Time
	Services    []ServiceResult
	Stats       Stats
	// Refused says why the apply did not start; nil when it ran (see
	// Refused).
	Refused *Refusal
}

// Count returns how many services ended with outcome o.
func (r *Result) Count(o Outcome) int {
	n := 0
	for _, s := range r.Services {
		if s.Outcome == o {
			n++
		}
	}
	return n
}

// notRunning counts the services that exist as planned but were not seen
// RUNNING.
func (r *Result) notRunning() int {
	n := 0
	for _, s := range r.Services {
		if s.Outcome.Done() && !s.Running {
			n++
		}
	}
	return n
}

// undone counts the services that do not exist as planned.
func (r *Result) undone() int {
	n := 0
	for _, s := range r.Services {
		if !s.Outcome.Done() {
			n++
		}
	}
	return n
}

// CreatedCost sums, from p's cost, the monthly prices of the services r
// created (outcome Created): what this run adds to the bill. A service found
// already present was created by an earlier run and is not counted. created
// is how many services that is; ok is false when p has no cost.
func (r *Result) CreatedCost(p *plan.Plan) (t plan.Tally, created int, ok bool) {
	if p == nil || p.Cost == nil {
		return plan.Tally{}, 0, false
	}
	made := map[key]bool{}
	for _, s := range r.Services {
		if s.Outcome == Created {
			made[key{s.Project, s.Service}] = true
		}
	}
	t = p.Cost.Sum(func(cc plan.ChangeCost) bool {
		return cc.Action == plan.Create && made[key{cc.Project, cc.Service}]
	})
	return t, len(made), true
}

// Complete reports whether every planned service exists and is RUNNING and
// the run was neither interrupted nor refused: the only case the CLI exits
// 0 after apply.
func (r *Result) Complete() bool {
	if r.Interrupted || r.Refused != nil {
		return false
	}
	for _, s := range r.Services {
		if !s.Outcome.Done() || !s.Running {
			return false
		}
	}
	return true
}
