package plan

import (
	"testing"

	"github.com/ccr-dev/ccr/schema"
)

// conflictCase is a pair Aiven's CCR rules forbid.
type conflictCase struct {
	name      string
	edit      func(p *schema.Pair)
	live      []LiveService
	conflicts []string
	services  [][]string
}

// euMoved is the conflict for an existing orders-eu found in usCloud while
// the file says euCloud.
const euMoved = "pairing ccr.yaml:7:18: cloud google-europe-west1 (ccr.yaml:7:18) differs from orders-eu's live cloud " +
	"aws-us-east-1: joining orders-eu cannot be undone, so the file must say where it is (or name another service)"

func TestComputePairingConflicts(t *testing.T) {
	eu := func(plan string, disk int) LiveService { return running("orders-eu", euCloud, plan, disk) }
	cases := []conflictCase{
		{
			name:      "neither exists and the file omits the plan",
			edit:      func(p *schema.Pair) { p.Plan = "" },
			conflicts: []string{"pairing ccr.yaml:5:7: plan is required when neither service exists"},
			services:  [][]string{{"orders-eu", "orders-us"}},
		},
		{
			name: "both exist, not paired to each other",
			live: []LiveService{eu("business-8", 600000), named(running("orders-us", usCloud, "business-8", 600000))},
			conflicts: []string{"pairing ccr.yaml:5:7: Aiven cannot join two existing services; orders-eu and orders-us " +
				"both exist but are not paired with each other (delete one and let ccr create it joined to the other, " +
				"or name a new service in the file)"},
			services: [][]string{{"orders-eu", "orders-us"}},
		},
		{
			name: "both exist, each paired with someone else",
			live: []LiveService{
				eu("business-8", 600000), joined(running("orders-ap", "aws-ap-south-1", "business-8", 600000), "orders-eu"),
				named(running("orders-us", usCloud, "business-8", 600000)),
			},
			conflicts: []string{"pairing ccr.yaml:5:7: Aiven cannot join two existing services; orders-eu and orders-us " +
				"both exist but are not paired with each other (delete one and let ccr create it joined to the other, " +
				"or name a new service in the file); orders-eu is paired with orders-ap"},
			services: [][]string{{"orders-eu", "orders-us"}},
		},
		{
			name: "existing service joined a third service",
			live: []LiveService{joined(eu("business-8", 600000), "orders-ap"), running("orders-ap", "aws-ap-south-1", "business-8", 600000)},
			conflicts: []string{"pairing ccr.yaml:6:11: orders-eu is already paired with orders-ap: a Cassandra service " +
				"has at most one CCR peer and Aiven cannot re-pair it"},
			services: [][]string{{"orders-eu"}},
		},
		{
			name: "a third service joined the existing one",
			live: []LiveService{eu("business-8", 600000), joined(running("orders-ap", "aws-ap-south-1", "business-8", 600000), "orders-eu")},
			conflicts: []string{"pairing ccr.yaml:6:11: orders-eu is already paired with orders-ap: a Cassandra service " +
				"has at most one CCR peer and Aiven cannot re-pair it"},
			services: [][]string{{"orders-eu"}},
		},
		{
			name:      "existing service is not Cassandra",
			live:      []LiveService{{Name: "orders-eu", Type: "pg", Plan: "business-8", Cloud: euCloud, State: StateRunning}},
			conflicts: []string{"pairing ccr.yaml:6:11: orders-eu is a pg service, not cassandra: only Cassandra services can form a CCR pair"},
			services:  [][]string{{"orders-eu"}},
		},
		{
			name:      "existing service is powered off",
			live:      []LiveService{withState(eu("business-8", 600000), StatePoweroff)},
			conflicts: []string{"pairing ccr.yaml:6:11: orders-eu is powered off (POWEROFF): power it on before a peer can join it"},
			services:  [][]string{{"orders-eu"}},
		},
		{
			name: "file plan differs from the existing service's",
			live: []LiveService{eu("business-16", 1200000)},
			conflicts: []string{"pairing ccr.yaml:12:15: plan business-8 (ccr.yaml:12:15) differs from orders-eu's live plan " +
				"business-16: CCR peers must use an identical plan"},
			services: [][]string{{"orders-eu", "orders-us"}},
		},
		{
			name: "file disk differs from the existing service's",
			edit: func(p *schema.Pair) { p.DiskSpaceMB = 660000 },
			live: []LiveService{eu("business-8", 600000)},
			conflicts: []string{"pairing ccr.yaml:13:24: disk_space_mb 660000 (ccr.yaml:13:24) differs from orders-eu's live " +
				"disk_space_mb 600000: CCR peers must have the same disk space"},
			services: [][]string{{"orders-eu", "orders-us"}},
		},
		{
			name: "new service would reuse the existing service's datacenter",
			edit: func(p *schema.Pair) {
				p.Services[1].Datacenter, p.Services[1].DatacenterPos = "aiven", schema.Pos{Line: 11, Col: 23}
			},
			live: []LiveService{eu("business-8", 600000)},
			conflicts: []string{`pairing ccr.yaml:11:23: orders-us would use datacenter "aiven", which orders-eu already uses ` +
				`(live datacenter "aiven"): the datacenters of a pair must differ`},
			services: [][]string{{"orders-eu", "orders-us"}},
		},
		{
			name: "new service's defaulted datacenter equals the existing service's",
			live: []LiveService{named(running("orders-eu", euCloud, "business-8", 600000))},
			edit: func(p *schema.Pair) { p.Services[1].Datacenter = "orders-eu" },
			conflicts: []string{`pairing ccr.yaml:9:11: orders-us would use datacenter "orders-eu", which orders-eu already uses ` +
				`(live datacenter "orders-eu"): the datacenters of a pair must differ`},
			services: [][]string{{"orders-eu", "orders-us"}},
		},
		{
			name: "new service would be in the existing service's cloud",
			live: []LiveService{running("orders-eu", usCloud, "business-8", 600000)},
			conflicts: []string{
				euMoved,
				"pairing ccr.yaml:10:18: orders-us would be created in aws-us-east-1, where orders-eu " +
					"already runs: the services of a pair must be in different clouds",
			},
			services: [][]string{{"orders-eu", "orders-us"}, {"orders-eu", "orders-us"}},
		},
		{
			name: "existing service is in another datacenter than the file says",
			edit: func(p *schema.Pair) {
				p.Services[0].Datacenter, p.Services[0].DatacenterPos = "eu-1", schema.Pos{Line: 8, Col: 23}
			},
			live: []LiveService{named(running("orders-eu", euCloud, "business-8", 600000))},
			conflicts: []string{`pairing ccr.yaml:8:23: datacenter eu-1 (ccr.yaml:8:23) differs from orders-eu's live ` +
				`datacenter orders-eu: joining orders-eu cannot be undone, so the file must say where it is (or name another service)`},
			services: [][]string{{"orders-eu", "orders-us"}},
		},
		{
			name: "existing service is in another VPC than the file says",
			edit: func(p *schema.Pair) {
				p.Services[0].ProjectVPCID = "1f0e2c3d-0000-4000-8000-000000000001"
				p.Services[0].ProjectVPCIDPos = schema.Pos{Line: 8, Col: 27}
			},
			live: []LiveService{eu("business-8", 600000)},
			conflicts: []string{`pairing ccr.yaml:8:27: project_vpc_id 1f0e2c3d-0000-4000-8000-000000000001 (ccr.yaml:8:27) ` +
				`differs from orders-eu's live project_vpc_id (none): joining orders-eu cannot be undone, so the file must ` +
				`say where it is (or name another service)`},
			services: [][]string{{"orders-eu", "orders-us"}},
		},
		{
			name: "every mismatch with the existing service is reported at once",
			edit: func(p *schema.Pair) { p.DiskSpaceMB = 660000; p.Services[1].Datacenter = "aiven" },
			live: []LiveService{running("orders-eu", usCloud, "business-16", 1200000)},
			conflicts: []string{
				euMoved,
				"pairing ccr.yaml:9:11: orders-us would use datacenter \"aiven\", which orders-eu already uses " +
					"(live datacenter \"aiven\"): the datacenters of a pair must differ",
				"pairing ccr.yaml:10:18: orders-us would be created in aws-us-east-1, where orders-eu " +
					"already runs: the services of a pair must be in different clouds",
				"pairing ccr.yaml:12:15: plan business-8 (ccr.yaml:12:15) differs from orders-eu's live plan " +
					"business-16: CCR peers must use an identical plan",
				"pairing ccr.yaml:13:24: disk_space_mb 660000 (ccr.yaml:13:24) differs from orders-eu's live " +
					"disk_space_mb 1200000: CCR peers must have the same disk space",
			},
			services: [][]string{{"orders-eu", "orders-us"}, {"orders-eu", "orders-us"}, {"orders-eu", "orders-us"},
				{"orders-eu", "orders-us"}, {"orders-eu", "orders-us"}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pair := testPair()
			if tc.edit != nil {
				tc.edit(&pair)
			}
			p := Compute(testSpec(pair), testLive(tc.live...))
			equal(t, "conflicts", viewConflicts(p.Conflicts), tc.conflicts)
			var services [][]string
			for _, c := range p.Conflicts {
				services = append(services, c.Services)
			}
			equal(t, "conflict services", services, tc.services)
			assertBlocked(t, p)
			if len(p.Prerequisites) != 0 || len(p.NextSteps) != 0 {
				t.Errorf("blocked pair has prerequisites %v or next steps %v", p.Prerequisites, p.NextSteps)
			}
			if p.Applyable() || p.Summary.Conflicts != len(tc.conflicts) || p.Summary.Blocked != 2 {
				t.Errorf("summary = %+v, applyable = %v; want %d conflicts, 2 blocked", p.Summary, p.Applyable(), len(tc.conflicts))
			}
		})
	}
}

// assertBlocked checks that every change is blocked and that existing
// services stay recognisable as such.
func assertBlocked(t *testing.T, p *Plan) {
	t.Helper()
	for _, c := range p.Changes {
		if c.Action != Blocked || c.JoinWith != "" || c.DependsOn != "" {
			t.Errorf("%s: action %s join %q depends %q, want blocked with no join", c.Service, c.Action, c.JoinWith, c.DependsOn)
		}
	}
}

func TestComputeBlocksOnlyThePairInConflict(t *testing.T) {
	good, bad := testPair(), testPair()
	bad.Pos = schema.Pos{Line: 20, Col: 7}
	bad.Plan = ""
	bad.Services[0] = testService("users-eu", euCloud, 21)
	bad.Services[1] = testService("users-us", usCloud, 24)
	p := Compute(testSpec(good, bad), testLive())
	got := []Action{}
	for _, c := range p.Changes {
		got = append(got, c.Action)
	}
	equal(t, "actions", got, []Action{Create, Create, Blocked, Blocked})
	equal(t, "next steps", viewCQL(p.NextSteps), []string{ordersCQL})
	if p.Summary != (Summary{Create: 2, Blocked: 2, Conflicts: 1, ConflictsByKind: ConflictCounts{Pairing: 1}}) {
		t.Errorf("summary = %+v", p.Summary)
	}
}
