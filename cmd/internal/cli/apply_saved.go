package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/plan/render"
	"github.com/ccr-dev/ccr/schema"
)

// reviewed is a saved plan and the ccr file it was made from, read and
// checked against each other before apply reads anything live.
type reviewed struct {
	saved *plan.Plan
	spec  *schema.Spec
}

// readReviewed reads the saved plan and the ccr file it names. It refuses
// a plan made from another file than -f names, and one whose file no longer
// has the bytes (or, in a plan saved before format 1.2, the meaning) it
// was made from. Nothing here needs the API or a token.
func readReviewed(opts *applyOptions) (*reviewed, error) {
	saved, err := readSavedPlan(opts.planFile)
	if err != nil {
		return nil, refuse(apply.RefusedPlanFile, err)
	}
	if opts.fileSet && !sameFile(opts.file, saved.File) {
		return nil, refuse(apply.RefusedFileMismatch, fmt.Errorf(
			"%s was made from %s, not from %s; nothing was changed; to apply %s, plan it with \"ccr plan -f %s --out PLAN.json\"",
			shownFile(opts.planFile), shownFile(saved.File), shownFile(opts.file), shownFile(opts.file), shownFile(opts.file)))
	}
	// Reports name the file the saved plan was made from.
	opts.file = saved.File
	spec, err := savedSpec(saved)
	if err != nil {
		return nil, err
	}
	return &reviewed{saved: saved, spec: spec}, nil
}

// savedPlanToApply recomputes the plan from the saved plan's file and a
// fresh read, and returns it only when it is still the saved plan: the same
// live facts and, field by field, the same changes. Terraform checks a
// saved plan against state the same way. Apply then executes the recomputed
// plan, whose live facts are those of now, never what the file says, so an
// edited plan file cannot create what nobody reviewed.
//
// Nothing apply can recompute is taken from the saved plan: its conflicts
// are those of the recomputed plan, and its budgets are the file's and this
// apply's --max-monthly-increase. A limit the saved plan records from
// "ccr plan --max-monthly-increase" is applied as well, but only ever to
// refuse more: raising or deleting it in the JSON loosens nothing.
func savedPlanToApply(ctx context.Context, opts *applyOptions, client *aiven.Client, r *reviewed) (*plan.Plan, error) {
	saved := r.saved
	fresh, err := computePlan(ctx, client, r.spec, opts.inputs.options().Stricter(saved.SavedOptions()))
	if err != nil {
		return nil, refuse(apply.RefusedAPI, err)
	}
	if reasons := plan.StaleReasons(saved, fresh); len(reasons) > 0 {
		return nil, refuse(apply.RefusedStale, fmt.Errorf("plan is stale: the live state changed since the plan was made; run \"ccr plan\" again:\n  %s",
			strings.Join(reasons, "\n  ")))
	}
	// Conflicts first: they stop the apply whatever the saved JSON says,
	// and name the cause of a difference they make (a plan made with
	// --allow-downgrade, applied without it, has a blocked change now).
	if err := refuseConflicts(fresh); err != nil {
		return fresh, withConflicts(err, fresh)
	}
	if diff := plan.ChangesDiffer(saved.Changes, fresh.Changes); diff != "" {
		return nil, refuse(apply.RefusedChanged, fmt.Errorf("plan changed: %s is not the plan ccr computes now from %s and the same live state "+
			"(it was edited, or made by another ccr version); nothing was changed; run \"ccr plan --out\" again:\n  %s",
			shownFile(opts.planFile), shownFile(saved.File), diff))
	}
	// The saved plan's order, unless this apply asks for another.
	fresh.JoinAfter = saved.JoinOrder()
	if opts.joinAfterSet {
		fresh.JoinAfter = opts.joinAfter
	}
	fmt.Fprintf(opts.io.ErrOut, "Applying the saved plan %s, made from %s (%s): %s.\n",
		shownFile(opts.planFile), shownFile(saved.File), bytesChecked(saved), render.Actions(fresh))
	return fresh, nil
}

// bytesChecked says how apply knows the file is the one planned: by the
// digest of its bytes, or, for a plan saved before format 1.2, which has
// none, by its meaning only.
func bytesChecked(saved *plan.Plan) string {
	if saved.FileDigest != "" {
		return saved.FileDigest
	}
	return "no sha256 of its bytes: saved by a ccr before format 1.2, so only its meaning was checked"
}

// savedSpec loads the file a saved plan was made from and checks it is the
// file that was reviewed: the same bytes when the plan recorded them, and
// the same meaning. A file that changed is stale, and one that no longer
// validates is not printed: the saved plan names the file, and an edited
// plan must not make apply echo another file's contents.
func savedSpec(saved *plan.Plan) (*schema.Spec, error) {
	spec, diags := readSpec(saved.File)
	switch {
	case len(diags) == 1 && diags[0].Pos == (schema.Pos{}):
		// The file cannot be read: its diagnostic holds none of its text.
		return nil, refuse(apply.RefusedStale, fmt.Errorf("plan is stale: %s", diags[0]))
	case len(diags) > 0:
		return nil, refuse(apply.RefusedStale, fmt.Errorf(
			"plan is stale: %s is no longer a valid ccr file (run \"ccr validate -f %s\"), so it is not the file the plan was made from",
			shownFile(saved.File), shownFile(saved.File)))
	case plan.SpecDigest(spec) != saved.SpecDigest:
		return nil, refuse(apply.RefusedStale, fmt.Errorf("plan is stale: %s changed since the plan was made; run \"ccr plan\" again", shownFile(saved.File)))
	case saved.FileDigest != "" && spec.FileDigest != saved.FileDigest:
		// The same meaning in other bytes (a comment, the layout) is still
		// not the text that was reviewed.
		return nil, refuse(apply.RefusedStale, fmt.Errorf(
			"plan is stale: %s changed since the plan was made (%s when planned, %s now); run \"ccr plan\" again",
			shownFile(saved.File), saved.FileDigest, spec.FileDigest))
	}
	return spec, nil
}

// sameFile reports whether the names a and b, relative to the working
// directory, name one file: the same name once cleaned, or one file on
// disk (a link and its target).
func sameFile(a, b string) bool {
	if relativeName(a) == relativeName(b) {
		return true
	}
	ai, err := os.Stat(a)
	if err != nil {
		return false
	}
	bi, err := os.Stat(b)
	return err == nil && os.SameFile(ai, bi)
}
