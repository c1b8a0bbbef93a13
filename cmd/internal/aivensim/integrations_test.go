package aivensim_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	aiven "github.com/aiven/go-client-codegen"
	"github.com/aiven/go-client-codegen/handler/service"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// TestSeededLinksOnBothEnds: one ServiceList shows every link on its
// source and its member, active, with the seeded ids.
func TestSeededLinksOnBothEnds(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	list, err := h.client.ServiceList(context.Background(), "r1")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, sv := range list {
		for _, l := range sv.ServiceIntegrations {
			got[sv.ServiceName] = append(got[sv.ServiceName], linkString(l)+" "+l.ServiceIntegrationId)
			if !l.Enabled || l.SourceProject != "r1" || l.DestProject != "r1" || l.SourceServiceType != l.DestServiceType ||
				l.Description == "" || l.IntegrationStatus == nil || l.IntegrationStatus.State.Status != "running" {
				t.Errorf("%s: link %+v", sv.ServiceName, l)
			}
		}
	}
	replica := "read_replica pg-main->pg-ro active " + idPGReplica
	recovery := "disaster_recovery pg-main->pg-dr active " + idPGRecovery
	follower := kindOS + " os-leader->os-follower active " + idOSFollower
	for name, want := range map[string][]string{
		"pg-main": {replica, recovery}, "pg-ro": {replica}, "pg-dr": {recovery},
		"os-leader": {follower}, "os-follower": {follower}, "pg-solo": nil,
	} {
		if !slices.Equal(got[name], want) {
			t.Errorf("%s lists %v, want %v", name, got[name], want)
		}
	}
}

// TestLinkExistingServices: POST /integration links an existing follower
// (and refuses read_replica with the documented 403), a duplicate is 409
// "already exists", GET and the per-service list find it, DELETE promotes
// the follower, which then takes its own backups.
func TestLinkExistingServices(t *testing.T) {
	h := newHarness(t, aivensim.Options{ProvisionDelay: 8 * time.Minute})
	ctx := context.Background()
	_, err := h.client.ServiceIntegrationCreate(ctx, "r1", &service.ServiceIntegrationCreateIn{
		IntegrationType: "read_replica", SourceService: ptr("pg-main"), DestService: ptr("pg-solo")})
	wantAPIError(t, err, http.StatusForbidden, "Service integrations are not available for this service")

	in := &service.ServiceIntegrationCreateIn{IntegrationType: kindOS, SourceService: ptr("os-leader"),
		DestService: ptr("os-spare"), UserConfig: &map[string]any{}}
	created, err := h.client.ServiceIntegrationCreate(ctx, "r1", in)
	if err != nil || !created.Active || created.SourceService != "os-leader" || deref(created.DestService) != "os-spare" {
		t.Fatalf("link an existing, RUNNING follower: %+v, %v", created, err)
	}
	_, err = h.client.ServiceIntegrationCreate(ctx, "r1", in)
	wantAPIError(t, err, http.StatusConflict, "Service integration already exists")
	if !aiven.IsAlreadyExists(err) {
		t.Errorf("IsAlreadyExists(%v) = false", err)
	}
	got, err := h.client.ServiceIntegrationGet(ctx, "r1", created.ServiceIntegrationId)
	if err != nil || got.ServiceIntegrationId != created.ServiceIntegrationId || !got.Active {
		t.Fatalf("ServiceIntegrationGet = %+v, %v", got, err)
	}
	for _, name := range []string{"os-leader", "os-spare"} {
		list, err := h.client.ServiceIntegrationList(ctx, "r1", name)
		if err != nil || !slices.ContainsFunc(list, func(l service.ServiceIntegrationOut) bool {
			return l.ServiceIntegrationId == created.ServiceIntegrationId
		}) {
			t.Errorf("ServiceIntegrationList(%s) = %+v, %v", name, list, err)
		}
	}
	if b, _ := h.client.ServiceBackupsGet(ctx, "r1", "os-spare"); len(b.Backups) != 0 {
		t.Fatalf("a follower lists backups: %+v", b.Backups)
	}
	if err := h.client.ServiceIntegrationDelete(ctx, "r1", created.ServiceIntegrationId); err != nil {
		t.Fatalf("delete (promote): %v", err)
	}
	if got := h.links(t, "r1", "os-spare"); len(got) != 0 {
		t.Fatalf("the promoted follower still lists %v", got)
	}
	_, err = h.client.ServiceIntegrationGet(ctx, "r1", created.ServiceIntegrationId)
	wantAPIError(t, err, http.StatusNotFound, "Service integration not found")
	err = h.client.ServiceIntegrationDelete(ctx, "r1", created.ServiceIntegrationId)
	wantAPIError(t, err, http.StatusNotFound, "Service integration not found")
	h.clock.Advance(2 * time.Minute) // a quarter of the provision delay
	if b, _ := h.client.ServiceBackupsGet(ctx, "r1", "os-spare"); len(b.Backups) != 1 {
		t.Fatalf("the promoted service has %d backups a first-backup delay later, want 1", len(b.Backups))
	}
	_, err = h.client.ServiceIntegrationGet(ctx, "p1", idPGReplica)
	wantAPIError(t, err, http.StatusNotFound, "Service integration not found")
}

// TestLinkExistingRecovery: a disaster recovery link between existing pg
// services rebuilds the member as the passive copy; the link is active
// once it is RUNNING again.
func TestLinkExistingRecovery(t *testing.T) {
	h := newHarness(t, aivensim.Options{ProvisionDelay: 10 * time.Minute})
	ctx := context.Background()
	if err := h.srv.AddService("r1", aivensim.ServiceSeed{ServiceName: "pg-solo-dr", ServiceType: "pg",
		Plan: "startup-4", CloudName: "aws-us-east-1"}); err != nil {
		t.Fatal(err)
	}
	out, err := h.client.ServiceIntegrationCreate(ctx, "r1", &service.ServiceIntegrationCreateIn{
		IntegrationType: "disaster_recovery", SourceService: ptr("pg-solo"), DestService: ptr("pg-solo-dr")})
	if err != nil || out.Active {
		t.Fatalf("link a recovery service: %+v, %v", out, err)
	}
	h.wantStatesIn(t, "r1", "after linking", map[string]service.ServiceStateType{
		"pg-solo": service.ServiceStateTypeRunning, "pg-solo-dr": service.ServiceStateTypeRebuilding})
	h.clock.Advance(10 * time.Minute)
	if got := h.links(t, "r1", "pg-solo"); !slices.Equal(got, []string{"disaster_recovery pg-solo->pg-solo-dr active"}) {
		t.Fatalf("after the rebuild: %v", got)
	}
	if roles := h.roles(t, "r1"); roles["pg-solo"] != "active" || roles["pg-solo-dr"] != "passive" {
		t.Fatalf("roles = %v", roles)
	}
	_, err = h.client.ServiceIntegrationCreate(ctx, "r1", &service.ServiceIntegrationCreateIn{
		IntegrationType: "disaster_recovery", SourceService: ptr("pg-solo"), DestService: ptr("pg-hobby")})
	wantAPIError(t, err, http.StatusBadRequest, `Disaster recovery is not available on plan "hobbyist" of service "pg-hobby"`)
}

// TestDeleteSourcePromotesMembers: deleting a primary removes its links
// from every member, which becomes standalone.
func TestDeleteSourcePromotesMembers(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	ctx := context.Background()
	if err := h.client.ServiceDelete(ctx, "r1", "pg-main"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"pg-ro", "pg-dr"} {
		if got := h.links(t, "r1", name); len(got) != 0 {
			t.Errorf("%s still lists %v", name, got)
		}
	}
	if roles := h.roles(t, "r1"); roles["pg-dr"] != "" {
		t.Errorf("pg-dr kept role %q", roles["pg-dr"])
	}
}

func (h *harness) wantStatesIn(t *testing.T, project, when string, want map[string]service.ServiceStateType) {
	t.Helper()
	for name, st := range want {
		got, err := h.client.ServiceGet(context.Background(), project, name)
		if err != nil || got.State != st {
			t.Errorf("%s: %s is %v (%v), want %s", when, name, got.State, err, st)
		}
	}
}

// TestCreateIntegrationBadBodies: POST /integration names what is wrong.
func TestCreateIntegrationBadBodies(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	for body, want := range map[string]string{
		`{`:    "Invalid JSON in request body",
		`null`: "request body: must be an object, not null",
		`{"integration_type":"disaster_recovery","source_service":"pg-solo"}`:                          "dest_service: required",
		`{"integration_type":"disaster_recovery","dest_service":"pg-hobby"}`:                           "source_service: required",
		`{"integration_type":"disaster_recovery","source_service":"pg-solo","dest_service":"ghost"}`:   `Destination service "ghost" was not found in project "r1"`,
		`{"integration_type":"disaster_recovery","source_service":"ghost","dest_service":"pg-hobby"}`:  `Source service "ghost" was not found in project "r1"`,
		`{"integration_type":"disaster_recovery","source_service":"pg-solo","dest_service":"pg-solo"}`: `Service "pg-solo" cannot be its own disaster_recovery source`,
	} {
		if status, got := h.do(t, "POST", "/v1/project/r1/integration", body); status != 400 || !strings.Contains(got.Message, want) {
			t.Errorf("POST /integration %s: %d %q, want 400 containing %q", body, status, got.Message, want)
		}
	}
	for _, name := range []string{"pg-solo", "pg-hobby"} {
		if got := h.links(t, "r1", name); len(got) != 0 {
			t.Errorf("a refused POST /integration linked %s: %v", name, got)
		}
	}
}
