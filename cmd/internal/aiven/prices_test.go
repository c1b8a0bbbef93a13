package aiven_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
	"github.com/ccr-dev/ccr/plan"
)

const pricingPath = "GET /v1/project/{project}/pricing/service-types/{type}/plans/{plan}/clouds/{cloud}"

func usd(t testing.TB, s string) plan.USD {
	t.Helper()
	v, err := plan.ParseUSD(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestReadLivePrices checks the prices read for liveSpec: the emulator's
// list price in Google's Belgium, the same ×1.04 on AWS, a seed override,
// and a plan Aiven has no price for, recorded as unknown rather than failing
// the read.
func TestReadLivePrices(t *testing.T) {
	seed := liveSeed()
	seed.Prices = []aivensim.PriceSeed{{ServicePlan: "startup-4", CloudName: "aws-us-east-1",
		BasePriceUSD: "0.5000", ExtraDiskPricePerGBUSD: "0.000300"}}
	_, url := startSim(t, aivensim.Options{}, seed)
	live, err := newClient(t, url, aiven.Config{}).ReadLive(context.Background(), loadSpec(t, liveSpec))
	if err != nil {
		t.Fatalf("ReadLive: %v", err)
	}
	price := func(base, disk string) plan.Price {
		d := usd(t, disk)
		return plan.Price{BaseHourly: usd(t, base), ExtraDiskHourlyPerGiB: &d}
	}
	got := live.Projects["acme-prod"].Catalog.Prices
	want := map[plan.PriceKey]plan.Price{
		{Type: plan.CassandraType, Plan: "business-8", Cloud: "google-europe-west1"}: price("1.5620", "0.000250"),
		{Type: plan.CassandraType, Plan: "business-8", Cloud: "aws-us-east-1"}:       price("1.6245", "0.000260"),
		{Type: plan.CassandraType, Plan: "startup-4", Cloud: "google-europe-west3"}:  price("0.4110", "0.000250"),
		{Type: plan.CassandraType, Plan: "startup-4", Cloud: "aws-us-east-1"}:        price("0.5000", "0.000300"),
		{Type: plan.CassandraType, Plan: "business-999", Cloud: "google-europe-west1"}: {
			Unknown: "Aiven has no price for business-999 in google-europe-west1"},
		{Type: plan.CassandraType, Plan: "business-999", Cloud: "aws-eu-west-1"}: {Unknown: "Aiven has no price for business-999 in aws-eu-west-1"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("prices:\n got %+v\nwant %+v", got, want)
	}
}

// joinSpec omits the plan of a pair whose first service exists, so the
// plan is inherited, and names a second pair whose existing service runs on
// another plan and cloud than the file says (drift).
const joinSpec = `version: 1
projects:
  - project: acme
    pairs:
      - services:
          - {name: orders-eu, cloud: google-europe-west1}
          - {name: orders-us, cloud: aws-us-east-1}
      - services:
          - {name: billing-eu, cloud: google-europe-west1}
          - {name: billing-us, cloud: aws-us-east-1}
        plan: business-8
      - services:
          - {name: search-eu, cloud: google-europe-west1}
          - {name: search-us, cloud: aws-us-east-1}
`

// TestReadLiveInheritedPrices checks the reads only the service list
// reveals: the spec and price of an inherited plan, the price the joiner
// pays in its own cloud, and the live plan and cloud of a service that
// differs from the file, each read once although two pairs need startup-8
// in aws-us-east-1, and the declared plan where that service runs (the
// update moves billing-eu to business-8 in google-europe-west3). The file's
// own plan and clouds are read up front, before the list is in, so the
// differing service costs one read the plan does not use (business-8 in
// google-europe-west1).
func TestReadLiveInheritedPrices(t *testing.T) {
	orders := cassandra("orders-eu", "startup-8", "google-europe-west1", "orders-eu", "")
	orders.DiskSpaceMB = 510000
	search := cassandra("search-eu", "startup-8", "google-europe-west1", "search-eu", "")
	billing := cassandra("billing-eu", "startup-4", "google-europe-west3", "billing-eu", "")
	seed := aivensim.SeedFile{Projects: []aivensim.ProjectSeed{{Project: "acme",
		Services: []aivensim.ServiceSeed{orders, search, billing}}}}
	sim, url := startSim(t, aivensim.Options{}, seed)
	live, err := newClient(t, url, aiven.Config{}).ReadLive(context.Background(), loadSpec(t, joinSpec))
	if err != nil {
		t.Fatalf("ReadLive: %v", err)
	}
	cat := live.Projects["acme"].Catalog
	if got := cat.Plans(plan.CassandraType)["startup-8"].DiskSpaceMB; got != 480000 {
		t.Errorf("startup-8 included disk = %d, want 480000 (its spec, read for the inherited plan)", got)
	}
	var keys []string
	for k, p := range cat.Prices {
		if p.Unknown != "" {
			t.Errorf("%v: %s", k, p.Unknown)
		}
		keys = append(keys, k.Plan+"@"+k.Cloud)
	}
	want := []string{"business-8@aws-us-east-1", "business-8@google-europe-west1", "business-8@google-europe-west3",
		"startup-4@google-europe-west3", "startup-8@aws-us-east-1", "startup-8@google-europe-west1"}
	if !sameSet(keys, want) {
		t.Errorf("prices read for %v, want %v", keys, want)
	}
	stats := sim.Stats().Requests
	if n := stats[pricingPath]; n != len(want) {
		t.Errorf("price reads = %d, want %d (one per distinct plan and cloud)", n, len(want))
	}
	// business-8 (declared), startup-8 (inherited and live), startup-4 (live).
	if n := stats["GET /v1/project/{project}/service-types/{type}/plans/{plan}"]; n != 3 {
		t.Errorf("plan spec reads = %d, want 3", n)
	}
}

// TestReadLivePriceError: a price read that fails for another reason than a
// missing price fails the read, like any catalog read, naming what it read;
// only the price endpoint fails here.
func TestReadLivePriceError(t *testing.T) {
	sim := aivensim.New(aivensim.Options{Token: simToken})
	if err := sim.Seed(liveSeed()); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/pricing/") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"message": "Pricing is unavailable", "errors": [{"message": "Pricing is unavailable", "status": 400}]}`))
			return
		}
		sim.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	spec := loadSpec(t, pairsYAML([]string{"acme-prod"}, 1))
	_, err := newClient(t, hs.URL, aiven.Config{}).ReadLive(context.Background(), spec)
	want := `read price of plan "business-8" in cloud`
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "Pricing is unavailable") {
		t.Fatalf("error = %v, want it to say %s… and give the API's message", err, want)
	}
}

func sameSet(a, b []string) bool {
	m := map[string]int{}
	for _, s := range a {
		m[s]++
	}
	for _, s := range b {
		m[s]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return len(a) == len(b)
}
