package render

import (
	"fmt"
	"sort"
	"strings"

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
	create, link, switchover, update, unchanged, blocked, drift int
	conflicts                                                   plan.ConflictCounts
}

func countPlan(p *plan.Plan) counts {
	c := counts{create: p.Summary.Create, link: p.Summary.Link, switchover: p.Summary.Switchover,
		update: p.Summary.Update, unchanged: p.Summary.Unchanged, drift: p.Summary.Drift}
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

// changes counts what apply would do: creates, updates, links and
// switchovers, as plan.HasChanges does. A link or a switchover that also
// updates its service counts twice, as the summary does.
func (c counts) changes() int { return c.create + c.update + c.link + c.switchover }

// reshapes counts the changes that give the pairs and groups another
// shape: creates, links and switchovers. An update changes a service's
// settings, not what replicates with what.
func (c counts) reshapes() int { return c.create + c.link + c.switchover }

// actions words what apply would do, for summaries: "2 to create", "3 to
// update", "1 to link", "1 to switch over", each when there are any. The
// create count is also given when neither links nor switchovers are
// planned ("0 to create"), as a plan of pairs has always said it.
func (c counts) actions(bold func(string) string) []string {
	var parts []string
	if c.create > 0 || c.link+c.switchover == 0 {
		parts = append(parts, bold(fmt.Sprintf("%d to create", c.create)))
	}
	if c.update > 0 {
		parts = append(parts, bold(fmt.Sprintf("%d to update", c.update)))
	}
	if c.link > 0 {
		parts = append(parts, bold(fmt.Sprintf("%d to link", c.link)))
	}
	if c.switchover > 0 {
		parts = append(parts, bold(fmt.Sprintf("%d to switch over", c.switchover)))
	}
	return parts
}

// Actions words what applying p would do, for messages outside the views:
// "2 to create", "0 to create, 2 to update", "2 to create, 1 to link, 1 to
// switch over".
func Actions(p *plan.Plan) string { return strings.Join(countPlan(p).actions(same), ", ") }

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
