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
func planToApply(ctx context.Context, opts *applyOptions, client *aiven.Client) (*plan.Plan, error) {
	if opts.planFile != "" {
		return savedPlanToApply(ctx, opts, client)
	}
	spec, diags := loadSpec(opts.io, opts.file)
	if len(diags) > 0 {
		return nil, invalidFile(diags)
	}
	p, err := computePlan(ctx, client, spec, opts.budget.options())
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

// savedPlanToApply recomputes the plan from the saved plan's file and a
// fresh read, and returns it only when it is still the saved plan: the same
// file, the same live facts and, field by field, the same changes. Terraform
// checks a saved plan against state the same way. Apply then executes the
// recomputed plan, whose live facts are those of now, never what the file
// says, so an edited plan file cannot create what nobody reviewed.
func savedPlanToApply(ctx context.Context, opts *applyOptions, client *aiven.Client) (*plan.Plan, error) {
	saved, err := readSavedPlan(opts.planFile)
	if err != nil {
		return nil, refuse(apply.RefusedPlanFile, err)
	}
	// Reports name the file the saved plan was made from.
	opts.file = saved.File
	if err := refuseConflicts(saved); err != nil {
		return saved, withConflicts(err, saved)
	}
	spec, err := savedSpec(saved)
	if err != nil {
		return nil, err
	}
	// The limits the plan was reviewed under, unless this apply sets its own.
	options := saved.SavedOptions()
	if opts.budget.limit != nil {
		options = opts.budget.options()
	}
	fresh, err := computePlan(ctx, client, spec, options)
	if err != nil {
		return nil, refuse(apply.RefusedAPI, err)
	}
	if reasons := plan.StaleReasons(saved, fresh); len(reasons) > 0 {
		return nil, refuse(apply.RefusedStale, fmt.Errorf("plan is stale: the live state changed since the plan was made; run \"ccr plan\" again:\n  %s",
			strings.Join(reasons, "\n  ")))
	}
	if diff := plan.ChangesDiffer(saved.Changes, fresh.Changes); diff != "" {
		return nil, refuse(apply.RefusedChanged, fmt.Errorf("plan changed: %s is not the plan ccr computes now from %s and the same live state "+
			"(it was edited, or made by another ccr version); nothing was created; run \"ccr plan --out\" again:\n  %s",
			opts.planFile, saved.File, diff))
	}
	if err := refuseConflicts(fresh); err != nil {
		return fresh, withConflicts(err, fresh)
	}
	// The saved plan's order, unless this apply asks for another.
	fresh.JoinAfter = saved.JoinOrder()
	if opts.joinAfterSet {
		fresh.JoinAfter = opts.joinAfter
	}
	fmt.Fprintf(opts.io.ErrOut, "Applying the saved plan %s: %s.\n", opts.planFile, render.Actions(fresh))
	return fresh, nil
}

// savedSpec loads the file a saved plan was made from and checks it is the
// file that was reviewed. A file that changed is stale, and one that no
// longer validates is not printed: the saved plan names the file, and an
// edited plan must not make apply echo another file's contents.
func savedSpec(saved *plan.Plan) (*schema.Spec, error) {
	spec, diags := readSpec(saved.File)
	switch {
	case len(diags) == 1 && diags[0].Pos == (schema.Pos{}):
		// The file cannot be read: its diagnostic holds none of its text.
		return nil, refuse(apply.RefusedStale, fmt.Errorf("plan is stale: %s", diags[0]))
	case len(diags) > 0:
		return nil, refuse(apply.RefusedStale, fmt.Errorf(
			"plan is stale: %s is no longer a valid ccr file (run \"ccr validate -f %s\"), so it is not the file the plan was made from",
			saved.File, saved.File))
	}
	if plan.SpecDigest(spec) != saved.SpecDigest {
		return nil, refuse(apply.RefusedStale, fmt.Errorf("plan is stale: %s changed since the plan was made; run \"ccr plan\" again", saved.File))
	}
	return spec, nil
}

// refuseConflicts refuses a plan with conflicts, counting them as every
// view does.
func refuseConflicts(p *plan.Plan) error {
	if p.Applyable() {
		return nil
	}
	return refuse(apply.RefusedConflicts, fmt.Errorf("apply refused: the plan has %s; nothing was created",
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
		return fmt.Errorf("apply cancelled; nothing was created")
	}
	return nil
}

// approvalWords says what apply asks approval for, as the plan's summary
// counts it: "create 2 service(s)", "create 2, link 1 and switch over 1
// service(s)".
func approvalWords(s plan.Summary) string {
	var parts []string
	if s.Create > 0 || s.Link+s.Switchover == 0 {
		parts = append(parts, fmt.Sprintf("create %d", s.Create))
	}
	if s.Link > 0 {
		parts = append(parts, fmt.Sprintf("link %d", s.Link))
	}
	if s.Switchover > 0 {
		parts = append(parts, fmt.Sprintf("switch over %d", s.Switchover))
	}
	last := len(parts) - 1
	words := parts[last] + " service(s)"
	if last > 0 {
		words = strings.Join(parts[:last], ", ") + " and " + words
	}
	return words
}

// invalidFile ends apply for a file with diagnostics, which loadSpec has
// printed; the report on the pull request and the JSON result list them.
func invalidFile(diags schema.Diagnostics) error {
	return refuse(apply.RefusedInvalidFile, silentExitBecause(ExitError, "the file is invalid:\n"+diags.Error()))
}
