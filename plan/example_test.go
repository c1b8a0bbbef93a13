package plan_test

import (
	"fmt"
	"strings"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// ccrFile declares one pair whose first service, orders-eu, already runs.
const ccrFile = `version: 1
projects:
  - project: acme-prod
    pairs:
      - services:
          - {name: orders-eu, cloud: google-europe-west1}
          - {name: orders-us, cloud: aws-us-east-1}
        keyspaces: {orders: 3}
`

// liveState is what the Aiven API would answer for acme-prod: orders-eu
// exists, unpaired, and the catalog offers the clouds and plan the file
// needs. The CLI reads it with one service list per project; here it is
// fixed.
func liveState(clouds ...string) plan.Live {
	offered := map[string]bool{}
	for _, c := range clouds {
		offered[c] = true
	}
	return plan.Live{Projects: map[string]plan.ProjectState{"acme-prod": {
		Name: "acme-prod",
		Services: []plan.LiveService{{
			Name: "orders-eu", Type: plan.CassandraType, Plan: "business-8", Cloud: "google-europe-west1",
			State: plan.StateRunning, Datacenter: "orders-eu", DiskSpaceMB: 720000,
		}},
		Catalog: plan.Catalog{
			Clouds: offered,
			Types: map[string]plan.TypeCatalog{plan.CassandraType: {Offered: true, Plans: map[string]plan.PlanSpec{"business-8": {
				NodeCount: 3, DiskSpaceMB: 720000, DiskSpaceCapMB: 2160000, DiskSpaceStepMB: 30000}}}},
		},
	}}}
}

// Compute diffs a validated file against the live state. Here the existing
// orders-eu is left alone and orders-us is created joined to it, inheriting
// its plan and disk; the plan also asks for a NetworkTopologyStrategy
// keyspace first and prints the CQL to run afterwards.
func ExampleCompute() {
	spec, diags := schema.Load("ccr.yaml", []byte(ccrFile))
	if len(diags) > 0 {
		fmt.Println(diags)
		return
	}
	p := plan.Compute(spec, liveState("google-europe-west1", "aws-us-east-1"))
	for _, c := range p.Changes {
		fmt.Printf("%s %s/%s plan=%s disk=%d join_with=%q\n", c.Action, c.Project, c.Service, c.Plan, c.DiskSpaceMB, c.JoinWith)
	}
	fmt.Println("prerequisite:", p.Prerequisites[0].CQL)
	fmt.Println("after apply:", p.NextSteps[0].CQL)
	fmt.Printf("create %d, unchanged %d, applyable %v\n", p.Summary.Create, p.Summary.Unchanged, p.Applyable())
	// Output:
	// no-op acme-prod/orders-eu plan=business-8 disk=720000 join_with=""
	// create acme-prod/orders-us plan=business-8 disk=720000 join_with="orders-eu"
	// prerequisite: CREATE KEYSPACE IF NOT EXISTS orders WITH replication = {'class': 'NetworkTopologyStrategy', 'orders-eu': 3};
	// after apply: ALTER KEYSPACE orders WITH replication = {'class': 'NetworkTopologyStrategy', 'orders-eu': 3, 'orders-us': 3};
	// create 1, unchanged 1, applyable true
}

// A file the project cannot host yields conflicts, each positioned in the
// file, and the plan cannot be applied: here the file mistypes a cloud, and
// the conflict suggests the closest ones the project offers.
func ExampleCompute_conflict() {
	mistyped := strings.Replace(ccrFile, "aws-us-east-1", "aws-us-east-9", 1)
	spec, _ := schema.Load("ccr.yaml", []byte(mistyped))
	p := plan.Compute(spec, liveState("google-europe-west1", "aws-us-east-1", "aws-us-east-2", "aws-eu-west-1"))
	for _, c := range p.Conflicts {
		fmt.Printf("%s: %s: %s\n", c.Position, c.Kind, c.Message)
	}
	fmt.Println("applyable:", p.Applyable())
	// Output:
	// ccr.yaml:7:38: preflight: cloud "aws-us-east-9" is not available in project "acme-prod"; did you mean aws-us-east-1 or aws-us-east-2?
	// applyable: false
}
