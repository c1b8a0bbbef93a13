package cli

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
)

// writeApplyResult prints the apply summary on stdout, then the CQL that
// finishes the replication of declared keyspaces.
func writeApplyResult(opts *applyOptions, p *plan.Plan, res *apply.Result) error {
	var buf bytes.Buffer
	if opts.format == "json" {
		if err := apply.WriteJSON(&buf, maskedResult(opts.io, res), p); err != nil {
			return err
		}
	} else {
		if err := apply.WriteText(&buf, res, opts.io.ColorEnabled(opts.io.OutTTY)); err != nil {
			return err
		}
		buf.WriteString(nextSteps(p, res))
	}
	_, err := fmt.Fprint(opts.io.Out, mask(opts.io, buf.String()))
	return err
}

// maskedResult is res with secrets masked in its free text (errors and notes
// quote the API), before any encoder escapes them into a form that masking
// the encoded output could miss.
func maskedResult(io *IOStreams, res *apply.Result) *apply.Result {
	out := *res
	out.Services = slices.Clone(res.Services)
	for i := range out.Services {
		s := &out.Services[i]
		s.Error, s.Note = mask(io, s.Error), mask(io, s.Note)
	}
	if res.Refused != nil {
		r := *res.Refused
		r.Message = mask(io, r.Message)
		r.Details = slices.Clone(r.Details)
		for i := range r.Details {
			r.Details[i] = mask(io, r.Details[i])
		}
		out.Refused = &r
	}
	return &out
}

// nextSteps is the CQL to run in cqlsh for the pairs whose services both
// exist and are RUNNING after the run, or "" when the file declares no
// keyspaces. When this run created nothing, it is shown for reference
// only. The CQL of a pair that is not RUNNING is left out, saying so: it
// names a datacenter that may not exist.
func nextSteps(p *plan.Plan, res *apply.Result) string {
	if len(p.NextSteps) == 0 {
		return ""
	}
	steps := res.NextSteps(p)
	var b strings.Builder
	switch {
	case len(steps) == 0:
	case res.Count(apply.Created) == 0:
		b.WriteString("\nFor reference, the CQL that replicates the declared keyspaces (run it if you have not):\n")
	default:
		b.WriteString("\nNext steps: run in cqlsh on either service of the pair:\n")
	}
	for _, s := range steps {
		fmt.Fprintf(&b, "  -- %s/%s: keyspace %s\n  %s\n", s.Project, s.Service, s.Keyspace, s.CQL)
	}
	if left := len(p.NextSteps) - len(steps); left > 0 {
		fmt.Fprintf(&b, "\nThe CQL of %s left out: a service of its pair is not RUNNING; ccr apply prints it once both are.\n",
			isAre(left, "1 keyspace is", fmt.Sprintf("%d keyspaces are", left)))
	}
	return b.String()
}
