package plan

import (
	"slices"
	"sort"
	"strconv"
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

// closestPlans returns the offered plans nearest to name, which is not
// offered. Aiven's plans are families of sizes ("business-4",
// "business-8", …), so for a name in an offered family they are the nearest
// smaller and larger sizes of that family (business-4 and business-16 for
// business-8); otherwise the names within a typo of it (closestNames);
// otherwise the same size in other families (business-8 and startup-8 for
// enterprise-8).
func closestPlans(name string, plans map[string]PlanSpec) []string {
	family, size, sized := planSize(name)
	var below, above string
	var lo, hi int
	offered := make(map[string]bool, len(plans))
	var sameSize []string
	for p := range plans {
		offered[p] = true
		f, n, ok := planSize(p)
		switch {
		case !ok || !sized:
		case f != family:
			if n == size {
				sameSize = append(sameSize, p)
			}
		case n < size && n > lo:
			below, lo = p, n
		case n > size && (hi == 0 || n < hi):
			above, hi = p, n
		}
	}
	if near := slices.DeleteFunc([]string{below, above}, func(p string) bool { return p == "" }); len(near) > 0 {
		return near
	}
	if near := closestNames(name, offered); len(near) > 0 {
		return near
	}
	sort.Strings(sameSize)
	return sameSize[:min(len(sameSize), maxSuggestions)]
}

// planSize splits a plan name into its family and size: "business" and 8
// for "business-8".
func planSize(name string) (string, int, bool) {
	i := strings.LastIndexByte(name, '-')
	if i < 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(name[i+1:])
	return name[:i], n, err == nil && n > 0
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
