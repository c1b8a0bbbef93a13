package cli

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/plan/render"
	"github.com/ccr-dev/ccr/schema"
)

// planToApply returns the plan apply executes: the saved plan when it is
// still current, or a fresh plan from the file once the user confirmed it.
// A plan refused for its conflicts is returned with the error, so that the
// refusal can be reported with its reasons.
func planToApply(ctx context.Context, opts *applyOptions, client *aiven.Client, r *reviewed) (*plan.Plan, error) {
	if r != nil {
		return savedPlanToApply(ctx, opts, client, r)
	}
	spec, diags := loadSpec(opts.io, opts.file)
	if len(diags) > 0 {
		return nil, invalidFile(diags)
	}
	p, err := computePlan(ctx, client, spec, opts.inputs.options())
	if err != nil {
		return nil, refuse(apply.RefusedAPI, err)
	}
	p.JoinAfter = opts.joinAfter
	if err := render.Text(opts.io.ErrOut, p, render.TextOptions{Color: opts.io.ColorEnabled(opts.io.ErrTTY)}); err != nil {
		return nil, err
	}
	if err := refuseConflicts(p); err != nil {
		return p, err
	}
	if p.HasChanges() && !opts.autoApprove {
		if err := confirm(opts.io, p); err != nil {
			return nil, refuse(apply.RefusedNotApproved, err)
		}
	}
	return p, nil
}

// refuseConflicts refuses a plan with conflicts, counting them as every
// view does.
func refuseConflicts(p *plan.Plan) error {
	if p.Applyable() {
		return nil
	}
	return refuse(apply.RefusedConflicts, fmt.Errorf("apply refused: the plan has %s; nothing was changed",
		plan.CountConflicts(p.Conflicts)))
}

// withConflicts adds p's conflicts, one per line, to a refusal of a saved
// plan: no plan view was printed that would show them.
func withConflicts(err error, p *plan.Plan) error {
	lines := make([]string, 0, len(p.Conflicts))
	for _, c := range p.Conflicts {
		line := c.Kind + ": " + c.Message
		if where := cmp.Or(c.Position, c.Project); where != "" {
			line = where + ": " + line
		}
		lines = append(lines, line)
	}
	return refuse(apply.RefusedConflicts, fmt.Errorf("%w:\n  %s", err, strings.Join(lines, "\n  ")))
}

// confirm asks on the terminal, like terraform apply; without a terminal it
// refuses, because an unattended apply must be explicit.
func confirm(io *IOStreams, p *plan.Plan) error {
	if !io.InTTY || !io.ErrTTY {
		return fmt.Errorf("refusing to apply without confirmation: no terminal to ask on; pass --auto-approve, or apply a saved plan (ccr plan --out plan.json && ccr apply plan.json)")
	}
	fmt.Fprintf(io.ErrOut, "\nccr will %s. Only 'yes' will be accepted to approve.\n  Enter a value: ", approvalWords(p.Summary))
	answer, _ := bufio.NewReader(io.In).ReadString('\n')
	if strings.TrimSpace(answer) != "yes" {
		return fmt.Errorf("apply cancelled; nothing was changed")
	}
	return nil
}

// approvalWords says what apply asks approval for, as the plan's summary
// counts it: "create 2 service(s)", "create 2, link 1 and switch over 1
// service(s)", "update 2 service(s) in place".
func approvalWords(s plan.Summary) string {
	var parts []string
	if s.Create > 0 || s.Link+s.Switchover+s.Update == 0 {
		parts = append(parts, fmt.Sprintf("create %d", s.Create))
	}
	if s.Link > 0 {
		parts = append(parts, fmt.Sprintf("link %d", s.Link))
	}
	if s.Switchover > 0 {
		parts = append(parts, fmt.Sprintf("switch over %d", s.Switchover))
	}
	if s.Update > 0 {
		parts = append(parts, fmt.Sprintf("update %d", s.Update))
	}
	last := len(parts) - 1
	words := parts[last] + " service(s)"
	if last > 0 {
		words = strings.Join(parts[:last], ", ") + " and " + words
	}
	if s.Update > 0 {
		words += " in place"
	}
	return words
}

// invalidFile ends apply for a file with diagnostics, which loadSpec has
// printed; the report on the pull request and the JSON result list them.
func invalidFile(diags schema.Diagnostics) error {
	return refuse(apply.RefusedInvalidFile, silentExitBecause(ExitError, "the file is invalid:\n"+diags.Error()))
}
