package aivensim_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	aiven "github.com/aiven/go-client-codegen"
	"github.com/aiven/go-client-codegen/handler/project"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// TestDefaultPrices: list prices scaled per provider and region, in exact
// decimal strings.
func TestDefaultPrices(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	for _, c := range []struct{ plan, cloud, base, disk string }{
		{"business-8", "google-europe-west1", "1.5620", "0.000250"},
		{"business-8", "aws-us-east-1", "1.6245", "0.000260"},            // ×1.04
		{"business-8", "azure-south-africa-north", "2.1087", "0.000338"}, // ×1.08×1.25
		{"startup-4", "google-asia-southeast1", "0.4727", "0.000288"},    // ×1.15
		{"premium-32", "azure-westeurope", "13.1965", "0.000270"},        // ×1.08
	} {
		got, err := h.client.ProjectServicePlanPriceGet(context.Background(), "p1", "cassandra", c.plan, c.cloud)
		if err != nil {
			t.Fatalf("%s in %s: %v", c.plan, c.cloud, err)
		}
		if got.BasePriceUsd != c.base || got.ExtraDiskPricePerGbUsd == nil || *got.ExtraDiskPricePerGbUsd != c.disk ||
			got.CloudName != c.cloud || got.ServicePlan != c.plan || got.ServiceType != "cassandra" {
			t.Errorf("%s in %s = %+v (disk %v), want %s and %s", c.plan, c.cloud, got, got.ExtraDiskPricePerGbUsd, c.base, c.disk)
		}
	}
	// A plan whose disk cannot grow has no extra-disk price.
	got, err := h.client.ProjectServicePlanPriceGet(context.Background(), "p1", "pg", "hobbyist", "google-europe-west1")
	if err != nil || got.BasePriceUsd != "0.0260" || got.ExtraDiskPricePerGbUsd != nil {
		t.Errorf("pg hobbyist = %+v, %v", got, err)
	}
}

// TestPlanRegionsMatchPrices: every region of the plan list carries the
// price the price endpoint gives, and the sizes of the plan.
func TestPlanRegionsMatchPrices(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	ctx := context.Background()
	plans, err := h.client.ProjectServicePlanList(ctx, "p1", "cassandra")
	if err != nil {
		t.Fatal(err)
	}
	clouds, _ := h.client.ListClouds(ctx)
	for _, pl := range plans {
		if len(pl.Regions) != len(clouds) {
			t.Errorf("%s has %d regions, want one per cloud (%d)", pl.ServicePlan, len(pl.Regions), len(clouds))
		}
		for cloud, r := range pl.Regions {
			region := r.(map[string]any)
			for _, k := range []string{"price_usd", "node_cpu_count", "node_memory_mb", "disk_space_mb", "disk_space_cap_mb"} {
				if _, ok := region[k]; !ok {
					t.Errorf("%s regions[%s] lacks %s", pl.ServicePlan, cloud, k)
				}
			}
			price, err := h.client.ProjectServicePlanPriceGet(ctx, "p1", "cassandra", pl.ServicePlan, cloud)
			if err != nil || region["price_usd"] != price.BasePriceUsd {
				t.Errorf("%s in %s: regions price %v, price endpoint %+v, %v", pl.ServicePlan, cloud, region["price_usd"], price, err)
			}
		}
	}
	b8 := plans[3].Regions["aws-us-east-1"].(map[string]any)
	if plans[3].ServicePlan != "business-8" || b8["disk_space_mb"] != 720000.0 || b8["disk_space_cap_mb"] != 2160000.0 ||
		b8["node_memory_mb"] != 8192.0 || b8["node_cpu_count"] != 2.0 {
		t.Errorf("business-8 in aws-us-east-1 = %v", b8)
	}
}

// TestSeedPrices: the seed sets a price for one cloud, for every cloud, per
// project, or takes one away, and the plan list follows.
func TestSeedPrices(t *testing.T) {
	srv := aivensim.New(aivensim.Options{Token: testToken})
	err := srv.Seed(aivensim.SeedFile{
		Prices: []aivensim.PriceSeed{
			{ServicePlan: "business-8", CloudName: "aws-us-east-1", BasePriceUSD: "1.7", ExtraDiskPricePerGBUSD: "0.0003"},
			{ServicePlan: "business-4", BasePriceUSD: "0.9000"},
			{ServicePlan: "startup-4", CloudName: "azure-eastus", NoPrice: true},
		},
		Projects: []aivensim.ProjectSeed{
			{Project: "list"},
			{Project: "discounted", Prices: []aivensim.PriceSeed{{ServicePlan: "business-8", BasePriceUSD: "1.2500"}}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	c := newClient(t, hs.URL, testToken)
	ctx := context.Background()
	for _, want := range []struct{ project, plan, cloud, base, disk string }{
		{"list", "business-8", "aws-us-east-1", "1.7", "0.0003"},      // named cloud, verbatim
		{"list", "business-8", "aws-us-west-2", "1.6245", "0.000260"}, // derived
		{"list", "business-4", "azure-westeurope", "0.9000", ""},      // every cloud, no disk price
		{"discounted", "business-8", "aws-us-east-1", "1.2500", ""},   // the project's wins
		{"discounted", "startup-4", "google-europe-west1", "0.4110", "0.000250"},
	} {
		got, err := c.ProjectServicePlanPriceGet(ctx, want.project, "cassandra", want.plan, want.cloud)
		disk := ""
		if err == nil && got.ExtraDiskPricePerGbUsd != nil {
			disk = *got.ExtraDiskPricePerGbUsd
		}
		if err != nil || got.BasePriceUsd != want.base || disk != want.disk {
			t.Errorf("%s %s %s = %+v (disk %q), %v; want %s, %q", want.project, want.plan, want.cloud, got, disk, err, want.base, want.disk)
		}
	}
	_, err = c.ProjectServicePlanPriceGet(ctx, "list", "cassandra", "startup-4", "azure-eastus")
	wantAPIError(t, err, http.StatusNotFound, "No price for service plan startup-4 of service type cassandra in cloud azure-eastus")
	plans, _ := c.ProjectServicePlanList(ctx, "list", "cassandra")
	for _, pl := range plans {
		if _, listed := pl.Regions["azure-eastus"]; listed == (pl.ServicePlan == "startup-4") {
			t.Errorf("%s: azure-eastus listed = %v", pl.ServicePlan, listed)
		}
	}
}

// TestPriceNotFound: an unknown project, type, plan or cloud is a 404 in
// Aiven's shape, which the client reports as not found.
func TestPriceNotFound(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	for _, c := range []struct{ project, typ, plan, cloud, want string }{
		{"nope", "cassandra", "business-8", "aws-us-east-1", "Project does not exist"},
		{"today", "cassandra", "business-8", "aws-us-east-1", "Service type cassandra not available"},
		{"p1", "cassandra", "gold-1", "aws-us-east-1", "Service plan gold-1 for service type cassandra does not exist"},
		{"p1", "cassandra", "business-8", "mars-north-1", "Cloud mars-north-1 does not exist"},
	} {
		_, err := h.client.ProjectServicePlanPriceGet(context.Background(), c.project, c.typ, c.plan, c.cloud)
		wantAPIError(t, err, http.StatusNotFound, c.want)
		if !aiven.IsNotFound(err) {
			t.Errorf("%v: IsNotFound = false", c)
		}
	}
}

// TestSeedRejectsBadPrices: a price that is not a plain decimal is refused
// before anything is seeded.
func TestSeedRejectsBadPrices(t *testing.T) {
	for _, tc := range []struct {
		seed aivensim.SeedFile
		want string
	}{
		{aivensim.SeedFile{Prices: []aivensim.PriceSeed{{ServicePlan: "business-8", BasePriceUSD: "1,50"}}},
			`prices[0]: base_price_usd "1,50": want a decimal`},
		{aivensim.SeedFile{Prices: []aivensim.PriceSeed{{BasePriceUSD: "1.5"}}}, "prices[0]: service_plan is required"},
		{aivensim.SeedFile{Projects: []aivensim.ProjectSeed{{Project: "p", Prices: []aivensim.PriceSeed{
			{ServicePlan: "business-8", BasePriceUSD: "1.5", ExtraDiskPricePerGBUSD: "1e-4"}}}}},
			`project "p": prices[0]: extra_disk_price_per_gb_usd "1e-4"`},
		{aivensim.SeedFile{ServiceTypes: map[string]aivensim.ServiceTypeSeed{"cassandra": {ServicePlans: []aivensim.Plan{
			{ServicePlan: "tiny", NodeCount: 1, DiskSpaceMB: 1, PriceUSD: "-1"}}}}}, `plan "tiny": sim_price_usd "-1"`},
	} {
		srv := aivensim.New(aivensim.Options{})
		err := srv.Seed(tc.seed)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Seed error = %v, want %q", err, tc.want)
		}
		if err := srv.AddProject(aivensim.ProjectSeed{Project: "p"}); err != nil {
			t.Errorf("the refused seed left something behind: %v", err)
		}
	}
}

// TestProjectOutRequiredFields: the project object carries every field the
// client declares required, non-null.
func TestProjectOutRequiredFields(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	var got struct{ Project map[string]any }
	strictDecode(t, h.get(t, "/v1/project/p1", "aivenv1 "+testToken), &got)
	for _, f := range []string{"account_id", "billing_address", "billing_emails", "billing_group_id", "billing_group_name",
		"country", "country_code", "default_cloud", "estimated_balance", "organization_id", "payment_method",
		"project_name", "vat_id"} {
		if v, ok := got.Project[f]; !ok || v == nil {
			t.Errorf("project lacks %s", f)
		}
	}
	var list project.ProjectListOut
	strictDecode(t, h.get(t, "/v1/project", "aivenv1 "+testToken), &list)
	if list.ProjectMembership["p1"] != project.ProjectMembershipTypeAdmin || len(list.ProjectMemberships["p1"]) != 1 {
		t.Errorf("memberships = %v / %v", list.ProjectMembership, list.ProjectMemberships)
	}
}
