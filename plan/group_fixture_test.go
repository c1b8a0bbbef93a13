package plan

import (
	"testing"

	"github.com/ccr-dev/ccr/schema"
)

// loadGroups loads a ccr file from text, so positions in expected messages
// are the file's own.
func loadGroups(t *testing.T, text string) *schema.Spec {
	t.Helper()
	spec, diags := schema.Load(testFile, []byte(text))
	if len(diags) > 0 {
		t.Fatalf("load: %v", diags.Error())
	}
	return spec
}

// groupCatalog offers pg, mysql, valkey and opensearch with a few plans
// each, the test clouds and every price.
func groupCatalog() Catalog {
	plans := func(names ...string) map[string]PlanSpec {
		sizes := map[string]PlanSpec{
			"hobbyist":   {NodeCount: 1, NodeMemoryMB: 2048, DiskSpaceMB: 8000},
			"startup-4":  {NodeCount: 1, NodeMemoryMB: 4096, DiskSpaceMB: 80000, DiskSpaceCapMB: 160000, DiskSpaceStepMB: 10000},
			"business-4": {NodeCount: 2, NodeMemoryMB: 4096, DiskSpaceMB: 80000, DiskSpaceCapMB: 400000, DiskSpaceStepMB: 10000},
			"business-8": {NodeCount: 3, NodeMemoryMB: 8192, DiskSpaceMB: 175000, DiskSpaceCapMB: 875000, DiskSpaceStepMB: 35000},
		}
		out := map[string]PlanSpec{}
		for _, n := range names {
			out[n] = sizes[n]
		}
		return out
	}
	c := Catalog{
		Types: map[string]TypeCatalog{
			"pg":         {Offered: true, Plans: plans("hobbyist", "startup-4", "business-4", "business-8"), Versions: []string{"16", "17"}, DefaultVersion: "17"},
			"mysql":      {Offered: true, Plans: plans("startup-4", "business-4"), Versions: []string{"8.4"}, DefaultVersion: "8.4"},
			"valkey":     {Offered: true, Plans: plans("startup-4", "business-4"), Versions: []string{"8.1"}, DefaultVersion: "8.1"},
			"opensearch": {Offered: true, Plans: plans("startup-4", "business-4", "business-8"), Versions: []string{"2.19"}, DefaultVersion: "2.19"},
		},
		Clouds: map[string]bool{euCloud: true, usCloud: true, "google-europe-north1": true},
		Prices: map[PriceKey]Price{},
	}
	for typ, tc := range c.Types {
		for name := range tc.Plans {
			for cloud := range c.Clouds {
				c.Prices[PriceKey{Type: typ, Plan: name, Cloud: cloud}] = testPrice("0.5000", "0.000250")
			}
		}
	}
	return c
}

// groupLive is acme-prod with the given services and groupCatalog.
func groupLive(services ...LiveService) Live {
	return Live{Projects: map[string]ProjectState{
		"acme-prod": {Name: "acme-prod", Services: services, Catalog: groupCatalog()},
	}}
}

// svc is a RUNNING service of type typ.
func svc(name, typ, cloud, plan string) LiveService {
	return LiveService{Name: name, Type: typ, Plan: plan, Cloud: cloud, State: StateRunning, Version: defaultVersion(typ)}
}

func defaultVersion(typ string) string { return groupCatalog().Types[typ].DefaultVersion }

// linked gives the member m an integration of kind from source, on both
// ends, as the API reports it; m and source are updated in services.
func linked(services []LiveService, kind, source, member, id string) []LiveService {
	l := Integration{ID: id, Kind: kind, Source: source, Dest: member, Active: true}
	for i := range services {
		if services[i].Name == source || services[i].Name == member {
			services[i].Integrations = append(services[i].Integrations, l)
		}
	}
	return services
}

// actionsOf lists "service action" for each change.
func actionsOf(p *Plan) []string {
	out := make([]string, len(p.Changes))
	for i, c := range p.Changes {
		out[i] = c.Service + " " + string(c.Action)
	}
	return out
}
