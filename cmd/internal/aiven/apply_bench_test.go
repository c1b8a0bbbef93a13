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
// time, and the first poll interval D/10. D is 400 answer times: a real
// Cassandra service takes 10 to 20 minutes to build and a create answers in
// 1 to 3 seconds, so a shorter D would mostly measure request throughput.
const (
	provisionDelay = 2 * time.Second
	applyLatency   = 5 * time.Millisecond
	pollInterval   = provisionDelay / 10
)

// BenchmarkApply creates N new pairs through the adapter over real HTTP to
// aiven-sim, with the default parallelism. By default the joiner is created
// as soon as its target's create is committed and aiven-sim builds both
// together, so the makespan's lower bound is D. With the emulator's
// --join-requires-running each early join is refused once, the joiner waits
// for its target to be RUNNING, and the bound is 2·D. Reported: makespan
// against its bound, API calls the emulator served (retries included),
// creates (2 per pair, plus one refused per pair in the strict case), and
// lists per poll tick, which must stay at the number of projects (1)
// whatever N.
//
// Each service is first polled PollInterval after its own create, then
// each time the time waited has grown by a sixteenth, at most
// MaxPollInterval apart, so every service, the joiners created a moment
// after their targets included, is seen RUNNING at most about D/16 late.
// maxpoll=default is apply's ceiling, 6×PollInterval = 0.6·D here, which
// the sixteenth never reaches at this D; maxpoll=D/5 and maxpoll=off
// (MaxPollInterval = PollInterval) cap the interval lower, and matter only
// for a D past 16 × the cap.
func BenchmarkApply(b *testing.B) {
	ceilings := []struct {
		name string
		max  time.Duration
	}{{"default", 0}, {"D/5", provisionDelay / 5}, {"off", pollInterval}}
	for _, strict := range []bool{false, true} {
		for _, n := range []int{1, 10, 50} {
			for _, c := range ceilings {
				if strict && c.name != "default" {
					continue // the ceilings compare the same waits twice over
				}
				b.Run(fmt.Sprintf("join-requires-running=%v/pairs=%d/maxpoll=%s", strict, n, c.name), func(b *testing.B) {
					benchmarkApply(b, n, strict, apply.Options{PollInterval: pollInterval, MaxPollInterval: c.max})
				})
			}
		}
	}
}

func benchmarkApply(b *testing.B, n int, strict bool, opts apply.Options) {
	var makespan time.Duration
	var calls, creates int
	var stats apply.Stats
	for b.Loop() {
		sim, c, p := applySetup(b, n, strict)
		start := time.Now()
		res, err := apply.Run(context.Background(), c, p, opts)
		makespan += time.Since(start)
		if err != nil || !res.Complete() || res.Count(apply.Created) != 2*n {
			b.Fatalf("apply: %v, %d of %d created, complete=%v", err, res.Count(apply.Created), 2*n, res.Complete())
		}
		for svc, k := range sim.Stats().Creates {
			if k != 1 {
				b.Fatalf("%s created %d times", svc, k)
			}
		}
		calls += totalRequests(sim.Stats())
		creates += sim.Stats().Requests["POST /v1/project/{project}/service"]
		stats = res.Stats
	}
	runs := float64(b.N)
	bound, unit := provisionDelay, "makespan/D"
	if strict {
		bound, unit = 2*provisionDelay, "makespan/2D"
	}
	b.ReportMetric(makespan.Seconds()/runs/bound.Seconds(), unit)
	b.ReportMetric(float64(calls)/runs, "calls/op")
	b.ReportMetric(float64(creates)/runs, "creates/op")
	b.ReportMetric(float64(stats.Lists)/float64(stats.PollTicks), "lists/tick")
	b.ReportMetric(float64(stats.PollTicks), "ticks/op")
}

// applySetup starts a fresh emulator with an empty project, plans n new
// pairs through the adapter and resets the emulator's counters, so that
// only the apply is counted.
func applySetup(b *testing.B, n int, strict bool) (*aivensim.Server, *aiven.Client, *plan.Plan) {
	b.Helper()
	sim, url := startSim(b, aivensim.Options{
		ProvisionDelay:      provisionDelay,
		Latency:             applyLatency,
		JoinRequiresRunning: strict,
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
