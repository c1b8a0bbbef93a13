package apply

import (
	"time"

	"github.com/ccr-dev/ccr/plan"
)

// FormatVersion is the version of the JSON form of a Result. Its major part
// changes when a field is removed or changes meaning, its minor part when
// fields are added (1.1: refused, cost; 1.2: maybe_created, links,
// switchovers and updates in place; 1.3: next_steps, and the refused
// status and error of an update's field).
const FormatVersion = "1.3"

// Outcome is what happened to one service a plan asked to create, link,
// switch over or update. Outcomes are past tense; plan actions are
// imperative.
type Outcome string

// Outcomes.
const (
	// Created: this run's create made the service: it exists and is billed.
	// ServiceResult.Running says whether it became RUNNING; when it did
	// not, Error says why it cannot without help (it or its target was
	// powered off, the wait failed) or Note why it may yet (the wait timed
	// out, the run was interrupted).
	Created Outcome = "created"
	// AlreadyPresent: the change was found made already: the create met a
	// name already in use by a service that matches the plan, the link
	// existed as planned, the service was already the active one, or it
	// had the values its update sets — the work of an earlier run whose
	// response was lost, or of a concurrent apply. It counts as done;
	// nothing was changed. When a try of this run's own create got no
	// answer, this run may have made it (ServiceResult.MaybeCreated).
	AlreadyPresent Outcome = "already-present"
	// Linked: this run linked the existing member to its primary.
	Linked Outcome = "linked"
	// SwitchedOver: this run made the service the active one of its
	// disaster recovery pair.
	SwitchedOver Outcome = "switched-over"
	// Updated: this run changed settings of the existing service in place:
	// its own request, or for a CCR pair's member its peer's request,
	// which Aiven applies to both (ServiceResult.Updates says which field
	// how). Running says whether it was seen RUNNING with the new values.
	Updated Outcome = "updated"
	// Failed: the create, link, switchover or update was refused, the name
	// or link is taken by a different one, a value to update changed since
	// the plan, or a service this run did not create or update never
	// reached what was asked (RUNNING, linked, active, the new values).
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
// switched over, updated or already so), whatever its state.
func (o Outcome) Done() bool {
	return o == Created || o == AlreadyPresent || o == Linked || o == SwitchedOver || o == Updated
}

// FieldStatus is how one field of an update got, or did not get, its new
// value.
type FieldStatus string

// Field statuses.
const (
	// FieldSent: this run's request set it.
	FieldSent FieldStatus = "sent"
	// FieldFound: the service had the value when read before the request
	// (an earlier run whose answer was lost, a concurrent apply, a hand in
	// the Console); nothing was sent for it.
	FieldFound FieldStatus = "already-set"
	// FieldByPeer: the pair's member named by Via sets it with its own
	// request (Aiven resizes both members of a CCR pair together); Run
	// sent nothing for it and waited to see it.
	FieldByPeer FieldStatus = "by-peer"
	// FieldNotSent: the update ended before a request set it.
	FieldNotSent FieldStatus = "not-sent"
	// FieldRefused: the API refused the request that set it
	// (FieldResult.Error has the API's message); nothing changed.
	FieldRefused FieldStatus = "refused"
)

// FieldResult is one setting an update changes in place.
type FieldResult struct {
	// Field is as in plan.FieldUpdate: plan, disk_space_mb,
	// termination_protection or "tags.KEY".
	Field string
	// Before is the value read just before the request, or the plan's
	// when the update did not get that far; nil for a tag the service did
	// not have.
	Before *string
	After  string
	// Via names the pair's member whose request changes the field; "" for
	// the service's own request.
	Via    string
	Status FieldStatus
	// Error is the API's message when Status is FieldRefused, else "".
	Error string
}

// ServiceResult is what Run did for one planned create, link, switchover
// or update.
type ServiceResult struct {
	Project string
	Service string
	// Action is what the plan asked: plan.Create, plan.Link,
	// plan.Switchover or plan.Update (or plan.NoOp for a service Run
	// waited for).
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
	// MaybeCreated marks an AlreadyPresent service that this run's create
	// may have made: a try got no answer, and the retry met the name taken
	// by a service matching the plan. A concurrent apply may have made it
	// instead, and the API cannot tell which, so it is not counted as
	// Created: two runs never both count one service.
	MaybeCreated bool
	// Note qualifies a success, e.g. why AlreadyPresent counted as done or
	// that the wait was cut short.
	Note string
	// Error says why the service Failed, was Skipped or Interrupted, or
	// why a service this run Created did not become RUNNING.
	Error string
	// Updates are the settings the plan's update changes (also on a link
	// or switchover), in the plan's order, with what became of each.
	Updates []FieldResult
	// CreatedAt is when the create, link, switchover or update was
	// accepted or found already done; RunningAt when what it asked for was
	// first seen (RUNNING, and linked, active or with the new values).
	// Zero when it did not happen.
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
	// Updates counts UpdateService requests (plan, disk, protection);
	// TagUpdates counts UpdateTags requests.
	Updates    int
	TagUpdates int
}

// Result is the outcome of Run: one ServiceResult per create, link,
// switchover and update in the plan, in plan order, then one per existing
// service it waited for.
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
// RUNNING: those that may yet be (pending), and those whose wait failed.
func (r *Result) notRunning() (pending, failed int) {
	for _, s := range r.Services {
		switch {
		case !s.Outcome.Done() || s.Running:
		case s.Error != "":
			failed++
		default:
			pending++
		}
	}
	return pending, failed
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

// maybeCreated counts the services r may have created.
func (r *Result) maybeCreated() int {
	n := 0
	for _, s := range r.Services {
		if s.MaybeCreated {
			n++
		}
	}
	return n
}

// NextSteps is p's next steps that can be taken after r, in p's order:
// the CQL of a pair whose two services both exist and are RUNNING, and the
// step of a replica group's member that exists and is RUNNING. The CQL
// names both datacenters, so a pair with a service that failed, was never
// created or is still being built has none yet; an OpenSearch follower
// starts replicating only once it runs. The next run prints the others.
func (r *Result) NextSteps(p *plan.Plan) []plan.NextStep {
	results := make(map[key]ServiceResult, len(r.Services))
	for _, s := range r.Services {
		results[key{s.Project, s.Service}] = s
	}
	// running tells whether a declared service is RUNNING after r: as r
	// saw it when r created or waited for it, else as the plan saw it.
	running := func(c plan.Change) bool {
		if s, ok := results[key{c.Project, c.Service}]; ok {
			return s.Outcome.Done() && s.Running
		}
		return c.Action == plan.NoOp && c.Live != nil && c.Live.State == plan.StateRunning
	}
	changes := make(map[key]plan.Change, len(p.Changes))
	pairReady := map[unitKey]bool{}
	for _, c := range p.Changes {
		changes[key{c.Project, c.Service}] = c
		if inGroup(c) {
			continue // a group's services have Pair 0, the first pair's index
		}
		k := unitOf(c)
		if _, seen := pairReady[k]; !seen {
			pairReady[k] = true
		}
		pairReady[k] = pairReady[k] && running(c)
	}
	var out []plan.NextStep
	for _, s := range p.NextSteps {
		c, ok := changes[key{s.Project, s.Service}]
		switch {
		case !ok:
		case inGroup(c) && running(c), !inGroup(c) && pairReady[unitOf(c)]:
			out = append(out, s)
		}
	}
	return out
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
