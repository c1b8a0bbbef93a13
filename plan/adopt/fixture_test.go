package adopt

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/ccr-dev/ccr/plan"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// testMeta is the clock of every test: 2026-01-02T03:04:05Z.
var testMeta = Meta{Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}

// svc is a RUNNING Cassandra service on startup-4 with the plan's default
// disk, in datacenter name; opts adjust it.
func svc(name, cloud string, opts ...func(*plan.LiveService)) plan.LiveService {
	s := plan.LiveService{Name: name, Type: plan.CassandraType, Plan: "startup-4", Cloud: cloud,
		State: plan.StateRunning, Datacenter: name, DiskSpaceMB: 240000}
	for _, o := range opts {
		o(&s)
	}
	return s
}

func joins(target string) func(*plan.LiveService) {
	return func(s *plan.LiveService) { s.JoinedWith = target }
}

func typed(typ string) func(*plan.LiveService) {
	return func(s *plan.LiveService) { s.Type = typ }
}

// project is a project offering Cassandra whose startup-4 default disk is
// 240000.
func project(name string, services ...plan.LiveService) plan.ProjectState {
	return plan.ProjectState{Name: name, Services: services, Catalog: plan.Catalog{Types: map[string]plan.TypeCatalog{
		plan.CassandraType: {Offered: true, Plans: map[string]plan.PlanSpec{"startup-4": {DiskSpaceMB: 240000}}}}}}
}

func mustInfer(t *testing.T, projects ...plan.ProjectState) *Result {
	t.Helper()
	r, err := Infer(projects, nil)
	if err != nil {
		t.Fatalf("Infer: %v", err)
	}
	return r
}

// checkGolden compares got with testdata/name, or rewrites the file when
// -update is given.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./plan/adopt -update to create it)", err)
	}
	if string(want) != got {
		dmp := diffmatchpatch.New()
		a, b, lines := dmp.DiffLinesToChars(string(want), got)
		var out strings.Builder
		for _, d := range dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), lines) {
			prefix := map[diffmatchpatch.Operation]string{diffmatchpatch.DiffInsert: "+",
				diffmatchpatch.DiffDelete: "-", diffmatchpatch.DiffEqual: " "}[d.Type]
			for _, l := range strings.SplitAfter(d.Text, "\n") {
				if l != "" {
					out.WriteString(prefix + l)
				}
			}
		}
		t.Errorf("%s differs (-want +got):\n%s", path, out.String())
	}
}

// gsvc is a RUNNING service of a group type on plan with 80000 MB of
// disk (the default of every plan in groupCatalog) and the type's default
// version; opts adjust it.
func gsvc(name, typ, cloud, planName string, opts ...func(*plan.LiveService)) plan.LiveService {
	s := plan.LiveService{Name: name, Type: typ, Plan: planName, Cloud: cloud, State: plan.StateRunning,
		DiskSpaceMB: 80000, Version: groupCatalog().Types[typ].DefaultVersion}
	for _, o := range opts {
		o(&s)
	}
	return s
}

// link gives source and member an integration of kind, on both ends, as
// the API lists it.
func link(services []plan.LiveService, kind, source, member string) []plan.LiveService {
	l := plan.Integration{ID: "id-" + source + "-" + member, Kind: kind, Source: source, Dest: member, Active: true}
	for i := range services {
		if services[i].Name == source || services[i].Name == member {
			services[i].Integrations = append(services[i].Integrations, l)
		}
	}
	return services
}

// groupCatalog offers Cassandra as project does, and pg, mysql, valkey and
// opensearch, each with startup-4 and business-4 (80000 MB by default).
func groupCatalog() plan.Catalog {
	plans := map[string]plan.PlanSpec{"startup-4": {DiskSpaceMB: 80000}, "business-4": {DiskSpaceMB: 80000}}
	c := project("x").Catalog
	for typ, v := range map[string]string{"pg": "17", "mysql": "8.4", "valkey": "8.1", "opensearch": "2.19"} {
		c.Types[typ] = plan.TypeCatalog{Offered: true, Plans: plans, Versions: []string{v}, DefaultVersion: v}
	}
	return c
}

// groupProject is project with groupCatalog.
func groupProject(name string, services ...plan.LiveService) plan.ProjectState {
	ps := project(name, services...)
	ps.Catalog = groupCatalog()
	return ps
}
