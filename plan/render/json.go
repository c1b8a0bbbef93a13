package render

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/ccr-dev/ccr/plan"
)

// JSON writes the versioned machine form of p to w: indented, with every
// list present (empty rather than null) so consumers need no nil checks, and
// format_version always set. Field and element order come from the plan,
// which keeps them deterministic; map keys are sorted by encoding/json.
func JSON(w io.Writer, p *plan.Plan) error {
	out := *p // a shallow copy: the caller's plan is not modified
	if out.FormatVersion == "" {
		out.FormatVersion = plan.FormatVersion
	}
	out.Changes = orEmpty(out.Changes)
	out.Drift = orEmpty(out.Drift)
	out.Prerequisites = orEmpty(out.Prerequisites)
	out.NextSteps = orEmpty(out.NextSteps)
	out.Unmanaged = orEmpty(out.Unmanaged)
	conflicts := make([]plan.Conflict, len(out.Conflicts))
	for i, k := range out.Conflicts {
		k.Services = orEmpty(k.Services)
		conflicts[i] = k
	}
	out.Conflicts = conflicts
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Messages quote values such as "<none>"; keep them readable.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&out); err != nil {
		return fmt.Errorf("write json plan: %w", err)
	}
	return nil
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
