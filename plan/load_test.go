package plan

import (
	"testing"

	"github.com/ccr-dev/ccr/schema"
)

// TestComputeFromLoadedSpec checks the contract with schema.Load: positions
// and defaults it fills are the ones conflicts point at.
func TestComputeFromLoadedSpec(t *testing.T) {
	src := `version: 1
projects:
  - project: acme-prod
    pairs:
      - services:
          - name: orders-eu
            cloud: google-europe-west1
          - name: orders-us
            cloud: aws-us-east-1
            datacenter: aiven
        plan: business-8
        disk_space_mb: 660000
        keyspaces: {orders: 3}
`
	spec, diags := schema.Load("ccr.yaml", []byte(src))
	if len(diags) > 0 {
		t.Fatalf("load: %v", diags)
	}
	p := Compute(spec, testLive(running("orders-eu", euCloud, "business-8", 600000)))
	equal(t, "conflicts", viewConflicts(p.Conflicts), []string{
		`pairing ccr.yaml:10:25: orders-us would use datacenter "aiven", which orders-eu already uses ` +
			`(live datacenter "aiven"): the datacenters of a pair must differ`,
		"pairing ccr.yaml:12:24: disk_space_mb 660000 (ccr.yaml:12:24) differs from orders-eu's live " +
			"disk_space_mb 600000: CCR peers must have the same disk space",
	})
}
