package apply_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/apply/applytest"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// TestRunCreatesAGroupInDependencyOrder: a new pg primary with a read
// replica (which waits for the primary's first backup) and a recovery
// service (which waits for RUNNING only). The replica is never sent before
// the backup, so Aiven's 403 is never provoked; each service is created
// once and linked as planned.
func TestRunCreatesAGroupInDependencyOrder(t *testing.T) {
	f := applytest.New()
	f.ProvisionPolls, f.FirstBackupPolls = 2, 2
	rec := &recorder{}
	opts := fast()
	opts.Observer = rec
	p := planOf(primary("acme", "pg-main", "pg"),
		member("acme", "pg-ro", "pg-main", "pg", schema.KindReadReplica),
		member("acme", "pg-dr", "pg-main", "pg", schema.KindDisasterRecovery))
	r, err := apply.Run(context.Background(), f, p, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Complete() || r.Count(apply.Created) != 3 {
		t.Fatalf("result not complete: %+v", r.Services)
	}
	log := f.Log()
	before := func(a, b string) {
		t.Helper()
		i, j := slices.Index(log, a), slices.Index(log, b)
		if i < 0 || j < 0 || i > j {
			t.Errorf("log %q: want %q before %q", log, a, b)
		}
	}
	before("running acme/pg-main", "create acme/pg-dr")
	before("backup acme/pg-main", "create acme/pg-ro")
	if c := f.Calls(); c.RefusedReplicas != 0 || c.Creates != 3 {
		t.Errorf("creates %d with %d refused replicas, want 3 and none", c.Creates, c.RefusedReplicas)
	}
	assertExactlyOnce(t, f, "acme/pg-main", "acme/pg-ro", "acme/pg-dr")
	ro, _ := f.Service("acme", "pg-ro")
	if _, ok := ro.LinkedTo(schema.KindReadReplica, "pg-main"); !ok || ro.Type != "pg" || ro.Version != "16" {
		t.Errorf("pg-ro = %+v, want a pg 16 read replica of pg-main", ro)
	}
	var waitedFor []string
	for _, e := range rec.events {
		if e.Kind == apply.EventWaitingDependency && e.Service == "pg-ro" {
			waitedFor = append(waitedFor, e.WaitFor)
		}
	}
	if !slices.Contains(waitedFor, "backup") {
		t.Errorf("pg-ro waited for %v, want its primary's backup", waitedFor)
	}
}

// TestRunReadsBackupsOncePerPrimaryPerTick: three replicas of one existing
// primary without a backup share one read of its backups per poll tick,
// and the reads stop once it has one.
func TestRunReadsBackupsOncePerPrimaryPerTick(t *testing.T) {
	f := applytest.New()
	f.FirstBackupPolls = 3
	main := running("pg-main", "pg", ptr(0))
	p := planOf(existing("acme", main),
		member("acme", "ro-1", "pg-main", "pg", schema.KindReadReplica),
		member("acme", "ro-2", "pg-main", "pg", schema.KindReadReplica),
		member("acme", "ro-3", "pg-main", "pg", schema.KindReadReplica))
	main.Backups = nil // the fake takes its first backup after FirstBackupPolls reads
	f.Seed("acme", main)
	r, err := apply.Run(context.Background(), f, p, fast())
	if err != nil {
		t.Fatal(err)
	}
	if !r.Complete() || r.Count(apply.Created) != 3 {
		t.Fatalf("result not complete: %+v", r.Services)
	}
	reads := f.Calls().BackupReads["acme/pg-main"]
	if reads != f.FirstBackupPolls+1 || r.Stats.BackupReads != reads {
		t.Errorf("backup reads = %d (result says %d), want %d: one per tick until the first backup",
			reads, r.Stats.BackupReads, f.FirstBackupPolls+1)
	}
	if reads > r.Stats.PollTicks {
		t.Errorf("%d backup reads in %d ticks, want at most one per tick", reads, r.Stats.PollTicks)
	}
	if c := f.Calls(); c.RefusedReplicas != 0 {
		t.Errorf("%d replicas refused, want none", c.RefusedReplicas)
	}
}

// TestRunTrustsABackupThePlanSaw: a primary the plan saw with a backup is
// not read again; its replicas go at once.
func TestRunTrustsABackupThePlanSaw(t *testing.T) {
	f := applytest.New()
	main := running("pg-main", "pg", ptr(1))
	p := planOf(existing("acme", main), member("acme", "pg-ro", "pg-main", "pg", schema.KindReadReplica))
	seedAll(f, p)
	r, err := apply.Run(context.Background(), f, p, fast())
	if err != nil {
		t.Fatal(err)
	}
	if !r.Complete() || len(f.Calls().BackupReads) != 0 || r.Stats.BackupReads != 0 {
		t.Errorf("complete %v, backup reads %v: want complete without reading backups", r.Complete(), f.Calls().BackupReads)
	}
}

// TestRunWaitsOutOneReplicaRefusal: the API refuses a replica although the
// plan saw a backup (Aiven's 403). Run waits for a backup seen after the
// refusal and tries exactly once more.
func TestRunWaitsOutOneReplicaRefusal(t *testing.T) {
	f := applytest.New()
	f.FirstBackupPolls = 2
	main := running("pg-main", "pg", nil)
	f.Seed("acme", main)  // no backup yet; takes one after 2 reads
	main.Backups = ptr(1) // what a stale plan saw
	rec := &recorder{}
	opts := fast()
	opts.Observer = rec
	r, err := apply.Run(context.Background(), f,
		planOf(existing("acme", main), member("acme", "pg-ro", "pg-main", "pg", schema.KindReadReplica)), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Complete() || result(t, r, "pg-ro").Outcome != apply.Created {
		t.Fatalf("result not complete: %+v", r.Services)
	}
	if c := f.Calls(); c.Creates != 2 || c.RefusedReplicas != 1 {
		t.Errorf("creates %d, refused %d; want 2 and 1", c.Creates, c.RefusedReplicas)
	}
	if !slices.Contains(rec.kinds("pg-ro"), apply.EventReplicaDeferred) {
		t.Errorf("pg-ro events %v, want a deferred replica", rec.kinds("pg-ro"))
	}
	log := f.Log()
	if i, j := slices.Index(log, "backup acme/pg-main"), slices.Index(log, "create acme/pg-ro"); i < 0 || j < i {
		t.Errorf("log %q: want the backup before the create", log)
	}
}

// TestRunDoesNotRetryASecondReplicaRefusal: after one refusal and a backup,
// a second refusal is the API's answer: failed, no third try.
func TestRunDoesNotRetryASecondReplicaRefusal(t *testing.T) {
	f := applytest.New()
	main := running("pg-main", "pg", ptr(1))
	f.Seed("acme", main)
	refusal := applytest.Fault{Err: errReplica()}
	f.Inject(applytest.OpCreate, "acme", "pg-ro", refusal, refusal)
	r, err := apply.Run(context.Background(), f,
		planOf(existing("acme", main), member("acme", "pg-ro", "pg-main", "pg", schema.KindReadReplica)), fast())
	if err != nil {
		t.Fatal(err)
	}
	ro := result(t, r, "pg-ro")
	if ro.Outcome != apply.Failed || !strings.Contains(ro.Error, "not allowed under current plan") {
		t.Errorf("pg-ro = %s %q, want failed with the API's message", ro.Outcome, ro.Error)
	}
	if n := f.Calls().Creates; n != 2 {
		t.Errorf("creates = %d, want exactly 2", n)
	}
}

// TestRunLinksAnExistingMember: the recovery service exists unlinked; the
// link waits for its primary's create and RUNNING, then is made once.
func TestRunLinksAnExistingMember(t *testing.T) {
	f := applytest.New()
	f.ProvisionPolls = 2
	dr := running("pg-dr", "pg", nil)
	p := planOf(primary("acme", "pg-main", "pg"), linkTo("acme", dr, "pg-main", schema.KindDisasterRecovery))
	seedAll(f, p)
	r, err := apply.Run(context.Background(), f, p, fast())
	if err != nil {
		t.Fatal(err)
	}
	res := result(t, r, "pg-dr")
	if !r.Complete() || res.Outcome != apply.Linked || !res.Running || res.Action != plan.Link {
		t.Fatalf("pg-dr = %+v, want linked and RUNNING", res)
	}
	log := f.Log()
	if i, j := slices.Index(log, "running acme/pg-main"), slices.Index(log, "link acme/pg-dr"); i < 0 || j < i {
		t.Errorf("log %q: want pg-main RUNNING before the link", log)
	}
	got, _ := f.Service("acme", "pg-dr")
	if _, ok := got.LinkedTo(schema.KindDisasterRecovery, "pg-main"); !ok || f.Calls().LinksCommitted != 1 {
		t.Errorf("pg-dr links %+v after %d links, want one from pg-main", got.Integrations, f.Calls().LinksCommitted)
	}
	if r.Stats.Links != 1 {
		t.Errorf("result counts %d links, want 1", r.Stats.Links)
	}
}

// TestRunSwitchesOver: the recovery service becomes active once both are
// RUNNING, and the run ends when the roles show it.
func TestRunSwitchesOver(t *testing.T) {
	f := applytest.New()
	f.SwitchoverPolls = 2
	main, dr := drPair(plan.RoleActive, plan.RolePassive)
	p := planOf(existing("acme", main), switchoverTo("acme", dr, "pg-main"))
	seedAll(f, p)
	r, err := apply.Run(context.Background(), f, p, fast())
	if err != nil {
		t.Fatal(err)
	}
	res := result(t, r, "pg-dr")
	if !r.Complete() || res.Outcome != apply.SwitchedOver || !res.Running {
		t.Fatalf("pg-dr = %+v, want switched over and seen so", res)
	}
	gotMain, _ := f.Service("acme", "pg-main")
	gotDR, _ := f.Service("acme", "pg-dr")
	if gotMain.Role != plan.RolePassive || gotDR.Role != plan.RoleActive || f.Calls().Switchovers != 1 {
		t.Errorf("roles %s/%s after %d switchovers, want passive/active after 1", gotMain.Role, gotDR.Role,
			f.Calls().Switchovers)
	}
}

// TestRunSwitchoverFoundDone: a service already active (a concurrent apply)
// is not asked again.
func TestRunSwitchoverFoundDone(t *testing.T) {
	f := applytest.New()
	main, dr := drPair(plan.RolePassive, plan.RoleActive)
	p := planOf(existing("acme", main), switchoverTo("acme", dr, "pg-main"))
	seedAll(f, p)
	r, err := apply.Run(context.Background(), f, p, fast())
	if err != nil {
		t.Fatal(err)
	}
	if res := result(t, r, "pg-dr"); !r.Complete() || res.Outcome != apply.AlreadyPresent || f.Calls().Actives != 0 {
		t.Errorf("pg-dr = %+v after %d requests, want already present and none sent", res, f.Calls().Actives)
	}
}

// TestRunNeverSwitchesOverAFailover: a pair where an operator failed over
// is left alone: ccr never fails over or back.
func TestRunNeverSwitchesOverAFailover(t *testing.T) {
	f := applytest.New()
	main, dr := drPair(plan.RoleActive, plan.RolePassive)
	p := planOf(existing("acme", main), switchoverTo("acme", dr, "pg-main"))
	seedAll(f, p)
	f.SetRole("acme", "pg-main", plan.RoleFailed) // after the plan was made
	r, err := apply.Run(context.Background(), f, p, fast())
	if err != nil {
		t.Fatal(err)
	}
	res := result(t, r, "pg-dr")
	if res.Outcome != apply.Failed || !strings.Contains(res.Error, "failover") || f.Calls().Actives != 0 {
		t.Errorf("pg-dr = %s %q after %d requests, want failed naming the failover, none sent",
			res.Outcome, res.Error, f.Calls().Actives)
	}
}

// TestRunRefusesChangesItCannotCarryOut: a link without its primary, an
// unknown action or wait are refused before anything is sent.
func TestRunRefusesChangesItCannotCarryOut(t *testing.T) {
	dr := running("pg-dr", "pg", nil)
	noSource := linkTo("acme", dr, "pg-main", schema.KindDisasterRecovery)
	noSource.Source = ""
	promote := existing("acme", dr)
	promote.Action = "promote"
	oddWait := member("acme", "pg-ro", "pg-main", "pg", schema.KindReadReplica)
	oddWait.Await = "forever"
	for _, c := range []plan.Change{noSource, promote, oddWait} {
		f := applytest.New()
		main := existing("acme", running("pg-main", "pg", nil))
		if _, err := apply.Run(context.Background(), f, planOf(main, c), fast()); err == nil {
			t.Errorf("%s %s: Run accepted it", c.Action, c.Service)
		}
		if calls := f.Calls(); calls.Creates+calls.Links+calls.Actives+calls.Lists != 0 {
			t.Errorf("%s %s: requests sent: %+v", c.Action, c.Service, calls)
		}
	}
}
