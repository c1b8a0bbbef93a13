package render_test

import (
	"bytes"
	"encoding/json"
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
			Clouds: map[string]bool{"google-europe-west1": true, "aws-us-east-1": true},
			Types:  map[string]plan.TypeCatalog{plan.CassandraType: {Offered: true, Plans: map[string]plan.PlanSpec{"business-8": {NodeCount: 3, DiskSpaceMB: 720000}}}},
			Prices: map[plan.PriceKey]plan.Price{
				{Type: plan.CassandraType, Plan: "business-8", Cloud: "google-europe-west1"}: {BaseHourly: usd("1.5620")},
				{Type: plan.CassandraType, Plan: "business-8", Cloud: "aws-us-east-1"}:       {BaseHourly: usd("1.6245")},
			},
		},
	}}})
}

// usd is an exact amount written as Aiven writes prices.
func usd(s string) plan.USD {
	v, err := plan.ParseUSD(s)
	if err != nil {
		panic(err)
	}
	return v
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
	//       price                  $1,140.26/month
	//   + create orders-us
	//       cloud                  aws-us-east-1
	//       plan                   business-8
	//       disk                   plan default
	//       datacenter             orders-us
	//       price                  $1,185.89/month
	//       joins orders-eu right after its create
	//
	// After apply, run in cqlsh once both services of the pair are RUNNING:
	//   -- acme-prod/orders-eu: keyspace orders
	//   ALTER KEYSPACE orders WITH replication = {'class': 'NetworkTopologyStrategy', 'orders-eu': 3, 'orders-us': 3};
	//
	// Plan: 2 to create, 0 unchanged.
	// Cost: +$2,326.15/month.
}

// New picks a renderer by the name --format takes: text, markdown (the
// pull-request comment) or json (the versioned form "ccr plan --out"
// saves). Here, a few fields of the JSON.
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
	var doc struct {
		FormatVersion string `json:"format_version"`
		Changes       []struct {
			Service  string `json:"service"`
			Action   string `json:"action"`
			JoinWith string `json:"join_with"`
		} `json:"changes"`
		Cost struct {
			MonthlyIncrease string `json:"monthly_increase"`
		} `json:"cost"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("format", doc.FormatVersion, "monthly increase", doc.Cost.MonthlyIncrease)
	for _, c := range doc.Changes {
		fmt.Println(strings.TrimSpace(c.Action + " " + c.Service + " " + c.JoinWith))
	}
	_, err = render.New("yaml", render.Options{})
	fmt.Println(err)
	// Output:
	// format 1.2 monthly increase 2326.15
	// create orders-eu
	// create orders-us orders-eu
	// unknown format "yaml" (want text, markdown or json)
}
