package apply_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
)

// groupScript is a replica group's life as Run reports it: a read replica
// that waits for its primary's backup and is refused once, a recovery
// service linked, and a switchover.
func groupScript() []apply.Event {
	ev := func(kind apply.EventKind, svc string, action plan.Action, dep string) apply.Event {
		return apply.Event{Kind: kind, Project: "acme", Service: svc, Action: action, DependsOn: dep}
	}
	waitBackup := ev(apply.EventWaitingDependency, "pg-ro", plan.Create, "pg-main")
	waitBackup.WaitFor = "backup"
	waitOwn := ev(apply.EventWaitingDependency, "pg-dr", plan.Link, "pg-main")
	waitOwn.WaitFor, waitOwn.WaitOn = "RUNNING", "pg-dr"
	refused := ev(apply.EventReplicaDeferred, "pg-ro", plan.Create, "pg-main")
	refused.Message = "[403]: Creation of a read replica not allowed under current plan"
	ran := func(svc string, action plan.Action, dep string, d time.Duration) apply.Event {
		e := ev(apply.EventRunning, svc, action, dep)
		e.State, e.Elapsed = "RUNNING", d
		return e
	}
	return []apply.Event{
		ev(apply.EventPlanned, "pg-ro", plan.Create, "pg-main"),
		ev(apply.EventPlanned, "pg-dr", plan.Link, "pg-main"),
		ev(apply.EventPlanned, "pg-two-dr", plan.Switchover, "pg-two"),
		waitBackup,
		waitOwn,
		ev(apply.EventSwitchingOver, "pg-two-dr", plan.Switchover, "pg-two"),
		ev(apply.EventSwitchedOver, "pg-two-dr", plan.Switchover, "pg-two"),
		ev(apply.EventCreating, "pg-ro", plan.Create, "pg-main"),
		refused,
		ev(apply.EventLinking, "pg-dr", plan.Link, "pg-main"),
		ev(apply.EventLinked, "pg-dr", plan.Link, "pg-main"),
		ran("pg-two-dr", plan.Switchover, "pg-two", 20*time.Second),
		ran("pg-dr", plan.Link, "pg-main", 40*time.Second),
	}
}

// playEvents sends events one every 10 seconds of the clock, calling tick
// (when set) after each.
func playEvents(clock *fakeClock, events []apply.Event, o apply.Observer, tick func(time.Time)) {
	for i, e := range events {
		clock.set(time.Duration(i) * 10 * time.Second)
		e.Time = clock.Now()
		o.Observe(e)
		if tick != nil {
			tick(clock.Now())
		}
	}
}

func TestLineProgressGroups(t *testing.T) {
	clock := &fakeClock{}
	var b bytes.Buffer
	p := apply.NewLineProgress(&b, apply.ProgressOptions{Now: clock.Now, Tick: make(chan time.Time)})
	defer p.Close()
	playEvents(clock, groupScript(), p, nil)
	p.Heartbeat(clock.Now())
	golden(t, "progress_lines_groups.golden", b.String())
	for _, want := range []string{
		"pg-ro: waiting for a backup of pg-main\n",
		"pg-dr: waiting for pg-dr to be RUNNING\n",
		"pg-ro: waiting for a backup of pg-main: Aiven refused the replica without one\n",
		"pg-dr: linked to pg-main\n",
		"pg-two-dr: active after 20s\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("log lacks %q", want)
		}
	}
}

func TestTTYProgressGroups(t *testing.T) {
	clock := &fakeClock{}
	var b bytes.Buffer
	p := apply.NewTTYProgress(&b, apply.ProgressOptions{Now: clock.Now, Tick: make(chan time.Time),
		Size: func() (int, int) { return 100, 0 }})
	playEvents(clock, groupScript(), p, p.Redraw)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	golden(t, "progress_tty_groups.golden", b.String())
	if !strings.Contains(b.String(), "1 linking or switching over") {
		t.Error("the total never counted the link or the switchover in progress")
	}
}
