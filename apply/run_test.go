package apply_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/apply/applytest"
	"github.com/ccr-dev/ccr/plan"
)

// TestRunJoinsAsSoonAsTheTargetIsCreated: by default the joiner is created
// right after its target's create is committed, as Aiven's guide runs the
// two creates back to back; Aiven builds them together and the joiner is
// RUNNING once the target is.
func TestRunJoinsAsSoonAsTheTargetIsCreated(t *testing.T) {
	f := applytest.New()
	f.ProvisionPolls = 2
	rec := &recorder{}
	opts := fast()
	opts.Observer = rec
	r, err := apply.Run(context.Background(), f, pairs(1, "acme"), opts)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"create acme/eu-0", "create acme/us-0", "running acme/eu-0", "running acme/us-0"}
	if got := f.Log(); !slices.Equal(got, want) {
		t.Errorf("log = %q, want %q", got, want)
	}
	if !r.Complete() || r.Count(apply.Created) != 2 || f.Calls().RefusedJoins != 0 {
		t.Errorf("result not complete, or a join was refused: %+v", r)
	}
	var waited []string
	for _, e := range rec.events {
		if e.Kind == apply.EventWaitingDependency && e.Service == "us-0" {
			waited = append(waited, e.WaitFor)
		}
	}
	if len(waited) > 1 || len(waited) == 1 && waited[0] != "created" {
		t.Errorf("us-0 waited for %v, want at most its target's create", waited)
	}
}

// TestRunFallsBackOnceWhenTheJoinIsRefused: an API that refuses a join
// before its target is RUNNING costs each pair exactly one refused create;
// the joiner then waits for RUNNING and is created once.
func TestRunFallsBackOnceWhenTheJoinIsRefused(t *testing.T) {
	f := applytest.New()
	f.ProvisionPolls, f.JoinRequiresRunning = 2, true
	rec := &recorder{}
	opts := fast()
	opts.Observer = rec
	r, err := apply.Run(context.Background(), f, pairs(3, "acme"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Complete() || r.Count(apply.Created) != 6 {
		t.Fatalf("result not complete: %+v", r.Services)
	}
	if n := f.Calls().RefusedJoins; n != 3 {
		t.Errorf("refused joins = %d, want one per pair (3)", n)
	}
	assertExactlyOnce(t, f, "acme/eu-0", "acme/us-0", "acme/eu-1", "acme/us-1", "acme/eu-2", "acme/us-2")
	if got := rec.kinds("us-0"); !slices.Contains(got, apply.EventJoinDeferred) {
		t.Errorf("us-0 events = %v, want a deferred join", got)
	}
}

// TestRunRefusedJoinIsAFailureWithJoinAfterRunning: waiting for RUNNING
// first, a refusal is not expected and is not retried.
func TestRunRefusedJoinIsAFailureWithJoinAfterRunning(t *testing.T) {
	f := applytest.New()
	f.JoinRequiresRunning = true
	f.Inject(applytest.OpCreate, "acme", "us-0",
		applytest.Fault{Err: fmt.Errorf("[400]: not running yet: %w", apply.ErrJoinNotReady)})
	opts := fast()
	opts.JoinAfter = plan.JoinAfterRunning
	r, err := apply.Run(context.Background(), f, pairs(1, "acme"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if us := result(t, r, "us-0"); us.Outcome != apply.Failed || !strings.Contains(us.Error, "not running yet") {
		t.Errorf("us-0 = %s %q, want failed", us.Outcome, us.Error)
	}
	if n := f.Calls().Creates; n != 2 {
		t.Errorf("creates = %d, want 2 (no retry of the refused join)", n)
	}
}

func TestRunCreatesPeerAfterFirstIsRunningWithJoinAfterRunning(t *testing.T) {
	f := applytest.New()
	f.ProvisionPolls = 2
	rec := &recorder{}
	opts := fast()
	opts.Observer, opts.JoinAfter = rec, plan.JoinAfterRunning
	r, err := apply.Run(context.Background(), f, pairs(1, "acme"), opts)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"create acme/eu-0", "running acme/eu-0", "create acme/us-0", "running acme/us-0"}
	if got := f.Log(); !slices.Equal(got, want) {
		t.Errorf("log = %q, want %q", got, want)
	}
	us, _ := f.Service("acme", "us-0")
	if us.JoinedWith != "eu-0" || us.Datacenter != "us-0" {
		t.Errorf("us-0 joined %q with datacenter %q, want eu-0 and us-0", us.JoinedWith, us.Datacenter)
	}
	if !r.Complete() || r.Interrupted || r.Count(apply.Created) != 2 {
		t.Errorf("result not complete: %+v", r)
	}
	if s := result(t, r, "us-0"); !s.Running || s.RunningAt.Before(s.CreatedAt) || s.Elapsed != s.RunningAt.Sub(s.CreatedAt) {
		t.Errorf("us-0 timing inconsistent: %+v", s)
	}
	wantKinds := []apply.EventKind{apply.EventPlanned, apply.EventWaitingDependency, apply.EventCreating,
		apply.EventCreated, apply.EventState, apply.EventRunning}
	if got := rec.kinds("us-0"); !slices.Equal(got, wantKinds) {
		t.Errorf("us-0 events = %v, want %v", got, wantKinds)
	}
	if r.Stats.Gets != 0 || r.Stats.Creates != 2 {
		t.Errorf("stats = %+v, want 2 creates and no gets", r.Stats)
	}
}

func TestRunRefusesConflictsWithoutCalls(t *testing.T) {
	f := applytest.New()
	p := pairs(1, "acme")
	p.Conflicts = []plan.Conflict{{Kind: "pairing", Project: "acme", Message: "cannot join two existing services"}}
	r, err := apply.Run(context.Background(), f, p, fast())
	if err == nil || r != nil {
		t.Fatalf("Run = %v, %v; want a refusal", r, err)
	}
	if c := f.Calls(); c.Creates+c.Gets+c.Lists != 0 {
		t.Errorf("refused plan made calls: %+v", c)
	}
}

func TestRunRefusesUnfollowableDependencies(t *testing.T) {
	missing := pairs(1, "acme")
	missing.Changes = missing.Changes[1:]
	cycle := pairs(1, "acme")
	cycle.Changes[0].DependsOn = "us-0"
	for name, p := range map[string]*plan.Plan{"missing": missing, "cycle": cycle} {
		t.Run(name, func(t *testing.T) {
			f := applytest.New()
			if _, err := apply.Run(context.Background(), f, p, fast()); err == nil {
				t.Fatal("Run accepted a plan it cannot follow")
			}
			if c := f.Calls(); c.Creates != 0 {
				t.Errorf("made %d creates", c.Creates)
			}
		})
	}
}

func TestRunWaitsForExistingDependency(t *testing.T) {
	f := applytest.New()
	live := plan.LiveService{Name: "eu-0", Type: plan.CassandraType, State: plan.StateRebuilding}
	f.Seed("acme", live)
	p := pairs(1, "acme")
	p.Changes[0].Action, p.Changes[0].Live = plan.NoOp, &live
	opts := fast()
	opts.JoinAfter = plan.JoinAfterRunning
	polls := 0
	opts.Observer = apply.ObserverFunc(func(e apply.Event) {
		// The dependency turns RUNNING only after the peer has waited.
		if e.Kind == apply.EventWaitingDependency {
			polls++
			f.SetState("acme", "eu-0", plan.StateRunning)
		}
	})
	r, err := apply.Run(context.Background(), f, p, opts)
	if err != nil {
		t.Fatal(err)
	}
	// The REBUILDING dependency is settling: it is reported too, after the
	// create, as already present and RUNNING.
	if polls != 1 || !r.Complete() || len(r.Services) != 2 {
		t.Fatalf("want one waited, complete create; got waits=%d result=%+v", polls, r)
	}
	if s := r.Services[1]; s.Service != "eu-0" || s.Outcome != apply.AlreadyPresent || !s.Running {
		t.Fatalf("settling dependency reported as %+v", s)
	}
	assertExactlyOnce(t, f, "acme/us-0")
}

// A re-run after a killed apply finds both services created but one still
// REBUILDING: nothing is created, and success waits until it is RUNNING.
func TestRunWaitsForSettlingServicesWithoutCreates(t *testing.T) {
	f := applytest.New()
	eu := plan.LiveService{Name: "eu-0", Type: plan.CassandraType, State: plan.StateRunning}
	us := plan.LiveService{Name: "us-0", Type: plan.CassandraType, State: plan.StateRebuilding, JoinedWith: "eu-0"}
	f.Seed("acme", eu)
	f.Seed("acme", us)
	p := pairs(1, "acme")
	p.Changes[0].Action, p.Changes[0].Live = plan.NoOp, &eu
	p.Changes[1].Action, p.Changes[1].Live = plan.NoOp, &us
	opts := fast()
	var kinds []apply.EventKind
	opts.Observer = apply.ObserverFunc(func(e apply.Event) {
		kinds = append(kinds, e.Kind)
		if e.Kind == apply.EventPlanned {
			if !apply.Settling(p.Changes[1]) || apply.Settling(p.Changes[0]) {
				t.Errorf("Settling: want only the REBUILDING service")
			}
		}
		if e.Kind == apply.EventState {
			f.SetState("acme", "us-0", plan.StateRunning)
		}
	})
	r, err := apply.Run(context.Background(), f, p, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Services) != 1 || r.Services[0].Service != "us-0" || !r.Services[0].Running || !r.Complete() {
		t.Fatalf("want us-0 waited for until RUNNING, got %+v", r)
	}
	if f.Calls().Committed["acme/us-0"] != 0 || r.Stats.Creates != 0 {
		t.Fatalf("a settling service must not be created again")
	}
	if kinds[0] != apply.EventPlanned || kinds[len(kinds)-1] != apply.EventRunning {
		t.Fatalf("events = %v, want planned … running", kinds)
	}
}

func TestRunSkipsPeerOfPoweredOffExistingService(t *testing.T) {
	f := applytest.New()
	live := plan.LiveService{Name: "eu-0", Type: plan.CassandraType, State: plan.StatePoweroff}
	f.Seed("acme", live)
	p := pairs(1, "acme")
	p.Changes[0].Action, p.Changes[0].Live = plan.NoOp, &live
	r, err := apply.Run(context.Background(), f, p, fast())
	if err != nil {
		t.Fatal(err)
	}
	s := result(t, r, "us-0")
	if s.Outcome != apply.Skipped || f.Calls().Creates != 0 {
		t.Errorf("us-0 = %+v after %d creates; want skipped, none", s, f.Calls().Creates)
	}
	if want := "dependency eu-0 is powered off"; s.Error != want {
		t.Errorf("error = %q, want %q", s.Error, want)
	}
	eu := result(t, r, "eu-0")
	if eu.Outcome != apply.Failed || !strings.Contains(eu.Error, "eu-0 exists but is powered off (POWEROFF): power it on") {
		t.Errorf("eu-0 = %s %q, want failed, naming it and what to do", eu.Outcome, eu.Error)
	}
	if r.Complete() {
		t.Error("a run with a powered-off declared service is complete")
	}
}

// TestRunFailsOnADeclaredServicePoweredOff: with nothing to create, a
// declared service that is POWEROFF still makes the run incomplete, so exit
// 0 keeps meaning that every declared service is RUNNING.
func TestRunFailsOnADeclaredServicePoweredOff(t *testing.T) {
	f := applytest.New()
	eu := plan.LiveService{Name: "eu-0", Type: plan.CassandraType, State: plan.StatePoweroff}
	us := plan.LiveService{Name: "us-0", Type: plan.CassandraType, State: plan.StateRunning, JoinedWith: "eu-0"}
	p := pairs(1, "acme")
	p.Changes[0].Action, p.Changes[0].Live = plan.NoOp, &eu
	p.Changes[1].Action, p.Changes[1].Live, p.Changes[1].JoinWith, p.Changes[1].DependsOn = plan.NoOp, &us, "", ""
	r, err := apply.Run(context.Background(), f, p, fast())
	if err != nil {
		t.Fatal(err)
	}
	if r.Complete() || len(r.Services) != 1 || r.Services[0].Outcome != apply.Failed {
		t.Fatalf("result %+v: want one failed service, incomplete", r.Services)
	}
	if got := apply.Verdict(r); got != "Apply failed: 0 created, 0 already present, 1 failed." {
		t.Errorf("verdict = %q", got)
	}
	if f.Calls().Lists != 0 {
		t.Errorf("lists = %d: the plan's read already says POWEROFF", f.Calls().Lists)
	}
}

func TestRunObserverIsNeverCalledConcurrently(t *testing.T) {
	f := applytest.New()
	f.ProvisionPolls = 1
	var inside, worst int
	opts := fast()
	opts.Parallelism = 8
	opts.Observer = apply.ObserverFunc(func(apply.Event) {
		// Unsynchronised on purpose: -race reports concurrent calls.
		inside++
		worst = max(worst, inside)
		inside--
	})
	if _, err := apply.Run(context.Background(), f, pairs(10, "a", "b"), opts); err != nil {
		t.Fatal(err)
	}
	if worst != 1 {
		t.Errorf("observer nesting reached %d", worst)
	}
}
