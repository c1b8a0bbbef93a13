package apply_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/apply/applytest"
	"github.com/ccr-dev/ccr/plan"
)

func TestRunStopsGracefully(t *testing.T) {
	f := applytest.New()
	f.Latency = 5 * time.Millisecond
	f.ProvisionPolls = 1 << 30
	stop := make(chan struct{})
	var once sync.Once
	// The stop arrives while the first create is in flight.
	f.OnCreate = func(string, string) { once.Do(func() { close(stop) }) }
	rec := &recorder{}
	opts := fast()
	opts.Parallelism, opts.Stop, opts.Observer = 1, stop, rec
	r, err := apply.Run(context.Background(), f, pairs(3, "acme"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Calls().Creates; got != 1 {
		t.Fatalf("%d creates, want only the one in flight at the stop", got)
	}
	if !r.Interrupted || r.Complete() {
		t.Errorf("interrupted=%v complete=%v", r.Interrupted, r.Complete())
	}
	var created []string
	for _, s := range r.Services {
		switch s.Outcome {
		case apply.Created:
			created = append(created, s.Service)
			if s.Running || s.Note == "" {
				t.Errorf("%s = %+v, want created, not yet RUNNING, with a note", s.Service, s)
			}
		case apply.NotStarted:
		default:
			t.Errorf("%s = %s, want created or not started", s.Service, s.Outcome)
		}
	}
	if len(created) != 1 {
		t.Errorf("created %v, want one", created)
	}
	if !slices.ContainsFunc(rec.events, func(e apply.Event) bool { return e.Kind == apply.EventStopping }) {
		t.Error("no stopping event")
	}
	if got := apply.Verdict(r); got != "Apply interrupted: 1 created, 0 already present, 0 failed, 5 not started; 1 not RUNNING yet." {
		t.Errorf("verdict = %q", got)
	}
}

func TestRunHardCancelCutsCreateShort(t *testing.T) {
	f := applytest.New()
	f.Latency = time.Minute
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f.OnCreate = func(string, string) { cancel() }
	opts := fast()
	opts.Parallelism = 1
	start := time.Now()
	r, err := apply.Run(ctx, f, pairs(2, "acme"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("hard cancel took %v", time.Since(start))
	}
	if !r.Interrupted || r.Count(apply.Interrupted) != 1 || r.Count(apply.NotStarted) != 3 {
		t.Errorf("interrupted=%v services=%+v; want one cut short, three not started", r.Interrupted, r.Services)
	}
	if f.Calls().Creates != 1 {
		t.Errorf("%d creates after cancel, want 1", f.Calls().Creates)
	}
}

func TestRerunAfterPartialFailureConverges(t *testing.T) {
	f := applytest.New()
	f.Inject(applytest.OpCreate, "acme", "us-1", applytest.Fault{Err: applytest.Unavailable()})
	opts := fast()
	opts.MaxAttempts = 1
	first, err := apply.Run(context.Background(), f, pairs(2, "acme"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if first.Complete() || result(t, first, "us-1").Outcome != apply.Failed {
		t.Fatalf("first run should fail us-1: %+v", first.Services)
	}
	// The next plan sees what exists: only us-1 remains to create.
	second, err := apply.Run(context.Background(), f, replan(f, pairs(2, "acme")), fast())
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Services) != 1 || !second.Complete() || second.Stats.Creates != 1 {
		t.Errorf("second run = %+v, want one create that completes", second)
	}
	assertExactlyOnce(t, f, "acme/eu-0", "acme/us-0", "acme/eu-1", "acme/us-1")
}

// runTwiceAtOnce runs two applies of p against f at the same time and
// returns their results.
func runTwiceAtOnce(t *testing.T, f *applytest.Fake, p *plan.Plan) []*apply.Result {
	t.Helper()
	results := make([]*apply.Result, 2)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() {
			r, err := apply.Run(context.Background(), f, p, fast())
			if err != nil {
				t.Error(err)
			}
			results[i] = r
		})
	}
	wg.Wait()
	return results
}

func TestRunConcurrentAppliesCreateEachServiceOnce(t *testing.T) {
	f := applytest.New()
	f.ProvisionPolls = 2
	f.Latency = time.Millisecond
	results := runTwiceAtOnce(t, f, pairs(3, "acme"))
	for i, r := range results {
		if !r.Complete() {
			t.Errorf("run %d incomplete: %+v", i, r.Services)
		}
	}
	if n := results[0].Count(apply.AlreadyPresent) + results[1].Count(apply.AlreadyPresent); n != 6 {
		t.Errorf("%d services adopted across both runs, want 6 (each created by one run)", n)
	}
	assertExactlyOnce(t, f, "acme/eu-0", "acme/us-0", "acme/eu-1", "acme/us-1", "acme/eu-2", "acme/us-2")
}
