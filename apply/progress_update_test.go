package apply_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
)

// updateScript is a pair's resize as Run reports it: orders-eu sends one
// request for both members, orders-us waits for it and then watches its
// values; a read replica is linked, then its tag is set.
func updateScript() []apply.Event {
	ev := func(kind apply.EventKind, svc string, action plan.Action) apply.Event {
		e := apply.Event{Kind: kind, Project: "acme", Service: svc, Action: action}
		if svc == "pg-ro" {
			e.DependsOn = "pg-main"
		}
		return e
	}
	waitPeer := ev(apply.EventWaitingDependency, "orders-us", plan.Update)
	waitPeer.WaitFor, waitPeer.WaitOn = "update", "orders-eu"
	waitCreates := ev(apply.EventWaitingDependency, "orders-eu", plan.Update)
	waitCreates.WaitFor = "creates"
	sending := ev(apply.EventUpdating, "orders-eu", plan.Update)
	sending.Message = "plan, disk_space_mb"
	byPeer := ev(apply.EventUpdated, "orders-us", plan.Update)
	byPeer.Message = "plan, disk_space_mb change with orders-eu's request"
	rebalancing := ev(apply.EventState, "orders-eu", plan.Update)
	rebalancing.State = "REBALANCING"
	tag := ev(apply.EventUpdating, "pg-ro", plan.Update)
	tag.Message = "tags.team"
	linked := ev(apply.EventLinked, "pg-ro", plan.Link)
	ran := func(svc string, action plan.Action, d time.Duration) apply.Event {
		e := ev(apply.EventRunning, svc, action)
		e.State, e.Elapsed = "RUNNING", d
		return e
	}
	return []apply.Event{
		ev(apply.EventPlanned, "orders-eu", plan.Update),
		ev(apply.EventPlanned, "orders-us", plan.Update),
		ev(apply.EventPlanned, "pg-ro", plan.Link),
		ev(apply.EventPlanned, "users-eu", plan.Update),
		waitCreates,
		waitPeer,
		linked,
		sending,
		ev(apply.EventUpdated, "orders-eu", plan.Update),
		byPeer,
		rebalancing,
		ran("pg-ro", plan.Link, 30*time.Second),
		tag,
		ev(apply.EventUpdated, "pg-ro", plan.Update),
		ev(apply.EventAlreadyPresent, "users-eu", plan.Update),
		ran("orders-eu", plan.Update, 40*time.Second),
	}
}

func TestLineProgressUpdates(t *testing.T) {
	clock := &fakeClock{}
	var b bytes.Buffer
	p := apply.NewLineProgress(&b, apply.ProgressOptions{Now: clock.Now, Tick: make(chan time.Time)})
	defer p.Close()
	playEvents(clock, updateScript(), p, nil)
	p.Heartbeat(clock.Now())
	golden(t, "progress_lines_updates.golden", b.String())
	for _, want := range []string{
		"orders-eu: waiting for the run's creates to be sent\n",
		"orders-us: waiting for the update of orders-eu, which changes both\n",
		"orders-eu: updating plan, disk_space_mb\n",
		"orders-eu: updated\n",
		"orders-us: updated: plan, disk_space_mb change with orders-eu's request\n",
		"pg-ro: linked, RUNNING after 30s\n",
		"pg-ro: updating tags.team\n",
		"users-eu: already has the new values, as planned\n",
		"orders-eu: RUNNING with the new values after 40s\n",
		"pg-ro: linked to pg-main\n",
		"still waiting: orders-us updated, not yet RUNNING with the new values 1m0s",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("log lacks %q", want)
		}
	}
}

func TestTTYProgressUpdates(t *testing.T) {
	clock := &fakeClock{}
	var b bytes.Buffer
	p := apply.NewTTYProgress(&b, apply.ProgressOptions{Now: clock.Now, Tick: make(chan time.Time),
		Size: func() (int, int) { return 100, 0 }})
	playEvents(clock, updateScript(), p, p.Redraw)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	golden(t, "progress_tty_updates.golden", b.String())
	if !strings.Contains(b.String(), "2 updating") {
		t.Error("the total never counted the updates in progress")
	}
}
