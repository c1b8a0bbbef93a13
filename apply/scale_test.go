package apply_test

import (
	"context"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/apply/applytest"
)

// listsFor runs n pairs in each project with a fake that needs polls
// observations to provision, and returns the result and the fake.
func listsFor(t *testing.T, n, polls int, projects ...string) (*apply.Result, *applytest.Fake) {
	t.Helper()
	f := applytest.New()
	f.ProvisionPolls = polls
	r, err := apply.Run(context.Background(), f, pairs(n, projects...), fast())
	if err != nil {
		t.Fatal(err)
	}
	if !r.Complete() {
		t.Fatalf("run incomplete: %+v", r)
	}
	return r, f
}

func TestRunProgressesPairsConcurrently(t *testing.T) {
	const polls = 3
	one, _ := listsFor(t, 1, polls, "acme")
	many, _ := listsFor(t, 10, polls, "acme")
	// In sequence, ten pairs would need ten times the ticks of one; at once,
	// they need the same two provisioning rounds plus a little for creates
	// that land after a tick.
	if many.Stats.PollTicks > one.Stats.PollTicks+4 {
		t.Errorf("10 pairs took %d ticks, 1 pair %d: pairs did not proceed concurrently",
			many.Stats.PollTicks, one.Stats.PollTicks)
	}
	// The joiner is built together with its target: one provisioning round.
	if one.Stats.PollTicks < polls+1 {
		t.Errorf("1 pair took %d ticks, fewer than one provisioning round (%d)", one.Stats.PollTicks, polls+1)
	}
}

func TestRunPollsOncePerProjectPerTick(t *testing.T) {
	projects := []string{"p1", "p2", "p3"}
	r, f := listsFor(t, 6, 2, projects...)
	calls := f.Calls()
	if calls.Gets != 0 {
		t.Errorf("waiting made %d per-service gets, want 0", calls.Gets)
	}
	if r.Stats.Lists != calls.Lists {
		t.Errorf("result counts %d lists, fake served %d", r.Stats.Lists, calls.Lists)
	}
	// Each tick lists each project with a service being waited on, once:
	// never more than the number of projects, whatever the services.
	if calls.Lists > r.Stats.PollTicks*len(projects) || calls.Lists < r.Stats.PollTicks {
		t.Errorf("%d lists over %d ticks with %d projects", calls.Lists, r.Stats.PollTicks, len(projects))
	}
	for _, p := range projects {
		if calls.ListsByProject[p] > r.Stats.PollTicks {
			t.Errorf("project %s listed %d times in %d ticks", p, calls.ListsByProject[p], r.Stats.PollTicks)
		}
	}
}

func TestRunBoundsRequestsInFlight(t *testing.T) {
	for _, parallelism := range []int{1, 3} {
		f := applytest.New()
		f.Latency = 2 * time.Millisecond
		opts := fast()
		opts.Parallelism = parallelism
		r, err := apply.Run(context.Background(), f, pairs(8, "p1", "p2"), opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Calls().MaxInFlight; got > parallelism || !r.Complete() {
			t.Errorf("parallelism %d: %d requests in flight, complete=%v", parallelism, got, r.Complete())
		}
		if parallelism > 1 && f.Calls().MaxInFlight < 2 {
			t.Errorf("parallelism %d never overlapped requests", parallelism)
		}
	}
}
