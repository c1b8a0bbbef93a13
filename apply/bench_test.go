package apply_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/apply/applytest"
)

// BenchmarkApply creates N new pairs against a fake that provisions in D and
// answers in 1ms, with the default parallelism. Reported: makespan against
// its lower bound (D: the peer is built together with the first; 2·D when
// the fake refuses a join before its target is RUNNING), requests, and
// lists per poll tick (the number of projects, not services).
func BenchmarkApply(b *testing.B) {
	const provision = 200 * time.Millisecond
	for _, refusing := range []bool{false, true} {
		for _, n := range []int{1, 10, 50} {
			b.Run(fmt.Sprintf("join-requires-running=%v/pairs=%d", refusing, n), func(b *testing.B) {
				benchmarkApply(b, n, provision, refusing)
			})
		}
	}
}

func benchmarkApply(b *testing.B, n int, provision time.Duration, refusing bool) {
	bound, unit := provision, "makespan/D"
	if refusing {
		bound, unit = 2*provision, "makespan/2D"
	}
	var makespan time.Duration
	var stats apply.Stats
	for b.Loop() {
		f := applytest.New()
		f.ProvisionDelay, f.Latency, f.JoinRequiresRunning = provision, time.Millisecond, refusing
		opts := apply.Options{PollInterval: provision / 40, MaxPollInterval: provision / 20}
		start := time.Now()
		r, err := apply.Run(context.Background(), f, pairs(n, "acme"), opts)
		makespan += time.Since(start)
		if err != nil || !r.Complete() {
			b.Fatalf("run failed: %v %+v", err, r)
		}
		stats = r.Stats
	}
	runs := float64(b.N)
	b.ReportMetric(makespan.Seconds()/runs/bound.Seconds(), unit)
	b.ReportMetric(float64(stats.Lists)/float64(stats.PollTicks), "lists/tick")
	b.ReportMetric(float64(stats.Creates+stats.Gets+stats.Lists), "requests/op")
}
