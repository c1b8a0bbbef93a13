package apply_test

import (
	"context"
	"fmt"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/apply/applytest"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// Run executes a plan through an apply.API: the CLI passes the Aiven
// adapter, this example the in-memory fake of applytest. The plan creates a
// peer for orders-eu, which exists; Run creates orders-us joined to it,
// polls the project's service list until it is RUNNING and returns one
// result per create.
func ExampleRun() {
	spec, diags := schema.Load("ccr.yaml", []byte(`version: 1
projects:
  - project: acme-prod
    pairs:
      - services:
          - {name: orders-eu, cloud: google-europe-west1}
          - {name: orders-us, cloud: aws-us-east-1}
`))
	if len(diags) > 0 {
		fmt.Println(diags)
		return
	}
	existing := plan.LiveService{Name: "orders-eu", Type: plan.CassandraType, Plan: "business-8",
		Cloud: "google-europe-west1", State: plan.StateRunning, Datacenter: "orders-eu", DiskSpaceMB: 720000}
	p := plan.Compute(spec, plan.Live{Projects: map[string]plan.ProjectState{
		// A catalog without clouds or plans skips those preflight checks.
		"acme-prod": {Name: "acme-prod", Services: []plan.LiveService{existing},
			Catalog: plan.Catalog{Types: map[string]plan.TypeCatalog{plan.CassandraType: {Offered: true}}}},
	}})

	api := applytest.New()
	api.ProvisionPolls = 2 // a new service is REBUILDING for two observations
	api.Seed("acme-prod", existing)
	res, err := apply.Run(context.Background(), api, p, apply.Options{PollInterval: time.Millisecond})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range res.Services {
		fmt.Printf("%s/%s: %s, joined with %s, %s\n", s.Project, s.Service, s.Outcome, s.JoinWith, s.State)
	}
	fmt.Println(apply.Verdict(res))
	fmt.Println("complete:", res.Complete(), "creates sent:", api.Calls().Creates)
	joined, _ := api.Service("acme-prod", "orders-us")
	fmt.Println("orders-us carries service_to_join_with:", joined.JoinedWith)
	// Output:
	// acme-prod/orders-us: created, joined with orders-eu, RUNNING
	// Apply complete: 1 created, 0 already present, 0 failed.
	// complete: true creates sent: 1
	// orders-us carries service_to_join_with: orders-eu
}
