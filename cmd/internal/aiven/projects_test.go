package aiven_test

import (
	"context"
	"maps"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
	"github.com/ccr-dev/ccr/plan"
)

// importSeed has two projects with Cassandra services on two plans (one
// used twice), a pg service and a project that no longer offers Cassandra.
func importSeed() aivensim.SeedFile {
	offered := false
	pg := aivensim.ServiceSeed{ServiceName: "pg-main", ServiceType: "pg", Plan: "hobbyist", CloudName: "aws-eu-west-1"}
	return aivensim.SeedFile{Projects: []aivensim.ProjectSeed{
		{Project: "acme-prod", Services: []aivensim.ServiceSeed{
			cassandra("orders-eu", "business-8", "google-europe-west1", "orders-eu", ""),
			cassandra("orders-us", "business-8", "aws-us-east-1", "orders-us", "orders-eu"),
			cassandra("legacy", "startup-4", "google-europe-west3", "", ""),
			pg,
		}},
		{Project: "acme-dr", Services: []aivensim.ServiceSeed{cassandra("dr", "startup-4", "aws-us-west-2", "", "")}},
		{Project: "retired", CassandraOffered: &offered},
	}}
}

func TestReadProjectsKeepsOrderAndReadsPlanDefaults(t *testing.T) {
	_, url := startSim(t, aivensim.Options{}, importSeed())
	got, err := newClient(t, url, aiven.Config{}).ReadProjects(context.Background(), []string{"retired", "acme-prod", "acme-dr"})
	if err != nil {
		t.Fatalf("ReadProjects: %v", err)
	}
	var names []string
	for _, p := range got {
		names = append(names, p.Name)
	}
	if strings.Join(names, " ") != "retired acme-prod acme-dr" {
		t.Fatalf("projects = %v, want the order given", names)
	}
	if got[0].Catalog.Offered(plan.CassandraType) || !got[1].Catalog.Offered(plan.CassandraType) {
		t.Errorf("CassandraOffered = %v, %v; want false for retired, true for acme-prod",
			got[0].Catalog.Offered(plan.CassandraType), got[1].Catalog.Offered(plan.CassandraType))
	}
	if n := len(got[1].Services); n != 4 {
		t.Errorf("acme-prod has %d services, want 4", n)
	}
	plans := got[1].Catalog.Plans(plan.CassandraType)
	if plans["business-8"].DiskSpaceMB != 720000 || plans["startup-4"].DiskSpaceMB != 240000 {
		t.Errorf("acme-prod plan defaults = %+v, want business-8 720000 and startup-4 240000", plans)
	}
	if _, ok := plans["hobbyist"]; ok {
		t.Error("the pg service's plan was read; only Cassandra plans matter")
	}
}

// TestReadProjectsRequests pins the cost of an import read: per project one
// ServiceList and one service-type read, then one spec per distinct
// Cassandra plan; no per-service request and no plan read for a project
// that does not offer Cassandra.
func TestReadProjectsRequests(t *testing.T) {
	sim, url := startSim(t, aivensim.Options{}, importSeed())
	if _, err := newClient(t, url, aiven.Config{}).ReadProjects(context.Background(), []string{"acme-prod", "acme-dr", "retired"}); err != nil {
		t.Fatalf("ReadProjects: %v", err)
	}
	want := map[string]int{
		"GET /v1/project/{project}/service":                           3,
		"GET /v1/project/{project}/service-types/{type}":              3,
		"GET /v1/project/{project}/service-types/{type}/plans/{plan}": 2 + 1,
	}
	if got := sim.Stats().Requests; !maps.Equal(got, want) {
		t.Errorf("requests:\n got %v\nwant %v", got, want)
	}
}

func TestReadProjectsExplainsErrors(t *testing.T) {
	_, url := startSim(t, aivensim.Options{}, importSeed())
	cases := map[string]struct {
		token    string
		projects []string
		want     string
	}{
		"unknown project": {"", []string{"acme-prod", "nosuch"}, `project "nosuch" does not exist or the token cannot see it`},
		"refused token":   {"wrong-token-1a2b", []string{"acme-prod"}, "check AIVEN_TOKEN"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := newClient(t, url, aiven.Config{Token: tc.token}).ReadProjects(context.Background(), tc.projects)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), simToken) || tc.token != "" && strings.Contains(err.Error(), tc.token) {
				t.Errorf("error %q leaks a token", err)
			}
		})
	}
}
