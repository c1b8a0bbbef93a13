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
)

// Apply benchmark parameters: provision delay D, the emulator's answer
// time, and the first poll interval D/10.
const (
	provisionDelay = 500 * time.Millisecond
	applyLatency   = 5 * time.Millisecond
	pollInterval   = provisionDelay / 10
)

// BenchmarkApply creates N new pairs through the adapter over real HTTP to
// aiven-sim, with the default parallelism. The lower bound of the makespan is
// 2·D: a pair's second service can only be created once the first is
// RUNNING. Reported: makespan/2D, API calls the emulator served (retries
// included), creates, and lists per poll tick, which must stay at the number
// of projects (1) whatever N.
//
// The poll interval grows by half per tick up to MaxPollInterval and at most
// to an eighth of the time already waited, so a service is seen RUNNING at
// most about D/8 late, once per phase of a pair. maxpoll=default is apply's
// ceiling, 6×PollInterval = 0.6·D here; maxpoll=D/5 caps it lower;
// maxpoll=off pins it to PollInterval (no backoff), the cost floor.
func BenchmarkApply(b *testing.B) {
	ceilings := []struct {
		name string
		max  time.Duration
	}{{"default", 0}, {"D/5", provisionDelay / 5}, {"off", pollInterval}}
	for _, n := range []int{1, 10, 50} {
		for _, c := range ceilings {
			b.Run(fmt.Sprintf("pairs=%d/maxpoll=%s", n, c.name), func(b *testing.B) {
				benchmarkApply(b, n, apply.Options{PollInterval: pollInterval, MaxPollInterval: c.max})
			})
		}
	}
}

func benchmarkApply(b *testing.B, n int, opts apply.Options) {
	var makespan time.Duration
	var calls, creates int
	var stats apply.Stats
	for b.Loop() {
		sim, c, p := applySetup(b, n)
		start := time.Now()
		res, err := apply.Run(context.Background(), c, p, opts)
		makespan += time.Since(start)
		if err != nil || !res.Complete() || res.Count(apply.Created) != 2*n {
			b.Fatalf("apply: %v, %d of %d created, complete=%v", err, res.Count(apply.Created), 2*n, res.Complete())
		}
		calls += totalRequests(sim.Stats())
		creates += sim.Stats().Requests["POST /v1/project/{project}/service"]
		stats = res.Stats
	}
	runs := float64(b.N)
	b.ReportMetric(makespan.Seconds()/runs/(2*provisionDelay).Seconds(), "makespan/2D")
	b.ReportMetric(float64(calls)/runs, "calls/op")
	b.ReportMetric(float64(creates)/runs, "creates/op")
	b.ReportMetric(float64(stats.Lists)/float64(stats.PollTicks), "lists/tick")
	b.ReportMetric(float64(stats.PollTicks), "ticks/op")
}

// applySetup starts a fresh emulator with an empty project, plans n new
// pairs through the adapter and resets the emulator's counters, so that
// only the apply is counted.
func applySetup(b *testing.B, n int) (*aivensim.Server, *aiven.Client, *plan.Plan) {
	b.Helper()
	sim, url := startSim(b, aivensim.Options{
		ProvisionDelay: provisionDelay,
		Latency:        applyLatency,
	}, aivensim.SeedFile{Projects: []aivensim.ProjectSeed{{Project: "acme-prod"}}})
	c := newClient(b, url, aiven.Config{})
	spec := loadSpec(b, pairsYAML([]string{"acme-prod"}, n))
	live, err := c.ReadLive(context.Background(), spec)
	if err != nil {
		b.Fatalf("ReadLive: %v", err)
	}
	p := plan.Compute(spec, live)
	if p.Summary.Create != 2*n {
		b.Fatalf("plan creates %d, want %d", p.Summary.Create, 2*n)
	}
	sim.ResetStats()
	return sim, c, p
}
