package schema_test

import (
	"fmt"

	"github.com/ccr-dev/ccr/schema"
)

// Load turns a ccr file into a validated Spec, with every default resolved
// (a service's datacenter is its name unless the file says otherwise) and
// every element keeping its position in the file.
func ExampleLoad() {
	file := []byte(`version: 1
projects:
  - project: acme-prod
    pairs:
      - services:
          - {name: orders-eu, cloud: google-europe-west1}
          - {name: orders-us, cloud: aws-us-east-1, datacenter: us}
        plan: business-8
        keyspaces: {orders: 3}
`)
	spec, diags := schema.Load("ccr.yaml", file)
	if len(diags) > 0 {
		fmt.Println(diags)
		return
	}
	for _, p := range spec.Projects {
		for _, pair := range p.Pairs {
			for _, s := range pair.Services {
				fmt.Printf("%s/%s in %s, datacenter %s, at line %d\n", p.Name, s.Name, s.Cloud, s.Datacenter, s.Pos.Line)
			}
			fmt.Printf("plan %s, keyspace %s with replication factor %d\n",
				pair.Plan, pair.Keyspaces[0].Name, pair.Keyspaces[0].ReplicationFactor)
		}
	}
	// Output:
	// acme-prod/orders-eu in google-europe-west1, datacenter orders-eu, at line 6
	// acme-prod/orders-us in aws-us-east-1, datacenter us, at line 7
	// plan business-8, keyspace orders with replication factor 3
}

// An invalid file yields no Spec and every problem at once, sorted and
// positioned as file:line:col, whether the JSON Schema or a CCR rule
// found it.
func ExampleLoad_diagnostics() {
	file := []byte(`version: 1
projects:
  - project: acme-prod
    pairs:
      - services:
          - {name: orders-eu, cloud: aws-us-east-1}
          - {name: orders-us, cloud: aws-us-east-1}
        plna: business-8
        keyspaces: {orders: 1}
`)
	spec, diags := schema.Load("ccr.yaml", file)
	fmt.Println(spec == nil)
	for _, d := range diags {
		fmt.Println(d)
	}
	// Output:
	// true
	// ccr.yaml:7:38: projects[0].pairs[0].services[1].cloud: cloud must differ from services[0] (both aws-us-east-1)
	// ccr.yaml:8:9: projects[0].pairs[0].plna: unknown field "plna"; did you mean "plan"?
	// ccr.yaml:9:29: projects[0].pairs[0].keyspaces.orders: must be at least 2; got 1
}
