package aiven_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
	"github.com/ccr-dev/ccr/plan"
)

// BenchmarkApplyUpdates updates N existing pairs in place through the
// adapter over real HTTP to aiven-sim: each pair moves from business-4 to
// business-8 with a larger disk and gets a new tag. The emulator keeps a
// resized pair REBALANCING for D (the provision delay, here its rebalance
// time), so the makespan's lower bound is D: every pair's one request goes
// out at once and both members rebalance together. Reported: makespan
// against D, and per pair the ServiceUpdate requests (the goal is 1: the
// peer's plan and disk change with its member's request) and per service
// the tag requests (at most 1), and the API calls the emulator served in
// all (retries included).
func BenchmarkApplyUpdates(b *testing.B) {
	for _, n := range []int{1, 10, 50} {
		b.Run(fmt.Sprintf("pairs=%d", n), func(b *testing.B) {
			benchmarkApplyUpdates(b, n)
		})
	}
}

func benchmarkApplyUpdates(b *testing.B, n int) {
	var makespan time.Duration
	var calls, puts, patches int
	for b.Loop() {
		sim, c, p := updateSetup(b, n)
		start := time.Now()
		res, err := apply.Run(context.Background(), c, p, apply.Options{PollInterval: pollInterval})
		makespan += time.Since(start)
		if err != nil || !res.Complete() || res.Count(apply.Updated) != 2*n {
			b.Fatalf("apply: %v, %d of %d updated, complete=%v", err, res.Count(apply.Updated), 2*n, res.Complete())
		}
		st := sim.Stats()
		calls += totalRequests(st)
		puts += st.Requests["PUT /v1/project/{project}/service/{service}"]
		patches += st.Requests["PATCH /v1/project/{project}/service/{service}/tags"]
	}
	runs := float64(b.N)
	b.ReportMetric(makespan.Seconds()/runs/provisionDelay.Seconds(), "makespan/D")
	b.ReportMetric(float64(puts)/runs/float64(n), "updates/pair")
	b.ReportMetric(float64(patches)/runs/float64(2*n), "tagreqs/service")
	b.ReportMetric(float64(calls)/runs/float64(n), "calls/pair")
}

// updateSetup starts a fresh emulator with n RUNNING pairs on business-4,
// plans them to business-8 with 900000 MB and a team tag through the
// adapter, and resets the emulator's counters, so that only the apply is
// counted.
func updateSetup(b *testing.B, n int) (*aivensim.Server, *aiven.Client, *plan.Plan) {
	b.Helper()
	seed := aivensim.ProjectSeed{Project: "acme-prod"}
	var file strings.Builder
	file.WriteString("version: 1\nprojects:\n  - project: acme-prod\n    pairs:\n")
	for i := range n {
		a, c := fmt.Sprintf("p%02d-a", i), fmt.Sprintf("p%02d-b", i)
		seed.Services = append(seed.Services,
			cassandra(a, "business-4", "google-europe-west1", a, ""),
			cassandra(c, "business-4", "aws-us-east-1", c, a))
		fmt.Fprintf(&file, "      - services:\n"+
			"          - {name: %s, cloud: google-europe-west1}\n"+
			"          - {name: %s, cloud: aws-us-east-1}\n"+
			"        plan: business-8\n        disk_space_mb: 900000\n        tags: {team: orders}\n", a, c)
	}
	sim, url := startSim(b, aivensim.Options{ProvisionDelay: provisionDelay, Latency: applyLatency},
		aivensim.SeedFile{Projects: []aivensim.ProjectSeed{seed}})
	c := newClient(b, url, aiven.Config{})
	spec := loadSpec(b, file.String())
	live, err := c.ReadLive(context.Background(), spec)
	if err != nil {
		b.Fatalf("ReadLive: %v", err)
	}
	p := plan.Compute(spec, live)
	if p.Summary.Update != 2*n || !p.Applyable() {
		b.Fatalf("plan updates %d, want %d; conflicts %v", p.Summary.Update, 2*n, p.Conflicts)
	}
	sim.ResetStats()
	return sim, c, p
}
