package plan

import (
	"reflect"
	"testing"

	"github.com/ccr-dev/ccr/schema"
)

// The fixture mirrors this file, so positions in expected messages are real:
//
//	3 - project: acme-prod
//	5     - services:
//	6         - name: orders-eu
//	7           cloud: google-europe-west1
//	9         - name: orders-us
//	10          cloud: aws-us-east-1
//	12      plan: business-8
//	13      disk_space_mb: 600000
//	14      keyspaces: {orders: 3}
const testFile = "ccr.yaml"

const (
	euCloud = "google-europe-west1"
	usCloud = "aws-us-east-1"
	vpcEU   = "1f0e2c3d-0000-4000-8000-000000000001"
)

func testService(name, cloud string, line int) schema.Service {
	return schema.Service{
		Name: name, Cloud: cloud, Datacenter: name,
		Pos: schema.Pos{Line: line, Col: 11}, CloudPos: schema.Pos{Line: line + 1, Col: 18},
	}
}

func testPair() schema.Pair {
	return schema.Pair{
		Services: [2]schema.Service{testService("orders-eu", euCloud, 6), testService("orders-us", usCloud, 9)},
		Plan:     "business-8", PlanPos: schema.Pos{Line: 12, Col: 15},
		DiskPos:   schema.Pos{Line: 13, Col: 24},
		Keyspaces: []schema.Keyspace{{Name: "orders", ReplicationFactor: 3, Pos: schema.Pos{Line: 14, Col: 20}}},
		Pos:       schema.Pos{Line: 5, Col: 7},
	}
}

// testSpec is one project, acme-prod, holding the given pairs.
func testSpec(pairs ...schema.Pair) *schema.Spec {
	return &schema.Spec{File: testFile, Version: 1, Projects: []schema.Project{
		{Name: "acme-prod", Pairs: pairs, Pos: schema.Pos{Line: 3, Col: 5}},
	}}
}

// setOffered says whether c offers service type typ, keeping its plans.
func setOffered(c *Catalog, typ string, offered bool) {
	tc := c.Types[typ]
	tc.Offered = offered
	c.Types[typ] = tc
}

func testCatalog() Catalog {
	return Catalog{
		Clouds: map[string]bool{euCloud: true, usCloud: true, "azure-westeurope": true},
		Types: map[string]TypeCatalog{CassandraType: {Offered: true, Plans: map[string]PlanSpec{
			"startup-4":   {NodeCount: 1, DiskSpaceMB: 80000, DiskSpaceCapMB: 80000},
			"business-8":  {NodeCount: 3, DiskSpaceMB: 600000, DiskSpaceCapMB: 1200000, DiskSpaceStepMB: 30000},
			"business-16": {NodeCount: 3, DiskSpaceMB: 1200000, DiskSpaceCapMB: 2400000, DiskSpaceStepMB: 60000},
		}}},
		VPCs: map[string]VPC{vpcEU: {ID: vpcEU, Cloud: euCloud, State: "ACTIVE"}},
	}
}

// running is a RUNNING cassandra service created without a datacenter.
func running(name, cloud, plan string, disk int) LiveService {
	return LiveService{Name: name, Type: CassandraType, Plan: plan, Cloud: cloud,
		State: StateRunning, Datacenter: DefaultDatacenter, DiskSpaceMB: disk}
}

// named gives s its own name as datacenter, as ccr creates services.
func named(s LiveService) LiveService {
	s.Datacenter = s.Name
	return s
}

// joined returns s as ccr creates a joiner: service_to_join_with target,
// its own name as datacenter.
func joined(s LiveService, target string) LiveService {
	s.JoinedWith = target
	return named(s)
}

// testLive is acme-prod with the given services and the test catalog.
func testLive(services ...LiveService) Live {
	return Live{Projects: map[string]ProjectState{
		"acme-prod": {Name: "acme-prod", Services: services, Catalog: testCatalog()},
	}}
}

// changeView is the part of a Change the semantics tests assert.
type changeView struct {
	Service   string
	Action    Action
	JoinWith  string
	DependsOn string
	Plan      string
	Disk      int
	Exists    bool
}

func viewChanges(cs []Change) []changeView {
	out := make([]changeView, len(cs))
	for i, c := range cs {
		out[i] = changeView{c.Service, c.Action, c.JoinWith, c.DependsOn, c.Plan, c.DiskSpaceMB, c.Live != nil}
	}
	return out
}

// conflictView is "position: message", how a conflict reads in a terminal.
func viewConflicts(cs []Conflict) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Kind + " " + c.Position + ": " + c.Message
	}
	return out
}

// equal fails the test with both values when they differ. nil and empty
// slices are equal, so cases can leave expectations out.
func equal[T any](t *testing.T, what string, got, want []T) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %+v\n want %+v", what, got, want)
	}
}
