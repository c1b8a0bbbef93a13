package cli

import (
	"testing"

	"github.com/ccr-dev/ccr/plan/adopt"
)

// TestImportSummaries pins how the stderr summaries count services no
// group declares: a replica type's services with no link are standalone,
// and only the types ccr does not manage are "of other types".
func TestImportSummaries(t *testing.T) {
	r := &adopt.Result{Projects: []adopt.Project{{
		Name:    "acme-prod",
		Groups:  []adopt.Group{{Primary: adopt.Member{Name: "orders-pg", Type: "pg"}}},
		Ignored: map[string]int{"pg": 2, "opensearch": 1, "kafka": 1},
	}}}
	if got, want := imported(r), "Imported 0 pairs and 1 replica group from 1 project; "+
		"3 standalone services (no replication link) not declared; 1 service of other types ignored."; got != want {
		t.Errorf("imported = %q;\nwant %q", got, want)
	}
	if got, want := found(r), "0 pairs, 1 replica group, 3 standalone services and 1 service of other types "+
		"in 1 project"; got != want {
		t.Errorf("found = %q;\nwant %q", got, want)
	}
	r.Projects[0].Ignored = map[string]int{"pg": 1}
	if got, want := imported(r), "Imported 0 pairs and 1 replica group from 1 project; "+
		"1 standalone service (no replication link) not declared."; got != want {
		t.Errorf("imported = %q;\nwant %q", got, want)
	}
}
