package aivensim_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/aiven/go-client-codegen/handler/service"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// joiner is a create request that joins target and passes every CCR rule
// against the fixture's cass-eu; each case below breaks one rule.
func joiner(target string) *service.ServiceCreateIn {
	return &service.ServiceCreateIn{
		ServiceName: "new-peer", ServiceType: "cassandra", Plan: "business-8", Cloud: ptr("aws-us-east-1"),
		UserConfig: &map[string]any{"service_to_join_with": target,
			"cassandra": map[string]any{"datacenter": "new-peer"}},
	}
}

func TestCreateRejectsBrokenCCRRules(t *testing.T) {
	tests := []struct {
		name    string
		project string
		edit    func(*service.ServiceCreateIn)
		want    string
	}{
		{"target in another project", "p1", func(in *service.ServiceCreateIn) {
			(*in.UserConfig)["service_to_join_with"] = "cass-far"
		}, `Service to join with "cass-far" was not found in project "p1"`},
		{"target missing", "p1", func(in *service.ServiceCreateIn) {
			(*in.UserConfig)["service_to_join_with"] = "ghost"
		}, `"ghost" was not found`},
		{"target not cassandra", "p1", func(in *service.ServiceCreateIn) {
			(*in.UserConfig)["service_to_join_with"] = "pg-1"
		}, `is of type "pg", not cassandra`},
		{"target powered off", "p1", func(in *service.ServiceCreateIn) {
			(*in.UserConfig)["service_to_join_with"] = "cass-off"
		}, "is powered off"},
		{"target already joined another", "p1", func(in *service.ServiceCreateIn) {
			(*in.UserConfig)["service_to_join_with"] = "pair-b"
		}, `Service "pair-b" is already in a cross-cluster replication pair with "pair-a"`},
		{"target already joined by another", "p1", func(in *service.ServiceCreateIn) {
			(*in.UserConfig)["service_to_join_with"] = "pair-a"
		}, `Service "pair-a" is already in a cross-cluster replication pair with "pair-b"`},
		{"plan mismatch", "p1", func(in *service.ServiceCreateIn) { in.Plan = "business-16" },
			`Plan "business-16" differs from plan "business-8"`},
		{"disk mismatch", "p1", func(in *service.ServiceCreateIn) { in.DiskSpaceMb = ptr(750000) },
			"disk_space_mb 750000 differs from 720000"},
		{"same cloud", "p1", func(in *service.ServiceCreateIn) { in.Cloud = ptr("google-europe-west1") },
			"must be in different clouds or regions"},
		{"datacenter missing", "p1", func(in *service.ServiceCreateIn) { delete(*in.UserConfig, "cassandra") },
			"user_config.cassandra.datacenter must be set"},
		{"datacenter equal", "p1", func(in *service.ServiceCreateIn) {
			(*in.UserConfig)["cassandra"] = map[string]any{"datacenter": "cass-eu"}
		}, `Datacenter "cass-eu" is already used by service "cass-eu"`},
		{"join name breaks the schema pattern", "p1", func(in *service.ServiceCreateIn) {
			(*in.UserConfig)["service_to_join_with"] = "Cass-EU"
		}, "service_to_join_with"},
		{"unknown user_config key", "p1", func(in *service.ServiceCreateIn) {
			(*in.UserConfig)["replicas"] = 3
		}, `Additional properties are not allowed ("replicas" was unexpected)`},
		{"disk off the plan's step", "p1", func(in *service.ServiceCreateIn) {
			delete(*in.UserConfig, "service_to_join_with")
			in.DiskSpaceMb = ptr(725000)
		}, "must be 720000 plus a multiple of 30000"},
		{"unknown cloud", "p1", func(in *service.ServiceCreateIn) { in.Cloud = ptr("mars-north-1") },
			`Cloud "mars-north-1" is not available`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, aivensim.Options{})
			in := joiner("cass-eu")
			tc.edit(in)
			_, err := h.client.ServiceCreate(context.Background(), tc.project, in)
			wantAPIError(t, err, http.StatusBadRequest, tc.want)
			if got := h.srv.Stats().Creates; len(got) != 0 {
				t.Errorf("rejected create was committed: %v", got)
			}
		})
	}
	h := newHarness(t, aivensim.Options{})
	if _, err := h.client.ServiceCreate(context.Background(), "p1", joiner("cass-eu")); err != nil {
		t.Fatalf("the unbroken request must pass: %v", err)
	}
}

func TestUpdateRules(t *testing.T) {
	h := newHarness(t, aivensim.Options{ProvisionDelay: time.Minute})
	ctx := context.Background()
	update := func(name string, in service.ServiceUpdateIn) (*service.ServiceUpdateOut, error) {
		return h.client.ServiceUpdate(ctx, "p1", name, &in)
	}
	_, err := update("pair-b", service.ServiceUpdateIn{UserConfig: &map[string]any{"service_to_join_with": "cass-eu"}})
	wantAPIError(t, err, http.StatusBadRequest, "service_to_join_with can only be set on service creation")
	_, err = update("pair-a", service.ServiceUpdateIn{UserConfig: &map[string]any{
		"cassandra": map[string]any{"datacenter": "elsewhere"}}})
	wantAPIError(t, err, http.StatusBadRequest, "cassandra.datacenter can only be set on service creation")
	_, err = update("cass-eu", service.ServiceUpdateIn{UserConfig: &map[string]any{"service_to_join_with": "pair-a"}})
	wantAPIError(t, err, http.StatusBadRequest, "only be set on service creation")

	// Terraform resends both create-only values on every update.
	same := &map[string]any{"service_to_join_with": "pair-a",
		"cassandra": map[string]any{"datacenter": "pair-b", "read_request_timeout_in_ms": 6000}}
	if _, err := update("pair-b", service.ServiceUpdateIn{UserConfig: same}); err != nil {
		t.Fatalf("resending unchanged create-only values: %v", err)
	}

	// A plan change on one peer resizes both (pair-b is on the public
	// network, so the client's "project_vpc_id": null changes nothing).
	out, err := update("pair-b", service.ServiceUpdateIn{Plan: ptr("business-16")})
	if err != nil || out.Plan != "business-16" || *out.DiskSpaceMb != 1440000 || out.State != service.ServiceStateTypeRebalancing {
		t.Fatalf("plan change = %+v, %v", out, err)
	}
	peer, _ := h.client.ServiceGet(ctx, "p1", "pair-a")
	if peer.Plan != "business-16" || *peer.DiskSpaceMb != 1440000 {
		t.Fatalf("peer after plan change: plan %s disk %d", peer.Plan, *peer.DiskSpaceMb)
	}
	if _, err := update("pair-a", service.ServiceUpdateIn{DiskSpaceMb: ptr(1500000)}); err != nil {
		t.Fatalf("disk change: %v", err)
	}
	if peer, _ := h.client.ServiceGet(ctx, "p1", "pair-b"); *peer.DiskSpaceMb != 1500000 {
		t.Fatalf("peer disk = %d, want 1500000", *peer.DiskSpaceMb)
	}
	_, err = update("pair-a", service.ServiceUpdateIn{Cloud: ptr("aws-eu-west-1")})
	wantAPIError(t, err, http.StatusBadRequest, `is the cloud of peer service "pair-b"`)
	_, err = update("pair-a", service.ServiceUpdateIn{DiskSpaceMb: ptr(1)})
	wantAPIError(t, err, http.StatusBadRequest, "below the minimum")
	h.clock.Advance(time.Minute)
	if got, _ := h.client.ServiceGet(ctx, "p1", "pair-a"); got.State != service.ServiceStateTypeRunning {
		t.Fatalf("after the delay state = %s, want RUNNING", got.State)
	}
}

func TestPowerAndDelete(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	ctx := context.Background()
	if _, err := h.client.ServiceUpdate(ctx, "p1", "cass-eu", &service.ServiceUpdateIn{
		TerminationProtection: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	_, err := h.client.ServiceUpdate(ctx, "p1", "cass-eu", &service.ServiceUpdateIn{Powered: ptr(false)})
	wantAPIError(t, err, http.StatusForbidden, "protected against termination")
	err = h.client.ServiceDelete(ctx, "p1", "cass-eu")
	wantAPIError(t, err, http.StatusForbidden, "protected against termination")

	out, err := h.client.ServiceUpdate(ctx, "p1", "cass-eu", &service.ServiceUpdateIn{
		TerminationProtection: ptr(false), Powered: ptr(false)})
	if err != nil || out.State != service.ServiceStateTypePoweroff {
		t.Fatalf("power off = %v, %v", out.State, err)
	}
	if err := h.client.ServiceDelete(ctx, "p1", "cass-eu"); err != nil {
		t.Fatalf("ServiceDelete: %v", err)
	}
	_, err = h.client.ServiceGet(ctx, "p1", "cass-eu")
	wantAPIError(t, err, http.StatusNotFound, "Service cass-eu does not exist")
	err = h.client.ServiceDelete(ctx, "p1", "cass-eu")
	wantAPIError(t, err, http.StatusNotFound, "Service cass-eu does not exist")

	// Deleting a member splits the pair: the survivor can be joined again.
	if err := h.client.ServiceDelete(ctx, "p1", "pair-b"); err != nil {
		t.Fatal(err)
	}
	in := joiner("pair-a")
	in.UserConfig = &map[string]any{"service_to_join_with": "pair-a", "cassandra": map[string]any{"datacenter": "pair-c"}}
	if _, err := h.client.ServiceCreate(ctx, "p1", in); err != nil {
		t.Fatalf("join the survivor of a split pair: %v", err)
	}
}
