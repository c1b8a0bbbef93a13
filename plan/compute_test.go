package plan

import (
	"testing"

	"github.com/ccr-dev/ccr/schema"
)

const ordersCQL = "ALTER KEYSPACE orders WITH replication = {'class': 'NetworkTopologyStrategy', 'orders-eu': 3, 'orders-us': 3};"

// semanticsCase is one row of DESIGN.md "Plan semantics" that ends without
// a conflict.
type semanticsCase struct {
	name          string
	edit          func(p *schema.Pair)
	live          []LiveService
	changes       []changeView
	drift         []Drift
	prerequisites []Prerequisite
	nextSteps     []string
	summary       Summary
}

func TestComputeSemantics(t *testing.T) {
	omitPlan := func(p *schema.Pair) { p.Plan = "" }
	cases := []semanticsCase{
		{
			name: "neither exists: create the first, then the second joined to it",
			changes: []changeView{
				{Service: "orders-eu", Action: Create, Plan: "business-8"},
				{Service: "orders-us", Action: Create, JoinWith: "orders-eu", DependsOn: "orders-eu", Plan: "business-8"},
			},
			nextSteps: []string{ordersCQL},
			summary:   Summary{Create: 2},
		},
		{
			name: "first exists unpaired: join it, inheriting plan and disk",
			edit: omitPlan,
			live: []LiveService{running("orders-eu", euCloud, "startup-4", 80000)},
			changes: []changeView{
				{Service: "orders-eu", Action: NoOp, Plan: "startup-4", Disk: 80000, Exists: true},
				{Service: "orders-us", Action: Create, JoinWith: "orders-eu", DependsOn: "orders-eu", Plan: "startup-4", Disk: 80000},
			},
			// The file leaves orders-eu's datacenter to the default, which only
			// applies to services ccr creates: its live "aiven" is no drift.
			prerequisites: []Prerequisite{{
				Project: "acme-prod", Service: "orders-eu",
				Message: "orders-eu needs a keyspace that uses NetworkTopologyStrategy before orders-us can join it " +
					"(Aiven requires it; ccr cannot check it over the API)",
				CQL: "CREATE KEYSPACE IF NOT EXISTS orders WITH replication = {'class': 'NetworkTopologyStrategy', 'aiven': 3};",
			}},
			// The existing service keeps its live datacenter, so the CQL names it.
			nextSteps: []string{"ALTER KEYSPACE orders WITH replication = {'class': 'NetworkTopologyStrategy', 'aiven': 3, 'orders-us': 3};"},
			summary:   Summary{Create: 1, Unchanged: 1},
		},
		{
			name: "second exists unpaired and is still building: the first joins it; no data is assumed",
			edit: func(p *schema.Pair) { p.DiskSpaceMB = 630000; p.Keyspaces = nil },
			live: []LiveService{withState(named(running("orders-us", usCloud, "business-8", 630000)), StateRebuilding)},
			changes: []changeView{
				{Service: "orders-eu", Action: Create, JoinWith: "orders-us", DependsOn: "orders-us", Plan: "business-8", Disk: 630000},
				{Service: "orders-us", Action: NoOp, Plan: "business-8", Disk: 630000, Exists: true},
			},
			prerequisites: []Prerequisite{{
				Project: "acme-prod", Service: "orders-us",
				Message: "orders-us is still being built (REBUILDING): if an earlier apply created it, it holds no data and " +
					"needs nothing before orders-eu joins it; if it is an existing service being rebuilt, it needs a keyspace " +
					"that uses NetworkTopologyStrategy first (ccr cannot check it over the API)",
			}},
			summary: Summary{Create: 1, Unchanged: 1},
		},
		{
			name: "existing service whose peer was deleted may gain a new peer",
			live: []LiveService{joined(running("orders-us", usCloud, "business-8", 600000), "orders-old")},
			changes: []changeView{
				{Service: "orders-eu", Action: Create, JoinWith: "orders-us", DependsOn: "orders-us", Plan: "business-8", Disk: 600000},
				{Service: "orders-us", Action: NoOp, Plan: "business-8", Disk: 600000, Exists: true},
			},
			prerequisites: []Prerequisite{{
				Project: "acme-prod", Service: "orders-us",
				Message: "orders-us needs a keyspace that uses NetworkTopologyStrategy before orders-eu can join it " +
					"(Aiven requires it; ccr cannot check it over the API)",
				CQL: "CREATE KEYSPACE IF NOT EXISTS orders WITH replication = {'class': 'NetworkTopologyStrategy', 'orders-us': 3};",
			}},
			nextSteps: []string{ordersCQL},
			summary:   Summary{Create: 1, Unchanged: 1},
		},
		{
			name: "both exist paired to each other: no change, no drift",
			live: []LiveService{
				named(running("orders-eu", euCloud, "business-8", 600000)),
				joined(running("orders-us", usCloud, "business-8", 600000), "orders-eu"),
			},
			changes: []changeView{
				{Service: "orders-eu", Action: NoOp, Plan: "business-8", Disk: 600000, Exists: true},
				{Service: "orders-us", Action: NoOp, Plan: "business-8", Disk: 600000, Exists: true},
			},
			nextSteps: []string{ordersCQL},
			summary:   Summary{Unchanged: 2},
		},
		{
			name: "both exist paired: plan and disk are updated once for the pair; cloud, datacenter, VPC and state drift",
			edit: func(p *schema.Pair) {
				p.Plan, p.DiskSpaceMB = "business-16", 1260000
				p.Services[0].ProjectVPCID = vpcEU
				p.Services[0].DatacenterPos = schema.Pos{Line: 9, Col: 25} // named in the file
			},
			live: []LiveService{
				withState(running("orders-eu", "google-europe-west4", "business-8", 600000), StateRebalancing),
				joined(running("orders-us", usCloud, "business-8", 600000), "orders-eu"),
			},
			changes: []changeView{
				{Service: "orders-eu", Action: Update, Plan: "business-16", Disk: 1260000, Exists: true},
				{Service: "orders-us", Action: Update, Plan: "business-16", Disk: 1260000, Exists: true},
			},
			drift: []Drift{
				{Project: "acme-prod", Service: "orders-eu", Field: "cloud", Want: euCloud, Got: "google-europe-west4"},
				{Project: "acme-prod", Service: "orders-eu", Field: "datacenter", Want: "orders-eu", Got: "aiven"},
				{Project: "acme-prod", Service: "orders-eu", Field: "project_vpc_id", Want: vpcEU, Got: ""},
				{Project: "acme-prod", Service: "orders-eu", Field: "state", Want: "RUNNING", Got: "REBALANCING"},
			},
			nextSteps: []string{"ALTER KEYSPACE orders WITH replication = {'class': 'NetworkTopologyStrategy', 'aiven': 3, 'orders-us': 3};"},
			summary:   Summary{Update: 2, Drift: 4},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pair := testPair()
			if tc.edit != nil {
				tc.edit(&pair)
			}
			p := Compute(testSpec(pair), testLive(tc.live...))
			equal(t, "changes", viewChanges(p.Changes), tc.changes)
			equal(t, "conflicts", viewConflicts(p.Conflicts), nil)
			equal(t, "drift", p.Drift, tc.drift)
			equal(t, "prerequisites", p.Prerequisites, tc.prerequisites)
			equal(t, "next steps", viewCQL(p.NextSteps), tc.nextSteps)
			if p.Summary != tc.summary {
				t.Errorf("summary = %+v, want %+v", p.Summary, tc.summary)
			}
		})
	}
}

func TestComputeCarriesFileValuesIntoCreates(t *testing.T) {
	pair := testPair()
	tp := true
	pair.TerminationProtection = &tp
	pair.Tags = map[string]string{"team": "orders"}
	pair.Services[1].Datacenter = "us-east"
	pair.Services[0].ProjectVPCID = vpcEU
	p := Compute(testSpec(pair), testLive())
	c := p.Changes[1]
	if c.Datacenter != "us-east" || c.Cloud != usCloud || c.Project != "acme-prod" || c.Pair != 0 {
		t.Errorf("second change = %+v, want datacenter us-east in %s, acme-prod pair 0", c, usCloud)
	}
	if c.TerminationProtection == nil || !*c.TerminationProtection || c.Tags["team"] != "orders" {
		t.Errorf("termination protection and tags not carried: %+v", c)
	}
	if p.Changes[0].ProjectVPCID != vpcEU || p.Changes[1].ProjectVPCID != "" {
		t.Errorf("VPC = %q, %q; want only the first service in %s", p.Changes[0].ProjectVPCID, p.Changes[1].ProjectVPCID, vpcEU)
	}
	pair.Tags["team"] = "changed"
	if c.Tags["team"] != "orders" {
		t.Error("plan tags alias the spec's map")
	}
}

func TestComputeCountsUnmanagedServices(t *testing.T) {
	live := testLive(
		running("orders-eu", euCloud, "business-8", 600000),
		LiveService{Name: "billing-pg", Type: "pg", Plan: "startup-4", Cloud: euCloud, State: StateRunning},
		running("legacy-cass", usCloud, "startup-4", 80000),
	)
	p := Compute(testSpec(testPair()), live)
	equal(t, "unmanaged", p.Unmanaged, []Unmanaged{{Project: "acme-prod", Count: 2}})

	p = Compute(testSpec(testPair()), testLive(running("orders-eu", euCloud, "business-8", 600000)))
	if p.Unmanaged == nil || len(p.Unmanaged) != 0 {
		t.Errorf("unmanaged = %#v, want empty and non-nil when every service is declared", p.Unmanaged)
	}
}

// TestComputeNamesKeyspacesAsCassandraDoes: the file's keyspace names are
// unquoted CQL identifiers, which Cassandra folds to lower case, so
// "Orders" is the keyspace orders, as the validator already holds when it
// refuses Orders next to orders. The CQL names that keyspace; only a
// reserved keyword needs quotes, and datacenters are string literals.
func TestComputeNamesKeyspacesAsCassandraDoes(t *testing.T) {
	pair := testPair()
	pair.Services[0].Datacenter = "o'eu"
	pair.Keyspaces = []schema.Keyspace{
		{Name: "Orders", ReplicationFactor: 2}, {Name: "orders_v2", ReplicationFactor: 3}, {Name: "Select", ReplicationFactor: 2},
	}
	p := Compute(testSpec(pair), testLive())
	equal(t, "next steps", viewCQL(p.NextSteps), []string{
		"ALTER KEYSPACE orders WITH replication = {'class': 'NetworkTopologyStrategy', 'o''eu': 2, 'orders-us': 2};",
		"ALTER KEYSPACE orders_v2 WITH replication = {'class': 'NetworkTopologyStrategy', 'o''eu': 3, 'orders-us': 3};",
		`ALTER KEYSPACE "select" WITH replication = {'class': 'NetworkTopologyStrategy', 'o''eu': 2, 'orders-us': 2};`,
	})
	if s := p.NextSteps[0]; s.Service != "orders-eu" || s.Keyspace != "orders" || s.Project != "acme-prod" {
		t.Errorf("next step = %+v, want keyspace orders on orders-eu in acme-prod", s)
	}
	lower := testPair()
	lower.Keyspaces = []schema.Keyspace{{Name: "orders", ReplicationFactor: 2}}
	upper := testPair()
	upper.Keyspaces = []schema.Keyspace{{Name: "ORDERS", ReplicationFactor: 2}}
	if SpecDigest(testSpec(lower)) != SpecDigest(testSpec(upper)) {
		t.Error("orders and ORDERS, one keyspace, give two spec digests")
	}
}

func TestComputeIsDeterministic(t *testing.T) {
	spec := benchSpec(3, 10)
	live := benchLive(spec)
	first, err := Compute(spec, live).Encode()
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		again, err := Compute(spec, live).Encode()
		if err != nil {
			t.Fatal(err)
		}
		if string(again) != string(first) {
			t.Fatal("two computations of the same input encode differently")
		}
	}
}

func withState(s LiveService, state string) LiveService {
	s.State = state
	return s
}

func viewCQL(steps []NextStep) []string {
	out := make([]string, len(steps))
	for i, s := range steps {
		out[i] = s.CQL
	}
	return out
}
