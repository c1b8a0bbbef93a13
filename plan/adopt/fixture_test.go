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
