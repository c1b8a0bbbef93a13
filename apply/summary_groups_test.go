package apply_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
)

// groups is a result of replica groups: a primary and a read replica
// created, a recovery service linked and switched over, a follower whose
// link existed already, and a replica that failed on its second refusal.
func groups() *apply.Result {
	done := func(svc string, action plan.Action, kind, source, dep string, o apply.Outcome, wait time.Duration) apply.ServiceResult {
		return apply.ServiceResult{Project: "acme", Service: svc, Action: action, Cloud: "aws-us-east-1", Kind: kind,
			Source: source, DependsOn: dep, Outcome: o, State: "RUNNING", Running: true, CreatedAt: t0,
			RunningAt: t0.Add(wait), Elapsed: wait}
	}
	follower := done("os-follower", plan.Link, "opensearch_cross_cluster_replication", "os-leader", "os-leader",
		apply.AlreadyPresent, time.Second)
	follower.Note = "the link existed already as planned"
	switched := done("pg-dr", plan.Switchover, "", "", "pg-main", apply.SwitchedOver, 30*time.Second)
	switched.Running, switched.RunningAt, switched.State = false, time.Time{}, "RUNNING"
	switched.Note = "not RUNNING as the active service within the wait timeout of 30m0s"
	return &apply.Result{
		StartedAt: t0, FinishedAt: t0.Add(20 * time.Minute),
		Services: []apply.ServiceResult{
			done("pg-main", plan.Create, "", "", "", apply.Created, 8*time.Minute),
			done("pg-ro", plan.Create, "read_replica", "pg-main", "pg-main", apply.Created, 6*time.Minute),
			done("pg-dr2", plan.Link, "disaster_recovery", "pg-two", "pg-two", apply.Linked, 2*time.Minute),
			switched,
			follower,
			{Project: "acme", Service: "mysql-ro", Action: plan.Create, Cloud: "aws-us-east-1", Kind: "read_replica",
				Source: "mysql-main", DependsOn: "mysql-main", Outcome: apply.Failed,
				Error: "create: [403]: Creation of a read replica not allowed under current plan"},
		},
		Stats: apply.Stats{Creates: 4, Gets: 3, Lists: 20, PollTicks: 14, BackupReads: 5, Links: 1, Switchovers: 1},
	}
}

func TestWriteTextGroups(t *testing.T) {
	var b bytes.Buffer
	if err := apply.WriteText(&b, groups(), false); err != nil {
		t.Fatal(err)
	}
	golden(t, "summary_groups.golden", b.String())
	want := "Apply failed: 2 created, 1 linked, 1 switched over, 1 already present, 1 failed; 1 not RUNNING yet."
	if got := apply.Verdict(groups()); got != want {
		t.Errorf("Verdict = %q, want %q", got, want)
	}
}

// The JSON result lists the next steps that can be taken: the CQL of the
// pair whose services are RUNNING (it shares pair index 0 with the groups'
// services), the step of the follower that exists; not the step of a
// follower that failed.
func TestWriteJSONGroups(t *testing.T) {
	var b bytes.Buffer
	if err := apply.WriteJSON(&b, groups(), groupsPlan()); err != nil {
		t.Fatal(err)
	}
	golden(t, "result_groups.golden.json", b.String())
}

// groupsPlan is a plan groups() could have applied, with a CCR pair that
// exists and the next steps of both.
func groupsPlan() *plan.Plan {
	group := 0
	running := &plan.LiveService{State: plan.StateRunning}
	member := func(svc, typ string, a plan.Action) plan.Change {
		return plan.Change{Project: "acme", Service: svc, Group: &group, Type: typ, Action: a}
	}
	return &plan.Plan{
		Changes: []plan.Change{
			{Project: "acme", Service: "orders-eu", Action: plan.NoOp, Live: running},
			{Project: "acme", Service: "orders-us", Action: plan.NoOp, Live: running},
			member("os-follower", "opensearch", plan.Link),
			member("mysql-ro", "mysql", plan.Create),
		},
		NextSteps: []plan.NextStep{
			{Project: "acme", Service: "orders-eu", Keyspace: "orders",
				CQL: "ALTER KEYSPACE orders WITH replication = {'class': 'NetworkTopologyStrategy', 'eu': 3, 'us': 3};"},
			{Project: "acme", Service: "os-follower", Message: "os-follower replicates no index until you start replication on it"},
			{Project: "acme", Service: "mysql-ro", Message: "not a step Aiven has; it stands for a member that failed"},
		},
	}
}
