package adopt

import (
	"slices"
	"testing"
)

// TestIgnoredNotes pins how the comment counts the services no group
// declares: services of a replica type with no link are standalone (one
// a file could make a primary), never "of other types"; only types ccr
// does not manage are.
func TestIgnoredNotes(t *testing.T) {
	for name, tc := range map[string]struct {
		ignored map[string]int
		want    []string
	}{
		"standalone only": {map[string]int{"pg": 2, "opensearch": 1}, []string{
			"Standalone: 3 services with no replication link (opensearch 1, pg 2), not declared;",
			"to replicate one, add a replica group with it as the primary.",
		}},
		"other types only": {map[string]int{"kafka": 1, "clickhouse": 2}, []string{
			"Ignored: 3 services of other types, which ccr does not manage (clickhouse 2, kafka 1).",
		}},
		"both": {map[string]int{"valkey": 1, "kafka": 1}, []string{
			"Standalone: 1 service with no replication link (valkey 1), not declared;",
			"to replicate one, add a replica group with it as the primary.",
			"Ignored: 1 service of other types, which ccr does not manage (kafka 1).",
		}},
		"none": {map[string]int{}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			if got := ignoredNotes(Project{Ignored: tc.ignored}); !slices.Equal(got, tc.want) {
				t.Errorf("ignoredNotes = %q;\nwant %q", got, tc.want)
			}
		})
	}
}
