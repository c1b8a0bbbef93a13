package render_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/plan/render"
	"github.com/ccr-dev/ccr/schema"
)

// examplePlan plans a new pair in a project that offers its clouds and plan
// and has no service yet: the first service is created, then the second
// joined to it.
func examplePlan() *plan.Plan {
	spec, diags := schema.Load("ccr.yaml", []byte(`version: 1
projects:
  - project: acme-prod
    pairs:
      - services:
          - {name: orders-eu, cloud: google-europe-west1}
          - {name: orders-us, cloud: aws-us-east-1}
        plan: business-8
        keyspaces: {orders: 3}
`))
	if len(diags) > 0 {
		panic(diags.Error())
	}
	return plan.Compute(spec, plan.Live{Projects: map[string]plan.ProjectState{"acme-prod": {
		Name: "acme-prod",
		Catalog: plan.Catalog{
			CassandraOffered: true,
			Clouds:           map[string]bool{"google-europe-west1": true, "aws-us-east-1": true},
			Plans:            map[string]plan.PlanSpec{"business-8": {NodeCount: 3, DiskSpaceMB: 720000}},
		},
	}}})
}

// Text is the terminal view of a plan, coloured only when asked: what
// "ccr plan" prints.
func ExampleText() {
	if err := render.Text(os.Stdout, examplePlan(), render.TextOptions{Color: false}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// project acme-prod
	//   + create orders-eu
	//       cloud                  google-europe-west1
	//       plan                   business-8
	//       disk                   plan default
	//       datacenter             orders-eu
	//   + create orders-us
	//       cloud                  aws-us-east-1
	//       plan                   business-8
	//       disk                   plan default
	//       datacenter             orders-us
	//       joins orders-eu right after its create
	//
	// After apply, run in cqlsh once both services of the pair are RUNNING:
	//   -- acme-prod/orders-eu: keyspace orders
	//   ALTER KEYSPACE orders WITH replication = {'class': 'NetworkTopologyStrategy', 'orders-eu': 3, 'orders-us': 3};
	//
	// Plan: 2 to create, 0 unchanged.
}

// New picks a renderer by the name --format takes: text, markdown (the
// pull-request comment) or json (the versioned form "ccr plan --out"
// saves). Here, the head of the JSON.
func ExampleNew() {
	r, err := render.New("json", render.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	var buf bytes.Buffer
	if err := r.Render(&buf, examplePlan()); err != nil {
		fmt.Println(err)
		return
	}
	lines := bufio.NewScanner(&buf)
	for lines.Scan() {
		if l := lines.Text(); strings.Contains(l, `"format_version"`) || strings.Contains(l, `"create"`) || strings.Contains(l, `"join_with"`) {
			fmt.Println(strings.TrimSpace(l))
		}
	}
	_, err = render.New("yaml", render.Options{})
	fmt.Println(err)
	// Output:
	// "format_version": "1.0",
	// "action": "create",
	// "action": "create",
	// "join_with": "orders-eu",
	// "create": 2,
	// unknown format "yaml" (want text, markdown or json)
}
