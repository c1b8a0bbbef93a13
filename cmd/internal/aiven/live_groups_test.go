package aiven_test

import (
	"context"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
	"github.com/ccr-dev/ccr/plan"
)

// groupSpec declares a new pg primary with a read replica on its own plan
// and a recovery service that takes the primary's plan.
const groupSpec = `version: 1
projects:
  - project: acme-prod
    replicas:
      - primary: {name: pg-main, type: pg, cloud: aws-eu-west-1, plan: business-4, version: "17"}
        members:
          - {name: pg-ro, kind: read_replica, cloud: aws-us-east-1, plan: startup-4}
          - {name: pg-dr, kind: disaster_recovery, cloud: google-europe-west1}
`

func TestReadLiveGroupCatalog(t *testing.T) {
	_, url := startSim(t, aivensim.Options{}, acme)
	live, err := newClient(t, url, aiven.Config{}).ReadLive(context.Background(), loadSpec(t, groupSpec))
	if err != nil {
		t.Fatalf("ReadLive: %v", err)
	}
	cat := live.Projects["acme-prod"].Catalog
	pg := cat.Types["pg"]
	wantVersions := []string{"10", "11", "12", "13", "14", "15", "16", "17", "18"}
	if !pg.Offered || !slices.Equal(pg.Versions, wantVersions) || pg.DefaultVersion != "17" {
		t.Errorf("pg: offered %v, versions %v, default %q; want offered, %v, 17", pg.Offered, pg.Versions,
			pg.DefaultVersion, wantVersions)
	}
	if _, read := cat.Types[plan.CassandraType]; read {
		t.Error("the cassandra type was read for a file without pairs")
	}
	want := map[string]plan.PlanSpec{
		"business-4": {NodeCount: 2, NodeMemoryMB: 4096, DiskSpaceMB: 81920, DiskSpaceCapMB: 1044480, DiskSpaceStepMB: 10240},
		"startup-4":  {NodeCount: 1, NodeMemoryMB: 4096, DiskSpaceMB: 81920, DiskSpaceCapMB: 1044480, DiskSpaceStepMB: 10240},
		// From the plan list only: no spec was needed.
		"hobbyist": {NodeCount: 1, NodeMemoryMB: 2048},
	}
	for name, spec := range want {
		if got := pg.Plans[name]; got != spec {
			t.Errorf("pg %s = %+v, want %+v", name, got, spec)
		}
	}
	wantPrices := []plan.PriceKey{
		{Type: "pg", Plan: "business-4", Cloud: "aws-eu-west-1"},
		{Type: "pg", Plan: "startup-4", Cloud: "aws-us-east-1"},
		{Type: "pg", Plan: "business-4", Cloud: "google-europe-west1"}, // the recovery service's, the primary's plan
	}
	if got := slices.Collect(maps.Keys(cat.Prices)); len(got) != len(wantPrices) {
		t.Errorf("prices read for %v, want %v", got, wantPrices)
	}
	for _, k := range wantPrices {
		if p, ok := cat.Prices[k]; !ok || p.Unknown != "" {
			t.Errorf("price of %+v = %+v, %v; want a known price", k, p, ok)
		}
	}
}

// TestReadLiveGroupRequests pins the cost of a group's read: one list, the
// type, its plan list, clouds, one spec per plan and one price per (plan,
// cloud); no per-service call, as nothing existing needs one.
func TestReadLiveGroupRequests(t *testing.T) {
	sim, url := startSim(t, aivensim.Options{}, acme)
	if _, err := newClient(t, url, aiven.Config{}).ReadLive(context.Background(), loadSpec(t, groupSpec)); err != nil {
		t.Fatalf("ReadLive: %v", err)
	}
	want := map[string]int{
		"GET /v1/project/{project}/service":                                                  1,
		"GET /v1/project/{project}/service-types/{type}":                                     1,
		"GET /v1/project/{project}/clouds":                                                   1,
		"GET /v1/project/{project}/service-types/{type}/plans":                               1,
		"GET /v1/project/{project}/service-types/{type}/plans/{plan}":                        2,
		"GET /v1/project/{project}/pricing/service-types/{type}/plans/{plan}/clouds/{cloud}": 3,
	}
	if got := sim.Stats().Requests; !maps.Equal(got, want) {
		t.Errorf("requests:\n got %v\nwant %v", got, want)
	}
}

// withCanned serves api's routes and hands every other request (the
// catalog) to an emulator.
func withCanned(t *testing.T, api *cannedAPI) string {
	t.Helper()
	_, simURL := startSim(t, aivensim.Options{}, acme)
	sim, err := http.NewRequest(http.MethodGet, simURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := r.URL.Path
		if strings.HasSuffix(path, "/service") || strings.Contains(path, "/service/") {
			api.ServeHTTP(w, r)
			return
		}
		r.URL.Scheme, r.URL.Host, r.RequestURI = sim.URL.Scheme, sim.URL.Host, ""
		resp, err := http.DefaultTransport.RoundTrip(r)
		if err != nil {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
	}))
	t.Cleanup(hs.Close)
	return hs.URL
}

// TestReadLiveBackupsOnlyForAwaitedPrimaries: the backups of an existing
// primary are read (once) only when a member to create waits for one and
// the list did not carry them.
func TestReadLiveBackupsOnlyForAwaitedPrimaries(t *testing.T) {
	const backupsRoute = "GET /v1/project/acme-prod/service/pg-main/backups"
	primary := serviceObject("pg-main", "pg", map[string]any{"pg_version": "16"}, nil, nil)
	replica := serviceObject("pg-ro", "pg", map[string]any{"pg_version": "16"}, nil, nil)
	listed := serviceObject("pg-main", "pg", map[string]any{"pg_version": "16"}, nil, map[string]any{"backups": []any{}})
	drOnly := strings.Replace(groupSpec, "          - {name: pg-ro, kind: read_replica, cloud: aws-us-east-1, plan: startup-4}\n", "", 1)
	for _, tc := range []struct {
		name     string
		services []map[string]any
		spec     string
		reads    int
		backups  *int
	}{
		{"replica to create", []map[string]any{primary}, groupSpec, 1, ptr(2)},
		{"replica exists", []map[string]any{primary, replica}, groupSpec, 0, nil},
		{"no member waits for a backup", []map[string]any{primary}, drOnly, 0, nil},
		{"the list carries backups", []map[string]any{listed}, groupSpec, 0, ptr(0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api := &cannedAPI{services: tc.services, backups: map[string]int{"pg-main": 2}}
			live, err := newClient(t, withCanned(t, api), aiven.Config{}).ReadLive(context.Background(), loadSpec(t, tc.spec))
			if err != nil {
				t.Fatalf("ReadLive: %v", err)
			}
			if n := api.count(backupsRoute); n != tc.reads {
				t.Errorf("backups reads = %d, want %d", n, tc.reads)
			}
			got := liveService(t, live, "pg-main").Backups
			if (got == nil) != (tc.backups == nil) || got != nil && *got != *tc.backups {
				t.Errorf("pg-main backups = %v, want %v", deref(got), deref(tc.backups))
			}
		})
	}
}

// TestReadLiveRolesFallBackToOneGetEach: a list without
// disaster_recovery_role costs one ServiceGet per linked service of a
// recovery pair whose group declares active, and nothing for a group that
// does not or a service without a recovery link.
func TestReadLiveRolesFallBackToOneGetEach(t *testing.T) {
	spec := strings.Replace(groupSpec, "cloud: google-europe-west1}\n", "cloud: google-europe-west1}\n        active: pg-main\n", 1)
	withRoles := groupServices(true)
	bare := groupServices(false)
	unlinked := groupServices(false)
	unlinked[0]["service_integrations"], unlinked[2]["service_integrations"] = []any{}, []any{}
	roles := map[string]map[string]any{"pg-main": withRoles[0], "pg-dr": withRoles[2]}
	for _, tc := range []struct {
		name     string
		services []map[string]any
		spec     string
		gets     int
		roles    [2]string
	}{
		{"list without roles", bare, spec, 2, [2]string{"active", "passive"}},
		{"list with roles", withRoles, spec, 0, [2]string{"active", "passive"}},
		{"no active declared", bare, groupSpec, 0, [2]string{"", ""}},
		{"no recovery link yet", unlinked, spec, 0, [2]string{"", ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api := &cannedAPI{services: tc.services, get: roles}
			live, err := newClient(t, withCanned(t, api), aiven.Config{}).ReadLive(context.Background(), loadSpec(t, tc.spec))
			if err != nil {
				t.Fatalf("ReadLive: %v", err)
			}
			gets := api.count("GET /v1/project/acme-prod/service/pg-main") + api.count("GET /v1/project/acme-prod/service/pg-dr")
			if gets != tc.gets || api.count("GET /v1/project/acme-prod/service/pg-ro") != 0 {
				t.Errorf("service gets = %v, want %d (pg-main and pg-dr only)", api.requests, tc.gets)
			}
			got := [2]string{liveService(t, live, "pg-main").Role, liveService(t, live, "pg-dr").Role}
			if got != tc.roles {
				t.Errorf("roles = %q, want %q", got, tc.roles)
			}
		})
	}
}

func liveService(t *testing.T, live plan.Live, name string) plan.LiveService {
	t.Helper()
	for _, s := range live.Projects["acme-prod"].Services {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("%s not read", name)
	return plan.LiveService{}
}

func ptr(n int) *int { return &n }

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}
