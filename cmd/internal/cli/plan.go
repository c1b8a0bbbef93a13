package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

type planOptions struct {
	networkOptions
	io               *IOStreams
	files            fileFlag
	file             string
	out              string
	force            bool
	format           string
	detailedExitcode bool
	comment          bool
	noLabel          bool
	driftIssue       bool
	inputs           planInputs
}

func newPlanCmd(io *IOStreams) *cobra.Command {
	opts := &planOptions{io: io}
	cmd := &cobra.Command{
		Use:   "plan [-f FILE | FILE] [--out PLAN.json] [--format text|markdown|json]",
		Short: "Read the live Aiven projects and show what apply would change",
		Long: `Validate the file, read every project it names from the Aiven API (one
service list per project plus cached preflight reads) and show the plan:
services to create and in which order, replication links to add, disaster
recovery switchovers the file's active asks for, settings to update in place,
services left unchanged, conflicts that block apply, drift, prerequisites
and the CQL to run afterwards. Apply never deletes, powers off, moves or
promotes a service, nor fails one over.

An existing service whose plan, disk_space_mb, termination_protection or a
tag the file declares differs from Aiven is updated in place ("~ update",
each field before → after). ccr sets and changes the tag keys the file
declares and leaves every other key alone. A CCR pair's plan and disk are
one change on the pair, shown on both members. A downgrade that removes
capacity is a conflict unless the pair or group says allow_downgrade: true
or the run has --allow-downgrade; turning termination_protection off is
allowed and called out in the plan's summary. Drift is what apply cannot
change: cloud, VPC, datacenter and state.

The plan shows what each new service costs a month from Aiven's own prices
(hourly × 730), the increase per project and in total, and what the existing
services cost now. --max-monthly-increase, and the file's budget entries,
turn a plan over budget, or one whose price cannot be read, into a conflict.

--out saves the plan's JSON for "ccr apply PLAN.json". It replaces an earlier
saved plan, but never the ccr file being planned nor any other existing file
unless --force is given.

One file per run, given with -f or as the argument (default ccr.yaml): the
plan, the saved plan (--out), the pull-request comment and the drift issue
are each keyed by the file's name. To plan several files, run ccr plan once
per file (in GitHub Actions, a matrix over the files).

Exit status: 0 no changes; 1 invalid file, API error or conflicts (budget
conflicts included); 2 services to create, link, switch over or update
(only with --detailed-exitcode). Drift alone exits 0: apply cannot clear
it, and a CI job gated on exit 2 would otherwise apply nothing on every
run; drift is in the plan's warnings, in "drift" of --format json, and in
--drift-issue.

Environment: AIVEN_TOKEN (required), AIVEN_WEB_URL (default
https://api.aiven.io), NO_COLOR, CLICOLOR; in GitHub Actions the GITHUB_*
variables for --comment and --drift-issue.`,
		Example: `  ccr plan
  ccr plan prod.yaml
  ccr plan -f prod.yaml --out plan.json --detailed-exitcode
  ccr plan --format markdown >> "$GITHUB_STEP_SUMMARY"`,
		Args: oneFileArg("ccr plan"),
		RunE: func(cmd *cobra.Command, args []string) error {
			file, err := opts.files.one("ccr plan")
			if err != nil {
				return err
			}
			if len(args) == 1 {
				file = args[0]
			}
			opts.file = file
			if err := opts.resolve(cmd, io); err != nil {
				return err
			}
			return planRun(cmd.Context(), opts)
		},
	}
	opts.addFlags(cmd)
	f := cmd.Flags()
	addFileFlag(cmd, &opts.files, "the ccr `FILE` to plan; one per run")
	f.StringVar(&opts.out, "out", "", "also save the plan as JSON to `PLAN.json`, for \"ccr apply PLAN.json\"")
	f.BoolVar(&opts.force, "force", false, "with --out, replace the file even when it is not a saved plan")
	f.StringVar(&opts.format, "format", "text", "print the plan on stdout as `FORMAT`: text, markdown or json")
	f.BoolVar(&opts.detailedExitcode, "detailed-exitcode", false, "exit 2 when the plan would create, link, switch over or update services (drift alone exits 0)")
	f.BoolVar(&opts.comment, "comment", false, "keep one plan comment on the pull request (GitHub Actions)")
	f.BoolVar(&opts.noLabel, "no-label", false, "with --comment, leave the pull request's labels alone (set no ccr:* label)")
	f.BoolVar(&opts.driftIssue, "drift-issue", false, "open, update or close the drift issue (GitHub Actions)")
	addPlanInputFlags(f, &opts.inputs)
	completeValues(cmd, "format", formatsPlan...)
	completeFiles(cmd, "out", "json")
	cmd.ValidArgsFunction = ccrFileCompletion(1)
	return cmd
}

func planRun(ctx context.Context, opts *planOptions) error {
	if err := checkFormat(opts.format, formatsPlan...); err != nil {
		return err
	}
	// One spelling of the file everywhere: markers in comments and issues
	// match on it, so "./ccr.yaml" and "ccr.yaml" must not make two.
	opts.file = relativeName(opts.file)
	if err := checkOut(opts.out, opts.file, opts.force); err != nil {
		return err
	}
	var g *gitHub
	if opts.comment || opts.driftIssue {
		g = newGitHub(opts.io, opts.networkOptions)
	}
	spec, diags := loadSpec(opts.io, opts.file)
	if len(diags) > 0 {
		g.fail(ctx, opts, "invalid file", diagLines(diags))
		return silentExit(ExitError)
	}
	if why := validateOnlyReason(opts.io, g); opts.comment && why != "" {
		validateOnly(opts.io, g, opts.file, why, spec)
		return nil
	}
	p, err := readAndPlan(ctx, opts.io, opts.networkOptions, spec, opts.inputs.options())
	if err != nil {
		err = setupError(opts.io, err)
		g.fail(ctx, opts, "plan failed", []string{mask(opts.io, err.Error())})
		return err
	}
	if err := writePlan(opts.io, p, opts.format); err != nil {
		return err
	}
	if opts.out != "" {
		if err := savePlan(opts.out, p); err != nil {
			return err
		}
		fmt.Fprintln(opts.io.ErrOut, savedNote(opts.out, p))
	}
	g.publish(ctx, opts, p)
	return planExit(p, opts.detailedExitcode)
}

// readAndPlan builds the Aiven client from the environment and computes the
// plan with it.
func readAndPlan(ctx context.Context, io *IOStreams, net networkOptions, spec *schema.Spec, po plan.Options) (*plan.Plan, error) {
	client, err := newAivenClient(io, net)
	if err != nil {
		return nil, err
	}
	return computePlan(ctx, client, spec, po)
}

// computePlan reads the live state of every project the spec names and diffs
// it into a plan, with the inputs the command line gives (a budget).
func computePlan(ctx context.Context, client *aiven.Client, spec *schema.Spec, po plan.Options) (*plan.Plan, error) {
	live, err := client.ReadLive(ctx, spec)
	if err != nil {
		return nil, fmt.Errorf("read live state: %w", err)
	}
	return plan.ComputeWith(spec, live, po), nil
}

// planExit maps a plan to the command's exit status.
func planExit(p *plan.Plan, detailed bool) error {
	switch {
	case !p.Applyable():
		return silentExit(ExitError)
	case detailed && p.HasChanges():
		return silentExit(ExitChanges)
	}
	return nil
}

func checkFormat(format string, allowed ...string) error {
	return checkChoice("format", format, allowed...)
}
