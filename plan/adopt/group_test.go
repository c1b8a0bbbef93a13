package adopt

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// TestImportedFilePlansWithNoChanges is import's guarantee on the golden
// projects: the file it writes, planned against the live state it came
// from, creates, links, switches over and blocks nothing, has no conflict,
// and reports as drift only the states that are not RUNNING; the failover
// it leaves alone is a warning.
func TestImportedFilePlansWithNoChanges(t *testing.T) {
	projects := goldenProjects()
	data, err := Encode(mustInfer(t, projects...), testMeta)
	if err != nil {
		t.Fatal(err)
	}
	spec, diags := schema.Load("imported.yaml", data)
	if len(diags) > 0 {
		t.Fatalf("imported file: %v", diags)
	}
	live := plan.Live{Projects: map[string]plan.ProjectState{}}
	for _, ps := range projects {
		live.Projects[ps.Name] = ps
	}
	p := plan.Compute(spec, live)
	s := p.Summary
	if p.HasChanges() || s.Blocked != 0 || len(p.Conflicts) != 0 {
		t.Errorf("summary %+v, conflicts %+v; want no change and no conflict", s, p.Conflicts)
	}
	var drift []string
	for _, d := range p.Drift {
		drift = append(drift, d.Service+" "+d.Field+" "+d.Got)
	}
	slices.Sort(drift)
	if want := []string{"ledger state POWEROFF", "logs-eu state REBUILDING", "orders-us state POWEROFF"}; !slices.Equal(drift, want) {
		t.Errorf("drift %q, want %q", drift, want)
	}
	var warned []string
	for _, w := range p.Warnings {
		warned = append(warned, w.Message)
	}
	if !slices.ContainsFunc(warned, func(m string) bool { return strings.Contains(m, "ledger is failed") }) {
		t.Errorf("warnings %q; want the failover of ledger", warned)
	}
	if g := spec.Projects[0].Replicas; len(g) != 3 || g[2].Active != "orders-dr" || g[2].Primary.Version != "16" {
		t.Errorf("acme-prod groups %+v; want cache, logs and orders-pg, active orders-dr, version 16", g)
	}
}

// groupsOf lists "primary>member/kind,member/kind" per group.
func groupsOf(p Project) []string {
	var out []string
	for _, g := range p.Groups {
		parts := []string{}
		for _, m := range g.Members {
			parts = append(parts, m.Name+"/"+m.Kind)
		}
		out = append(out, g.Primary.Name+">"+strings.Join(parts, ","))
	}
	return out
}

func TestInferGroups(t *testing.T) {
	const eu, us, ap = "google-europe-west1", "aws-us-east-1", "aws-ap-southeast-1"
	rr, dr := schema.KindReadReplica, schema.KindDisasterRecovery
	cases := map[string]struct {
		services []plan.LiveService
		groups   []string
		broken   []string
		reason   string // in the only broken group's reason
		ignored  map[string]int
	}{
		"a primary and its members, sorted": {
			services: link(link([]plan.LiveService{gsvc("p", "pg", eu, "business-4"), gsvc("z", "pg", us, "startup-4"),
				gsvc("a", "pg", ap, "business-4")}, rr, "p", "z"), dr, "p", "a"),
			groups: []string{"p>a/disaster_recovery,z/read_replica"},
		},
		"a service with no link is ignored": {
			services: []plan.LiveService{gsvc("lone", "pg", eu, "business-4"), gsvc("k", "kafka", eu, "business-4")},
			ignored:  map[string]int{"pg": 1, "kafka": 1},
		},
		"a chain": {
			services: link(link([]plan.LiveService{gsvc("a", "pg", eu, "business-4"), gsvc("b", "pg", us, "business-4"),
				gsvc("c", "pg", ap, "startup-4")}, dr, "a", "b"), rr, "b", "c"),
			broken: []string{"a,b,c"}, reason: "not a chain",
		},
		"a member of two primaries": {
			services: link(link([]plan.LiveService{gsvc("a", "pg", eu, "business-4"), gsvc("b", "pg", us, "business-4"),
				gsvc("r", "pg", ap, "startup-4")}, rr, "a", "r"), rr, "b", "r"),
			broken: []string{"a,b,r"}, reason: "linked to more than one primary",
		},
		"two types": {
			services: link([]plan.LiveService{gsvc("a", "pg", eu, "business-4"), gsvc("b", "mysql", us, "startup-4")}, rr, "a", "b"),
			broken:   []string{"a,b"}, reason: `b is a MySQL service and its primary a is a PostgreSQL service`,
		},
		"a kind the type does not have": {
			services: link([]plan.LiveService{gsvc("a", "valkey", eu, "business-4"), gsvc("b", "valkey", us, "startup-4")}, dr, "a", "b"),
			broken:   []string{"a,b"}, reason: "a kind a Valkey primary does not have",
		},
		"more members than a file declares": {
			services: func() []plan.LiveService {
				s := []plan.LiveService{gsvc("c", "valkey", eu, "business-4")}
				for _, n := range []string{"r1", "r2", "r3", "r4", "r5", "r6"} {
					s = link(append(s, gsvc(n, "valkey", us, "startup-4")), rr, "c", n)
				}
				return s
			}(),
			broken: []string{"c,r1,r2,r3,r4,r5,r6"}, reason: "more than 5",
		},
		"a name a file refuses": {
			services: link([]plan.LiveService{gsvc("a", "pg", eu, "business-4"), gsvc("B_1", "pg", us, "startup-4")}, rr, "a", "B_1"),
			broken:   []string{"B_1,a"}, reason: "not a service name",
		},
		"a member of a primary in another project": {
			services: []plan.LiveService{gsvc("r", "pg", us, "startup-4", func(s *plan.LiveService) {
				s.Integrations = []plan.Integration{{ID: "x", Kind: rr, Source: "p", SourceProject: "other", Dest: "r"}}
			})},
			broken: []string{"r"}, reason: `"other/p", which is not in project acme`,
		},
		"a primary whose only member is in another project": {
			services: []plan.LiveService{gsvc("p", "pg", eu, "business-4", func(s *plan.LiveService) {
				s.Integrations = []plan.Integration{{ID: "x", Kind: rr, Source: "p", Dest: "r", DestProject: "other"}}
			})},
			broken: []string{"p"}, reason: `p replicates to "other/r" only, which is not in project acme`,
		},
		"an integration listed on both ends counts once": {
			services: func() []plan.LiveService {
				s := link([]plan.LiveService{gsvc("p", "pg", eu, "business-4"), gsvc("r", "pg", us, "startup-4")}, rr, "p", "r")
				s[0].Integrations = append(s[0].Integrations, s[0].Integrations[0])
				return s
			}(),
			groups: []string{"p>r/read_replica"},
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			ps := groupProject("acme", c.services...)
			r := mustInfer(t, ps)
			p := r.Projects[0]
			got := summarize(p)
			if !slices.Equal(groupsOf(p), c.groups) || !slices.Equal(got.broken, c.broken) {
				t.Errorf("groups %q broken %q; want %q %q", groupsOf(p), got.broken, c.groups, c.broken)
			}
			if c.reason != "" && (len(p.Broken) != 1 || !strings.Contains(p.Broken[0].Reason, c.reason)) {
				t.Errorf("broken %+v; want a reason with %q", p.Broken, c.reason)
			}
			if c.ignored == nil {
				c.ignored = map[string]int{}
			}
			if !maps.Equal(p.Ignored, c.ignored) {
				t.Errorf("ignored %v, want %v", p.Ignored, c.ignored)
			}
		})
	}
}

// TestInferGroupFields: a group declares what reproduces it and leaves
// out, with a reason, what its services disagree on or a file cannot hold.
func TestInferGroupFields(t *testing.T) {
	vpc := "1f0e3c52-8a4b-4c1d-9e2f-0a1b2c3d4e5f"
	services := link([]plan.LiveService{
		gsvc("p", "pg", "google-europe-west1", "business-4", func(s *plan.LiveService) {
			s.Version, s.ProjectVPCID, s.DiskSpaceMB = "17", vpc, 80000
			s.Tags = map[string]string{"a": "1", "b": "2"}
		}),
		gsvc("r", "pg", "aws-us-east-1", "startup-4", func(s *plan.LiveService) {
			s.Version, s.DiskSpaceMB, s.ProjectVPCID = "17", 120000, "not-a-uuid"
			s.Tags = map[string]string{"a": "1"}
			s.TerminationProtection = true
		}),
	}, schema.KindReadReplica, "p", "r")
	r := mustInfer(t, groupProject("acme", services...))
	g := r.Projects[0].Groups[0]
	want := Group{
		Primary: Member{Name: "p", Type: "pg", Cloud: "google-europe-west1", Plan: "business-4", ProjectVPCID: vpc, State: "RUNNING"},
		Members: []Member{{Name: "r", Kind: "read_replica", Cloud: "aws-us-east-1", Plan: "startup-4", DiskSpaceMB: 120000,
			State: "RUNNING"}},
		Tags: map[string]string{"a": "1"},
	}
	if g.Primary != want.Primary || len(g.Members) != 1 || g.Members[0] != want.Members[0] || !maps.Equal(g.Tags, want.Tags) ||
		g.TerminationProtection || g.Active != "" {
		t.Errorf("group %+v\nwant %+v", g, want)
	}
	var fields []string
	for _, s := range r.Skipped {
		fields = append(fields, s.Field+":"+s.Key)
	}
	if want := []string{"project_vpc_id:", "termination_protection:", "tags:b"}; !slices.Equal(fields, want) {
		t.Errorf("skipped %q, want %q", fields, want)
	}
}

func TestMergeGroups(t *testing.T) {
	file := `version: 1
projects:
  - project: acme-shop   # pairs only so far
    pairs:
      - services:
          - {name: x, cloud: aws-us-east-1}
          - {name: y, cloud: aws-us-west-2}
`
	spec := load(t, "ccr.yaml", []byte(file))
	shop := goldenGroupsOnly()
	shop.Services = append(shop.Services, svc("x", "aws-us-east-1"), svc("y", "aws-us-west-2", joins("x")))
	mg, err := Merge(spec, []byte(file), mustInfer(t, shop), testMeta)
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	var added []string
	for _, g := range mg.AddedGroups {
		added = append(added, strings.Join(g.Services, "+"))
	}
	if !slices.Equal(added, []string{"ledger+ledger-dr", "shop-db+shop-db-ro"}) || len(mg.Present) != 1 {
		t.Fatalf("added groups %q, present pairs %d; want both groups and the pair present", added, len(mg.Present))
	}
	merged := load(t, "ccr.yaml", mg.Data)
	if g := merged.Projects[0].Replicas; len(g) != 2 || g[1].Members[0].Name != "shop-db-ro" {
		t.Errorf("merged groups %+v", g)
	}
	if !strings.Contains(string(mg.Data), "# pairs only so far") ||
		!strings.Contains(string(mg.Data), "# shop-db + 1 member: added by ccr import at 2026-01-02T03:04:05Z") {
		t.Errorf("merged file lost its comment or lacks the group's:\n%s", mg.Data)
	}
	again, err := Merge(merged, mg.Data, mustInfer(t, shop), testMeta)
	if err != nil || again.Data != nil || len(again.PresentGroups) != 2 {
		t.Errorf("second merge: %+v, %v; want both groups present and nothing written", again, err)
	}

	// The file declares shop-db with another member: refused, not rewritten.
	other := file + `    replicas:
      - primary: {name: shop-db, type: mysql, cloud: google-europe-west1}
        members:
          - {name: shop-db-eu, kind: read_replica, cloud: aws-eu-west-1}
`
	mg, err = Merge(load(t, "ccr.yaml", []byte(other)), []byte(other), mustInfer(t, shop), testMeta)
	if err != nil {
		t.Fatal(err)
	}
	if len(mg.RefusedGroups) != 1 || !strings.Contains(mg.RefusedGroups[0].Reason,
		"shop-db is declared already in ccr.yaml:9:9, in the replica group of shop-db with shop-db-eu") {
		t.Errorf("refused %+v; want shop-db's group refused", mg.RefusedGroups)
	}
}

func TestInferServiceFilterKeepsWholeGroups(t *testing.T) {
	r, err := Infer([]plan.ProjectState{goldenGroupsOnly()}, []string{"shop-db-ro"})
	if err != nil {
		t.Fatal(err)
	}
	if got := groupsOf(r.Projects[0]); !slices.Equal(got, []string{"shop-db>shop-db-ro/read_replica"}) {
		t.Errorf("groups %q; want only shop-db's, whole", got)
	}
}

// TestGroupHostileValues: values the API controls (a version, roles, a
// primary in another project) reach comments quoted and never the
// structure of the file.
func TestGroupHostileValues(t *testing.T) {
	hostile := "x\n- evil: true\u2028# \x1b[2J"
	services := link([]plan.LiveService{
		gsvc("p", "pg", "google-europe-west1", "business-4", func(s *plan.LiveService) {
			s.Version, s.Role = hostile, plan.RoleFailed
		}),
		gsvc("r", "pg", "aws-us-east-1", "business-4", func(s *plan.LiveService) { s.Role = hostile }),
	}, schema.KindDisasterRecovery, "p", "r")
	services = append(services, gsvc("q", "pg", "aws-us-east-1", "startup-4", func(s *plan.LiveService) {
		s.Integrations = []plan.Integration{{ID: "y", Kind: schema.KindReadReplica, Source: hostile, SourceProject: hostile, Dest: "q"}}
	}))
	r := mustInfer(t, groupProject("acme", services...))
	data, err := Encode(r, testMeta)
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	spec, diags := schema.Load("x.yaml", data)
	if len(diags) > 0 || len(spec.Projects[0].Replicas) != 1 || spec.Projects[0].Replicas[0].Primary.Version != "" {
		t.Fatalf("diags %v; want one group without the hostile version:\n%s", diags, data)
	}
	for _, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, "evil") && !strings.HasPrefix(strings.TrimSpace(l), "#") {
			t.Errorf("a hostile value left a comment: %q", l)
		}
		if strings.ContainsAny(l, "\x1b\u2028") {
			t.Errorf("a control character reached the file: %q", l)
		}
	}
}
