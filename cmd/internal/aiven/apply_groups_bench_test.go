package aiven_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// firstBackupDelay B is how long after its first build a new primary takes
// its first backup: half a provisioning time.
const firstBackupDelay = provisionDelay / 2

// groupPollInterval is the first poll interval of the group benchmarks:
// D/20, so that seeing three waits end (primary RUNNING, first backup,
// replicas RUNNING) late costs less than a tenth of D+B+D.
const groupPollInterval = provisionDelay / 20

// replicaGroup is one existing primary of the 50-replica benchmark and the
// members to create for it.
type replicaGroup struct {
	typ, primary, version string
	members               []replicaMember
}

type replicaMember struct{ name, kind, plan string }

// fiftyReplicas are 50 members of 14 existing primaries of every kind: 20
// pg read replicas and 5 recovery services, 15 MySQL and 6 Valkey read
// replicas, 4 OpenSearch followers.
func fiftyReplicas() []replicaGroup {
	var groups []replicaGroup
	add := func(typ, version string, primaries, perPrimary int, kind, memberPlan string, dr bool) {
		for i := range primaries {
			g := replicaGroup{typ: typ, primary: fmt.Sprintf("%s-%d", typ, i), version: version}
			for j := range perPrimary {
				g.members = append(g.members, replicaMember{fmt.Sprintf("%s-%d-m%d", typ, i, j), kind, memberPlan})
			}
			if dr {
				g.members = append(g.members, replicaMember{fmt.Sprintf("%s-%d-dr", typ, i), schema.KindDisasterRecovery, "business-4"})
			}
			groups = append(groups, g)
		}
	}
	add("pg", "16", 5, 4, schema.KindReadReplica, "startup-4", true)
	add("mysql", "8.4", 3, 5, schema.KindReadReplica, "startup-4", false)
	add("valkey", "8.1", 2, 3, schema.KindReadReplica, "startup-4", false)
	add("opensearch", "2.19", 2, 2, schema.KindOpenSearchCCR, "business-4", false)
	return groups
}

// BenchmarkApplyGroups measures replica groups through the adapter over
// real HTTP to aiven-sim, with provision delay D = 2s and the emulator's
// 5 ms answers:
//
//   - replicas=50: 50 members of existing primaries of every kind (the
//     primaries RUNNING with a backup, as the plan read them). Nothing
//     waits: every create goes at once and the makespan's lower bound is
//     D; goal makespan/D ≤ 1.15.
//   - new-primary: a new pg primary with 3 read replicas and a recovery
//     service, first-backup delay B = D/2. The recovery service follows the
//     primary's RUNNING, the replicas its first backup: the bound is
//     D + B + D; goal makespan/(D+B+D) ≤ 1.1.
//
// Reported: the makespan against its bound, creates (each service once),
// backup reads (at most one per primary per tick, none when the plan saw
// a backup) and lists per tick (the number of projects, 1).
func BenchmarkApplyGroups(b *testing.B) {
	b.Run("replicas=50", func(b *testing.B) {
		benchmarkGroups(b, provisionDelay, 0, setupFiftyReplicas)
	})
	b.Run("new-primary", func(b *testing.B) {
		benchmarkGroups(b, 2*provisionDelay+firstBackupDelay, firstBackupDelay, setupNewPrimary)
	})
}

func benchmarkGroups(b *testing.B, bound, backupDelay time.Duration,
	setup func(testing.TB, *aiven.Client) *plan.Plan) {
	var makespan time.Duration
	var creates, backupReads int
	var stats apply.Stats
	for b.Loop() {
		opts := aivensim.Options{ProvisionDelay: provisionDelay, Latency: applyLatency}
		if backupDelay > 0 {
			opts.FirstBackupDelay = &backupDelay
		}
		sim, url := startSim(b, opts, fiftyReplicasSeed())
		c := newClient(b, url, aiven.Config{})
		p := setup(b, c)
		sim.ResetStats()
		start := time.Now()
		res, err := apply.Run(context.Background(), c, p, apply.Options{PollInterval: groupPollInterval})
		makespan += time.Since(start)
		want := 0
		for _, ch := range p.Changes {
			if ch.Action == plan.Create {
				want++
			}
		}
		if err != nil || !res.Complete() || res.Count(apply.Created) != want {
			b.Fatalf("apply: %v, %d of %d created, complete=%v: %+v", err, res.Count(apply.Created), want,
				res.Complete(), res.Services)
		}
		for svc, k := range sim.Stats().Creates {
			if k != 1 {
				b.Fatalf("%s created %d times", svc, k)
			}
		}
		creates += sim.Stats().Requests["POST /v1/project/{project}/service"]
		backupReads += res.Stats.BackupReads
		stats = res.Stats
	}
	runs := float64(b.N)
	b.ReportMetric(makespan.Seconds()/runs/bound.Seconds(), "makespan/bound")
	b.ReportMetric(makespan.Seconds()/runs, "makespan-s")
	b.ReportMetric(float64(creates)/runs, "creates/op")
	b.ReportMetric(float64(backupReads)/runs, "backup-reads/op")
	b.ReportMetric(float64(stats.Lists)/float64(max(stats.PollTicks, 1)), "lists/tick")
	b.ReportMetric(float64(stats.PollTicks), "ticks/op")
}

// fiftyReplicasSeed seeds the primaries of fiftyReplicas, RUNNING on
// business-4 with their version and a backup taken an hour ago.
func fiftyReplicasSeed() aivensim.SeedFile {
	backup := time.Now().Add(-time.Hour)
	p := aivensim.ProjectSeed{Project: "acme-prod"}
	for _, g := range fiftyReplicas() {
		st, _ := schema.LookupType(g.typ)
		p.Services = append(p.Services, aivensim.ServiceSeed{ServiceName: g.primary, ServiceType: g.typ,
			Plan: "business-4", CloudName: "google-europe-west1", FirstBackupTime: &backup,
			UserConfig: map[string]any{st.VersionKey: g.version}})
	}
	return aivensim.SeedFile{Projects: []aivensim.ProjectSeed{p}}
}

// setupFiftyReplicas plans the 50 members as plan.Compute would: the
// primaries as the adapter reads them (with the backups a read replica
// waits for), each member created from its primary.
func setupFiftyReplicas(tb testing.TB, c *aiven.Client) *plan.Plan {
	live := readGroups(tb, c)
	p := &plan.Plan{FormatVersion: plan.FormatVersion}
	for gi, g := range fiftyReplicas() {
		primary := live[g.primary]
		p.Changes = append(p.Changes, plan.Change{Project: "acme-prod", Service: g.primary, Action: plan.NoOp,
			Group: &gi, Type: g.typ, Cloud: primary.Cloud, Plan: primary.Plan, Live: primary})
		for _, m := range g.members {
			p.Changes = append(p.Changes, memberChange(gi, g.typ, g.primary, g.version, m))
		}
	}
	return p
}

// setupNewPrimary plans a new pg primary with three read replicas and a
// recovery service.
func setupNewPrimary(tb testing.TB, c *aiven.Client) *plan.Plan {
	group := 0
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: []plan.Change{{
		Project: "acme-prod", Service: "orders-pg", Action: plan.Create, Group: &group, Type: "pg",
		Cloud: "google-europe-west1", Plan: "business-4", PlanDiskSpaceMB: 81920, Version: "16",
	}}}
	for i := range 3 {
		p.Changes = append(p.Changes, memberChange(group, "pg", "orders-pg", "16",
			replicaMember{fmt.Sprintf("orders-pg-ro-%d", i), schema.KindReadReplica, "startup-4"}))
	}
	p.Changes = append(p.Changes, memberChange(group, "pg", "orders-pg", "16",
		replicaMember{"orders-pg-dr", schema.KindDisasterRecovery, "business-4"}))
	return p
}

// memberChange is the Create of member m of primary, waiting as its
// kind's rule says.
func memberChange(group int, typ, primary, version string, m replicaMember) plan.Change {
	rule, _ := schema.LookupLink(typ, m.kind)
	return plan.Change{Project: "acme-prod", Service: m.name, Action: plan.Create, Group: &group, Type: typ,
		Kind: m.kind, Source: primary, DependsOn: primary, Await: rule.Await, Version: version,
		Cloud: "aws-us-east-1", Plan: m.plan, PlanDiskSpaceMB: 81920}
}

// readGroups reads the project as plan would for fiftyReplicas' file:
// with ReadLive, so that a primary with a replica to create comes with its
// backups.
func readGroups(tb testing.TB, c *aiven.Client) map[string]*plan.LiveService {
	live, err := c.ReadLive(context.Background(), loadSpec(tb, fiftyReplicasYAML()))
	if err != nil {
		tb.Fatalf("ReadLive: %v", err)
	}
	services := live.Projects["acme-prod"].Services
	byName := make(map[string]*plan.LiveService, len(services))
	for i := range services {
		byName[services[i].Name] = &services[i]
	}
	return byName
}

// fiftyReplicasYAML is the file declaring fiftyReplicas.
func fiftyReplicasYAML() string {
	text := "version: 1\nprojects:\n  - project: acme-prod\n    replicas:\n"
	for _, g := range fiftyReplicas() {
		text += fmt.Sprintf("      - primary: {name: %s, type: %s, cloud: google-europe-west1, plan: business-4}\n"+
			"        members:\n", g.primary, g.typ)
		for _, m := range g.members {
			text += fmt.Sprintf("          - {name: %s, kind: %s, cloud: aws-us-east-1, plan: %s}\n", m.name, m.kind, m.plan)
		}
	}
	return text
}
