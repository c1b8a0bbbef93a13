package aiven_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// benchLatency is the emulator's answer time per request in the plan
// benchmark: it dwarfs the emulator's own work, so wall time measures how
// the adapter schedules requests.
const benchLatency = 50 * time.Millisecond

// pairsPerProject is the size of every project in the plan benchmark.
const pairsPerProject = 50

// BenchmarkPlan reads live state and computes the plan for 1, 5 and 20
// projects of 50 pairs, half of which already have their first service (so
// the plan mixes joins and new pairs), against aiven-sim answering in 50 ms.
//
// Reported per plan: calls (from the emulator's stats), wall ms, and the
// lower bound: the requests are independent, so with at most Concurrency in
// flight they need rounds = ceil(calls / Concurrency) sequential round trips,
// bound = rounds × latency; ratio = wall / bound. Each project costs one
// ServiceList plus its preflight reads (type, clouds, plan list, one plan
// spec) and one price per distinct (plan, cloud), here business-8 in two
// clouds (price-calls/project), and nothing per service: 7 calls. The
// existing services use the file's plan and cloud, so every read starts at
// once and none waits for the service list. compute-ms is the part of wall
// spent in plan.Compute; the emulator shares the benchmark's CPUs, so at
// high concurrency its JSON work, not the latency, sets the wall time.
func BenchmarkPlan(b *testing.B) {
	for _, projects := range []int{1, 5, 20} {
		for _, concurrency := range []int{0, 16, 64, 128} {
			name := fmt.Sprintf("projects=%d/concurrency=%s", projects, concurrencyName(concurrency))
			b.Run(name, func(b *testing.B) { benchmarkPlan(b, projects, concurrency) })
		}
	}
}

func concurrencyName(n int) string {
	if n == 0 {
		return "default"
	}
	return fmt.Sprint(n)
}

func benchmarkPlan(b *testing.B, projects, concurrency int) {
	names := projectNames(projects)
	sim, url := startSim(b, aivensim.Options{Latency: benchLatency}, halfSeeded(names))
	spec := loadSpec(b, pairsYAML(names, pairsPerProject))
	c := newClient(b, url, aiven.Config{Concurrency: concurrency})
	sim.ResetStats()
	var wall, compute time.Duration
	for b.Loop() {
		start := time.Now()
		live, err := c.ReadLive(context.Background(), spec)
		if err != nil {
			b.Fatalf("ReadLive: %v", err)
		}
		read := time.Now()
		p := plan.Compute(spec, live)
		wall += time.Since(start)
		compute += time.Since(read)
		// Half the pairs need one create (a join), half need two.
		if want := projects * pairsPerProject * 3 / 2; p.Summary.Create != want || len(p.Conflicts) > 0 {
			b.Fatalf("plan creates %d with %d conflicts, want %d and none", p.Summary.Create, len(p.Conflicts), want)
		}
	}
	runs := float64(b.N)
	calls := float64(totalRequests(sim.Stats())) / runs
	if perService := sim.Stats().Requests["GET /v1/project/{project}/service/{service}"]; perService > 0 {
		b.Fatalf("%d per-service GETs, want none", perService)
	}
	prices := float64(sim.Stats().Requests[pricingPath]) / runs
	if prices != float64(2*projects) {
		b.Fatalf("%.1f price reads per plan, want %d: one per project, plan and cloud", prices, 2*projects)
	}
	slots := concurrency
	if slots == 0 {
		slots = aiven.DefaultConcurrency
	}
	rounds := math.Ceil(calls / float64(slots))
	bound := rounds * float64(benchLatency.Milliseconds())
	wallMS := float64(wall.Milliseconds()) / runs
	b.ReportMetric(calls, "calls/plan")
	b.ReportMetric(calls/float64(projects), "calls/project")
	b.ReportMetric(prices/float64(projects), "price-calls/project")
	b.ReportMetric(rounds, "rounds")
	b.ReportMetric(wallMS, "wall-ms/plan")
	b.ReportMetric(bound, "bound-ms")
	b.ReportMetric(wallMS/bound, "wall/bound")
	b.ReportMetric(float64(compute.Microseconds())/1000/runs, "compute-ms/plan")
}

// halfSeeded seeds each project with the first service of every even pair,
// RUNNING and unpaired, ready to be joined.
func halfSeeded(names []string) aivensim.SeedFile {
	var f aivensim.SeedFile
	for _, name := range names {
		p := aivensim.ProjectSeed{Project: name}
		for i := 0; i < pairsPerProject; i += 2 {
			svc := fmt.Sprintf("p%02d-a", i)
			p.Services = append(p.Services, cassandra(svc, "business-8", "google-europe-west1", svc, ""))
		}
		f.Projects = append(f.Projects, p)
	}
	return f
}

func totalRequests(s aivensim.Stats) int {
	n := 0
	for _, c := range s.Requests {
		n += c
	}
	return n
}

// kindBench is one replication kind of BenchmarkPlanKinds: groups of an
// existing primary of type typ with members of kind to create.
type kindBench struct {
	typ, kind, version, memberPlan string
	members                        int
	// active makes each group declare its primary active, so that roles
	// are read.
	active bool
}

var benchKinds = []kindBench{
	{"pg", schema.KindReadReplica, "16", "startup-4", 2, false},
	{"mysql", schema.KindReadReplica, "8.4", "startup-4", 2, false},
	{"valkey", schema.KindReadReplica, "8.1", "startup-4", 2, false},
	{"pg", schema.KindDisasterRecovery, "16", "business-4", 1, true},
	{"opensearch", schema.KindOpenSearchCCR, "2.19", "business-4", 2, false},
}

// groupsPerKind is how many groups of each kind a benchmark project holds.
const groupsPerKind = 10

// BenchmarkPlanKinds reads one project per replication kind, and one mixed
// project holding pairs and every kind, against aiven-sim answering in
// 50 ms: the cost of a plan in calls per project and per kind. Each group
// is an existing primary (RUNNING, with a backup) with its members to
// create. Per project: one ServiceList, per service type the type and its
// plan list, clouds, one spec per (type, plan) and one price per (type,
// plan, cloud) in use; per service nothing (per-service/project), as the
// emulator's list carries the backups a read replica waits for and the
// roles of a recovery pair. plan.Compute makes no call, so the read is the
// plan's whole cost.
func BenchmarkPlanKinds(b *testing.B) {
	for _, k := range benchKinds {
		b.Run("kind="+k.typ+"/"+k.kind, func(b *testing.B) { benchmarkPlanKinds(b, []kindBench{k}, 0) })
	}
	b.Run("kind=cassandra/"+schema.KindCCR, func(b *testing.B) { benchmarkPlanKinds(b, nil, groupsPerKind) })
	b.Run("kind=mixed", func(b *testing.B) { benchmarkPlanKinds(b, benchKinds, groupsPerKind) })
}

func benchmarkPlanKinds(b *testing.B, kinds []kindBench, pairs int) {
	seed, text := kindsProject(kinds, pairs)
	sim, url := startSim(b, aivensim.Options{Latency: benchLatency}, seed)
	spec := loadSpec(b, text)
	c := newClient(b, url, aiven.Config{})
	sim.ResetStats()
	var wall time.Duration
	for b.Loop() {
		start := time.Now()
		if _, err := c.ReadLive(context.Background(), spec); err != nil {
			b.Fatalf("ReadLive: %v", err)
		}
		wall += time.Since(start)
	}
	runs := float64(b.N)
	stats := sim.Stats().Requests
	perService := stats["GET /v1/project/{project}/service/{service}"] +
		stats["GET /v1/project/{project}/service/{service}/backups"]
	b.ReportMetric(float64(totalRequests(sim.Stats()))/runs, "calls/project")
	b.ReportMetric(float64(perService)/runs, "per-service/project")
	b.ReportMetric(float64(stats["GET /v1/project/{project}/service"])/runs, "lists/project")
	b.ReportMetric(float64(stats[pricingPath])/runs, "prices/project")
	b.ReportMetric(float64(wall.Milliseconds())/runs, "wall-ms")
}

// kindsProject is the seed and the file of one project with groupsPerKind
// groups of each kind and pairs new pairs.
func kindsProject(kinds []kindBench, pairs int) (aivensim.SeedFile, string) {
	backup := time.Now().Add(-time.Hour)
	p := aivensim.ProjectSeed{Project: "acme-prod"}
	var text strings.Builder
	text.WriteString("version: 1\nprojects:\n  - project: acme-prod\n")
	if pairs > 0 {
		text.WriteString(strings.TrimPrefix(pairsYAML([]string{"x"}, pairs), "version: 1\nprojects:\n  - project: x\n"))
	}
	if len(kinds) > 0 {
		text.WriteString("    replicas:\n")
	}
	for _, k := range kinds {
		st, _ := schema.LookupType(k.typ)
		for i := range groupsPerKind {
			primary := fmt.Sprintf("%s-%s-%d", k.typ, strings.ReplaceAll(k.kind, "_", "-"), i)
			p.Services = append(p.Services, aivensim.ServiceSeed{ServiceName: primary, ServiceType: k.typ,
				Plan: "business-4", CloudName: "google-europe-west1", FirstBackupTime: &backup,
				UserConfig: map[string]any{st.VersionKey: k.version}})
			fmt.Fprintf(&text, "      - primary: {name: %s, type: %s, cloud: google-europe-west1, plan: business-4}\n"+
				"        members:\n", primary, k.typ)
			for j := range k.members {
				fmt.Fprintf(&text, "          - {name: %s-m%d, kind: %s, cloud: aws-us-east-1, plan: %s}\n",
					primary, j, k.kind, k.memberPlan)
			}
			if k.active {
				fmt.Fprintf(&text, "        active: %s\n", primary)
			}
		}
	}
	return aivensim.SeedFile{Projects: []aivensim.ProjectSeed{p}}, text.String()
}
