package aivensim_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/aiven/go-client-codegen/handler/service"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// updateHarness is the fixture plus pg-full, a business-4 pg service whose
// data uses 150000 MB of its 184320 MB disk, and pg-big, whose disk is
// beyond what business-4 allows.
func updateHarness(t *testing.T, opts aivensim.Options) *harness {
	t.Helper()
	h := newHarness(t, opts)
	for _, sv := range []aivensim.ServiceSeed{
		{ServiceName: "pg-full", ServiceType: "pg", Plan: "business-4", CloudName: "aws-us-east-1",
			DiskSpaceMB: 184320, UsedDiskMB: 150000},
		{ServiceName: "pg-big", ServiceType: "pg", Plan: "business-8", CloudName: "aws-us-east-1",
			DiskSpaceMB: 1428480, UsedDiskMB: 150000},
	} {
		if err := h.srv.AddService("r1", sv); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// TestUpdateValidation: plan and disk changes the API refuses, with their
// messages; a refused PUT changes nothing.
func TestUpdateValidation(t *testing.T) {
	h := updateHarness(t, aivensim.Options{})
	ctx := context.Background()
	for _, c := range []struct {
		name string
		in   service.ServiceUpdateIn
		want string
	}{
		{"pg-solo", service.ServiceUpdateIn{Plan: ptr("gold-1")}, `Plan "gold-1" is not available for service type "pg"`},
		{"pg-solo", service.ServiceUpdateIn{Plan: ptr("business-32")}, `Plan "business-32" is not available for service type "pg"`},
		{"pg-solo", service.ServiceUpdateIn{DiskSpaceMb: ptr(40960)}, `disk_space_mb 40960 is below the minimum 81920 of plan "business-4"`},
		{"pg-solo", service.ServiceUpdateIn{DiskSpaceMb: ptr(2048000)}, `disk_space_mb 2048000 is above the maximum 1044480 of plan "business-4"`},
		{"pg-solo", service.ServiceUpdateIn{DiskSpaceMb: ptr(85000)}, `disk_space_mb 85000 must be 81920 plus a multiple of 10240 for plan "business-4"`},
		{"pg-full", service.ServiceUpdateIn{DiskSpaceMb: ptr(143360)}, `disk_space_mb 143360 is less than the 150000 MB the data of service "pg-full" uses`},
		{"pg-big", service.ServiceUpdateIn{Plan: ptr("business-4")}, `disk_space_mb 81920 is less than the 150000 MB the data of service "pg-big" uses`},
		{"pg-ro", service.ServiceUpdateIn{Plan: ptr("business-4")}, `Plan "business-4" is not available for a pg read replica: read replicas use a startup plan`},
		{"vk-ro", service.ServiceUpdateIn{Plan: ptr("business-4")}, `Plan "business-4" is not available for a valkey read replica`},
		{"pg-dr", service.ServiceUpdateIn{Plan: ptr("hobbyist")}, `Disaster recovery is not available on plan "hobbyist" of service "pg-dr"`},
		{"pg-main", service.ServiceUpdateIn{UserConfig: &map[string]any{"pg_read_replica": true}}, "pg_read_replica can only be set during service creation"},
		{"pg-main", service.ServiceUpdateIn{UserConfig: &map[string]any{"service_to_fork_from": "pg-solo"}}, "service_to_fork_from can only be set during service creation"},
	} {
		before, _ := h.client.ServiceGet(ctx, "r1", c.name)
		_, err := h.client.ServiceUpdate(ctx, "r1", c.name, &c.in)
		wantAPIError(t, err, http.StatusBadRequest, c.want)
		after, _ := h.client.ServiceGet(ctx, "r1", c.name)
		if after.Plan != before.Plan || *after.DiskSpaceMb != *before.DiskSpaceMb || after.State != service.ServiceStateTypeRunning {
			t.Errorf("%s changed by a refused PUT: %s %d %s", c.name, after.Plan, *after.DiskSpaceMb, after.State)
		}
	}
}

// TestUpdateResizes: a plan or disk change rebalances the service (and
// only it: members change on their own), then it is RUNNING again;
// termination protection changes at once.
func TestUpdateResizes(t *testing.T) {
	h := updateHarness(t, aivensim.Options{ProvisionDelay: 10 * time.Minute})
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		in    service.ServiceUpdateIn
		plan  string
		disk  int
		nodes int
	}{
		{"pg-main", service.ServiceUpdateIn{Plan: ptr("premium-8")}, "premium-8", 179200, 3},
		{"pg-full", service.ServiceUpdateIn{DiskSpaceMb: ptr(153600)}, "business-4", 153600, 2},
		{"pg-ro", service.ServiceUpdateIn{Plan: ptr("startup-8")}, "startup-8", 179200, 1},
		{"os-follower", service.ServiceUpdateIn{Plan: ptr("business-8")}, "business-8", 537600, 3},
	} {
		out, err := h.client.ServiceUpdate(ctx, "r1", c.name, &c.in)
		if err != nil || out.Plan != c.plan || *out.DiskSpaceMb != c.disk || *out.NodeCount != c.nodes ||
			out.State != service.ServiceStateTypeRebalancing {
			t.Fatalf("%s: %v %v", c.name, out, err)
		}
	}
	unchanged := map[string]string{"pg-dr": "business-4", "os-leader": "business-4"}
	for name, plan := range unchanged {
		if got, _ := h.client.ServiceGet(ctx, "r1", name); got.Plan != plan || got.State != service.ServiceStateTypeRunning {
			t.Errorf("%s followed another service's resize: %s %s", name, got.Plan, got.State)
		}
	}
	h.clock.Advance(10 * time.Minute)
	h.wantStatesIn(t, "r1", "rebalanced", map[string]service.ServiceStateType{"pg-main": "RUNNING", "pg-full": "RUNNING",
		"pg-ro": "RUNNING", "os-follower": "RUNNING"})
	out, err := h.client.ServiceUpdate(ctx, "r1", "pg-solo", &service.ServiceUpdateIn{TerminationProtection: ptr(true)})
	if err != nil || !out.TerminationProtection || out.State != service.ServiceStateTypeRunning {
		t.Fatalf("protection on: %v %v", out, err)
	}
	out, err = h.client.ServiceUpdate(ctx, "r1", "pg-solo", &service.ServiceUpdateIn{TerminationProtection: ptr(false)})
	if err != nil || out.TerminationProtection {
		t.Fatalf("protection off: %v %v", out, err)
	}
}

// TestUpdatePairInLockstep: a plan change on one member of a CCR pair
// resizes and rebalances both, then both are RUNNING.
func TestUpdatePairInLockstep(t *testing.T) {
	h := newHarness(t, aivensim.Options{ProvisionDelay: 10 * time.Minute})
	ctx := context.Background()
	if _, err := h.client.ServiceUpdate(ctx, "p1", "pair-a", &service.ServiceUpdateIn{Plan: ptr("business-16"),
		DiskSpaceMb: ptr(1500000)}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"pair-a", "pair-b"} {
		got, _ := h.client.ServiceGet(ctx, "p1", name)
		if got.Plan != "business-16" || *got.DiskSpaceMb != 1500000 || got.State != service.ServiceStateTypeRebalancing {
			t.Errorf("%s: %s %d %s", name, got.Plan, *got.DiskSpaceMb, got.State)
		}
	}
	h.clock.Advance(10 * time.Minute)
	h.wantStates(t, "rebalanced", map[string]service.ServiceStateType{"pair-a": "RUNNING", "pair-b": "RUNNING"})
}

// TestLenientReplicaPlanOnUpdate: replica-plan-on-update off lets a pg read
// replica leave the startup plans; valkey's documented rule stays.
func TestLenientReplicaPlanOnUpdate(t *testing.T) {
	h := newHarness(t, aivensim.Options{LenientRules: []string{"replica-plan-on-update"}})
	ctx := context.Background()
	if _, err := h.client.ServiceUpdate(ctx, "r1", "pg-ro", &service.ServiceUpdateIn{Plan: ptr("business-4")}); err != nil {
		t.Errorf("lenient pg replica plan change: %v", err)
	}
	_, err := h.client.ServiceUpdate(ctx, "r1", "vk-ro", &service.ServiceUpdateIn{Plan: ptr("business-4")})
	wantAPIError(t, err, http.StatusBadRequest, "is not available for a valkey read replica")
}

// TestTagsShapes: GET answers {"tags": {...}}; PUT replaces every tag;
// PATCH adds and replaces keys and deletes those given null.
func TestTagsShapes(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	ctx := context.Background()
	if err := h.client.ProjectServiceTagsReplace(ctx, "r1", "pg-main",
		&service.ProjectServiceTagsReplaceIn{Tags: map[string]string{"team": "orders", "env": "prod", "tier": "1"}}); err != nil {
		t.Fatal(err)
	}
	if status, body := h.raw(t, "PATCH", "/v1/project/r1/service/pg-main/tags",
		`{"tags":{"env":"staging","tier":null,"owner":"ana"}}`); status != 200 {
		t.Fatalf("PATCH: %d %s", status, body)
	}
	tags, err := h.client.ProjectServiceTagsList(ctx, "r1", "pg-main")
	if err != nil || len(tags) != 3 || tags["team"] != "orders" || tags["env"] != "staging" || tags["owner"] != "ana" {
		t.Fatalf("after PATCH: %v, %v", tags, err)
	}
	if err := h.client.ProjectServiceTagsReplace(ctx, "r1", "pg-main",
		&service.ProjectServiceTagsReplaceIn{Tags: map[string]string{"team": "billing"}}); err != nil {
		t.Fatal(err)
	}
	got, _ := h.client.ServiceGet(ctx, "r1", "pg-main")
	if len(got.Tags) != 1 || got.Tags["team"] != "billing" {
		t.Fatalf("after PUT: %v", got.Tags)
	}
	if err := h.client.ProjectServiceTagsReplace(ctx, "r1", "pg-main", &service.ProjectServiceTagsReplaceIn{}); err != nil {
		t.Fatal(err)
	}
	if tags, _ := h.client.ProjectServiceTagsList(ctx, "r1", "pg-main"); len(tags) != 0 {
		t.Fatalf("after PUT of no tags: %v", tags)
	}
}
