package apply_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/apply/applytest"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// TestRunAdoptsOwnLinkWhoseAnswerWasLost: the link was made but its answer
// lost; the retry meets "already exists", and the member is linked as
// planned: this run's link, made once.
func TestRunAdoptsOwnLinkWhoseAnswerWasLost(t *testing.T) {
	f := applytest.New()
	dr := running("pg-dr", "pg", nil)
	p := planOf(existing("acme", running("pg-main", "pg", nil)), linkTo("acme", dr, "pg-main", schema.KindDisasterRecovery))
	seedAll(f, p)
	f.Inject(applytest.OpLink, "acme", "pg-dr", applytest.Fault{Err: applytest.Lost(), Commit: true})
	r, err := apply.Run(context.Background(), f, p, fast())
	if err != nil {
		t.Fatal(err)
	}
	res := result(t, r, "pg-dr")
	if !r.Complete() || res.Outcome != apply.Linked || !strings.Contains(res.Note, "answer was lost") {
		t.Errorf("pg-dr = %+v, want linked, noting the lost answer", res)
	}
	if c := f.Calls(); c.Links != 2 || c.LinksCommitted != 1 {
		t.Errorf("links sent %d, made %d; want 2 and 1", c.Links, c.LinksCommitted)
	}
}

// TestRunAdoptsOnlyAnIdenticalLink: "already exists" for a member linked
// to another primary is a failure naming that link, never success.
func TestRunAdoptsOnlyAnIdenticalLink(t *testing.T) {
	f := applytest.New()
	dr := running("pg-dr", "pg", nil)
	other := plan.Integration{ID: "x", Kind: schema.KindDisasterRecovery, Source: "pg-other", Dest: "pg-dr", Active: true}
	p := planOf(existing("acme", running("pg-main", "pg", nil)), linkTo("acme", dr, "pg-main", schema.KindDisasterRecovery))
	seedAll(f, p)
	taken := dr
	taken.Integrations = []plan.Integration{other}
	f.Seed("acme", taken) // linked elsewhere since the plan was made
	r, err := apply.Run(context.Background(), f, p, fast())
	if err != nil {
		t.Fatal(err)
	}
	res := result(t, r, "pg-dr")
	if res.Outcome != apply.Failed || !strings.Contains(res.Error, "disaster_recovery from pg-other") {
		t.Errorf("pg-dr = %s %q, want failed naming the other link", res.Outcome, res.Error)
	}
	if f.Calls().LinksCommitted != 0 {
		t.Error("a link was made")
	}
}

// TestRunMemberNameTakenAdoptsOnlyTheSameMember: a member create that meets
// its name taken counts as done only for a service of the planned type,
// plan, cloud and version, linked to the planned primary as the planned
// kind.
func TestRunMemberNameTakenAdoptsOnlyTheSameMember(t *testing.T) {
	link := plan.Integration{ID: "rr", Kind: schema.KindReadReplica, Source: "pg-main", Dest: "pg-ro", Active: true}
	same := plan.LiveService{Name: "pg-ro", Type: "pg", Plan: "startup-4", Cloud: "aws-us-east-1",
		State: plan.StateRunning, DiskSpaceMB: 81920, Version: "16", Integrations: []plan.Integration{link}}
	standalone := same
	standalone.Integrations = nil
	elsewhere := same
	elsewhere.Integrations = []plan.Integration{{ID: "rr2", Kind: schema.KindReadReplica, Source: "pg-old", Dest: "pg-ro"}}
	older := same
	older.Version = "15"
	for _, tc := range []struct {
		name string
		live plan.LiveService
		want apply.Outcome
		diff string
	}{
		{"the planned member", same, apply.AlreadyPresent, ""},
		{"a standalone service", standalone, apply.Failed, `link is none, want read_replica of "pg-main"`},
		{"a replica of another primary", elsewhere, apply.Failed, `link is read_replica of "pg-old"`},
		{"another version", older, apply.Failed, `version is "15", want "16"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := applytest.New()
			main := running("pg-main", "pg", ptr(1))
			f.Seed("acme", main)
			f.Seed("acme", tc.live)
			r, err := apply.Run(context.Background(), f,
				planOf(existing("acme", main), member("acme", "pg-ro", "pg-main", "pg", schema.KindReadReplica)), fast())
			if err != nil {
				t.Fatal(err)
			}
			res := result(t, r, "pg-ro")
			if res.Outcome != tc.want || !strings.Contains(res.Error, tc.diff) {
				t.Errorf("pg-ro = %s %q, want %s %q", res.Outcome, res.Error, tc.want, tc.diff)
			}
			if n := f.Calls().Committed["acme/pg-ro"]; n != 0 {
				t.Errorf("pg-ro committed %d times, want 0", n)
			}
		})
	}
}

// TestRunSwitchoverAfterALostAnswer: the switchover took effect but its
// answer was lost; the retry reads the role first and sends nothing more.
func TestRunSwitchoverAfterALostAnswer(t *testing.T) {
	f := applytest.New()
	main, dr := drPair(plan.RoleActive, plan.RolePassive)
	p := planOf(existing("acme", main), switchoverTo("acme", dr, "pg-main"))
	seedAll(f, p)
	f.Inject(applytest.OpActive, "acme", "pg-dr", applytest.Fault{Err: applytest.Lost(), Commit: true})
	r, err := apply.Run(context.Background(), f, p, fast())
	if err != nil {
		t.Fatal(err)
	}
	res := result(t, r, "pg-dr")
	if !r.Complete() || res.Outcome != apply.SwitchedOver || !strings.Contains(res.Note, "answer was lost") {
		t.Errorf("pg-dr = %+v, want switched over, noting the lost answer", res)
	}
	if c := f.Calls(); c.Actives != 1 || c.Switchovers != 1 {
		t.Errorf("switchovers sent %d, made %d; want 1 and 1", c.Actives, c.Switchovers)
	}
}

// mixedGroups is a plan with every group action: a new pg primary with a
// read replica and a recovery service, an OpenSearch follower to link to
// its leader, and a recovery pair to switch over.
func mixedGroups() *plan.Plan {
	leader, follower := running("os-leader", "opensearch", nil), running("os-follower", "opensearch", nil)
	main, dr := drPair(plan.RoleActive, plan.RolePassive)
	main.Name, dr.Name = "pg-two", "pg-two-dr"
	for _, s := range []*plan.LiveService{&main, &dr} {
		s.Integrations[0].Source, s.Integrations[0].Dest = "pg-two", "pg-two-dr"
	}
	return planOf(
		primary("acme", "pg-main", "pg"),
		member("acme", "pg-ro", "pg-main", "pg", schema.KindReadReplica),
		member("acme", "pg-dr", "pg-main", "pg", schema.KindDisasterRecovery),
		existing("acme", leader),
		linkTo("acme", follower, "os-leader", schema.KindOpenSearchCCR),
		existing("acme", main),
		switchoverTo("acme", dr, "pg-two"),
	)
}

// replanGroups is what plan.Compute would make of p once f holds some of
// its changes: a create whose service exists, a link the member lists and
// a switchover the roles show become NoOp; the rest keep their action with
// the service as it is now.
func replanGroups(f *applytest.Fake, p *plan.Plan) *plan.Plan {
	next := *p
	next.Changes = append([]plan.Change(nil), p.Changes...)
	for i, c := range next.Changes {
		live, ok := f.Service(c.Project, c.Service)
		if !ok {
			continue
		}
		next.Changes[i].Live = &live
		_, linked := live.LinkedTo(c.Kind, c.Source)
		switch {
		case c.Action == plan.Create, c.Action == plan.Link && linked, c.Action == plan.Switchover && live.Role == plan.RoleActive:
			next.Changes[i].Action = plan.NoOp
		}
	}
	return &next
}

// assertGroupsDone checks mixedGroups was carried out exactly once.
func assertGroupsDone(t *testing.T, f *applytest.Fake) {
	t.Helper()
	assertExactlyOnce(t, f, "acme/pg-main", "acme/pg-ro", "acme/pg-dr")
	c := f.Calls()
	if c.LinksCommitted != 1 || c.Switchovers != 1 {
		t.Errorf("links made %d, switchovers made %d; want 1 each", c.LinksCommitted, c.Switchovers)
	}
	follower, _ := f.Service("acme", "os-follower")
	if _, ok := follower.LinkedTo(schema.KindOpenSearchCCR, "os-leader"); !ok {
		t.Errorf("os-follower links %+v, want one from os-leader", follower.Integrations)
	}
	two, _ := f.Service("acme", "pg-two")
	twoDR, _ := f.Service("acme", "pg-two-dr")
	if two.Role != plan.RolePassive || twoDR.Role != plan.RoleActive {
		t.Errorf("roles %s/%s, want passive/active", two.Role, twoDR.Role)
	}
}

// TestRunConcurrentAppliesOfGroups: two applies of the same plan at once
// create, link and switch over each once, and both end complete.
func TestRunConcurrentAppliesOfGroups(t *testing.T) {
	f := applytest.New()
	f.ProvisionPolls, f.FirstBackupPolls, f.Latency = 2, 2, time.Millisecond
	p := mixedGroups()
	seedAll(f, p)
	results := runTwiceAtOnce(t, f, p)
	for i, r := range results {
		if r == nil || !r.Complete() {
			t.Fatalf("run %d incomplete: %+v", i, r)
		}
	}
	assertGroupsDone(t, f)
}

// TestRunGroupsConvergeUnderFaults applies mixedGroups through 20 % 5xx,
// 10 % 429 and 30 % requests whose response is lost, re-running with a
// fresh plan until complete. Every service is created, linked and
// switched over exactly once.
func TestRunGroupsConvergeUnderFaults(t *testing.T) {
	for seed := range uint64(8) {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := applytest.New()
				f.ProvisionDelay, f.FirstBackupDelay, f.Latency = 10*time.Minute, 5*time.Minute, 100*time.Millisecond
				f.Chaos = &applytest.Chaos{Seed: seed, P5xx: 0.2, P429: 0.1, PDropAfterCommit: 0.3}
				p := mixedGroups()
				seedAll(f, p)
				runs := 0
				for ; runs < 5; runs++ {
					r, err := apply.Run(context.Background(), f, replanGroups(f, p), apply.Options{MaxAttempts: 4})
					if err != nil {
						t.Fatal(err)
					}
					if r.Complete() {
						break
					}
				}
				if runs == 5 {
					t.Fatal("no convergence after 5 runs")
				}
				assertGroupsDone(t, f)
				if n := f.Calls().RefusedReplicas; n != 0 {
					t.Errorf("%d replicas refused, want none", n)
				}
			})
		})
	}
}

// TestRunStopsWhileWaitingForABackup: a graceful stop while a replica waits
// for its primary's backup ends the wait; the replica is not started.
func TestRunStopsWhileWaitingForABackup(t *testing.T) {
	f := applytest.New()
	f.FirstBackupPolls = 1 << 30
	stop := make(chan struct{})
	var once sync.Once
	opts := fast()
	opts.Stop = stop
	opts.Observer = apply.ObserverFunc(func(e apply.Event) {
		if e.Kind == apply.EventWaitingDependency && e.WaitFor == "backup" {
			once.Do(func() { close(stop) })
		}
	})
	main := running("pg-main", "pg", nil)
	f.Seed("acme", main)
	r, err := apply.Run(context.Background(), f,
		planOf(existing("acme", main), member("acme", "pg-ro", "pg-main", "pg", schema.KindReadReplica)), opts)
	if err != nil {
		t.Fatal(err)
	}
	if res := result(t, r, "pg-ro"); !r.Interrupted || res.Outcome != apply.NotStarted || f.Calls().Creates != 0 {
		t.Errorf("interrupted %v, pg-ro %s, creates %d; want interrupted, not started, none", r.Interrupted, res.Outcome,
			f.Calls().Creates)
	}
}

// TestRunKilledMidChangeConverges: a hard cancel cuts a link and a
// switchover short after they were sent (made or not: whether they took
// effect is unknown); the re-run finds out and finishes, each made once.
func TestRunKilledMidChangeConverges(t *testing.T) {
	for _, committed := range []bool{false, true} {
		t.Run(fmt.Sprint("committed=", committed), func(t *testing.T) {
			f := applytest.New()
			p := mixedGroups()
			seedAll(f, p)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			// Both requests hang until the second arrives: then both are
			// in flight, and the cancel cuts both short.
			var sent atomic.Int32
			f.OnChange = func(applytest.Op, string, string) {
				if sent.Add(1) == 2 {
					cancel()
				}
			}
			hang := applytest.Fault{Hang: true, Commit: committed}
			f.Inject(applytest.OpLink, "acme", "os-follower", hang)
			f.Inject(applytest.OpActive, "acme", "pg-two-dr", hang)
			first, err := apply.Run(ctx, f, p, fast())
			if err != nil {
				t.Fatal(err)
			}
			for _, svc := range []string{"os-follower", "pg-two-dr"} {
				if res := result(t, first, svc); res.Outcome != apply.Interrupted {
					t.Fatalf("first run: %s %s %q, want interrupted", svc, res.Outcome, res.Error)
				}
			}
			f.OnChange = nil
			second, err := apply.Run(context.Background(), f, replanGroups(f, p), fast())
			if err != nil {
				t.Fatal(err)
			}
			if !second.Complete() {
				t.Fatalf("re-run incomplete: %+v", second.Services)
			}
			assertGroupsDone(t, f)
		})
	}
}
