package aiven_test

import (
	"context"
	"maps"
	"reflect"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
	"github.com/ccr-dev/ccr/plan"
)

// liveSpec names a paired pair with disk, an existing POWEROFF service
// without a datacenter, a pair whose plan does not exist, and a project that
// no longer offers Cassandra.
const liveSpec = `version: 1
projects:
  - project: acme-prod
    pairs:
      - services:
          - {name: orders-eu, cloud: google-europe-west1}
          - {name: orders-us, cloud: aws-us-east-1}
        plan: business-8
        disk_space_mb: 750000
      - services:
          - {name: legacy, cloud: google-europe-west3}
          - {name: legacy-us, cloud: aws-us-east-1}
        plan: startup-4
      - services:
          - {name: new-a, cloud: google-europe-west1}
          - {name: new-b, cloud: aws-eu-west-1}
        plan: business-999
  - project: retired
    pairs:
      - services:
          - {name: r-a, cloud: google-europe-west1}
          - {name: r-b, cloud: aws-us-east-1}
        plan: business-8
`

func liveSeed() aivensim.SeedFile {
	eu := cassandra("orders-eu", "business-8", "google-europe-west1", "orders-eu", "")
	us := cassandra("orders-us", "business-8", "aws-us-east-1", "orders-us", "orders-eu")
	eu.DiskSpaceMB, us.DiskSpaceMB = 750000, 750000
	legacy := cassandra("legacy", "startup-4", "google-europe-west3", "", "")
	legacy.State = "POWEROFF"
	pg := aivensim.ServiceSeed{ServiceName: "pg-main", ServiceType: "pg", Plan: "startup-4", CloudName: "aws-eu-west-1"}
	offered := false
	return aivensim.SeedFile{Projects: []aivensim.ProjectSeed{
		{Project: "acme-prod", Services: []aivensim.ServiceSeed{eu, us, legacy, pg}},
		{Project: "retired", CassandraOffered: &offered},
	}}
}

func TestReadLiveMapsServices(t *testing.T) {
	_, url := startSim(t, aivensim.Options{}, liveSeed())
	live, err := newClient(t, url, aiven.Config{}).ReadLive(context.Background(), loadSpec(t, liveSpec))
	if err != nil {
		t.Fatalf("ReadLive: %v", err)
	}
	got := map[string]plan.LiveService{}
	for _, s := range live.Projects["acme-prod"].Services {
		got[s.Name] = s
	}
	want := map[string]plan.LiveService{
		"orders-eu": {Name: "orders-eu", Type: "cassandra", Plan: "business-8", Cloud: "google-europe-west1",
			State: "RUNNING", Datacenter: "orders-eu", DiskSpaceMB: 750000},
		"orders-us": {Name: "orders-us", Type: "cassandra", Plan: "business-8", Cloud: "aws-us-east-1",
			State: "RUNNING", Datacenter: "orders-us", JoinedWith: "orders-eu", DiskSpaceMB: 750000},
		"legacy": {Name: "legacy", Type: "cassandra", Plan: "startup-4", Cloud: "google-europe-west3",
			State: "POWEROFF", Datacenter: plan.DefaultDatacenter, DiskSpaceMB: 240000},
		"pg-main": {Name: "pg-main", Type: "pg", Plan: "startup-4", Cloud: "aws-eu-west-1",
			State: "RUNNING", Datacenter: plan.DefaultDatacenter, DiskSpaceMB: 81920, Version: "17"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("services:\n got %+v\nwant %+v", got, want)
	}
	if n := len(live.Projects["retired"].Services); n != 0 {
		t.Errorf("retired has %d services, want 0", n)
	}
}

func TestReadLiveCatalog(t *testing.T) {
	_, url := startSim(t, aivensim.Options{}, liveSeed())
	live, err := newClient(t, url, aiven.Config{}).ReadLive(context.Background(), loadSpec(t, liveSpec))
	if err != nil {
		t.Fatalf("ReadLive: %v", err)
	}
	acme := live.Projects["acme-prod"].Catalog
	if !acme.Offered(plan.CassandraType) {
		t.Error("acme-prod: CassandraOffered = false, want true")
	}
	if !acme.Clouds["google-europe-west1"] || !acme.Clouds["aws-us-east-1"] || acme.Clouds["mars-north-1"] {
		t.Errorf("acme-prod clouds = %v, want the emulator's cloud list", acme.Clouds)
	}
	wantPlan := plan.PlanSpec{NodeCount: 3, DiskSpaceMB: 720000, DiskSpaceCapMB: 2160000, DiskSpaceStepMB: 30000}
	if got := acme.Plans(plan.CassandraType)["business-8"]; got != wantPlan {
		t.Errorf("business-8 = %+v, want %+v", got, wantPlan)
	}
	if got := acme.Plans(plan.CassandraType)["startup-4"]; got.DiskSpaceMB != 240000 || got.DiskSpaceCapMB != 480000 {
		t.Errorf("startup-4 = %+v, want disk 240000..480000", got)
	}
	if _, ok := acme.Plans(plan.CassandraType)["business-999"]; ok {
		t.Error("unknown plan business-999 is in the catalog; preflight could not report it")
	}
	if _, ok := acme.Plans(plan.CassandraType)["premium-6"]; !ok {
		t.Error("premium-6 missing: the plan list should name every Cassandra plan")
	}
	retired := live.Projects["retired"].Catalog
	if retired.Offered(plan.CassandraType) {
		t.Error("retired: CassandraOffered = true, want false")
	}
	if len(retired.Plans(plan.CassandraType)) != 0 {
		t.Errorf("retired plans = %v, want none", retired.Plans(plan.CassandraType))
	}
}

// TestReadLiveRequests pins the cost of a read: per project one ServiceList
// and the preflight reads (type, clouds, plan list, one spec per declared
// plan), one price per distinct (plan, cloud) of the declared services, and
// never a per-service GET. The live services here use the file's plans and
// clouds, so they add no read.
func TestReadLiveRequests(t *testing.T) {
	sim, url := startSim(t, aivensim.Options{}, liveSeed())
	if _, err := newClient(t, url, aiven.Config{}).ReadLive(context.Background(), loadSpec(t, liveSpec)); err != nil {
		t.Fatalf("ReadLive: %v", err)
	}
	want := map[string]int{
		"GET /v1/project/{project}/service":                           2,
		"GET /v1/project/{project}/service-types/{type}":              2,
		"GET /v1/project/{project}/clouds":                            2,
		"GET /v1/project/{project}/service-types/{type}/plans":        2,
		"GET /v1/project/{project}/service-types/{type}/plans/{plan}": 3 + 1,
		// acme-prod: 3 pairs × 2 clouds, all distinct; retired: 2.
		"GET /v1/project/{project}/pricing/service-types/{type}/plans/{plan}/clouds/{cloud}": 6 + 2,
	}
	if got := sim.Stats().Requests; !maps.Equal(got, want) {
		t.Errorf("requests:\n got %v\nwant %v", got, want)
	}
}

func TestReadLiveVPCOnlyWhenDeclared(t *testing.T) {
	seed := aivensim.SeedFile{Projects: []aivensim.ProjectSeed{{Project: "acme-prod", VPCs: []aivensim.VPC{
		{ProjectVPCID: "1f0e3c52-8a4b-4c1d-9e2f-0a1b2c3d4e5f", CloudName: "aws-us-east-1", NetworkCIDR: "10.0.0.0/24", State: "ACTIVE"}}}}}
	sim, url := startSim(t, aivensim.Options{}, seed)
	spec := loadSpec(t, strings.Replace(pairsYAML([]string{"acme-prod"}, 1),
		"cloud: aws-us-east-1}", "cloud: aws-us-east-1, project_vpc_id: 1f0e3c52-8a4b-4c1d-9e2f-0a1b2c3d4e5f}", 1))
	live, err := newClient(t, url, aiven.Config{}).ReadLive(context.Background(), spec)
	if err != nil {
		t.Fatalf("ReadLive: %v", err)
	}
	want := plan.VPC{ID: "1f0e3c52-8a4b-4c1d-9e2f-0a1b2c3d4e5f", Cloud: "aws-us-east-1", State: "ACTIVE"}
	if got := live.Projects["acme-prod"].Catalog.VPCs["1f0e3c52-8a4b-4c1d-9e2f-0a1b2c3d4e5f"]; got != want {
		t.Errorf("1f0e3c52-8a4b-4c1d-9e2f-0a1b2c3d4e5f = %+v, want %+v", got, want)
	}
	if n := sim.Stats().Requests["GET /v1/project/{project}/vpcs"]; n != 1 {
		t.Errorf("VPC lists = %d, want 1", n)
	}
}

// TestReadLiveBadToken checks that a refused token gives one line naming
// AIVEN_TOKEN, after at most one try of each request: no retry storm.
func TestReadLiveBadToken(t *testing.T) {
	sim, url := startSim(t, aivensim.Options{}, liveSeed())
	const wrong = "wrong-token-5e6f"
	c := newClient(t, url, aiven.Config{Token: wrong, RetryMax: 4})
	_, err := c.ReadLive(context.Background(), loadSpec(t, liveSpec))
	if err == nil {
		t.Fatal("ReadLive with a wrong token succeeded")
	}
	msg := err.Error()
	if !strings.Contains(msg, "AIVEN_TOKEN") || strings.Contains(msg, "\n") {
		t.Errorf("error = %q, want one line naming AIVEN_TOKEN", msg)
	}
	if strings.Contains(msg, wrong) || strings.Contains(msg, simToken) {
		t.Errorf("error %q leaks a token", msg)
	}
	const oneRead = 20 // the requests of a successful read of liveSpec
	total := 0
	for _, n := range sim.Stats().Requests {
		total += n
	}
	if total == 0 || total > oneRead {
		t.Errorf("requests = %d, want 1..%d (no retries of a 403)", total, oneRead)
	}
}

func TestReadLiveForbiddenProject(t *testing.T) {
	seed := aivensim.SeedFile{Projects: []aivensim.ProjectSeed{{Project: "secret", Forbidden: true}}}
	_, url := startSim(t, aivensim.Options{}, seed)
	_, err := newClient(t, url, aiven.Config{}).ReadLive(context.Background(), loadSpec(t, pairsYAML([]string{"secret"}, 1)))
	if err == nil || !strings.Contains(err.Error(), `project "secret"`) || !strings.Contains(err.Error(), "AIVEN_TOKEN") {
		t.Fatalf("error = %v, want it to name the project and AIVEN_TOKEN", err)
	}
}

// TestReadLive5xxStorm: a failing API costs each request its RetryMax+1
// tries and no more, and the error keeps the project and the API's message
// but never the token.
func TestReadLive5xxStorm(t *testing.T) {
	sim, url := startSim(t, aivensim.Options{Fault5xx: 1}, liveSeed())
	spec := loadSpec(t, pairsYAML([]string{"acme-prod"}, 1))
	_, err := newClient(t, url, aiven.Config{RetryMax: 2}).ReadLive(context.Background(), spec)
	if err == nil || !strings.Contains(err.Error(), `project "acme-prod"`) || !strings.Contains(err.Error(), "Internal server error") {
		t.Fatalf("error = %v, want the project and the API's message", err)
	}
	if strings.Contains(err.Error(), simToken) {
		t.Errorf("error %q leaks the token", err)
	}
	const requests, tries = 7, 3 // list, type, clouds, plan list, business-8, its 2 prices
	if total := totalRequests(sim.Stats()); total > requests*tries {
		t.Errorf("requests = %d, want at most %d", total, requests*tries)
	}
}
