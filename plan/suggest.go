package plan

import (
	"sort"
	"strings"

	"github.com/ccr-dev/ccr/schema"
)

// maxSuggestions caps how many close names a message offers.
const maxSuggestions = 3

// closestNames returns the names (those set in names) nearest to s by edit distance, ignoring
// case: those at the smallest distance, if it is small enough to be a typo
// (two edits, or one in three characters of a long name, as
// "gcp-" typed for "google-" is), sorted, at most
// maxSuggestions. schema has its own for field names; plan may not import
// schema's unexported helpers, and schema must not import plan.
func closestNames(s string, names map[string]bool) []string {
	limit := max(2, len(s)/3)
	var best []string
	bestDist := limit
	for name, ok := range names {
		if !ok {
			continue
		}
		switch d := schema.EditDistance(strings.ToLower(s), strings.ToLower(name)); {
		case d > limit:
		case d < bestDist || best == nil:
			best, bestDist = []string{name}, d
		case d == bestDist:
			best = append(best, name)
		}
	}
	sort.Strings(best)
	if len(best) > maxSuggestions {
		best = best[:maxSuggestions]
	}
	return best
}

// didYouMean is "; did you mean a, b or c?" for names, or "" for none.
func didYouMean(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return "; did you mean " + names[0] + "?"
	}
	return "; did you mean " + strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1] + "?"
}
