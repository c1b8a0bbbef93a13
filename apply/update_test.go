package apply_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/apply/applytest"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// TestRunResizesAPairWithOneRequest: a pair's plan and disk change with one
// request on its first member; the other sends nothing, waits to see the
// values, and both are Updated and RUNNING once the rebalance is over.
func TestRunResizesAPairWithOneRequest(t *testing.T) {
	f := applytest.New()
	f.RebalancePolls = 2
	rec := &recorder{}
	opts := fast()
	opts.Observer = rec
	p := updatePlan(resizePair(f, "acme", 0, "eu-0", "us-0", "startup-8", 510000)...)
	r, err := apply.Run(context.Background(), f, p, opts)
	if err != nil {
		t.Fatal(err)
	}
	c := f.Calls()
	if !maps.Equal(c.UpdatesBy, map[string]int{"acme/eu-0": 1}) || c.TagUpdates != 0 || r.Stats.Updates != 1 {
		t.Errorf("updates sent %v (stats %d), want one request on eu-0", c.UpdatesBy, r.Stats.Updates)
	}
	want := map[string]int{"acme/eu-0 plan": 1, "acme/eu-0 disk_space_mb": 1, "acme/us-0 plan": 1, "acme/us-0 disk_space_mb": 1}
	if !maps.Equal(c.Changed, want) {
		t.Errorf("changed %v, want each value of both members once", c.Changed)
	}
	if !r.Complete() || r.Count(apply.Updated) != 2 {
		t.Fatalf("result: %+v", r.Services)
	}
	us := result(t, r, "us-0")
	for _, fr := range us.Updates {
		if fr.Status != apply.FieldByPeer || fr.Via != "eu-0" {
			t.Errorf("us-0 %s: %s via %q, want by-peer via eu-0", fr.Field, fr.Status, fr.Via)
		}
	}
	eu := result(t, r, "eu-0")
	if eu.Updates[0].Status != apply.FieldSent || *eu.Updates[0].Before != "startup-4" || eu.Updates[0].After != "startup-8" {
		t.Errorf("eu-0 plan: %+v, want sent startup-4 → startup-8", eu.Updates[0])
	}
	for _, s := range []string{"eu-0", "us-0"} {
		if got := rec.kinds(s); !slices.Contains(got, apply.EventState) || got[len(got)-1] != apply.EventRunning {
			t.Errorf("%s events %v, want REBALANCING seen, then RUNNING", s, got)
		}
	}
}

// TestRunUpdateSendsOnlyWhatStillDiffers: what the service has already
// (set by a concurrent apply, say, after the plan was read) is not sent
// again; what still differs is.
func TestRunUpdateSendsOnlyWhatStillDiffers(t *testing.T) {
	f := applytest.New()
	a, _ := livePair("eu-0", "us-0")
	f.Seed("acme", a)
	p := updatePlan(updateOf("acme", a, 0, upd(plan.FieldProtection, "false", "true"), upd("tags.team", "", "orders")))
	f.Set("acme", "eu-0", func(s *plan.LiveService) { s.TerminationProtection = true })
	r, err := apply.Run(context.Background(), f, p, fast())
	if err != nil {
		t.Fatal(err)
	}
	c := f.Calls()
	if c.Updates != 0 || c.TagUpdates != 1 || c.Changed["acme/eu-0 tags.team"] != 1 {
		t.Errorf("%d updates, %d tag updates, changed %v; want the tag alone", c.Updates, c.TagUpdates, c.Changed)
	}
	eu := result(t, r, "eu-0")
	if eu.Outcome != apply.Updated || !eu.Running ||
		eu.Updates[0].Status != apply.FieldFound || eu.Updates[1].Status != apply.FieldSent {
		t.Errorf("eu-0 = %s running=%v %+v, want updated, protection already set, tag sent", eu.Outcome, eu.Running, eu.Updates)
	}
	got, _ := f.Service("acme", "eu-0")
	if !maps.Equal(got.Tags, map[string]string{"owner": "ops", "team": "orders"}) {
		t.Errorf("tags %v, want the undeclared owner kept and team added", got.Tags)
	}
}

// TestRunUpdateFoundDoneSendsNothing: a rerun whose plan was read before
// an earlier run's update landed finds every value set: already present,
// nothing sent.
func TestRunUpdateFoundDoneSendsNothing(t *testing.T) {
	f := applytest.New()
	p := updatePlan(resizePair(f, "acme", 0, "eu-0", "us-0", "startup-8", 270000)...)
	for _, s := range []string{"eu-0", "us-0"} {
		f.Set("acme", s, func(l *plan.LiveService) { l.Plan, l.DiskSpaceMB = "startup-8", 270000 })
	}
	r, err := apply.Run(context.Background(), f, p, fast())
	if err != nil {
		t.Fatal(err)
	}
	if c := f.Calls(); c.Updates+c.TagUpdates != 0 {
		t.Errorf("%d requests sent, want none", c.Updates+c.TagUpdates)
	}
	if !r.Complete() || r.Count(apply.AlreadyPresent) != 2 || r.Count(apply.Updated) != 0 {
		t.Errorf("result %+v, want both already present", r.Services)
	}
}

// TestRunUpdateNeverChangesTwice: two applies of the same plan at once,
// and a lost answer whose retry finds the change made: every value is
// changed by exactly one request, and both runs end done.
func TestRunUpdateNeverChangesTwice(t *testing.T) {
	f := applytest.New()
	f.RebalancePolls = 1
	var changes []plan.Change
	for i := range 5 {
		changes = append(changes, resizePair(f, "acme", i, fmt.Sprintf("eu-%d", i), fmt.Sprintf("us-%d", i), "startup-8", 300000)...)
	}
	f.Inject(applytest.OpUpdate, "acme", "eu-0", applytest.Fault{Err: applytest.Lost(), Commit: true})
	p := updatePlan(changes...)
	results := runTwiceAtOnce(t, f, p)
	for k, n := range f.Calls().Changed {
		if n != 1 {
			t.Errorf("%s changed %d times, want once", k, n)
		}
	}
	if n := len(f.Calls().Changed); n != 20 {
		t.Errorf("%d values changed, want 20 (plan and disk of 10 services)", n)
	}
	for _, r := range results {
		if !r.Complete() {
			t.Errorf("a run did not complete: %+v", r.Services)
		}
	}
	if n := f.Calls().UpdatesBy["acme/eu-0"]; n > 2 {
		t.Errorf("eu-0 got %d updates; the lost answer's retry must read first and send nothing", n)
	}
}

// TestRunUpdateLostAnswerIsReadNotResent: a request whose answer was lost
// after it took effect is not sent again: the retry reads the service and
// finds the values.
func TestRunUpdateLostAnswerIsReadNotResent(t *testing.T) {
	f := applytest.New()
	p := updatePlan(resizePair(f, "acme", 0, "eu-0", "us-0", "startup-8", 300000)...)
	f.Inject(applytest.OpUpdate, "acme", "eu-0", applytest.Fault{Err: applytest.Lost(), Commit: true})
	r, err := apply.Run(context.Background(), f, p, fast())
	if err != nil {
		t.Fatal(err)
	}
	if n := f.Calls().UpdatesBy["acme/eu-0"]; n != 1 {
		t.Errorf("eu-0 got %d updates, want 1", n)
	}
	if eu := result(t, r, "eu-0"); eu.Outcome != apply.Updated || !strings.Contains(eu.Note, "lost") || !eu.Running {
		t.Errorf("eu-0 = %s %q, want updated with a note on the lost answer", eu.Outcome, eu.Note)
	}
}

// TestRunUpdateRefusedTheRestGoesOn: an update the API refuses fails with
// its message, its pair's peer is skipped, and every other pair is
// updated and reported.
func TestRunUpdateRefusedTheRestGoesOn(t *testing.T) {
	f := applytest.New()
	changes := resizePair(f, "acme", 0, "eu-0", "us-0", "startup-8", 300000)
	changes = append(changes, resizePair(f, "acme", 1, "eu-1", "us-1", "startup-8", 300000)...)
	// The tag is sent after the plan and disk: never, here.
	changes[0].Updates = append(changes[0].Updates, upd("tags.team", "", "orders"))
	f.Inject(applytest.OpUpdate, "acme", "eu-0",
		applytest.Fault{Err: errors.New(`[400]: disk_space_mb 300000 is less than the 310000 MB the data of service "us-0" uses`)})
	r, err := apply.Run(context.Background(), f, updatePlan(changes...), fast())
	if err != nil {
		t.Fatal(err)
	}
	eu, us := result(t, r, "eu-0"), result(t, r, "us-0")
	if eu.Outcome != apply.Failed || !strings.Contains(eu.Error, "310000 MB") || !strings.Contains(eu.Error, "refused") {
		t.Errorf("eu-0 = %s %q, want failed with the API's message", eu.Outcome, eu.Error)
	}
	if us.Outcome != apply.Skipped || !strings.Contains(us.Error, "eu-0") {
		t.Errorf("us-0 = %s %q, want skipped naming eu-0", us.Outcome, us.Error)
	}
	// The refused fields say so with the API's message; the peer's, never
	// sent, stay not-sent.
	for _, f := range eu.Updates {
		if f.Field == "tags.team" {
			if f.Status != apply.FieldNotSent || f.Error != "" {
				t.Errorf("eu-0 tags.team: %s %q, want not-sent", f.Status, f.Error)
			}
			continue
		}
		if f.Status != apply.FieldRefused || !strings.Contains(f.Error, "310000 MB") {
			t.Errorf("eu-0 %s: %s %q, want refused with the API's message", f.Field, f.Status, f.Error)
		}
	}
	for _, f := range us.Updates {
		if f.Status != apply.FieldNotSent || f.Error != "" {
			t.Errorf("us-0 %s: %s %q, want not-sent", f.Field, f.Status, f.Error)
		}
	}
	if len(eu.Updates) == 0 || len(us.Updates) == 0 {
		t.Errorf("eu-0 has %d fields, us-0 %d: want both resized", len(eu.Updates), len(us.Updates))
	}
	if r.Complete() || r.Count(apply.Updated) != 2 {
		t.Errorf("result complete=%v, %d updated; want incomplete with the other pair updated", r.Complete(), r.Count(apply.Updated))
	}
	if got, _ := f.Service("acme", "us-0"); got.Plan != "startup-4" {
		t.Errorf("us-0 plan %s, want it unchanged", got.Plan)
	}
}

// TestRunUpdateRefusesAValueMovedSinceThePlan: a plan someone changed to a
// third value after the plan was read is not overwritten: the planned
// value might remove capacity nobody reviewed.
func TestRunUpdateRefusesAValueMovedSinceThePlan(t *testing.T) {
	f := applytest.New()
	p := updatePlan(resizePair(f, "acme", 0, "eu-0", "us-0", "startup-8", 300000)...)
	f.Set("acme", "eu-0", func(s *plan.LiveService) { s.Plan = "business-16" })
	r, err := apply.Run(context.Background(), f, p, fast())
	if err != nil {
		t.Fatal(err)
	}
	if c := f.Calls(); c.Updates != 0 {
		t.Errorf("%d updates sent, want none", c.Updates)
	}
	eu := result(t, r, "eu-0")
	if eu.Outcome != apply.Failed || !strings.Contains(eu.Error, "plan is business-16 now, not startup-4") {
		t.Errorf("eu-0 = %s %q, want failed naming the moved plan", eu.Outcome, eu.Error)
	}
}

// TestRunUpdatesAfterTheCreates: updates wait until every create of the
// run was answered, and a group's update until its own member's create is
// RUNNING; another pair's update does not wait for that.
func TestRunUpdatesAfterTheCreates(t *testing.T) {
	f := applytest.New()
	f.ProvisionPolls = 3
	main := running("pg-main", "pg", ptr(1))
	f.Seed("acme", main)
	group := 0
	primaryUpdate := plan.Change{Project: "acme", Service: "pg-main", Action: plan.Update, Group: &group, Type: "pg",
		Cloud: main.Cloud, Plan: "business-8", Live: &main, Updates: []plan.FieldUpdate{upd(plan.FieldPlan, "business-4", "business-8")}}
	changes := append(pair("acme", "eu-0", "us-0", 0), primaryUpdate,
		member("acme", "pg-ro", "pg-main", "pg", schema.KindReadReplica))
	changes = append(changes, resizePair(f, "acme", 1, "eu-1", "us-1", "startup-8", 300000)...)
	r, err := apply.Run(context.Background(), f, updatePlan(changes...), fast())
	if err != nil {
		t.Fatal(err)
	}
	if !r.Complete() {
		t.Fatalf("result: %+v", r.Services)
	}
	log := f.Log()
	before := func(a, b string) {
		t.Helper()
		i, j := slices.Index(log, a), slices.Index(log, b)
		if i < 0 || j < 0 || i > j {
			t.Errorf("log %q: want %q before %q", log, a, b)
		}
	}
	for _, created := range []string{"create acme/eu-0", "create acme/us-0", "create acme/pg-ro"} {
		before(created, "update acme/eu-1 plan")
		before(created, "update acme/pg-main plan")
	}
	before("running acme/pg-ro", "update acme/pg-main plan")
}

// TestRunUpdateRidesOnALink: an update on a link is sent once the member
// is linked and RUNNING; the row is the link's, with the update's fields.
// When the update then fails, the row fails and says the link was made.
func TestRunUpdateRidesOnALink(t *testing.T) {
	for _, refuse := range []bool{false, true} {
		t.Run(fmt.Sprintf("refused=%v", refuse), func(t *testing.T) {
			f := applytest.New()
			main, dr := running("pg-main", "pg", nil), running("pg-dr", "pg", nil)
			f.Seed("acme", main)
			f.Seed("acme", dr)
			link := linkTo("acme", dr, "pg-main", schema.KindDisasterRecovery)
			link.Updates = []plan.FieldUpdate{upd("tags.team", "", "orders")}
			if refuse {
				f.Inject(applytest.OpTags, "acme", "pg-dr", applytest.Fault{Err: errors.New("[400]: Invalid tag value")})
			}
			r, err := apply.Run(context.Background(), f, planOf(existing("acme", main), link), fast())
			if err != nil {
				t.Fatal(err)
			}
			log := f.Log()
			if i, j := slices.Index(log, "link acme/pg-dr"), slices.Index(log, "update acme/pg-dr tags.team"); i < 0 ||
				!refuse && (j < 0 || j < i) {
				t.Errorf("log %q, want the link, then the tag", log)
			}
			got := result(t, r, "pg-dr")
			switch {
			case !refuse && (got.Outcome != apply.Linked || !got.Running || got.Updates[0].Status != apply.FieldSent):
				t.Errorf("pg-dr = %s running=%v %+v, want linked, RUNNING, tag sent", got.Outcome, got.Running, got.Updates)
			case refuse && (got.Outcome != apply.Failed || !strings.Contains(got.Error, "linked as planned") ||
				!strings.Contains(got.Error, "Invalid tag value")):
				t.Errorf("pg-dr = %s %q, want failed saying it was linked and why the tag was not set", got.Outcome, got.Error)
			}
		})
	}
}

// TestRunUpdateStopsBeforeSending: after a graceful stop no update is
// sent; one sent before the stop is reported updated, its wait cut short.
func TestRunUpdateStopsBeforeSending(t *testing.T) {
	f := applytest.New()
	f.RebalancePolls = 1 << 20
	stop := make(chan struct{})
	changes := resizePair(f, "acme", 0, "eu-0", "us-0", "startup-8", 300000)
	changes = append(changes, resizePair(f, "acme", 1, "eu-1", "us-1", "startup-8", 300000)...)
	var once sync.Once
	f.OnChange = func(op applytest.Op, project, service string) {
		if op == applytest.OpUpdate {
			once.Do(func() { close(stop) })
		}
	}
	opts := fast()
	opts.Stop, opts.Parallelism = stop, 1
	r, err := apply.Run(context.Background(), f, updatePlan(changes...), opts)
	if err != nil {
		t.Fatal(err)
	}
	if n := f.Calls().Updates; n != 1 {
		t.Errorf("%d updates sent, want the one in flight at the stop", n)
	}
	if !r.Interrupted || r.Count(apply.Updated) != 2 || r.Count(apply.NotStarted) != 2 {
		t.Errorf("result interrupted=%v %+v, want one pair updated, the other not started", r.Interrupted, r.Services)
	}
}

// TestRunUpdateWaitTimeout: a service still rebalancing at the wait
// timeout stays updated (the change was made), with a note, and the run is
// incomplete.
func TestRunUpdateWaitTimeout(t *testing.T) {
	f := applytest.New()
	f.RebalancePolls = 1 << 20
	opts := fast()
	opts.WaitTimeout = 50 * opts.PollInterval
	r, err := apply.Run(context.Background(), f, updatePlan(resizePair(f, "acme", 0, "eu-0", "us-0", "startup-8", 300000)...), opts)
	if err != nil {
		t.Fatal(err)
	}
	eu := result(t, r, "eu-0")
	if r.Complete() || eu.Outcome != apply.Updated || eu.Running || eu.State != plan.StateRebalancing ||
		!strings.Contains(eu.Note, "new values within the wait timeout") {
		t.Errorf("eu-0 = %s running=%v %s %q, want updated, REBALANCING, timed out", eu.Outcome, eu.Running, eu.State, eu.Note)
	}
}

// TestRunUpdatesBoundedByParallelism: many pairs' updates go at once, but
// never more requests in flight than Parallelism.
func TestRunUpdatesBoundedByParallelism(t *testing.T) {
	f := applytest.New()
	f.Latency = fast().PollInterval
	var changes []plan.Change
	for i := range 20 {
		changes = append(changes, resizePair(f, "acme", i, fmt.Sprintf("eu-%d", i), fmt.Sprintf("us-%d", i), "startup-8", 300000)...)
	}
	opts := fast()
	opts.Parallelism = 3
	r, err := apply.Run(context.Background(), f, updatePlan(changes...), opts)
	if err != nil {
		t.Fatal(err)
	}
	if c := f.Calls(); !r.Complete() || c.Updates != 20 || c.MaxInFlight > 3 {
		t.Errorf("complete=%v, %d updates, %d in flight at most; want 20 updates, at most 3 in flight", r.Complete(), c.Updates, c.MaxInFlight)
	}
}

// TestRunRefusesUpdatesItCannotSend: a plan whose updates Run could not
// follow is refused before anything is sent.
func TestRunRefusesUpdatesItCannotSend(t *testing.T) {
	a, b := livePair("eu-0", "us-0")
	for name, c := range map[string]plan.Change{
		"via nobody":      updateOf("acme", b, 0, plan.FieldUpdate{Field: plan.FieldPlan, After: "startup-8", Via: "eu-9"}),
		"tags via a peer": updateOf("acme", b, 0, plan.FieldUpdate{Field: "tags.team", After: "x", Via: "eu-0"}),
		"bad disk":        updateOf("acme", a, 0, upd(plan.FieldDisk, "240000", "lots")),
		"unknown field":   updateOf("acme", a, 0, upd("cloud", "x", "y")),
		"no updates":      updateOf("acme", a, 0),
		"on a create": func() plan.Change {
			c := pair("acme", "x", "y", 1)[0]
			c.Updates = []plan.FieldUpdate{upd("tags.team", "", "x")}
			return c
		}(),
	} {
		f := applytest.New()
		if _, err := apply.Run(context.Background(), f, updatePlan(updateOf("acme", a, 0, upd("tags.x", "", "y")), c), fast()); err == nil {
			t.Errorf("%s: no error", name)
		}
		if calls := f.Calls(); calls.Gets+calls.Updates+calls.TagUpdates != 0 {
			t.Errorf("%s: requests sent: %+v", name, calls)
		}
	}
}
