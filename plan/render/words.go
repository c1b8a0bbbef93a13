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
	create, unchanged, blocked, conflicts, preflight, drift int
}

func countPlan(p *plan.Plan) counts {
	c := counts{create: p.Summary.Create, unchanged: p.Summary.Unchanged, drift: p.Summary.Drift}
	for _, ch := range p.Changes {
		if ch.Action == plan.Blocked {
			c.blocked++
		}
	}
	for _, k := range p.Conflicts {
		if k.Kind == "preflight" {
			c.preflight++
		} else {
			c.conflicts++
		}
	}
	return c
}

// problems names the conflicts for verdicts: "1 preflight failure, 2 conflicts".
func (c counts) problems() []string {
	var out []string
	if c.preflight > 0 {
		out = append(out, plural(c.preflight, "preflight failure"))
	}
	if c.conflicts > 0 {
		out = append(out, plural(c.conflicts, "conflict"))
	}
	return out
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
