package apply_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/apply/applytest"
	"github.com/ccr-dev/ccr/plan"
)

// pair returns the two creates of a new pair: a first, then b joining a.
func pair(project, a, b string, index int) []plan.Change {
	first := plan.Change{Project: project, Service: a, Action: plan.Create, Pair: index,
		Cloud: "google-europe-west1", Plan: "startup-4", Datacenter: a}
	second := plan.Change{Project: project, Service: b, Action: plan.Create, Pair: index,
		Cloud: "aws-us-east-1", Plan: "startup-4", Datacenter: b, JoinWith: a, DependsOn: a}
	return []plan.Change{first, second}
}

// pairs returns a plan of n new pairs in each project.
func pairs(n int, projects ...string) *plan.Plan {
	p := &plan.Plan{FormatVersion: plan.FormatVersion}
	for _, project := range projects {
		for i := range n {
			p.Changes = append(p.Changes, pair(project, fmt.Sprintf("eu-%d", i), fmt.Sprintf("us-%d", i), i)...)
		}
	}
	p.Summary.Create = len(p.Changes)
	return p
}

// replan is what plan.Compute would make of p once f holds some of its
// services: those become NoOp with their live state.
func replan(f *applytest.Fake, p *plan.Plan) *plan.Plan {
	next := *p
	next.Changes = append([]plan.Change(nil), p.Changes...)
	for i, c := range next.Changes {
		if live, ok := f.Service(c.Project, c.Service); ok {
			next.Changes[i].Action, next.Changes[i].Live = plan.NoOp, &live
		}
	}
	return &next
}

// fast returns options with millisecond clocks so tests take milliseconds.
func fast() apply.Options {
	return apply.Options{
		PollInterval: time.Millisecond, MaxPollInterval: 4 * time.Millisecond,
		RetryBase: time.Millisecond, RetryMax: 4 * time.Millisecond,
		WaitTimeout: 10 * time.Second, MissingGrace: 5 * time.Second,
	}
}

// recorder collects events; Run never calls it concurrently.
type recorder struct{ events []apply.Event }

func (r *recorder) Observe(e apply.Event) { r.events = append(r.events, e) }

func (r *recorder) kinds(service string) []apply.EventKind {
	var ks []apply.EventKind
	for _, e := range r.events {
		if e.Service == service {
			ks = append(ks, e.Kind)
		}
	}
	return ks
}

// result finds one service's result.
func result(t *testing.T, r *apply.Result, service string) apply.ServiceResult {
	t.Helper()
	for _, s := range r.Services {
		if s.Service == service {
			return s
		}
	}
	t.Fatalf("no result for %s in %+v", service, r.Services)
	return apply.ServiceResult{}
}

// assertExactlyOnce checks every listed service was committed once by f.
func assertExactlyOnce(t *testing.T, f *applytest.Fake, keys ...string) {
	t.Helper()
	committed := f.Calls().Committed
	for _, k := range keys {
		if committed[k] != 1 {
			t.Errorf("%s committed %d times, want 1", k, committed[k])
		}
	}
}
