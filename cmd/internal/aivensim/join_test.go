package aivensim_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/aiven/go-client-codegen/handler/service"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// joinHarness is the fixture plus "slow", a cassandra service still
// REBUILDING for the next 30 minutes, the target of the tests below.
func joinHarness(t *testing.T, opts aivensim.Options) *harness {
	t.Helper()
	if opts.ProvisionDelay == 0 {
		opts.ProvisionDelay = 10 * time.Minute
	}
	h := newHarness(t, opts)
	until := h.clock.Now().Add(30 * time.Minute)
	if err := h.srv.AddService("p1", aivensim.ServiceSeed{ServiceName: "slow", ServiceType: "cassandra",
		Plan: "business-8", CloudName: "google-europe-west1", State: "REBUILDING", BusyUntil: &until,
		UserConfig: map[string]any{"cassandra": map[string]any{"datacenter": "slow"}}}); err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *harness) state(t *testing.T, name string) service.ServiceStateType {
	t.Helper()
	got, err := h.client.ServiceGet(context.Background(), "p1", name)
	if err != nil {
		t.Fatalf("ServiceGet %s: %v", name, err)
	}
	return got.State
}

func (h *harness) wantStates(t *testing.T, when string, want map[string]service.ServiceStateType) {
	t.Helper()
	for name, st := range want {
		if got := h.state(t, name); got != st {
			t.Errorf("%s: %s is %s, want %s", when, name, got, st)
		}
	}
}

// TestJoinRebuildingTarget: a join to a target that is still REBUILDING is
// accepted; the joiner is REBUILDING until its own delay has passed (10m)
// AND its target is RUNNING (30m), and its nodes say why.
func TestJoinRebuildingTarget(t *testing.T) {
	h := joinHarness(t, aivensim.Options{})
	out, err := h.client.ServiceCreate(context.Background(), "p1", joiner("slow"))
	if err != nil {
		t.Fatalf("join a REBUILDING target: %v", err)
	}
	if out.State != service.ServiceStateTypeRebuilding || out.UserConfig["service_to_join_with"] != "slow" {
		t.Fatalf("joiner = %s %v", out.State, out.UserConfig)
	}
	const R, B = service.ServiceStateTypeRunning, service.ServiceStateTypeRebuilding
	h.clock.Advance(9 * time.Minute)
	h.wantStates(t, "after 9m", map[string]service.ServiceStateType{"slow": B, "new-peer": B})
	if ns := h.nodeState(t, "new-peer"); ns != service.NodeStateTypeSettingUpVm {
		t.Errorf("after 9m the joiner's nodes are %s, want setting_up_vm", ns)
	}
	h.clock.Advance(time.Minute)
	h.wantStates(t, "after 10m", map[string]service.ServiceStateType{"slow": B, "new-peer": B})
	if ns := h.nodeState(t, "new-peer"); ns != service.NodeStateTypeSyncingData {
		t.Errorf("after 10m the joiner's nodes are %s, want syncing_data (waiting for its target)", ns)
	}
	h.clock.Advance(20*time.Minute - time.Second)
	h.wantStates(t, "after 29m59s", map[string]service.ServiceStateType{"slow": B, "new-peer": B})
	h.clock.Advance(time.Second)
	h.wantStates(t, "after 30m", map[string]service.ServiceStateType{"slow": R, "new-peer": R})

	// The pair exists from the create on: the target takes no other peer.
	_, err = h.client.ServiceCreate(context.Background(), "p1", renamed(joiner("slow"), "third", "azure-westeurope"))
	wantAPIError(t, err, http.StatusBadRequest, `Service "slow" is already in a cross-cluster replication pair with "new-peer"`)
}

// TestJoinRunningTargetTakesOwnDelay: with a RUNNING target, the joiner's
// own delay is all it waits, as before.
func TestJoinRunningTargetTakesOwnDelay(t *testing.T) {
	h := joinHarness(t, aivensim.Options{})
	if _, err := h.client.ServiceCreate(context.Background(), "p1", joiner("cass-eu")); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(10*time.Minute - time.Second)
	h.wantStates(t, "after 9m59s", map[string]service.ServiceStateType{"new-peer": service.ServiceStateTypeRebuilding})
	h.clock.Advance(time.Second)
	h.wantStates(t, "after 10m", map[string]service.ServiceStateType{"new-peer": service.ServiceStateTypeRunning})
}

// TestJoinRequiresRunning: the stricter rule refuses with a stable phrase
// and code, which ccr's adapter recognises, and accepts once RUNNING.
func TestJoinRequiresRunning(t *testing.T) {
	h := joinHarness(t, aivensim.Options{JoinRequiresRunning: true})
	body, _ := json.Marshal(joiner("slow"))
	status, got := h.do(t, "POST", "/v1/project/p1/service", string(body))
	want := `Service to join with "slow" is not running yet (state REBUILDING)`
	if status != http.StatusBadRequest || got.Message != want || len(got.Errors) != 1 ||
		got.Errors[0].ErrorCode != "service_not_ready" || got.Errors[0].Status != 400 || got.Errors[0].Message != want {
		t.Fatalf("join a REBUILDING target: %d %+v, want 400 service_not_ready %q", status, got, want)
	}
	if n := h.srv.Stats().Creates["p1/new-peer"]; n != 0 {
		t.Fatalf("the refused join was committed (%d creates)", n)
	}
	h.clock.Advance(30 * time.Minute)
	if _, err := h.client.ServiceCreate(context.Background(), "p1", joiner("slow")); err != nil {
		t.Fatalf("join once RUNNING: %v", err)
	}
}

// TestJoinTargetPoweredOffWhileWaiting: the joiner keeps waiting while its
// target is off, and finishes once the target is RUNNING again.
func TestJoinTargetPoweredOffWhileWaiting(t *testing.T) {
	h := joinHarness(t, aivensim.Options{})
	ctx := context.Background()
	if _, err := h.client.ServiceCreate(ctx, "p1", joiner("slow")); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(5 * time.Minute)
	if _, err := h.client.ServiceUpdate(ctx, "p1", "slow", &service.ServiceUpdateIn{Powered: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(time.Hour)
	h.wantStates(t, "target off", map[string]service.ServiceStateType{
		"slow": service.ServiceStateTypePoweroff, "new-peer": service.ServiceStateTypeRebuilding})
	if _, err := h.client.ServiceUpdate(ctx, "p1", "slow", &service.ServiceUpdateIn{Powered: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(10*time.Minute - time.Second)
	h.wantStates(t, "target powering on", map[string]service.ServiceStateType{"new-peer": service.ServiceStateTypeRebuilding})
	h.clock.Advance(time.Second)
	h.wantStates(t, "target RUNNING again", map[string]service.ServiceStateType{
		"slow": service.ServiceStateTypeRunning, "new-peer": service.ServiceStateTypeRunning})
}

// TestJoinTargetDeletedWhileWaiting: the join can never finish; the joiner
// stays REBUILDING until it is deleted.
func TestJoinTargetDeletedWhileWaiting(t *testing.T) {
	h := joinHarness(t, aivensim.Options{})
	ctx := context.Background()
	if _, err := h.client.ServiceCreate(ctx, "p1", joiner("slow")); err != nil {
		t.Fatal(err)
	}
	if err := h.client.ServiceDelete(ctx, "p1", "slow"); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(24 * time.Hour)
	h.wantStates(t, "a day after its target was deleted", map[string]service.ServiceStateType{
		"new-peer": service.ServiceStateTypeRebuilding})
	if err := h.client.ServiceDelete(ctx, "p1", "new-peer"); err != nil {
		t.Fatalf("delete the stranded joiner: %v", err)
	}
}

// TestJoinFinishedStaysRunning: a joiner that reached RUNNING does not go
// back when its target is later powered off or resized.
func TestJoinFinishedStaysRunning(t *testing.T) {
	h := joinHarness(t, aivensim.Options{})
	ctx := context.Background()
	if _, err := h.client.ServiceCreate(ctx, "p1", joiner("slow")); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(31 * time.Minute)
	h.wantStates(t, "both built", map[string]service.ServiceStateType{"new-peer": service.ServiceStateTypeRunning})
	if _, err := h.client.ServiceUpdate(ctx, "p1", "slow", &service.ServiceUpdateIn{Powered: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	h.wantStates(t, "target powered off", map[string]service.ServiceStateType{"new-peer": service.ServiceStateTypeRunning})
}

// TestJoinPendingResizeStaysRebuilding: resizing a pair whose joiner is
// still in its first build keeps the joiner REBUILDING, not REBALANCING.
func TestJoinPendingResizeStaysRebuilding(t *testing.T) {
	h := joinHarness(t, aivensim.Options{})
	ctx := context.Background()
	if _, err := h.client.ServiceCreate(ctx, "p1", joiner("slow")); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.ServiceUpdate(ctx, "p1", "slow", &service.ServiceUpdateIn{DiskSpaceMb: ptr(750000)}); err != nil {
		t.Fatal(err)
	}
	h.wantStates(t, "after a resize", map[string]service.ServiceStateType{
		"slow": service.ServiceStateTypeRebalancing, "new-peer": service.ServiceStateTypeRebuilding})
	h.clock.Advance(10 * time.Minute)
	h.wantStates(t, "resize done", map[string]service.ServiceStateType{
		"slow": service.ServiceStateTypeRunning, "new-peer": service.ServiceStateTypeRunning})
}

func renamed(in *service.ServiceCreateIn, name, cloud string) *service.ServiceCreateIn {
	in.ServiceName, in.Cloud = name, &cloud
	(*in.UserConfig)["cassandra"] = map[string]any{"datacenter": name}
	return in
}

func (h *harness) nodeState(t *testing.T, name string) service.NodeStateType {
	t.Helper()
	got, err := h.client.ServiceGet(context.Background(), "p1", name)
	if err != nil || len(got.NodeStates) == 0 {
		t.Fatalf("ServiceGet %s: %v, %d nodes", name, err, len(got.NodeStates))
	}
	return got.NodeStates[0].State
}

// apiErrorBody is Aiven's documented error shape.
type apiErrorBody struct {
	Errors []struct {
		ErrorCode string `json:"error_code"`
		Message   string `json:"message"`
		Status    int    `json:"status"`
	} `json:"errors"`
	Message string `json:"message"`
}

// do sends a raw authenticated request and decodes an error body strictly.
func (h *harness) do(t *testing.T, method, path, body string) (int, apiErrorBody) {
	t.Helper()
	status, b := h.raw(t, method, path, body)
	var out apiErrorBody
	if status >= 400 {
		strictDecode(t, b, &out)
	}
	return status, out
}
