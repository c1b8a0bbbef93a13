package cli

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/plan/render"
)

// writeApplyResult prints the apply summary on stdout, then the next steps:
// the CQL that finishes the replication of declared keyspaces, and what a
// replica group's member needs that ccr cannot do.
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

// maskedResult is res with secrets masked in its free text (errors, notes
// and a refused field's error quote the API), before any encoder escapes
// them into a form that masking the encoded output could miss.
func maskedResult(io *IOStreams, res *apply.Result) *apply.Result {
	out := *res
	out.Services = slices.Clone(res.Services)
	for i := range out.Services {
		s := &out.Services[i]
		s.Error, s.Note = mask(io, s.Error), mask(io, s.Note)
		s.Updates = slices.Clone(s.Updates)
		for j := range s.Updates {
			s.Updates[j].Error = mask(io, s.Updates[j].Error)
		}
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

// nextSteps is what is left to do after the run that ccr cannot do, or ""
// when the plan has nothing: the CQL to run in cqlsh for the pairs whose
// services both exist and are RUNNING, and the steps of the replica
// groups' members that do (such as starting an OpenSearch follower's
// replication). When this run created nothing, the CQL is shown for
// reference only. A step whose services are not RUNNING is left out,
// saying so: the CQL names a datacenter that may not exist yet.
func nextSteps(p *plan.Plan, res *apply.Result) string {
	if len(p.NextSteps) == 0 {
		return ""
	}
	cql, followUps := splitSteps(res.NextSteps(p))
	planned, plannedFollowUps := splitSteps(p.NextSteps)
	var b strings.Builder
	switch {
	case len(cql) == 0:
	case res.Count(apply.Created) == 0:
		b.WriteString("\nFor reference, the CQL that replicates the declared keyspaces (run it if you have not):\n")
	default:
		b.WriteString("\nNext steps: run in cqlsh on either service of the pair:\n")
	}
	for _, s := range cql {
		fmt.Fprintf(&b, "  -- %s/%s: keyspace %s\n  %s\n", render.OneLine(s.Project), render.OneLine(s.Service),
			render.OneLine(s.Keyspace), render.OneLine(s.CQL))
	}
	if len(followUps) > 0 {
		b.WriteString("\nNext steps (ccr cannot do this for you):\n")
	}
	for _, s := range followUps {
		fmt.Fprintf(&b, "  • %s/%s: %s\n", render.OneLine(s.Project), render.OneLine(s.Service), render.OneLine(s.Message))
	}
	if left := len(planned) - len(cql); left > 0 {
		fmt.Fprintf(&b, "\nThe CQL of %s left out: a service of its pair is not RUNNING; ccr apply prints it once both are.\n",
			isAre(left, "1 keyspace is", fmt.Sprintf("%d keyspaces are", left)))
	}
	if left := len(plannedFollowUps) - len(followUps); left > 0 {
		fmt.Fprintf(&b, "\nThe next step of %s left out: it is not RUNNING; ccr apply prints it once it is.\n",
			isAre(left, "1 service is", fmt.Sprintf("%d services are", left)))
	}
	return b.String()
}

// splitSteps separates the CQL that replicates a pair's keyspaces from the
// steps of a replica group's member, which have a Message and no CQL.
func splitSteps(steps []plan.NextStep) (cql, followUps []plan.NextStep) {
	for _, s := range steps {
		if s.CQL == "" && s.Message != "" {
			followUps = append(followUps, s)
		} else {
			cql = append(cql, s)
		}
	}
	return cql, followUps
}
