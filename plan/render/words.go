package render

import (
	"fmt"
	"sort"

	"github.com/ccr-dev/ccr/plan"
)

// plural formats a count with its noun: "1 conflict", "3 conflicts".
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// counts are the numbers verdict and summary lines show.
type counts struct {
	create, unchanged, blocked, drift int
	conflicts                         plan.ConflictCounts
}

func countPlan(p *plan.Plan) counts {
	c := counts{create: p.Summary.Create, unchanged: p.Summary.Unchanged, drift: p.Summary.Drift}
	for _, ch := range p.Changes {
		if ch.Action == plan.Blocked {
			c.blocked++
		}
	}
	// Counted from the list, not the summary: a plan saved before
	// conflicts_by_kind existed has none in its summary.
	c.conflicts = plan.CountConflicts(p.Conflicts)
	return c
}

// problems names the conflicts for verdicts, as plan.ConflictCounts words
// them everywhere: "3 conflicts (1 preflight, 2 pairing)". Every kind is a
// conflict, so the number is the JSON summary's conflicts.
func (c counts) problems() []string {
	if c.conflicts.Total() == 0 {
		return nil
	}
	return []string{c.conflicts.String()}
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
