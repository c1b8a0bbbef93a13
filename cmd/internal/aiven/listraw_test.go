package aiven_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/plan"
)

// cannedAPI answers GET …/service and …/service/{name} (and …/backups)
// from fixed service objects in the API's JSON shape, counting requests: it
// shows ccr answers the emulator does not give, such as an integration
// that is not enabled, one listed on one end only, or a list without
// disaster_recovery_role or backups.
type cannedAPI struct {
	// services are the service objects, as JSON objects.
	services []map[string]any
	// get, when set, replaces a service object in ServiceGet answers.
	get map[string]map[string]any
	// backups answers ServiceBackupsGet by service.
	backups map[string]int

	mu       sync.Mutex
	requests map[string]int
}

func (a *cannedAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	if a.requests == nil {
		a.requests = map[string]int{}
	}
	a.requests[r.Method+" "+r.URL.Path]++
	a.mu.Unlock()
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/v1/project/"), "/")
	w.Header().Set("Content-Type", "application/json")
	switch {
	case len(parts) == 2 && parts[1] == "service":
		_ = json.NewEncoder(w).Encode(map[string]any{"services": a.services})
	case len(parts) == 3 && parts[1] == "service":
		if s := a.lookup(parts[2]); s != nil {
			_ = json.NewEncoder(w).Encode(map[string]any{"service": s})
			return
		}
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, `{"message":"Service %s does not exist","errors":[]}`, parts[2])
	case len(parts) == 4 && parts[3] == "backups":
		list := make([]map[string]any, a.backups[parts[2]])
		for i := range list {
			list[i] = map[string]any{"backup_name": fmt.Sprintf("b%d", i), "backup_time": "2026-01-01T00:00:00Z", "data_size": 1}
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"backups": list})
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message":"not in the canned API","errors":[]}`)
	}
}

func (a *cannedAPI) lookup(name string) map[string]any {
	if s, ok := a.get[name]; ok {
		return s
	}
	for _, s := range a.services {
		if s["service_name"] == name {
			return s
		}
	}
	return nil
}

func (a *cannedAPI) count(route string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.requests[route]
}

// serviceObject is a RUNNING service object with the given integrations
// and extra top-level fields.
func serviceObject(name, typ string, userConfig map[string]any, integrations []map[string]any, extra map[string]any) map[string]any {
	s := map[string]any{
		"service_name": name, "service_type": typ, "plan": "startup-4", "cloud_name": "aws-eu-west-1",
		"state": "RUNNING", "disk_space_mb": 81920, "user_config": userConfig,
		"service_integrations": integrations, "termination_protection": false,
	}
	for k, v := range extra {
		s[k] = v
	}
	return s
}

// integration is a service_integrations entry; id "" is one the API shows
// as possible but not enabled.
func integration(id, kind, src, dst string, enabled bool) map[string]any {
	it := map[string]any{
		"active": true, "description": "", "dest_project": "acme-prod", "dest_service": dst,
		"dest_service_type": "pg", "enabled": enabled, "integration_type": kind,
		"service_integration_id": id, "source_project": "acme-prod", "source_service": src,
		"source_service_type": "pg",
	}
	if id == "" {
		it["service_integration_id"] = nil
	}
	return it
}

// groupServices is a pg primary with a read replica and a recovery service
// (the replica's link listed on the primary only, the recovery link on
// both ends), a disabled link, a link not enabled, a metrics integration
// and a cross-project replica, and a Valkey primary with persistence off.
func groupServices(withExtras bool) []map[string]any {
	ro := integration("11111111-0000-0000-0000-000000000001", "read_replica", "pg-main", "pg-ro", true)
	dr := integration("22222222-0000-0000-0000-000000000002", "disaster_recovery", "pg-main", "pg-dr", true)
	disabled := integration("33333333-0000-0000-0000-000000000003", "read_replica", "pg-main", "pg-old", false)
	possible := integration("", "read_replica", "pg-main", "pg-maybe", true)
	metrics := integration("44444444-0000-0000-0000-000000000004", "metrics", "pg-main", "grafana", true)
	remote := integration("55555555-0000-0000-0000-000000000005", "read_replica", "pg-main", "pg-far", true)
	remote["dest_project"] = "acme-eu"
	role := func(r string) map[string]any {
		if !withExtras {
			return nil
		}
		return map[string]any{"disaster_recovery_role": r, "backups": []any{}}
	}
	return []map[string]any{
		serviceObject("pg-main", "pg", map[string]any{"pg_version": "16"},
			[]map[string]any{ro, dr, disabled, possible, metrics, remote}, role("active")),
		serviceObject("pg-ro", "pg", map[string]any{"pg_version": "16"}, nil, nil),
		serviceObject("pg-dr", "pg", map[string]any{"pg_version": "16"}, []map[string]any{dr}, role("passive")),
		serviceObject("vk", "valkey", map[string]any{"valkey_version": "8.1", "valkey_persistence": "off"}, nil, nil),
	}
}

func TestListServicesReadsLinksRolesAndVersions(t *testing.T) {
	api := &cannedAPI{services: groupServices(true)}
	hs := httptest.NewServer(api)
	defer hs.Close()
	list, err := newClient(t, hs.URL, aiven.Config{}).ListServices(context.Background(), "acme-prod")
	if err != nil {
		t.Fatalf("ListServices: %v", err)
	}
	got := map[string]plan.LiveService{}
	for _, s := range list {
		got[s.Name] = s
	}
	ro := plan.Integration{ID: "11111111-0000-0000-0000-000000000001", Kind: "read_replica", Source: "pg-main", Dest: "pg-ro", Active: true}
	dr := plan.Integration{ID: "22222222-0000-0000-0000-000000000002", Kind: "disaster_recovery", Source: "pg-main", Dest: "pg-dr", Active: true}
	far := plan.Integration{ID: "55555555-0000-0000-0000-000000000005", Kind: "read_replica", Source: "pg-main", Dest: "pg-far",
		DestProject: "acme-eu", Active: true}
	checks := []struct {
		name         string
		integrations []plan.Integration
		role         string
		version      string
	}{
		{"pg-main", []plan.Integration{ro, dr, far}, "active", "16"},
		{"pg-ro", []plan.Integration{ro}, "", "16"}, // listed on the primary's end only
		{"pg-dr", []plan.Integration{dr}, "passive", "16"},
		{"vk", nil, "", "8.1"},
	}
	for _, c := range checks {
		s := got[c.name]
		if !reflect.DeepEqual(s.Integrations, c.integrations) || s.Role != c.role || s.Version != c.version {
			t.Errorf("%s: integrations %+v, role %q, version %q; want %+v, %q, %q",
				c.name, s.Integrations, s.Role, s.Version, c.integrations, c.role, c.version)
		}
		if s.Backups != nil {
			t.Errorf("%s: Backups = %d, want nil: a list is no backups read", c.name, *s.Backups)
		}
	}
	if !got["vk"].PersistenceOff || got["pg-main"].PersistenceOff {
		t.Errorf("PersistenceOff: vk %v, pg-main %v; want true, false", got["vk"].PersistenceOff, got["pg-main"].PersistenceOff)
	}
	if n := api.count("GET /v1/project/acme-prod/service"); n != 1 || len(api.requests) != 1 {
		t.Errorf("requests = %v, want one ServiceList", api.requests)
	}
}

// TestListServicesCaptureIsBounded: a list answer larger than the capture
// bound is still decoded, only the fields read from the raw answer are
// lost.
func TestListServicesCaptureIsBounded(t *testing.T) {
	defer aiven.SetMaxCapturedBody(64)()
	api := &cannedAPI{services: groupServices(true)}
	hs := httptest.NewServer(api)
	defer hs.Close()
	list, err := newClient(t, hs.URL, aiven.Config{}).ListServices(context.Background(), "acme-prod")
	if err != nil {
		t.Fatalf("ListServices: %v", err)
	}
	if len(list) != 4 {
		t.Fatalf("%d services, want 4", len(list))
	}
	for _, s := range list {
		if s.Role != "" {
			t.Errorf("%s: role %q from a copy that outgrew its bound", s.Name, s.Role)
		}
		if s.Name == "pg-main" && len(s.Integrations) != 3 {
			t.Errorf("pg-main integrations = %+v, want 3 from the decoded list", s.Integrations)
		}
	}
}

func TestGetServiceReadsRole(t *testing.T) {
	api := &cannedAPI{services: groupServices(true)}
	hs := httptest.NewServer(api)
	defer hs.Close()
	s, err := newClient(t, hs.URL, aiven.Config{}).GetService(context.Background(), "acme-prod", "pg-dr")
	if err != nil {
		t.Fatalf("GetService: %v", err)
	}
	want := []plan.Integration{{ID: "22222222-0000-0000-0000-000000000002", Kind: "disaster_recovery",
		Source: "pg-main", Dest: "pg-dr", Active: true}}
	if s.Role != "passive" || !reflect.DeepEqual(s.Integrations, want) {
		t.Errorf("pg-dr: role %q, integrations %+v; want passive, %+v", s.Role, s.Integrations, want)
	}
}
