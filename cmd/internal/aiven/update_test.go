package aiven_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
	"github.com/ccr-dev/ccr/plan"
)

func boolPtr(b bool) *bool { return &b }

// TestUpdateServiceSendsOnlyWhatIsSet: one PUT with the fields the update
// sets and nothing else, with the client's authorisation; above all no
// project_vpc_id, whose null would move the service to the public network.
func TestUpdateServiceSendsOnlyWhatIsSet(t *testing.T) {
	for _, tc := range []struct {
		name string
		u    apply.ServiceUpdate
		want map[string]any
	}{
		{"plan", apply.ServiceUpdate{Plan: "startup-8"}, map[string]any{"plan": "startup-8"}},
		{"disk", apply.ServiceUpdate{DiskSpaceMB: 600000}, map[string]any{"disk_space_mb": 600000.0}},
		{"protection off", apply.ServiceUpdate{TerminationProtection: boolPtr(false)},
			map[string]any{"termination_protection": false}},
		{"all three", apply.ServiceUpdate{Plan: "business-8", DiskSpaceMB: 900000, TerminationProtection: boolPtr(true)},
			map[string]any{"plan": "business-8", "disk_space_mb": 900000.0, "termination_protection": true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{status: 200, body: `{"service":{"service_name":"orders-eu"}}`}
			if err := serve(t, rec).UpdateService(context.Background(), "acme-prod", "orders-eu", tc.u); err != nil {
				t.Fatalf("UpdateService: %v", err)
			}
			got := rec.last(t)
			if got.method != http.MethodPut || got.path != "/v1/project/acme-prod/service/orders-eu" || !reflect.DeepEqual(got.body, tc.want) {
				t.Errorf("sent %s %s %v, want PUT /v1/project/acme-prod/service/orders-eu %v", got.method, got.path, got.body, tc.want)
			}
			if got.auth != "aivenv1 "+simToken {
				t.Errorf("Authorization = %q, want the client's token", got.auth)
			}
		})
	}
}

// TestUpdateTagsPatchesTheDeclaredKeys: ProjectServiceTagsUpdate, a PATCH
// of the keys given, which Aiven merges into the service's tags.
func TestUpdateTagsPatchesTheDeclaredKeys(t *testing.T) {
	rec := &recorder{status: 200, body: `{"message":"tags updated"}`}
	tags := map[string]string{"team": "orders", "cost-center": "42"}
	if err := serve(t, rec).UpdateTags(context.Background(), "acme-prod", "orders-eu", tags); err != nil {
		t.Fatalf("UpdateTags: %v", err)
	}
	got := rec.last(t)
	want := map[string]any{"tags": map[string]any{"team": "orders", "cost-center": "42"}}
	if got.method != http.MethodPatch || got.path != "/v1/project/acme-prod/service/orders-eu/tags" || !reflect.DeepEqual(got.body, want) {
		t.Errorf("sent %s %s %v, want PATCH …/orders-eu/tags %v", got.method, got.path, got.body, want)
	}
}

// TestUpdateRefusalsKeepTheAPIsMessage: a refused update (400 for plan or
// disk, 403, 404) is permanent, says what the API said, and never carries
// the token; a 404 is apply.ErrNotFound.
func TestUpdateRefusalsKeepTheAPIsMessage(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		status int
		msg    string
		call   func(*aiven.Client) error
		is     error
	}{
		{400, `Plan "startup-99" is not available for service type "cassandra"`, func(c *aiven.Client) error {
			return c.UpdateService(ctx, "acme-prod", "orders-eu", apply.ServiceUpdate{Plan: "startup-99"})
		}, nil},
		{403, "Not allowed to change the plan of this service " + simToken, func(c *aiven.Client) error {
			return c.UpdateService(ctx, "acme-prod", "orders-eu", apply.ServiceUpdate{Plan: "startup-8"})
		}, nil},
		{400, "Invalid tag key", func(c *aiven.Client) error {
			return c.UpdateTags(ctx, "acme-prod", "orders-eu", map[string]string{"team": "x"})
		}, nil},
		{404, "Service orders-eu does not exist", func(c *aiven.Client) error {
			return c.UpdateService(ctx, "acme-prod", "orders-eu", apply.ServiceUpdate{DiskSpaceMB: 600000})
		}, apply.ErrNotFound},
	} {
		body, _ := json.Marshal(map[string]any{"message": tc.msg, "errors": []any{}})
		err := tc.call(serve(t, &recorder{status: tc.status, body: string(body)}))
		var transient *apply.TransientError
		msg := strings.ReplaceAll(tc.msg, simToken, "***")
		switch {
		case err == nil || errors.As(err, &transient):
			t.Errorf("%q: error %v, want a permanent error", tc.msg, err)
		case tc.is != nil && !errors.Is(err, tc.is):
			t.Errorf("%q: error %v, want %v", tc.msg, err, tc.is)
		case tc.is == nil && (errors.Is(err, apply.ErrNameTaken) || errors.Is(err, apply.ErrNotFound)):
			t.Errorf("%q: error %v matches a sentinel apply acts on", tc.msg, err)
		case strings.Contains(err.Error(), simToken) || !strings.Contains(err.Error(), msg):
			t.Errorf("error = %v, want the API's message %q with the token masked", err, msg)
		}
	}
}

// pairVPC is the VPC of the pair updateSeed seeds in aws-us-east-1.
const pairVPC = "5a7c1e22-3b4d-4e5f-8a9b-0c1d2e3f4a5b"

// updateSeed is a CCR pair, orders-us in a VPC, with 100 GB of data and a
// tag each; and a pg primary with a read replica.
func updateSeed() aivensim.SeedFile {
	return aivensim.SeedFile{Projects: []aivensim.ProjectSeed{{
		Project: "acme-prod",
		VPCs:    []aivensim.VPC{{ProjectVPCID: pairVPC, CloudName: "aws-us-east-1", NetworkCIDR: "10.0.0.0/24", State: "ACTIVE"}},
		Services: []aivensim.ServiceSeed{
			{ServiceName: "orders-eu", ServiceType: "cassandra", Plan: "startup-4", CloudName: "google-europe-west1",
				DiskSpaceMB: 240000, UsedDiskMB: 100000, Tags: map[string]string{"team": "orders", "owner": "ops"},
				UserConfig: map[string]any{"cassandra": map[string]any{"datacenter": "orders-eu"}}},
			{ServiceName: "orders-us", ServiceType: "cassandra", Plan: "startup-4", CloudName: "aws-us-east-1",
				DiskSpaceMB: 240000, UsedDiskMB: 100000, ProjectVPCID: pairVPC,
				UserConfig: map[string]any{"cassandra": map[string]any{"datacenter": "orders-us"},
					"service_to_join_with": "orders-eu"}},
		},
	}}}
}

// TestUpdatePairAgainstSim: one PUT on one member of a CCR pair changes
// the plan and disk of both, which are REBALANCING until the emulator's
// rebalance time has passed and RUNNING after; the member in a VPC stays
// in it, and the request changed nothing else.
func TestUpdatePairAgainstSim(t *testing.T) {
	clock := &simClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	sim, url := startSim(t, aivensim.Options{ProvisionDelay: time.Hour, Clock: clock.Now}, updateSeed())
	c := newClient(t, url, aiven.Config{})
	ctx := context.Background()
	if err := c.UpdateService(ctx, "acme-prod", "orders-us", apply.ServiceUpdate{Plan: "startup-8", DiskSpaceMB: 510000}); err != nil {
		t.Fatalf("UpdateService: %v", err)
	}
	check := func(state string) {
		t.Helper()
		live, err := c.ListServices(ctx, "acme-prod")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range live {
			if s.Plan != "startup-8" || s.DiskSpaceMB != 510000 || s.State != state {
				t.Errorf("%s: %s, %d MB, %s; want startup-8, 510000 MB, %s", s.Name, s.Plan, s.DiskSpaceMB, s.State, state)
			}
		}
		us := liveByName(live, "orders-us")
		if us.ProjectVPCID != pairVPC || us.Cloud != "aws-us-east-1" {
			t.Errorf("orders-us moved: VPC %q, cloud %s", us.ProjectVPCID, us.Cloud)
		}
	}
	check(plan.StateRebalancing)
	clock.advance(time.Hour)
	check(plan.StateRunning)
	if n := sim.Stats().Requests["PUT /v1/project/{project}/service/{service}"]; n != 1 {
		t.Errorf("%d PUTs, want the one request for the pair", n)
	}
}

// TestUpdateValidatedBySim: the emulator refuses what the API refuses — a
// plan it does not offer, a disk off the plan's step, a disk below what
// the data uses — with a message that reaches the caller, and the service
// is left as it was.
func TestUpdateValidatedBySim(t *testing.T) {
	_, url := startSim(t, aivensim.Options{}, updateSeed())
	c := newClient(t, url, aiven.Config{})
	ctx := context.Background()
	for _, tc := range []struct {
		u    apply.ServiceUpdate
		want string
	}{
		{apply.ServiceUpdate{Plan: "startup-99"}, `Plan "startup-99" is not available`},
		{apply.ServiceUpdate{DiskSpaceMB: 250000}, "disk"},
		{apply.ServiceUpdate{Plan: "business-4", DiskSpaceMB: 90000}, "disk"},
	} {
		err := c.UpdateService(ctx, "acme-prod", "orders-eu", tc.u)
		var transient *apply.TransientError
		if err == nil || errors.As(err, &transient) || !strings.Contains(err.Error(), tc.want) ||
			!strings.Contains(err.Error(), "HTTP 400") {
			t.Errorf("%+v: error %v, want a permanent 400 mentioning %q", tc.u, err, tc.want)
		}
	}
	eu, err := c.GetService(ctx, "acme-prod", "orders-eu")
	if err != nil {
		t.Fatal(err)
	}
	if eu.Plan != "startup-4" || eu.DiskSpaceMB != 240000 || eu.State != plan.StateRunning {
		t.Errorf("orders-eu after refused updates: %s, %d MB, %s; want it unchanged", eu.Plan, eu.DiskSpaceMB, eu.State)
	}
}

// TestUpdateShrinkBelowUsedAgainstSim: the disk never shrinks below what
// the data of either member uses, and the message says so.
func TestUpdateShrinkBelowUsedAgainstSim(t *testing.T) {
	seed := updateSeed()
	for i := range seed.Projects[0].Services {
		seed.Projects[0].Services[i].DiskSpaceMB = 300000
	}
	seed.Projects[0].Services[1].UsedDiskMB = 280000
	_, url := startSim(t, aivensim.Options{}, seed)
	err := newClient(t, url, aiven.Config{}).UpdateService(context.Background(), "acme-prod", "orders-eu",
		apply.ServiceUpdate{DiskSpaceMB: 270000})
	if err == nil || !strings.Contains(err.Error(), "280000") || !strings.Contains(err.Error(), "orders-us") {
		t.Errorf("error = %v, want the refusal naming orders-us's 280000 MB of data", err)
	}
}

// TestUpdateTagsAgainstSim: the declared keys are set and every other key
// stays; protection follows its own PUT, and neither rebalances.
func TestUpdateTagsAgainstSim(t *testing.T) {
	sim, url := startSim(t, aivensim.Options{ProvisionDelay: time.Hour}, updateSeed())
	c := newClient(t, url, aiven.Config{})
	ctx := context.Background()
	if err := c.UpdateTags(ctx, "acme-prod", "orders-eu", map[string]string{"team": "payments", "tier": "gold"}); err != nil {
		t.Fatalf("UpdateTags: %v", err)
	}
	if err := c.UpdateService(ctx, "acme-prod", "orders-eu", apply.ServiceUpdate{TerminationProtection: boolPtr(true)}); err != nil {
		t.Fatalf("UpdateService: %v", err)
	}
	eu, err := c.GetService(ctx, "acme-prod", "orders-eu")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"team": "payments", "tier": "gold", "owner": "ops"}
	if !maps.Equal(eu.Tags, want) || !eu.TerminationProtection || eu.State != plan.StateRunning {
		t.Errorf("orders-eu: tags %v, protected %v, %s; want %v, protected, RUNNING", eu.Tags, eu.TerminationProtection,
			eu.State, want)
	}
	if n := sim.Stats().Requests["PATCH /v1/project/{project}/service/{service}/tags"]; n != 1 {
		t.Errorf("%d tag PATCHes, want 1", n)
	}
}

func liveByName(live []plan.LiveService, name string) plan.LiveService {
	for _, s := range live {
		if s.Name == name {
			return s
		}
	}
	return plan.LiveService{}
}

// dropFirstWrite serves sim, except that the first request of method runs
// and then loses its answer: the connection closes before a byte is
// written.
func dropFirstWrite(t *testing.T, sim http.Handler, method string) string {
	t.Helper()
	var writes atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == method && writes.Add(1) == 1 {
			sim.ServeHTTP(httptest.NewRecorder(), r)
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				conn.Close()
			}
			return
		}
		sim.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestLostUpdateAnswerIsReadNotResent: an update whose answer was lost is
// not retried by the transport, which cannot know what took effect: apply
// reads the service, finds the new values, and sends nothing more. One PUT
// and one PATCH reach the API, with retries allowed at both layers.
func TestLostUpdateAnswerIsReadNotResent(t *testing.T) {
	for _, method := range []string{http.MethodPut, http.MethodPatch} {
		t.Run(method, func(t *testing.T) {
			sim := aivensim.New(aivensim.Options{Token: simToken})
			if err := sim.Seed(updateSeed()); err != nil {
				t.Fatal(err)
			}
			c := newClient(t, dropFirstWrite(t, sim, method), aiven.Config{RetryMax: 3, RetryWaitMin: time.Millisecond,
				RetryWaitMax: time.Millisecond})
			ctx := context.Background()
			live, err := c.GetService(ctx, "acme-prod", "orders-eu")
			if err != nil {
				t.Fatal(err)
			}
			before := strconv.FormatBool(live.TerminationProtection)
			p := &plan.Plan{FormatVersion: plan.FormatVersion, Summary: plan.Summary{Update: 1}, Changes: []plan.Change{{
				Project: "acme-prod", Service: "orders-eu", Action: plan.Update, Cloud: live.Cloud, Live: &live,
				Updates: []plan.FieldUpdate{
					{Field: plan.FieldProtection, Before: &before, After: "true"},
					{Field: "tags.team", Before: nil, After: "platform"},
				},
			}}}
			r, err := apply.Run(ctx, c, p, apply.Options{PollInterval: time.Millisecond, RetryBase: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			if s := r.Services[0]; s.Outcome != apply.Updated || !s.Running {
				t.Errorf("orders-eu = %s running=%v %q %q, want updated and RUNNING", s.Outcome, s.Running, s.Error, s.Note)
			}
			st := sim.Stats().Requests
			if put, patch := st["PUT /v1/project/{project}/service/{service}"], st["PATCH /v1/project/{project}/service/{service}/tags"]; put != 1 || patch != 1 {
				t.Errorf("%d PUTs, %d PATCHes; want one of each, the lost one read, not resent", put, patch)
			}
		})
	}
}
