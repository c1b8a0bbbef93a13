package plan

import (
	"testing"

	"github.com/ccr-dev/ccr/schema"
)

// preflightCase is a file the project's catalog cannot host.
type preflightCase struct {
	name      string
	edit      func(p *schema.Pair)
	catalog   func(c *Catalog)
	live      []LiveService
	conflicts []string
}

func TestComputePreflight(t *testing.T) {
	cases := []preflightCase{
		{
			name:    "cassandra not offered: a conflict for the pair that needs a create",
			catalog: func(c *Catalog) { *c = Catalog{} },
			conflicts: []string{`preflight ccr.yaml:5:7: project "acme-prod" does not offer the cassandra service type: ` +
				"Aiven retired Aiven for Apache Cassandra (no new services after 2025-12-03, every service deleted after " +
				"2026-01-07, per https://aiven.io/docs/platform/reference/end-of-life)"},
		},
		{
			name:      "unknown cloud",
			edit:      func(p *schema.Pair) { p.Services[1].Cloud = "aws-mars-1" },
			conflicts: []string{`preflight ccr.yaml:10:18: cloud "aws-mars-1" is not available in project "acme-prod"`},
		},
		{
			name: "mistyped cloud suggests the closest name",
			edit: func(p *schema.Pair) { p.Services[1].Cloud = "aws-us-east-9" },
			conflicts: []string{`preflight ccr.yaml:10:18: cloud "aws-us-east-9" is not available in project "acme-prod"; ` +
				"did you mean aws-us-east-1?"},
		},
		{
			name: "a name as far from two clouds suggests both, sorted",
			edit: func(p *schema.Pair) { p.Services[1].Cloud = "google-europe-west" },
			catalog: func(c *Catalog) {
				c.Clouds["google-europe-west4"], c.Clouds["google-europe-west2"] = true, false
			},
			conflicts: []string{`preflight ccr.yaml:10:18: cloud "google-europe-west" is not available in project "acme-prod"; ` +
				"did you mean google-europe-west1 or google-europe-west4?"},
		},
		{
			name: "unknown size suggests the family's sizes either side",
			edit: func(p *schema.Pair) { p.Plan = "business-9" },
			conflicts: []string{`preflight ccr.yaml:12:15: plan "business-9" is not offered for cassandra in project "acme-prod"; ` +
				"did you mean business-8 or business-16?"},
		},
		{
			name: "mistyped plan suggests the closest name",
			edit: func(p *schema.Pair) { p.Plan = "startup4" },
			conflicts: []string{`preflight ccr.yaml:12:15: plan "startup4" is not offered for cassandra in project "acme-prod"; ` +
				"did you mean startup-4?"},
		},
		{
			name:      "a plan far from every offered one suggests nothing",
			edit:      func(p *schema.Pair) { p.Plan = "hobbyist" },
			conflicts: []string{`preflight ccr.yaml:12:15: plan "hobbyist" is not offered for cassandra in project "acme-prod"`},
		},
		{
			name:    "inherited plan no longer offered",
			edit:    func(p *schema.Pair) { p.Plan = "" },
			catalog: func(c *Catalog) { delete(c.Plans(CassandraType), "business-8") },
			live:    []LiveService{running("orders-eu", euCloud, "business-8", 600000)},
			conflicts: []string{`preflight ccr.yaml:5:7: plan "business-8" is not offered for cassandra in project "acme-prod"; ` +
				"did you mean business-16?"},
		},
		{
			name:      "disk below the plan's default",
			edit:      func(p *schema.Pair) { p.DiskSpaceMB = 300000 },
			conflicts: []string{"preflight ccr.yaml:13:24: disk_space_mb 300000 is outside plan business-8's range [600000, 1200000]"},
		},
		{
			name:      "disk above the plan's cap",
			edit:      func(p *schema.Pair) { p.DiskSpaceMB = 1230000 },
			conflicts: []string{"preflight ccr.yaml:13:24: disk_space_mb 1230000 is outside plan business-8's range [600000, 1200000]"},
		},
		{
			name: "disk off the plan's step",
			edit: func(p *schema.Pair) { p.DiskSpaceMB = 610000 },
			conflicts: []string{"preflight ccr.yaml:13:24: disk_space_mb 610000 is not plan business-8's default 600000 " +
				"plus a multiple of its step 30000 (nearest valid: 600000 or 630000)"},
		},
		{
			name:      "VPC not in the project",
			edit:      func(p *schema.Pair) { p.Services[1].ProjectVPCID = "00000000-0000-4000-8000-00000000dead" },
			conflicts: []string{`preflight ccr.yaml:9:11: project_vpc_id "00000000-0000-4000-8000-00000000dead" is not a VPC of project "acme-prod"`},
		},
		{
			name: "VPC in another cloud",
			edit: func(p *schema.Pair) { p.Services[1].ProjectVPCID = vpcEU },
			conflicts: []string{`preflight ccr.yaml:9:11: project_vpc_id "1f0e2c3d-0000-4000-8000-000000000001" is in cloud ` +
				"google-europe-west1, but orders-us would be created in aws-us-east-1"},
		},
		{
			name:      "joining service checked too",
			edit:      func(p *schema.Pair) { p.Services[1].Cloud = "aws-mars-1" },
			live:      []LiveService{running("orders-eu", euCloud, "business-8", 600000)},
			conflicts: []string{`preflight ccr.yaml:10:18: cloud "aws-mars-1" is not available in project "acme-prod"`},
		},
		{
			name: "catalog maps not read: checks skipped",
			edit: func(p *schema.Pair) {
				p.Plan = "business-9"
				p.Services[1].Cloud = "aws-mars-1"
				p.Services[0].ProjectVPCID = vpcEU
			},
			catalog: func(c *Catalog) { c.Clouds, c.Types[CassandraType], c.VPCs = nil, TypeCatalog{Offered: true}, nil },
		},
		{
			name: "VPC IDs compare case-insensitively",
			edit: func(p *schema.Pair) { p.Services[0].ProjectVPCID = "1F0E2C3D-0000-4000-8000-000000000001" },
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pair := testPair()
			if tc.edit != nil {
				tc.edit(&pair)
			}
			live := testLive(tc.live...)
			if tc.catalog != nil {
				ps := live.Projects["acme-prod"]
				tc.catalog(&ps.Catalog)
				live.Projects["acme-prod"] = ps
			}
			p := Compute(testSpec(pair), live)
			equal(t, "conflicts", viewConflicts(p.Conflicts), tc.conflicts)
			if len(tc.conflicts) > 0 {
				assertBlocked(t, p)
			} else if p.Summary.Blocked != 0 || p.Summary.Create == 0 {
				t.Errorf("summary %+v: want creates and nothing blocked", p.Summary)
			}
		})
	}
}

func TestComputeProjectNotRead(t *testing.T) {
	spec := testSpec(testPair())
	p := Compute(spec, Live{Projects: map[string]ProjectState{}})
	equal(t, "conflicts", viewConflicts(p.Conflicts), []string{`preflight ccr.yaml:3:5: project "acme-prod" was not read`})
	equal(t, "conflict services", p.Conflicts[0].Services, []string{"orders-eu", "orders-us"})
	assertBlocked(t, p)
	if len(p.Changes) != 2 || len(p.Unmanaged) != 0 {
		t.Errorf("changes %d, unmanaged %v; want both services listed and nothing counted", len(p.Changes), p.Unmanaged)
	}
}

// TestComputeRetiredProjectBlocksOnlyCreates: a project that no longer
// offers cassandra stops the pairs that need a create, and only those;
// pairs that exist and are paired plan as no change, with a warning that is
// neither a conflict nor drift.
func TestComputeRetiredProjectBlocksOnlyCreates(t *testing.T) {
	paired := []LiveService{named(running("orders-eu", euCloud, "business-8", 600000)),
		joined(running("orders-us", usCloud, "business-8", 600000), "orders-eu")}
	retire := func(live Live) Live {
		ps := live.Projects["acme-prod"]
		setOffered(&ps.Catalog, CassandraType, false)
		live.Projects["acme-prod"] = ps
		return live
	}

	p := Compute(testSpec(testPair()), retire(testLive(paired...)))
	if len(p.Conflicts) != 0 || len(p.Drift) != 0 || p.HasChanges() || !p.Applyable() {
		t.Fatalf("conflicts %v, drift %v: want a paired pair to plan as no change", viewConflicts(p.Conflicts), p.Drift)
	}
	if len(p.Warnings) != 1 || p.Warnings[0].Project != "acme-prod" ||
		p.Warnings[0].Message != `project "acme-prod" no longer offers the cassandra service type (Aiven retired Aiven for `+
			`Apache Cassandra on 2026-01-07, per https://aiven.io/docs/platform/reference/end-of-life): its declared `+
			`pairs exist, but no service can be created in it` {
		t.Errorf("warnings = %+v, want one naming the project", p.Warnings)
	}
	for _, c := range p.Changes {
		if c.Action != NoOp {
			t.Errorf("%s: action %s, want no-op", c.Service, c.Action)
		}
	}

	second := testPair()
	second.Services = [2]schema.Service{testService("pay-eu", euCloud, 16), testService("pay-us", usCloud, 19)}
	second.Pos = schema.Pos{Line: 15, Col: 7}
	p = Compute(testSpec(testPair(), second), retire(testLive(paired...)))
	equal(t, "conflicts", viewConflicts(p.Conflicts), []string{`preflight ccr.yaml:15:7: ` + retiredMessage("acme-prod")})
	equal(t, "actions", viewChanges(p.Changes), []changeView{
		{Service: "orders-eu", Action: NoOp, Plan: "business-8", Disk: 600000, Exists: true},
		{Service: "orders-us", Action: NoOp, Plan: "business-8", Disk: 600000, Exists: true},
		{Service: "pay-eu", Action: Blocked, Plan: "business-8"},
		{Service: "pay-us", Action: Blocked, Plan: "business-8"},
	})
	if len(p.Warnings) != 0 {
		t.Errorf("warnings = %+v: the conflict already says it", p.Warnings)
	}
}

func TestComputeSortsConflictsByPosition(t *testing.T) {
	spec := benchSpec(2, 2)
	for i := range spec.Projects {
		for j := range spec.Projects[i].Pairs {
			spec.Projects[i].Pairs[j].Plan = ""
		}
	}
	live := Live{Projects: map[string]ProjectState{
		"proj-00": {Name: "proj-00"},
		"proj-01": {Name: "proj-01", Catalog: testCatalog()},
	}}
	var got []string
	for _, c := range Compute(spec, live).Conflicts {
		got = append(got, c.Project+" "+c.Position)
	}
	// Numeric, not lexicographic: line 3 sorts before line 13.
	// proj-00 offers nothing: each of its pairs also meets the retirement.
	equal(t, "conflict order", got, []string{
		"proj-00 ccr.yaml:13:7", "proj-00 ccr.yaml:13:7", "proj-00 ccr.yaml:23:7", "proj-00 ccr.yaml:23:7",
		"proj-01 ccr.yaml:35:7", "proj-01 ccr.yaml:45:7",
	})
}
