package apply_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/apply/applytest"
	"github.com/ccr-dev/ccr/plan"
)

// TestRunAdoptsOwnCreateWhoseResponseWasLost: the create committed but its
// answer was lost; the retry meets the name taken by the service this run
// made. From the API's answers alone, a concurrent apply could have made it
// too, so it is already present and maybe created by this run: never
// counted as created, which two runs at once would both do.
func TestRunAdoptsOwnCreateWhoseResponseWasLost(t *testing.T) {
	f := applytest.New()
	f.Inject(applytest.OpCreate, "acme", "eu-0", applytest.Fault{Err: applytest.Lost(), Commit: true})
	r, err := apply.Run(context.Background(), f, pairs(1, "acme"), fast())
	if err != nil {
		t.Fatal(err)
	}
	eu := result(t, r, "eu-0")
	if eu.Outcome != apply.AlreadyPresent || !eu.MaybeCreated || !eu.Running ||
		!strings.Contains(eu.Note, "created by this run or a concurrent apply") {
		t.Errorf("eu-0 = %+v, want already present, maybe created, running, saying who may have made it", eu)
	}
	if got := apply.Verdict(r); got != "Apply complete: 1 created, 1 already present, 0 failed." {
		t.Errorf("verdict = %q", got)
	}
	if !r.Complete() || r.Stats.Gets != 1 {
		t.Errorf("complete=%v gets=%d, want complete after one read", r.Complete(), r.Stats.Gets)
	}
	assertExactlyOnce(t, f, "acme/eu-0", "acme/us-0")
}

func TestRunAdoptsMatchingServiceOfConcurrentApply(t *testing.T) {
	f := applytest.New()
	f.Seed("acme", plan.LiveService{Name: "eu-0", Type: "cassandra", Cloud: "google-europe-west1",
		Plan: "startup-4", Datacenter: "eu-0", State: plan.StateRunning})
	r, err := apply.Run(context.Background(), f, pairs(1, "acme"), fast())
	if err != nil {
		t.Fatal(err)
	}
	if eu := result(t, r, "eu-0"); eu.Outcome != apply.AlreadyPresent || !r.Complete() {
		t.Errorf("eu-0 = %+v, complete=%v", eu, r.Complete())
	}
	if got := apply.Verdict(r); got != "Apply complete: 1 created, 1 already present, 0 failed." {
		t.Errorf("verdict = %q", got)
	}
}

func TestRunRefusesToAdoptDifferentService(t *testing.T) {
	f := applytest.New()
	other := plan.LiveService{Name: "eu-0", Type: "cassandra", Cloud: "aws-eu-west-1",
		Plan: "startup-4", Datacenter: "aiven", JoinedWith: "legacy", State: plan.StateRunning}
	f.Seed("acme", other)
	r, err := apply.Run(context.Background(), f, pairs(1, "acme"), fast())
	if err != nil {
		t.Fatal(err)
	}
	eu := result(t, r, "eu-0")
	for _, want := range []string{`cloud is "aws-eu-west-1", want "google-europe-west1"`,
		`service_to_join_with is "legacy", want ""`, `datacenter is "aiven", want "eu-0"`} {
		if eu.Outcome != apply.Failed || !strings.Contains(eu.Error, want) {
			t.Errorf("eu-0 = %s %q, want failed naming %s", eu.Outcome, eu.Error, want)
		}
	}
	if strings.Contains(eu.Error, "plan is") {
		t.Errorf("error names a field that matches: %q", eu.Error)
	}
	if us := result(t, r, "us-0"); us.Outcome != apply.Skipped {
		t.Errorf("us-0 = %s, want skipped", us.Outcome)
	}
	if live, _ := f.Service("acme", "eu-0"); !reflect.DeepEqual(live, other) {
		t.Errorf("existing service changed: %+v", live)
	}
}

// sleeps records the delays Run asks for and lets them pass at once.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) after(d time.Duration) <-chan time.Time {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	ch := make(chan time.Time, 1)
	ch <- time.Time{}
	return ch
}

func TestRunHonoursRetryAfter(t *testing.T) {
	f := applytest.New()
	f.Inject(applytest.OpCreate, "acme", "eu-0",
		applytest.Fault{Err: applytest.RateLimited(7 * time.Second)}, applytest.Fault{Err: applytest.Unavailable()})
	s := &sleeps{}
	rec := &recorder{}
	opts := fast()
	opts.After, opts.Observer, opts.RetryMax = s.after, rec, 10*time.Second
	r, err := apply.Run(context.Background(), f, pairs(1, "acme"), opts)
	if err != nil {
		t.Fatal(err)
	}
	var delays []time.Duration
	for _, e := range rec.events {
		if e.Kind == apply.EventRetrying {
			delays = append(delays, e.Delay)
		}
	}
	if len(delays) != 2 || delays[0] < 7*time.Second || delays[1] >= 7*time.Second {
		t.Errorf("retry delays = %v, want [≥7s (Retry-After), <7s (backoff)]", delays)
	}
	if !r.Complete() || f.Calls().Creates != 4 {
		t.Errorf("complete=%v creates=%d, want complete after 3 tries of eu-0 and 1 of us-0", r.Complete(), f.Calls().Creates)
	}
}

// TestRunRefusesARetryAfterLongerThanItWaits: a server asking for more
// than RetryMax would hold the run past any bound; the create fails saying
// so instead, and is tried once.
func TestRunRefusesARetryAfterLongerThanItWaits(t *testing.T) {
	f := applytest.New()
	f.Inject(applytest.OpCreate, "acme", "eu-0", applytest.Fault{Err: applytest.RateLimited(time.Hour)})
	s := &sleeps{}
	opts := fast()
	opts.After, opts.RetryMax = s.after, time.Minute
	r, err := apply.Run(context.Background(), f, pairs(1, "acme"), opts)
	if err != nil {
		t.Fatal(err)
	}
	eu := result(t, r, "eu-0")
	if eu.Outcome != apply.Failed || !strings.Contains(eu.Error, "asked to retry after 1h0m0s, longer than ccr waits between tries (1m0s)") {
		t.Errorf("eu-0 = %s %q, want failed naming both waits", eu.Outcome, eu.Error)
	}
	if n := f.Calls().Creates; n != 1 || len(s.d) != 0 {
		t.Errorf("creates=%d sleeps=%v, want one try and no wait", n, s.d)
	}
}

// TestRunDoesNotRetryAFinalFailure: the adapter already spent its attempts
// on an API that never answered; trying again would wait as long again.
func TestRunDoesNotRetryAFinalFailure(t *testing.T) {
	f := applytest.New()
	f.Inject(applytest.OpCreate, "acme", "eu-0",
		applytest.Fault{Err: &apply.TransientError{Err: errors.New("POST /v1/project/acme/service: no answer"), Final: true}})
	r, err := apply.Run(context.Background(), f, pairs(1, "acme"), fast())
	if err != nil {
		t.Fatal(err)
	}
	eu := result(t, r, "eu-0")
	if eu.Outcome != apply.Failed || !strings.Contains(eu.Error, "no answer") || !strings.Contains(eu.Error, "may exist") {
		t.Errorf("eu-0 = %s %q, want failed, saying the service may exist", eu.Outcome, eu.Error)
	}
	if n := f.Calls().Creates; n != 1 {
		t.Errorf("creates = %d, want 1", n)
	}
	if us := result(t, r, "us-0"); us.Outcome != apply.Skipped {
		t.Errorf("us-0 = %s, want skipped", us.Outcome)
	}
}

func TestRunGivesUpAfterMaxAttempts(t *testing.T) {
	f := applytest.New()
	for range 3 {
		f.Inject(applytest.OpCreate, "acme", "eu-0", applytest.Fault{Err: applytest.Unavailable()})
	}
	opts := fast()
	opts.MaxAttempts = 3
	r, err := apply.Run(context.Background(), f, pairs(1, "acme"), opts)
	if err != nil {
		t.Fatal(err)
	}
	eu := result(t, r, "eu-0")
	if eu.Outcome != apply.Failed || !strings.Contains(eu.Error, "gave up after 3 attempts") ||
		!strings.Contains(eu.Error, "may exist") {
		t.Errorf("eu-0 = %s %q", eu.Outcome, eu.Error)
	}
	if f.Calls().Creates != 3 {
		t.Errorf("%d creates, want 3", f.Calls().Creates)
	}
}

func TestRunFailsOnPermanentError(t *testing.T) {
	f := applytest.New()
	f.Inject(applytest.OpCreate, "acme", "us-0", applytest.Fault{Err: errors.New("[400]: plan not available")})
	r, err := apply.Run(context.Background(), f, pairs(1, "acme"), fast())
	if err != nil {
		t.Fatal(err)
	}
	us := result(t, r, "us-0")
	if us.Outcome != apply.Failed || us.Error != "create: [400]: plan not available" || f.Calls().Creates != 2 {
		t.Errorf("us-0 = %s %q after %d creates; want one failed try", us.Outcome, us.Error, f.Calls().Creates)
	}
	if got := apply.Verdict(r); got != "Apply failed: 1 created, 0 already present, 1 failed." {
		t.Errorf("verdict = %q", got)
	}
}

func TestRunFailsPoweredOffServiceAndSkipsPeer(t *testing.T) {
	f := applytest.New()
	f.ProvisionPolls = 1000
	opts := fast()
	opts.JoinAfter = plan.JoinAfterRunning
	opts.Observer = apply.ObserverFunc(func(e apply.Event) {
		if e.Kind == apply.EventState && e.Service == "eu-0" {
			f.SetState("acme", "eu-0", plan.StatePoweroff)
		}
	})
	r, err := apply.Run(context.Background(), f, pairs(1, "acme"), opts)
	if err != nil {
		t.Fatal(err)
	}
	// eu-0 was created (it exists and is billed) and will not be RUNNING.
	eu, us := result(t, r, "eu-0"), result(t, r, "us-0")
	if eu.Outcome != apply.Created || eu.Running || eu.State != plan.StatePoweroff || eu.CreatedAt.IsZero() ||
		eu.Error != "wait for RUNNING: service is POWEROFF" {
		t.Errorf("eu-0 = %+v, want created, POWEROFF, with a creation time and the error", eu)
	}
	if us.Outcome != apply.Skipped || us.Error != "dependency eu-0 did not become RUNNING" || f.Calls().Creates != 1 {
		t.Errorf("us-0 = %s %q after %d creates", us.Outcome, us.Error, f.Calls().Creates)
	}
	if got := apply.Verdict(r); got != "Apply failed: 1 created, 0 already present, 0 failed, 1 skipped; 1 failed to become RUNNING." {
		t.Errorf("verdict = %q", got)
	}
}

// TestRunEndsAJoinersWaitWhenItsTargetFails: the joiner was created while
// its target was being built; the target is then powered off, so the joiner
// can never be RUNNING. Its wait ends with the target's, naming it, instead
// of running out the wait timeout.
func TestRunEndsAJoinersWaitWhenItsTargetFails(t *testing.T) {
	f := applytest.New()
	f.ProvisionPolls = 1000
	opts := fast()
	opts.WaitTimeout = time.Minute
	opts.Observer = apply.ObserverFunc(func(e apply.Event) {
		if e.Kind == apply.EventState && e.Service == "eu-0" {
			f.SetState("acme", "eu-0", plan.StatePoweroff)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := apply.Run(ctx, f, pairs(1, "acme"), opts)
	if err != nil {
		t.Fatal(err)
	}
	us := result(t, r, "us-0")
	if ctx.Err() != nil || us.Outcome != apply.Created || us.Running ||
		!strings.Contains(us.Error, "created joined to eu-0, which is powered off: it cannot become RUNNING until eu-0 is powered on") {
		t.Errorf("us-0 = %s %q, want created, not running, naming its target", us.Outcome, us.Error)
	}
	if f.Calls().Creates != 2 {
		t.Errorf("creates = %d, want 2", f.Calls().Creates)
	}
}

func TestRunTimesOutWaiting(t *testing.T) {
	f := applytest.New()
	f.ProvisionPolls = 1 << 30
	opts := fast()
	opts.WaitTimeout = 20 * time.Millisecond
	r, err := apply.Run(context.Background(), f, pairs(1, "acme"), opts)
	if err != nil {
		t.Fatal(err)
	}
	// Created, not failed: both exist and may still become RUNNING.
	for _, name := range []string{"eu-0", "us-0"} {
		s := result(t, r, name)
		if want := "not RUNNING within the wait timeout of 20ms"; s.Outcome != apply.Created || s.Running || s.Note != want {
			t.Errorf("%s = %s running=%v %q, want created, not running, noting %q", name, s.Outcome, s.Running, s.Note, want)
		}
	}
	if r.Interrupted || r.Complete() {
		t.Errorf("timeout reported as interrupted=%v complete=%v", r.Interrupted, r.Complete())
	}
	if got := apply.Verdict(r); got != "Apply incomplete: 2 created, 0 already present, 0 failed; 2 not RUNNING yet." {
		t.Errorf("verdict = %q", got)
	}
}

func TestRunToleratesListLagWithinGrace(t *testing.T) {
	for _, tc := range []struct {
		name  string
		grace time.Duration
		ok    bool
	}{{"within grace", 5 * time.Second, true}, {"past grace", 10 * time.Millisecond, false}} {
		t.Run(tc.name, func(t *testing.T) {
			f := applytest.New()
			f.ListLag = 5
			if !tc.ok {
				f.ListLag = 1 << 30
			}
			opts := fast()
			opts.MissingGrace = tc.grace
			r, err := apply.Run(context.Background(), f, pairs(1, "acme"), opts)
			if err != nil {
				t.Fatal(err)
			}
			eu := result(t, r, "eu-0")
			if r.Complete() != tc.ok || (!tc.ok && !strings.Contains(eu.Error, "not in the service list")) {
				t.Errorf("complete=%v error=%q", r.Complete(), eu.Error)
			}
		})
	}
}

func TestRunRetriesTransientPollFailures(t *testing.T) {
	f := applytest.New()
	f.Inject(applytest.OpList, "acme", "", applytest.Fault{Err: applytest.Unavailable()},
		applytest.Fault{Err: applytest.RateLimited(3 * time.Millisecond)})
	r, err := apply.Run(context.Background(), f, pairs(1, "acme"), fast())
	if err != nil {
		t.Fatal(err)
	}
	if !r.Complete() || r.Stats.Lists < 3 {
		t.Errorf("complete=%v after %d lists; want complete past two failed polls", r.Complete(), r.Stats.Lists)
	}
}

// TestRunAdoptsOnlyTheServiceThePlanMeant: a 409 on create is our own lost
// create only when the service read back matches everything the create
// would have sent, Aiven's defaults included. Each case changes one field of
// an otherwise matching service; each must fail naming the field and the
// live value, and never count as created or already present.
func TestRunAdoptsOnlyTheServiceThePlanMeant(t *testing.T) {
	on := true
	planned := func() plan.Change {
		c := pair("acme", "eu-0", "us-0", 0)[0]
		c.PlanDiskSpaceMB, c.ProjectVPCID = 80000, "1F0E2C3D-0000-4000-8000-000000000001"
		c.TerminationProtection, c.Tags = &on, map[string]string{"team": "orders"}
		return c
	}
	matching := func() plan.LiveService {
		return plan.LiveService{Name: "eu-0", Type: "cassandra", Cloud: "google-europe-west1", Plan: "startup-4",
			Datacenter: "eu-0", DiskSpaceMB: 80000, ProjectVPCID: "1f0e2c3d-0000-4000-8000-000000000001",
			TerminationProtection: true, Tags: map[string]string{"team": "orders"}, State: plan.StateRunning}
	}
	cases := []struct {
		name string
		edit func(s *plan.LiveService, c *plan.Change)
		want string // "" means adopted
	}{
		{"matches", func(*plan.LiveService, *plan.Change) {}, ""},
		{"type", func(s *plan.LiveService, _ *plan.Change) { s.Type = "pg" }, `service_type is "pg", want "cassandra"`},
		{"plan", func(s *plan.LiveService, _ *plan.Change) { s.Plan = "startup-8" }, `plan is "startup-8", want "startup-4"`},
		{"plan default disk", func(s *plan.LiveService, _ *plan.Change) { s.DiskSpaceMB = 160000 },
			"disk_space_mb is 160000, want 80000"},
		{"explicit disk", func(_ *plan.LiveService, c *plan.Change) { c.DiskSpaceMB = 120000 },
			"disk_space_mb is 80000, want 120000"},
		{"public network", func(s *plan.LiveService, _ *plan.Change) { s.ProjectVPCID = "" },
			`project_vpc_id is public network, want "1f0e2c3d-0000-4000-8000-000000000001"`},
		{"VPC where the plan wants none", func(_ *plan.LiveService, c *plan.Change) { c.ProjectVPCID = "" },
			`project_vpc_id is "1f0e2c3d-0000-4000-8000-000000000001", want public network`},
		{"default datacenter", func(s *plan.LiveService, _ *plan.Change) { s.Datacenter = "" },
			`datacenter is "aiven", want "eu-0"`},
		{"join target", func(s *plan.LiveService, _ *plan.Change) { s.JoinedWith = "legacy" },
			`service_to_join_with is "legacy", want ""`},
		{"termination protection", func(s *plan.LiveService, _ *plan.Change) { s.TerminationProtection = false },
			"termination_protection is false, want true"},
		{"protection the plan leaves to Aiven's default", func(_ *plan.LiveService, c *plan.Change) { c.TerminationProtection = nil },
			"termination_protection is true, want false"},
		{"tag value", func(s *plan.LiveService, _ *plan.Change) { s.Tags = map[string]string{"team": "x\n::error::y"} },
			`tags is {"team":"x\n::error::y"}, want {"team":"orders"}`},
		{"no tags", func(s *plan.LiveService, _ *plan.Change) { s.Tags = nil }, `tags is {}, want {"team":"orders"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			live, c := matching(), planned()
			tc.edit(&live, &c)
			f := applytest.New()
			f.Seed("acme", live)
			p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: []plan.Change{c}}
			r, err := apply.Run(context.Background(), f, p, fast())
			if err != nil {
				t.Fatal(err)
			}
			got := result(t, r, "eu-0")
			switch {
			case tc.want == "" && got.Outcome != apply.AlreadyPresent:
				t.Errorf("outcome %s (%s), want already present", got.Outcome, got.Error)
			case tc.want != "" && (got.Outcome != apply.Failed || !strings.Contains(got.Error, tc.want)):
				t.Errorf("outcome %s %q, want failed naming %s", got.Outcome, got.Error, tc.want)
			case tc.want != "" && strings.Contains(got.Error, "plan is") && tc.name != "plan":
				t.Errorf("error names a field that matches: %q", got.Error)
			}
			if tc.want != "" && (r.Count(apply.Created) != 0 || r.Count(apply.AlreadyPresent) != 0) {
				t.Errorf("a different service was counted as done: %+v", r.Services)
			}
		})
	}
}

// TestRunWaitTimeoutBoundsHangingPolls: once the creates are accepted the
// API stops answering service lists; each service's wait still ends at
// WaitTimeout, not when a poll returns.
func TestRunWaitTimeoutBoundsHangingPolls(t *testing.T) {
	f := applytest.New()
	f.ProvisionPolls = 100
	for range 50 {
		f.Inject(applytest.OpList, "acme", "", applytest.Fault{Hang: true})
	}
	opts := fast()
	opts.WaitTimeout = 300 * time.Millisecond
	// The hard stop only keeps a regression from hanging the test.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := apply.Run(ctx, f, pairs(1, "acme"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil || r.Interrupted {
		t.Fatal("the wait outlasted WaitTimeout by seconds: it waited for a hanging poll")
	}
	eu := result(t, r, "eu-0")
	if eu.Outcome != apply.Created || eu.Running || !strings.Contains(eu.Note, "not RUNNING within the wait timeout of 300ms") {
		t.Errorf("eu-0 = %s %q, want created, not RUNNING yet after the wait timeout", eu.Outcome, eu.Note)
	}
}
