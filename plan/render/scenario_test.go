package render

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// The golden scenarios are real plans: plan.Compute applied to
// testdata/specs/NAME.yaml and the live state below, so the golden files
// show exactly what users see.

const (
	euCloud = "google-europe-west1"
	usCloud = "aws-us-east-1"
	vpcEU   = "1f0e2c3d-0000-4000-8000-000000000001"
)

func catalog() plan.Catalog {
	return plan.Catalog{
		Clouds: map[string]bool{euCloud: true, usCloud: true},
		Types: map[string]plan.TypeCatalog{plan.CassandraType: {Offered: true, Plans: map[string]plan.PlanSpec{
			"startup-4":   {NodeCount: 1, DiskSpaceMB: 80000, DiskSpaceCapMB: 80000},
			"business-8":  {NodeCount: 3, DiskSpaceMB: 600000, DiskSpaceCapMB: 1200000, DiskSpaceStepMB: 30000},
			"business-16": {NodeCount: 3, DiskSpaceMB: 1200000, DiskSpaceCapMB: 2400000, DiskSpaceStepMB: 60000},
		}}},
		VPCs: map[string]plan.VPC{vpcEU: {ID: vpcEU, Cloud: euCloud, State: "ACTIVE"}},
		// aiven-sim's list prices: Google in Belgium, ×1.04 on AWS.
		Prices: map[plan.PriceKey]plan.Price{
			{Type: plan.CassandraType, Plan: "startup-4", Cloud: euCloud}:   price("0.4110", "0.000250"),
			{Type: plan.CassandraType, Plan: "startup-4", Cloud: usCloud}:   price("0.4274", "0.000260"),
			{Type: plan.CassandraType, Plan: "business-8", Cloud: euCloud}:  price("1.5620", "0.000250"),
			{Type: plan.CassandraType, Plan: "business-8", Cloud: usCloud}:  price("1.6245", "0.000260"),
			{Type: plan.CassandraType, Plan: "business-16", Cloud: euCloud}: price("3.1230", "0.000250"),
			{Type: plan.CassandraType, Plan: "business-16", Cloud: usCloud}: price("3.2479", "0.000260"),
		},
	}
}

func price(base, disk string) plan.Price {
	b, err := plan.ParseUSD(base)
	if err != nil {
		panic(err)
	}
	d, err := plan.ParseUSD(disk)
	if err != nil {
		panic(err)
	}
	return plan.Price{BaseHourly: b, ExtraDiskHourlyPerGiB: &d}
}

// svc is a RUNNING Cassandra service whose datacenter is its name, as ccr
// creates them; joined names its service_to_join_with.
func svc(name, cloud, planName string, disk int, joined string) plan.LiveService {
	return plan.LiveService{Name: name, Type: plan.CassandraType, Plan: planName, Cloud: cloud,
		State: plan.StateRunning, Datacenter: name, JoinedWith: joined, DiskSpaceMB: disk}
}

func other(name, typ string) plan.LiveService {
	return plan.LiveService{Name: name, Type: typ, Plan: "startup-4", Cloud: euCloud, State: plan.StateRunning}
}

func project(name string, c plan.Catalog, services ...plan.LiveService) plan.Live {
	return plan.Live{Projects: map[string]plan.ProjectState{name: {Name: name, Services: services, Catalog: c}}}
}

func merge(lives ...plan.Live) plan.Live {
	out := plan.Live{Projects: map[string]plan.ProjectState{}}
	for _, l := range lives {
		for k, v := range l.Projects {
			out.Projects[k] = v
		}
	}
	return out
}

var scenarioLive = map[string]func() plan.Live{
	"new-pair": func() plan.Live { return project("acme-prod", catalog()) },
	"join-existing": func() plan.Live {
		// The service to join is in a VPC, tagged and protected: the plan
		// shows it as it is, and none of it is drift.
		eu := svc("orders-eu", euCloud, "business-8", 660000, "")
		eu.ProjectVPCID, eu.Tags, eu.TerminationProtection = vpcEU, map[string]string{"team": "orders"}, true
		return project("acme-prod", catalog(),
			eu,
			svc("billing-eu", euCloud, "startup-4", 80000, ""),
			svc("billing-us", usCloud, "startup-4", 80000, "billing-eu"),
			other("events", "kafka"), other("orders-db", "pg"))
	},
	"no-changes": func() plan.Live {
		return project("acme-prod", catalog(),
			svc("orders-eu", euCloud, "business-8", 600000, ""),
			svc("orders-us", usCloud, "business-8", 600000, "orders-eu"))
	},
	"drift": func() plan.Live {
		eu := svc("orders-eu", euCloud, "business-8", 600000, "")
		eu.State = plan.StateRebuilding
		return project("acme-prod", catalog(), eu, svc("orders-us", usCloud, "business-16", 600000, "orders-eu"))
	},
	"conflicts": func() plan.Live {
		return project("acme-prod", catalog(),
			svc("billing-eu", euCloud, "startup-4", 80000, ""),
			svc("billing-us", usCloud, "startup-4", 80000, ""),
			svc("search-eu", euCloud, "business-16", 1200000, ""),
			svc("search-old", usCloud, "business-16", 1200000, "search-eu"))
	},
	"multi-project": func() plan.Live {
		return merge(
			project("acme-dev", catalog(),
				svc("orders-dev-eu", euCloud, "startup-4", 80000, ""),
				svc("orders-dev-us", usCloud, "startup-4", 80000, "orders-dev-eu"),
				other("scratch", "pg")),
			project("acme-prod", catalog(), other("events", "kafka"), other("orders-db", "pg"), other("cache", "valkey")))
	},
	"retired-paired": func() plan.Live {
		retired := catalog()
		retired.Types[plan.CassandraType] = plan.TypeCatalog{Plans: retired.Plans(plan.CassandraType)}
		return project("acme-prod", retired,
			svc("orders-eu", euCloud, "business-8", 600000, ""),
			svc("orders-us", usCloud, "business-8", 600000, "orders-eu"))
	},
	"price-missing": func() plan.Live {
		c := catalog()
		c.Prices[plan.PriceKey{Type: plan.CassandraType, Plan: "business-16", Cloud: usCloud}] = plan.Price{
			Unknown: "Aiven has no price for business-16 in aws-us-east-1"}
		return project("acme-prod", c)
	},
	"budget": func() plan.Live {
		return merge(project("acme-prod", catalog()), project("acme-dev", catalog()))
	},
	// Conflicts of two kinds: a new pair with no plan, two existing
	// services that are not paired (and whose plans the file leaves to
	// them), a cloud the project does not offer.
	"mixed-conflicts": func() plan.Live {
		return project("acme-prod", catalog(),
			svc("billing-eu", euCloud, "startup-4", 80000, ""),
			svc("billing-us", usCloud, "business-8", 600000, ""))
	},
	"preflight-failure": func() plan.Live {
		retired := catalog()
		retired.Types[plan.CassandraType] = plan.TypeCatalog{Plans: retired.Plans(plan.CassandraType)}
		return merge(project("legacy-prod", retired), project("acme-prod", catalog()))
	},
}

// scenarios are the golden scenarios, one golden file per scenario and
// format.
var scenarios = []string{
	"new-pair", "join-existing", "no-changes", "conflicts", "drift", "multi-project", "preflight-failure",
	"retired-paired", "price-missing", "budget", "mixed-conflicts",
	"group-new", "group-members", "group-link", "group-switchover", "group-promoted", "group-failover", "group-mixed",
	"update-settings", "update-plan", "update-disk", "update-downgrade-refused", "update-downgrade-allowed", "update-group",
	"update-budget",
}

// scenarioOptions are the command-line inputs of the scenarios that have
// any: budget is also run with --max-monthly-increase 2900, which it
// exceeds.
var scenarioOptions = map[string]plan.Options{
	"budget": {MaxMonthlyIncrease: func() *plan.USD { v, _ := plan.ParseUSD("2900"); return &v }()},
}

// loadPlan computes the plan of a scenario.
func loadPlan(t testing.TB, name string) *plan.Plan {
	t.Helper()
	return plan.ComputeWith(loadSpec(t, name), scenarioLive[name](), scenarioOptions[name])
}

// loadSpec loads a scenario's file.
func loadSpec(t testing.TB, name string) *schema.Spec {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "specs", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	spec, diags := schema.Load("ccr.yaml", data)
	if len(diags) > 0 {
		t.Fatalf("%s: %v", name, diags)
	}
	return spec
}
