package aiven_test

import (
	"context"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
	"github.com/ccr-dev/ccr/plan"
)

// TestPersistent500BoundsCreateRequests: an API that answers every request
// 500 gets at most apply.DefaultMaxAttempts POSTs for one create, counted by
// the emulator, with the client's default retries. Each layer used to
// retry the other's tries: (4+1) × 8 = 40 POSTs.
func TestPersistent500BoundsCreateRequests(t *testing.T) {
	sim, url := startSim(t, aivensim.Options{Fault5xx: 1}, acme)
	c := newClient(t, url, aiven.Config{RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: []plan.Change{change("orders-eu", "google-europe-west1", "")}}
	r, err := apply.Run(context.Background(), c, p, apply.Options{RetryBase: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if s := r.Services[0]; s.Outcome != apply.Failed {
		t.Errorf("orders-eu = %s, want failed", s.Outcome)
	}
	posts := sim.Stats().Requests["POST /v1/project/{project}/service"]
	if posts > apply.DefaultMaxAttempts || posts < 2 {
		t.Errorf("one create sent %d POSTs, want 2 to %d: retried, and bounded by apply's attempts",
			posts, apply.DefaultMaxAttempts)
	}
	if r.Stats.Creates != posts {
		t.Errorf("apply counts %d creates, the emulator %d POSTs", r.Stats.Creates, posts)
	}
}
