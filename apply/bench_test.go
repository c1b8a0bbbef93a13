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
// its lower bound 2·D (the peer can only start once the first is RUNNING),
// requests, and lists per poll tick (the number of projects, not services).
func BenchmarkApply(b *testing.B) {
	const provision = 200 * time.Millisecond
	for _, n := range []int{1, 10, 50} {
		b.Run(fmt.Sprintf("pairs=%d", n), func(b *testing.B) {
			var makespan time.Duration
			var stats apply.Stats
			for b.Loop() {
				f := applytest.New()
				f.ProvisionDelay, f.Latency = provision, time.Millisecond
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
			b.ReportMetric(makespan.Seconds()/runs/(2*provision).Seconds(), "makespan/2D")
			b.ReportMetric(float64(stats.Lists)/float64(stats.PollTicks), "lists/tick")
			b.ReportMetric(float64(stats.Creates+stats.Gets+stats.Lists), "requests/op")
		})
	}
}
