package aiven_test

import (
	"context"
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

const groupVPC = "2a1b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d"

// groupsSeed has an OpenSearch leader with an unlinked follower, and a
// pg disaster recovery pair whose recovery service sits in a VPC when
// inVPC is set.
func groupsSeed(inVPC bool) aivensim.SeedFile {
	svc := func(name, typ, planName, cloud string) aivensim.ServiceSeed {
		return aivensim.ServiceSeed{ServiceName: name, ServiceType: typ, Plan: planName, CloudName: cloud}
	}
	dr := svc("pg-two-dr", "pg", "business-4", "aws-us-east-1")
	if inVPC {
		dr.ProjectVPCID = groupVPC
	}
	return aivensim.SeedFile{Projects: []aivensim.ProjectSeed{{
		Project: "acme-prod",
		VPCs: []aivensim.VPC{{ProjectVPCID: groupVPC, CloudName: "aws-us-east-1", NetworkCIDR: "10.1.0.0/24",
			State: "ACTIVE"}},
		Services: []aivensim.ServiceSeed{
			svc("os-leader", "opensearch", "business-4", "google-europe-west1"),
			svc("os-follower", "opensearch", "business-4", "aws-us-east-1"),
			svc("pg-two", "pg", "business-4", "google-europe-west1"),
			dr,
		},
		ServiceIntegrations: []aivensim.IntegrationSeed{
			{IntegrationType: "disaster_recovery", SourceService: "pg-two", DestService: "pg-two-dr"},
		},
	}}}
}

// groupsPlan is what plan.Compute would make of groupsSeed for a file
// declaring a new pg primary with a read replica and a recovery service,
// the follower, and pg-two-dr as the active service: changes built by hand
// on the adapter's own read of the project.
func groupsPlan(t *testing.T, c *aiven.Client) *plan.Plan {
	t.Helper()
	list, err := c.ListServices(context.Background(), "acme-prod")
	if err != nil {
		t.Fatalf("ListServices: %v", err)
	}
	live := map[string]*plan.LiveService{}
	for i := range list {
		live[list[i].Name] = &list[i]
	}
	group := func(i int) *int { return &i }
	noop := func(g int, name string) plan.Change {
		l := live[name]
		return plan.Change{Project: "acme-prod", Service: name, Action: plan.NoOp, Group: group(g), Type: l.Type,
			Cloud: l.Cloud, Plan: l.Plan, Live: l}
	}
	newMember := func(name, kind, planName string, await schema.Await) plan.Change {
		return plan.Change{Project: "acme-prod", Service: name, Action: plan.Create, Group: group(0), Type: "pg",
			Kind: kind, Source: "pg-main", DependsOn: "pg-main", Await: await, Version: "16",
			Cloud: "aws-us-east-1", Plan: planName, PlanDiskSpaceMB: 81920}
	}
	follower := noop(1, "os-follower")
	follower.Action, follower.Kind, follower.Source, follower.DependsOn, follower.Await =
		plan.Link, schema.KindOpenSearchCCR, "os-leader", "os-leader", schema.AwaitRunning
	switched := noop(2, "pg-two-dr")
	switched.Action, switched.DependsOn, switched.Await = plan.Switchover, "pg-two", schema.AwaitRunning
	return &plan.Plan{FormatVersion: plan.FormatVersion, Changes: []plan.Change{
		{Project: "acme-prod", Service: "pg-main", Action: plan.Create, Group: group(0), Type: "pg",
			Cloud: "google-europe-west1", Plan: "business-4", PlanDiskSpaceMB: 81920, Version: "16"},
		newMember("pg-ro", schema.KindReadReplica, "startup-4", schema.AwaitBackup),
		newMember("pg-dr", schema.KindDisasterRecovery, "business-4", schema.AwaitRunning),
		noop(1, "os-leader"), follower,
		noop(2, "pg-two"), switched,
	}}
}

// TestApplyGroupsAgainstSim runs every group action through the adapter
// against the emulator's replication routes: the creates carry their links,
// the link and the switchover are made once, and what the emulator shows
// afterwards is what the plan asked.
func TestApplyGroupsAgainstSim(t *testing.T) {
	sim, url := startSim(t, aivensim.Options{}, groupsSeed(false))
	c := newClient(t, url, aiven.Config{})
	p := groupsPlan(t, c)
	sim.ResetStats()
	opts := apply.Options{PollInterval: 5 * time.Millisecond, WaitTimeout: time.Minute}
	r, err := apply.Run(context.Background(), c, p, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Complete() {
		t.Fatalf("apply incomplete: %+v", r.Services)
	}
	list, err := c.ListServices(context.Background(), "acme-prod")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]plan.LiveService{}
	for _, s := range list {
		got[s.Name] = s
	}
	for _, want := range []struct{ member, kind, source string }{
		{"pg-ro", schema.KindReadReplica, "pg-main"},
		{"pg-dr", schema.KindDisasterRecovery, "pg-main"},
		{"os-follower", schema.KindOpenSearchCCR, "os-leader"},
	} {
		m, src := got[want.member], got[want.source]
		_, onMember := m.LinkedTo(want.kind, want.source)
		if !onMember || len(src.Integrations) == 0 {
			t.Errorf("%s: integrations %+v, %s: %+v; want a %s link on both ends", want.member, m.Integrations,
				want.source, src.Integrations, want.kind)
		}
	}
	if got["pg-ro"].Version != "16" || got["pg-main"].Version != "16" {
		t.Errorf("versions pg-main %q, pg-ro %q; want 16", got["pg-main"].Version, got["pg-ro"].Version)
	}
	roles := map[string]string{"pg-main": "active", "pg-dr": "passive", "pg-two": "passive", "pg-two-dr": "active"}
	for name, role := range roles {
		if got[name].Role != role {
			t.Errorf("%s role %q, want %q", name, got[name].Role, role)
		}
	}
	want := map[string]int{
		"POST /v1/project/{project}/service":          3,
		"POST /v1/project/{project}/integration":      1,
		"PUT /v1/project/{project}/service/{service}": 1,
		"GET /v1/project/{project}/service/{service}": 2, // the roles before the switchover
	}
	stats := sim.Stats()
	for route, n := range want {
		if stats.Requests[route] != n {
			t.Errorf("%s sent %d times, want %d", route, stats.Requests[route], n)
		}
	}
	if !maps.Equal(stats.Creates, map[string]int{"acme-prod/pg-main": 1, "acme-prod/pg-ro": 1, "acme-prod/pg-dr": 1}) {
		t.Errorf("creates = %v, want each new service once", stats.Creates)
	}
}

// TestMakeActiveKeepsTheVPCAgainstSim: a switchover of a service in a VPC
// leaves it there (the request carries no project_vpc_id, whose null would
// move it to the public network) and swaps the roles.
func TestMakeActiveKeepsTheVPCAgainstSim(t *testing.T) {
	_, url := startSim(t, aivensim.Options{}, groupsSeed(true))
	c := newClient(t, url, aiven.Config{})
	if err := c.MakeActive(context.Background(), "acme-prod", "pg-two-dr"); err != nil {
		t.Fatalf("MakeActive: %v", err)
	}
	dr, err := c.GetService(context.Background(), "acme-prod", "pg-two-dr")
	if err != nil {
		t.Fatal(err)
	}
	if dr.ProjectVPCID != groupVPC || dr.Role != "active" {
		t.Errorf("pg-two-dr: VPC %q, role %q after the switchover; want %s, active", dr.ProjectVPCID, dr.Role, groupVPC)
	}
}

// TestReadLiveGroupsAgainstSim reads the emulator's groups with one list:
// its answers carry the roles, so nothing is read per service even for a
// group that declares active.
func TestReadLiveGroupsAgainstSim(t *testing.T) {
	sim, url := startSim(t, aivensim.Options{}, groupsSeed(true))
	spec := loadSpec(t, `version: 1
projects:
  - project: acme-prod
    replicas:
      - primary: {name: pg-two, type: pg, cloud: google-europe-west1, plan: business-4}
        members:
          - {name: pg-two-dr, kind: disaster_recovery, cloud: aws-us-east-1, project_vpc_id: `+groupVPC+`}
        active: pg-two
      - primary: {name: os-leader, type: opensearch, cloud: google-europe-west1, plan: business-4}
        members:
          - {name: os-follower, kind: opensearch_cross_cluster_replication, cloud: aws-us-east-1}
`)
	live, err := newClient(t, url, aiven.Config{}).ReadLive(context.Background(), spec)
	if err != nil {
		t.Fatalf("ReadLive: %v", err)
	}
	two, dr := liveService(t, live, "pg-two"), liveService(t, live, "pg-two-dr")
	if two.Role != "active" || dr.Role != "passive" {
		t.Errorf("roles %q/%q, want active/passive", two.Role, dr.Role)
	}
	if _, ok := dr.LinkedTo(schema.KindDisasterRecovery, "pg-two"); !ok {
		t.Errorf("pg-two-dr integrations %+v, want its link from pg-two", dr.Integrations)
	}
	if n := sim.Stats().Requests["GET /v1/project/{project}/service/{service}"]; n != 0 {
		t.Errorf("%d service reads, want none: the list gave the roles", n)
	}
	cat := live.Projects["acme-prod"].Catalog
	if !cat.Offered("pg") || !cat.Offered("opensearch") || cat.VPCs[groupVPC].Cloud != "aws-us-east-1" {
		t.Errorf("catalog: pg %v, opensearch %v, VPC %+v", cat.Offered("pg"), cat.Offered("opensearch"), cat.VPCs[groupVPC])
	}
}

// simClock is the emulator's clock, moved by the test.
type simClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *simClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// TestApplyWaitsOutTheReplica403AgainstSim: a plan that saw a backup the
// primary does not have (yet) meets the emulator's 403; apply waits for a
// backup the emulator shows (its clock moves only when apply says it
// waits) and creates the replica with exactly one more request.
func TestApplyWaitsOutTheReplica403AgainstSim(t *testing.T) {
	clock := &simClock{now: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
	firstBackup := clock.now.Add(time.Hour)
	seed := aivensim.SeedFile{Projects: []aivensim.ProjectSeed{{Project: "acme-prod", Services: []aivensim.ServiceSeed{{
		ServiceName: "pg-main", ServiceType: "pg", Plan: "business-4", CloudName: "google-europe-west1",
		UserConfig: map[string]any{"pg_version": "16"}, FirstBackupTime: &firstBackup,
	}}}}}
	sim, url := startSim(t, aivensim.Options{Clock: clock.Now}, seed)
	c := newClient(t, url, aiven.Config{})
	list, err := c.ListServices(context.Background(), "acme-prod")
	if err != nil || len(list) != 1 {
		t.Fatalf("ListServices: %v, %v", list, err)
	}
	main := list[0]
	one := 1
	main.Backups = &one // what a stale plan saw
	group := 0
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: []plan.Change{
		{Project: "acme-prod", Service: "pg-main", Action: plan.NoOp, Group: &group, Type: "pg", Cloud: main.Cloud,
			Plan: main.Plan, Live: &main},
		{Project: "acme-prod", Service: "pg-ro", Action: plan.Create, Group: &group, Type: "pg",
			Kind: schema.KindReadReplica, Source: "pg-main", DependsOn: "pg-main", Await: schema.AwaitBackup,
			Version: "16", Cloud: "aws-us-east-1", Plan: "startup-4", PlanDiskSpaceMB: 81920},
	}}
	var deferred int
	opts := apply.Options{PollInterval: 5 * time.Millisecond, WaitTimeout: time.Minute,
		Observer: apply.ObserverFunc(func(e apply.Event) {
			if e.Kind == apply.EventReplicaDeferred {
				deferred++
				clock.advance(2 * time.Hour) // the first backup is taken
			}
		})}
	sim.ResetStats()
	r, err := apply.Run(context.Background(), c, p, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Complete() || deferred != 1 {
		t.Fatalf("complete %v after %d refusals: %+v", r.Complete(), deferred, r.Services)
	}
	if n := sim.Stats().Requests["POST /v1/project/{project}/service"]; n != 2 {
		t.Errorf("%d creates sent, want 2: the refused one and one more", n)
	}
	if n := sim.Stats().Creates["acme-prod/pg-ro"]; n != 1 {
		t.Errorf("pg-ro created %d times, want 1", n)
	}
	if r.Stats.BackupReads == 0 {
		t.Error("no backup was read after the refusal")
	}
}
