package aivensim_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aiven/go-client-codegen/handler/service"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

func TestSeedOverridesCatalog(t *testing.T) {
	srv := aivensim.New(aivensim.Options{Token: testToken})
	err := srv.Seed(aivensim.SeedFile{
		Clouds: []aivensim.Cloud{{CloudName: "do-ams3", CloudDescription: "Europe, Netherlands - DigitalOcean: Amsterdam",
			GeoRegion: "europe", Provider: "do", ProviderDescription: "DigitalOcean"}},
		ServiceTypes: map[string]aivensim.ServiceTypeSeed{"cassandra": {ServicePlans: []aivensim.Plan{
			{ServicePlan: "tiny-1", NodeCount: 2, DiskSpaceMB: 1000, DiskSpaceCapMB: 2000, DiskSpaceStepMB: 500}}}},
		Projects: []aivensim.ProjectSeed{{Project: "p"}},
	})
	if err != nil {
		t.Fatalf("Seed: %v", err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	c := newClient(t, hs.URL, testToken)
	ctx := context.Background()
	clouds, err := c.ListClouds(ctx)
	if err != nil || len(clouds) != 1 || clouds[0].CloudName != "do-ams3" {
		t.Fatalf("ListClouds = %+v, %v", clouds, err)
	}
	plans, err := c.ProjectServicePlanList(ctx, "p", "cassandra")
	if err != nil || len(plans) != 1 || plans[0].ServicePlan != "tiny-1" {
		t.Fatalf("plans = %+v, %v", plans, err)
	}
	// The project's default cloud is the first cloud of the catalog.
	out, err := c.ServiceCreate(ctx, "p", &service.ServiceCreateIn{ServiceName: "c", ServiceType: "cassandra",
		Plan: "tiny-1", DiskSpaceMb: ptr(1500)})
	if err != nil || out.CloudName != "do-ams3" || *out.NodeCount != 2 || *out.DiskSpaceMb != 1500 {
		t.Fatalf("create = %+v, %v", out, err)
	}
	// The description and schema of cassandra were kept.
	ct, err := c.ProjectServiceTypesGet(ctx, "p", "cassandra")
	if err != nil || !strings.Contains(ct.Description, "Cassandra") || ct.UserConfigSchema["properties"] == nil {
		t.Fatalf("cassandra type = %+v, %v", ct, err)
	}
}

func TestSeedRejectsInconsistentInput(t *testing.T) {
	tests := []struct {
		name string
		seed aivensim.SeedFile
		want string
	}{
		{"duplicate project", aivensim.SeedFile{Projects: []aivensim.ProjectSeed{{Project: "p"}, {Project: "p"}}},
			`seed project "p": already exists`},
		{"unknown plan", aivensim.SeedFile{Projects: []aivensim.ProjectSeed{{Project: "p", Services: []aivensim.ServiceSeed{
			{ServiceName: "s", ServiceType: "cassandra", Plan: "gold"}}}}}, `unknown plan "gold"`},
		{"empty project name", aivensim.SeedFile{Projects: []aivensim.ProjectSeed{{}}}, "empty name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := aivensim.New(aivensim.Options{}).Seed(tc.seed)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Seed error = %v, want %q", err, tc.want)
			}
		})
	}
	srv := aivensim.New(aivensim.Options{})
	if err := srv.AddService("nowhere", aivensim.ServiceSeed{ServiceName: "s"}); err == nil ||
		!strings.Contains(err.Error(), `project "nowhere" does not exist`) {
		t.Fatalf("AddService to a missing project: %v", err)
	}
}

// TestAddServiceLinksPair: a service added with service_to_join_with pairs
// with its target, which then takes no other peer.
func TestAddServiceLinksPair(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	if err := h.srv.AddService("p1", aivensim.ServiceSeed{ServiceName: "cass-us", ServiceType: "cassandra",
		Plan: "business-8", CloudName: "aws-us-east-1",
		UserConfig: map[string]any{"service_to_join_with": "cass-eu"}}); err != nil {
		t.Fatalf("AddService: %v", err)
	}
	_, err := h.client.ServiceCreate(context.Background(), "p1", joiner("cass-eu"))
	wantAPIError(t, err, 400, `Service "cass-eu" is already in a cross-cluster replication pair with "cass-us"`)
}

// TestREADMESeedExample: the seed file the README documents is one, with
// the effects the README's table gives its keys.
func TestREADMESeedExample(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n### The seed file\n")
	_, block, ok2 := strings.Cut(section, "```json\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal(`README.md has no json block under "### The seed file"`)
	}
	var f aivensim.SeedFile
	dec := json.NewDecoder(strings.NewReader(block))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("the README's seed: %v", err)
	}
	srv := aivensim.New(aivensim.Options{Token: testToken})
	if err := srv.Seed(f); err != nil {
		t.Fatalf("Seed(README's example): %v", err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	c := newClient(t, hs.URL, testToken)
	ctx := context.Background()
	price, err := c.ProjectServicePlanPriceGet(ctx, "acme-prod", "cassandra", "business-8", "aws-us-east-1")
	if err != nil || price.BasePriceUsd != "1.2500" {
		t.Errorf("acme-prod's business-8 price = %+v, %v; want the project's 1.2500", price, err)
	}
	got, err := c.ServiceGet(ctx, "acme-prod", "orders-eu")
	if err != nil || *got.DiskSpaceMb != 750000 || !got.TerminationProtection || got.Tags["team"] != "orders" {
		t.Errorf("orders-eu = %+v, %v", got, err)
	}
	if clouds, _ := c.ListClouds(ctx); len(clouds) != 2 {
		t.Errorf("clouds = %d, want the seed's 2", len(clouds))
	}
	dr, err := c.ServiceIntegrationGet(ctx, "acme-prod", "5c1d8e2a-0000-4000-8000-000000000001")
	if err != nil || dr.SourceService != "orders-pg" || deref(dr.DestService) != "orders-pg-dr" || !dr.Active {
		t.Errorf("the seeded link = %+v, %v", dr, err)
	}
	backups, err := c.ServiceBackupsGet(ctx, "acme-prod", "orders-pg")
	if err != nil || len(backups.Backups) != 2 || *backups.ScheduledBackupTime.BackupHour != 12 {
		t.Errorf("orders-pg backups = %+v, %v; want the newest 2 of one a day at 12:00", backups, err)
	}
	if b, _ := c.ServiceBackupsGet(ctx, "acme-prod", "orders-pg-dr"); len(b.Backups) != 0 {
		t.Errorf("the passive service lists %d backups", len(b.Backups))
	}
	_, err = c.ServiceUpdate(ctx, "acme-prod", "orders-pg", &service.ServiceUpdateIn{DiskSpaceMb: ptr(92160)})
	wantAPIError(t, err, 400, "is less than the 100000 MB the data of service \"orders-pg\" uses")
	h := &harness{srv: srv, url: hs.URL}
	if role, _ := h.role(t, "acme-prod", "orders-pg-dr"); role != "passive" {
		t.Errorf("orders-pg-dr is %q, want the seed's passive", role)
	}
}

// TestExamplesSeed: examples/seed.json seeds a primary of every replicated
// type and a read replica linked in acme-staging.
func TestExamplesSeed(t *testing.T) {
	f, err := aivensim.ReadSeedFile(filepath.Join("..", "..", "..", "examples", "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	srv := aivensim.New(aivensim.Options{Token: testToken})
	if err := srv.Seed(f); err != nil {
		t.Fatalf("Seed(examples/seed.json): %v", err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	h := &harness{srv: srv, url: hs.URL, client: newClient(t, hs.URL, testToken)}
	for _, name := range []string{"orders-pg", "orders-mysql", "sessions-vk", "search-os"} {
		if b, err := h.client.ServiceBackupsGet(context.Background(), "acme-prod", name); err != nil || len(b.Backups) != 1 {
			t.Errorf("%s: %d backups, %v; want the one a seeded primary has taken", name, len(b.Backups), err)
		}
	}
	if got := h.links(t, "acme-staging", "stage-pg"); len(got) != 1 || got[0] != "read_replica stage-pg->stage-pg-ro active" {
		t.Errorf("stage-pg lists %v", got)
	}
}

// TestSeedShowsEveryVersion: a seeded service that names no major version
// shows the one the API would (clients read user_config.<type>_version
// unconditionally): a primary the type's default, a member its source's,
// whatever order the seed lists them in. A member created against it then
// gets the version it really has, not the one a file guessed.
func TestSeedShowsEveryVersion(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	err := h.srv.Seed(aivensim.SeedFile{Projects: []aivensim.ProjectSeed{{Project: "versions",
		Services: []aivensim.ServiceSeed{
			{ServiceName: "old-ro", ServiceType: "pg", Plan: "startup-4", CloudName: "aws-us-east-1"},
			{ServiceName: "old-pg", ServiceType: "pg", Plan: "business-4", CloudName: "aws-us-east-1",
				UserConfig: map[string]any{"pg_version": "16"}},
			{ServiceName: "plain-pg", ServiceType: "pg", Plan: "business-4", CloudName: "aws-us-east-1"},
		},
		ServiceIntegrations: []aivensim.IntegrationSeed{
			{IntegrationType: "read_replica", SourceService: "old-pg", DestService: "old-ro"}},
	}}})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	for name, want := range map[string]string{"old-pg": "16", "old-ro": "16", "plain-pg": "17"} {
		sv, err := h.client.ServiceGet(context.Background(), "versions", name)
		if err != nil {
			t.Fatalf("get %s: %v", name, err)
		}
		if got := sv.UserConfig["pg_version"]; got != want {
			t.Errorf("%s: pg_version = %v, want %s", name, got, want)
		}
	}
}
