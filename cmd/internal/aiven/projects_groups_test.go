package aiven

import (
	"context"
	"maps"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
	"github.com/ccr-dev/ccr/plan"
)

// TestReadGroupCatalog: import reads, for the services that have a
// replication link, their type's default version and the default disk of
// their plans, once per type and plan, and nothing for the others.
func TestReadGroupCatalog(t *testing.T) {
	sim := aivensim.New(aivensim.Options{Token: "sim-token-groups"})
	if err := sim.Seed(aivensim.SeedFile{Projects: []aivensim.ProjectSeed{{Project: "acme"}}}); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(sim)
	defer hs.Close()
	c, err := New(Config{URL: hs.URL, Token: "sim-token-groups", RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	link := []plan.Integration{{ID: "i1", Kind: "read_replica", Source: "orders-pg", Dest: "orders-ro"}}
	state := plan.ProjectState{Name: "acme", Services: []plan.LiveService{
		{Name: "orders-pg", Type: "pg", Plan: "business-4", Integrations: link},
		{Name: "orders-ro", Type: "pg", Plan: "startup-4", Integrations: link},
		{Name: "orders-ro2", Type: "pg", Plan: "startup-4", Integrations: link},
		{Name: "lone", Type: "pg", Plan: "hobbyist"},
		{Name: "events", Type: "kafka", Plan: "business-4"},
	}}
	r := &projectReader{c: c, project: "acme", limit: make(chan struct{}, 4)}
	if err := r.readGroupCatalog(context.Background(), &state); err != nil {
		t.Fatalf("readGroupCatalog: %v", err)
	}
	pg := state.Catalog.Types["pg"]
	// The disk's cap and step bound an update's disk_space_mb (plan/update.go).
	want := map[string]plan.PlanSpec{
		"business-4": {NodeCount: 2, DiskSpaceMB: 81920, DiskSpaceCapMB: 1044480, DiskSpaceStepMB: 10240},
		"startup-4":  {NodeCount: 1, DiskSpaceMB: 81920, DiskSpaceCapMB: 1044480, DiskSpaceStepMB: 10240},
	}
	if !pg.Offered || pg.DefaultVersion != "17" || !maps.Equal(pg.Plans, want) {
		t.Errorf("pg catalog = %+v; want offered, default version 17, plans %v", pg, want)
	}
	if _, ok := state.Catalog.Types["kafka"]; ok {
		t.Error("kafka was read; no kafka service has a replication link")
	}
	wantRequests := map[string]int{
		"GET /v1/project/{project}/service-types/{type}":              1,
		"GET /v1/project/{project}/service-types/{type}/plans/{plan}": 2,
	}
	if got := sim.Stats().Requests; !maps.Equal(got, wantRequests) {
		t.Errorf("requests:\n got %v\nwant %v", got, wantRequests)
	}
}
