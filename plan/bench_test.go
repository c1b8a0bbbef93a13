package plan

import (
	"fmt"
	"testing"

	"github.com/ccr-dev/ccr/schema"
)

// benchSpec declares projects × pairs pairs, each pair's services in two
// clouds.
func benchSpec(projects, pairs int) *schema.Spec {
	spec := &schema.Spec{File: testFile, Version: 1}
	line := 1
	for i := range projects {
		line += 2
		proj := schema.Project{Name: fmt.Sprintf("proj-%02d", i), Pos: schema.Pos{Line: line, Col: 5}}
		for j := range pairs {
			line += 10
			pair := testPair()
			pair.Pos = schema.Pos{Line: line, Col: 7}
			pair.Services[0] = testService(fmt.Sprintf("svc-%03d-eu", j), euCloud, line+1)
			pair.Services[1] = testService(fmt.Sprintf("svc-%03d-us", j), usCloud, line+4)
			proj.Pairs = append(proj.Pairs, pair)
		}
		spec.Projects = append(spec.Projects, proj)
	}
	return spec
}

// benchLive mixes every row of the semantics table: a third of the pairs
// exist and are paired, a third have one service, a third have none; each
// project also holds ten unmanaged services.
func benchLive(spec *schema.Spec) Live {
	live := Live{Projects: map[string]ProjectState{}}
	for _, proj := range spec.Projects {
		var services []LiveService
		for j, pair := range proj.Pairs {
			eu, us := pair.Services[0].Name, pair.Services[1].Name
			switch j % 3 {
			case 0:
				services = append(services, named(running(eu, euCloud, "business-8", 600000)),
					joined(running(us, usCloud, "business-8", 600000), eu))
			case 1:
				services = append(services, named(running(eu, euCloud, "business-8", 600000)))
			}
		}
		for k := range 10 {
			services = append(services, running(fmt.Sprintf("other-%d", k), usCloud, "startup-4", 80000))
		}
		live.Projects[proj.Name] = ProjectState{Name: proj.Name, Services: services, Catalog: testCatalog()}
	}
	return live
}

func BenchmarkCompute(b *testing.B) {
	spec := benchSpec(20, 50)
	live := benchLive(spec)
	b.ReportAllocs()
	for b.Loop() {
		p := Compute(spec, live)
		if len(p.Changes) != 2000 {
			b.Fatalf("%d changes, want 2000", len(p.Changes))
		}
	}
}
