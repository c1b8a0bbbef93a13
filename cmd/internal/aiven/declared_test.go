package aiven

import (
	"slices"
	"testing"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// TestLivePlansPriceAnUpdateWhereTheServiceRuns: an existing service whose
// file declares another plan is moved to that plan in its own cloud, so its
// price there is read, even when the file names another cloud (drift);
// without it the update's cost was unknown.
func TestLivePlansPriceAnUpdateWhereTheServiceRuns(t *testing.T) {
	p := schema.Project{
		Replicas: []schema.Group{{Primary: schema.Member{Name: "billing-pg", Type: "pg", Plan: "business-4",
			Cloud: "google-europe-west1"}}},
		Pairs: []schema.Pair{{Plan: "startup-8", Services: [2]schema.Service{
			{Name: "orders-eu", Cloud: "google-europe-west1"}, {Name: "orders-us", Cloud: "aws-us-east-1"}}}},
	}
	live := []plan.LiveService{
		{Name: "billing-pg", Type: "pg", Plan: "startup-4", Cloud: "azure-westeurope"},
		{Name: "orders-eu", Type: plan.CassandraType, Plan: "startup-4", Cloud: "google-europe-west1"},
		{Name: "orders-us", Type: plan.CassandraType, Plan: "startup-8", Cloud: "aws-us-east-1"},
	}
	_, prices := livePlans(p, live)
	for _, want := range []plan.PriceKey{
		{Type: "pg", Plan: "startup-4", Cloud: "azure-westeurope"},
		{Type: "pg", Plan: "business-4", Cloud: "azure-westeurope"},
		{Type: plan.CassandraType, Plan: "startup-8", Cloud: "google-europe-west1"},
	} {
		if !slices.Contains(prices, want) {
			t.Errorf("prices %v lack %v", prices, want)
		}
	}
	if n := len(prices); n != 5 {
		t.Errorf("%d prices %v, want 5: the live plan of each of the 3 services and the declared plan of the 2 that differ", n, prices)
	}
}
