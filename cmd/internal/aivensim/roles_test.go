package aivensim_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aiven/go-client-codegen/handler/service"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// roles reads disaster_recovery_role from one raw ServiceList: the client
// does not declare the field.
func (h *harness) roles(t *testing.T, project string) map[string]string {
	t.Helper()
	var list struct {
		Services []serviceWithRole `json:"services"`
	}
	if err := json.Unmarshal(h.get(t, "/v1/project/"+project+"/service", "aivenv1 "+testToken), &list); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, sv := range list.Services {
		out[sv.ServiceName] = sv.DisasterRecoveryRole
	}
	return out
}

// role reads disaster_recovery_role from a raw ServiceGet.
func (h *harness) role(t *testing.T, project, name string) (string, service.ServiceStateType) {
	t.Helper()
	var got struct {
		Service serviceGetWithRole `json:"service"`
	}
	if err := json.Unmarshal(h.get(t, "/v1/project/"+project+"/service/"+name, "aivenv1 "+testToken), &got); err != nil {
		t.Fatal(err)
	}
	return got.Service.DisasterRecoveryRole, got.Service.State
}

// setRole sends avn's PUT (`avn service update --disaster-recovery-role`).
func (h *harness) setRole(t *testing.T, name, role string) (int, apiErrorBody) {
	t.Helper()
	return h.do(t, "PUT", "/v1/project/r1/service/"+name,
		`{"plan":"business-4","user_config":{},"disaster_recovery_role":"`+role+`"}`)
}

// wantRoles checks role and state of each service, in both ServiceList and
// ServiceGet.
func (h *harness) wantRoles(t *testing.T, when string, want map[string][2]string) {
	t.Helper()
	listed := h.roles(t, "r1")
	for name, w := range want {
		role, state := h.role(t, "r1", name)
		if role != w[0] || string(state) != w[1] || listed[name] != w[0] {
			t.Errorf("%s: %s is %s %s (listed %q), want %s %s", when, name, role, state, listed[name], w[0], w[1])
		}
	}
}

// TestDisasterRecoveryRoles follows a recovery service from its create
// through a switchover, a failover and a failback, as Aiven's CRDR guides
// describe them.
func TestDisasterRecoveryRoles(t *testing.T) {
	h := newHarness(t, aivensim.Options{ProvisionDelay: 10 * time.Minute})
	ctx := context.Background()
	if _, err := h.client.ServiceCreate(ctx, "r1", replicaIn("pg-solo-dr", "pg", "business-4", "disaster_recovery", "pg-solo")); err != nil {
		t.Fatal(err)
	}
	h.wantRoles(t, "created", map[string][2]string{"pg-solo": {"active", "RUNNING"}, "pg-solo-dr": {"passive", "REBUILDING"}})
	if status, got := h.setRole(t, "pg-solo-dr", "active"); status != http.StatusConflict ||
		got.Message != `Switchover needs both services RUNNING; "pg-solo-dr" is REBUILDING` {
		t.Fatalf("switchover while rebuilding: %d %q", status, got.Message)
	}
	h.clock.Advance(10 * time.Minute)
	h.wantRoles(t, "built", map[string][2]string{"pg-solo": {"active", "RUNNING"}, "pg-solo-dr": {"passive", "RUNNING"}})

	if status, got := h.setRole(t, "pg-solo-dr", "active"); status != 200 {
		t.Fatalf("switchover: %d %q", status, got.Message)
	}
	h.wantRoles(t, "switched over", map[string][2]string{"pg-solo": {"passive", "RUNNING"}, "pg-solo-dr": {"active", "RUNNING"}})
	h.clock.Advance(150 * time.Second) // the first-backup delay: a quarter of 10 minutes
	if b, _ := h.client.ServiceBackupsGet(ctx, "r1", "pg-solo-dr"); len(b.Backups) != 1 {
		t.Errorf("the new active service has %d backups, want its first", len(b.Backups))
	}
	if b, _ := h.client.ServiceBackupsGet(ctx, "r1", "pg-solo"); len(b.Backups) != 0 {
		t.Errorf("the passive service lists %d backups", len(b.Backups))
	}

	for _, c := range []struct{ name, role, want string }{
		{"pg-solo", "failed", `Only the active service of a disaster recovery pair fails over; "pg-solo" is passive`},
		{"pg-solo-dr", "passive", `Service "pg-solo-dr" becomes passive by a switchover to "pg-solo"`},
		{"pg-solo", "primary", `disaster_recovery_role: "primary" is not one of active, passive, failed`},
		{"pg-main-nope", "active", "Service pg-main-nope does not exist"},
		{"pg-hobby", "active", `Service "pg-hobby" has no disaster recovery integration`},
	} {
		if status, got := h.setRole(t, c.name, c.role); status < 400 || !strings.HasPrefix(got.Message, c.want) {
			t.Errorf("%s -> %s: %d %q, want %q", c.name, c.role, status, got.Message, c.want)
		}
	}

	if status, got := h.setRole(t, "pg-solo-dr", "failed"); status != 200 {
		t.Fatalf("failover: %d %q", status, got.Message)
	}
	h.wantRoles(t, "failed over", map[string][2]string{"pg-solo": {"active", "RUNNING"}, "pg-solo-dr": {"failed", "POWEROFF"}})
	if status, got := h.setRole(t, "pg-solo-dr", "active"); status != 400 {
		t.Fatalf("active on the failed service: %d %q", status, got.Message)
	}
	if status, got := h.setRole(t, "pg-solo-dr", "passive"); status != 200 {
		t.Fatalf("failback: %d %q", status, got.Message)
	}
	h.wantRoles(t, "failing back", map[string][2]string{"pg-solo": {"active", "RUNNING"}, "pg-solo-dr": {"passive", "REBUILDING"}})
	h.clock.Advance(10 * time.Minute)
	h.wantRoles(t, "failed back", map[string][2]string{"pg-solo": {"active", "RUNNING"}, "pg-solo-dr": {"passive", "RUNNING"}})
	if roles := h.roles(t, "r1"); roles["pg-hobby"] != "" || roles["pg-ro"] != "" {
		t.Errorf("services outside a pair have roles: %v", roles)
	}
}

// TestSwitchoverLenient: with switchover-needs-running off, a switchover
// to a recovery service that is still REBUILDING goes through.
func TestSwitchoverLenient(t *testing.T) {
	h := newHarness(t, aivensim.Options{ProvisionDelay: 10 * time.Minute, LenientRules: []string{"switchover-needs-running"}})
	if _, err := h.client.ServiceCreate(context.Background(), "r1",
		replicaIn("pg-solo-dr", "pg", "business-4", "disaster_recovery", "pg-solo")); err != nil {
		t.Fatal(err)
	}
	if status, got := h.setRole(t, "pg-solo-dr", "active"); status != 200 {
		t.Fatalf("lenient switchover: %d %q", status, got.Message)
	}
	h.wantRoles(t, "switched", map[string][2]string{"pg-solo": {"passive", "RUNNING"}, "pg-solo-dr": {"active", "REBUILDING"}})
}

// TestSwitchoverDelay: with a switchover delay, the roles stay as they were
// until the delay has passed (both services RUNNING meanwhile), a repeated
// PUT does not restart it, and then they swap in list and get alike.
func TestSwitchoverDelay(t *testing.T) {
	h := newHarness(t, aivensim.Options{SwitchoverDelay: time.Minute})
	if _, err := h.client.ServiceCreate(context.Background(), "r1",
		replicaIn("pg-solo-dr", "pg", "business-4", "disaster_recovery", "pg-solo")); err != nil {
		t.Fatal(err)
	}
	if status, got := h.setRole(t, "pg-solo-dr", "active"); status != 200 {
		t.Fatalf("switchover: %d %q", status, got.Message)
	}
	before := map[string][2]string{"pg-solo": {"active", "RUNNING"}, "pg-solo-dr": {"passive", "RUNNING"}}
	h.wantRoles(t, "just accepted", before)
	h.clock.Advance(40 * time.Second)
	if status, got := h.setRole(t, "pg-solo-dr", "active"); status != 200 {
		t.Fatalf("repeated switchover: %d %q", status, got.Message)
	}
	h.wantRoles(t, "40s in", before)
	h.clock.Advance(20 * time.Second)
	h.wantRoles(t, "after the delay", map[string][2]string{"pg-solo": {"passive", "RUNNING"}, "pg-solo-dr": {"active", "RUNNING"}})
}
