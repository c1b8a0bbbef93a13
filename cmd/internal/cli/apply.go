package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/plan"
)

type applyOptions struct {
	networkOptions
	io    *IOStreams
	files fileFlag
	file  string
	// fileSet: -f was given, so a saved plan must have been made from file.
	fileSet      bool
	planFile     string
	autoApprove  bool
	parallelism  int
	waitTimeout  time.Duration
	pollInterval time.Duration
	format       string
	comment      bool
	joinAfter    string
	joinAfterSet bool
	inputs       planInputs
	noLabel      bool
}

func newApplyCmd(io *IOStreams) *cobra.Command {
	opts := &applyOptions{io: io}
	cmd := &cobra.Command{
		Use:   "apply [-f FILE] [PLAN.json]",
		Short: "Create, link and update the declared services",
		Long: `Create every service the plan says is missing: the first service of a new pair,
then, as soon as that create is accepted, its peer joined to it with
service_to_join_with and its own cassandra.datacenter, as Aiven's guide runs
the two creates back to back; Aiven builds both at once. If the API refuses
that early join, apply waits for the first service to be RUNNING and tries
once more (--join-after running always waits). Independent pairs proceed at
once.

Then it updates in place what the file declares and an existing service
does not have: plan, disk_space_mb, termination_protection and the tag keys
the file names (other tags are left alone). A CCR pair's plan and disk
change with one request on one member, which Aiven applies to both; apply
waits until both show the new values and are RUNNING again. A downgrade
that removes capacity needs allow_downgrade: true or --allow-downgrade.
Before each update apply reads the service and sends only what still
differs, so a re-run or a concurrent apply changes nothing twice. ccr never
deletes, powers off or moves a service to another cloud or VPC.

With a saved plan (from "ccr plan --out"), apply first checks that the ccr
file the plan names still has the bytes the plan was made from (their
sha256, which it prints) and, with -f FILE, that the plan was made from
FILE. It then re-reads the live state, recomputes the plan and refuses when
the live state changed ("plan is stale") or the saved changes are not the
plan it computes ("plan changed"); it executes the plan it computed. With
a file alone it computes the plan, shows it, and asks for confirmation on a
terminal unless --auto-approve is given; without a terminal it refuses
unless --auto-approve.

Like plan, it refuses a plan with conflicts or over a budget: the file's
budgets and --max-monthly-increase, checked on the plan it computes. A
saved plan's own conflicts and budgets are never trusted; a limit it
records from "ccr plan --max-monthly-increase" can only make apply
stricter, so pass the same limit to apply, or put it in the file.

The first Ctrl-C (or SIGTERM) starts nothing new, lets requests in flight
finish and prints the partial result; a second one cancels at once. A re-run
converges: a service whose create response was lost is recognised, not
created twice. An update the API refuses is reported with its message, and
the rest of the run goes on (exit 3).

One file (or saved plan) per run, as for ccr plan: to apply several files,
run ccr apply once per file.

Exit status: 0 every declared service exists and is RUNNING; 1 refused
(conflicts, stale or changed plan, a saved plan of another file than -f,
invalid file, pull_request event); 3
interrupted, partly failed, not RUNNING within --wait-timeout, or the API did
not answer (run it again).`,
		Example: `  ccr plan --out plan.json && ccr apply plan.json -f ccr.yaml
  ccr apply -f ccr.yaml --auto-approve --parallelism 8 --format json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.takeArgs(cmd, args); err != nil {
				// Refused before it ran: --format json still gets its
				// document.
				err = refuse(apply.RefusedFlags, err)
				writeRefusal(opts, time.Now(), nil, err)
				return err
			}
			return applyRun(cmd.Context(), opts)
		},
	}
	opts.addFlags(cmd)
	f := cmd.Flags()
	addFileFlag(cmd, &opts.files, "the ccr `FILE` to plan and apply, one per run; with a saved PLAN.json, the file it must have been made from")
	f.BoolVar(&opts.autoApprove, "auto-approve", false, "apply without asking for confirmation")
	f.IntVar(&opts.parallelism, "parallelism", apply.DefaultParallelism, "at most `N` API requests in flight")
	f.DurationVar(&opts.waitTimeout, "wait-timeout", apply.DefaultWaitTimeout, "how long each service may take to become RUNNING")
	f.DurationVar(&opts.pollInterval, "poll-interval", apply.DefaultPollInterval, "first delay between state polls")
	f.StringVar(&opts.format, "format", "text", "print the result on stdout as `FORMAT`: text or json")
	f.BoolVar(&opts.comment, "comment", false, "report the result on the merged pull request (GitHub Actions)")
	f.BoolVar(&opts.noLabel, "no-label", false, "with --comment, leave the merged pull request's labels alone (set no ccr:applied or ccr:apply-failed)")
	f.StringVar(&opts.joinAfter, "join-after", plan.JoinAfterCreated,
		"`WHEN` to create a joining service: created (as soon as its target's create is accepted) or running (once the target is RUNNING)")
	addPlanInputFlags(f, &opts.inputs)
	_ = f.MarkHidden("poll-interval")
	completeValues(cmd, "format", formatsApply...)
	completeValues(cmd, "join-after", plan.JoinAfterCreated, plan.JoinAfterRunning)
	cmd.ValidArgsFunction = savedPlanCompletion
	return cmd
}

// takeArgs reads the file or saved plan and the flags that need the
// environment or another flag to mean something.
func (opts *applyOptions) takeArgs(cmd *cobra.Command, args []string) error {
	file, err := opts.files.one("ccr apply")
	if err != nil {
		return err
	}
	opts.file = file
	if len(args) == 1 {
		opts.planFile = args[0]
		opts.fileSet = cmd.Flags().Changed("file")
	}
	if err := opts.resolve(cmd, opts.io); err != nil {
		return err
	}
	opts.joinAfterSet = cmd.Flags().Changed("join-after")
	return nil
}

func applyRun(ctx context.Context, opts *applyOptions) error {
	started := time.Now()
	if ev := opts.io.Env("GITHUB_EVENT_NAME"); ev == "pull_request" || ev == "pull_request_target" {
		err := refuse(apply.RefusedPullRequest, fmt.Errorf("ccr apply does not run for %s events: changes are applied after merge (run \"ccr plan --comment\" in pull requests)", ev))
		writeRefusal(opts, started, nil, err)
		return err
	}
	// The file is named as the plan comment names it, so that the apply
	// report finds the plan its pull request reviewed.
	opts.file = relativeName(opts.file)
	p, res, err := applyPlan(ctx, opts, started)
	err = setupError(opts.io, err)
	if err != nil && res == nil {
		// Nothing ran, so nothing was printed: the JSON form still gets
		// its document.
		writeRefusal(opts, started, p, err)
	}
	opts.report(ctx, p, res, err)
	switch {
	case err != nil && res == nil && aiven.IsUnavailable(err):
		// Nothing ran because the API did not serve the reads: like an
		// interrupted apply, it is for running again, not for fixing.
		return withExit(ExitPartial, fmt.Errorf("%w; nothing was changed: run ccr apply again", err))
	case err != nil:
		return err
	case !res.Complete():
		fmt.Fprintln(opts.io.ErrOut, rerunHint(res))
		return silentExit(ExitPartial)
	}
	return nil
}

// applyPlan does apply's work and prints the result. p is nil when no plan
// was computed; res is nil when nothing ran, and then nothing was printed.
// started is when the command started: the times of a run with nothing to
// do.
func applyPlan(ctx context.Context, opts *applyOptions, started time.Time) (*plan.Plan, *apply.Result, error) {
	if err := checkFormat(opts.format, formatsApply...); err != nil {
		return nil, nil, err
	}
	if err := checkApplyFlags(opts); err != nil {
		return nil, nil, refuse(apply.RefusedFlags, err)
	}
	// A saved plan and its file are checked before the API is needed: a
	// ccr file given for a saved plan is told to use -f, token or not.
	var saved *reviewed
	if opts.planFile != "" {
		r, err := readReviewed(opts)
		if err != nil {
			return nil, nil, err
		}
		saved = r
	}
	client, err := newAivenClient(opts.io, opts.networkOptions)
	if err != nil {
		return nil, nil, refuse(apply.RefusedSetup, err)
	}
	p, err := planToApply(ctx, opts, client, saved)
	if err != nil {
		return p, nil, err
	}
	res := &apply.Result{}
	if p.HasChanges() || settling(p) {
		if res, err = execute(ctx, opts, client, p); err != nil {
			return p, nil, err
		}
	} else {
		fmt.Fprintln(opts.io.ErrOut, "No changes: every declared service exists. Nothing to apply.")
		res = &apply.Result{StartedAt: started, FinishedAt: time.Now()}
	}
	return p, res, writeApplyResult(opts, p, res)
}

// checkApplyFlags refuses flag values apply cannot use.
func checkApplyFlags(opts *applyOptions) error {
	switch {
	case opts.parallelism < 1:
		return fmt.Errorf("--parallelism %d: want at least 1", opts.parallelism)
	case opts.waitTimeout <= 0:
		return fmt.Errorf("--wait-timeout %v: want a positive duration such as 30m", opts.waitTimeout)
	case opts.pollInterval <= 0:
		return fmt.Errorf("--poll-interval %v: want a positive duration", opts.pollInterval)
	}
	return checkChoice("join-after", opts.joinAfter, plan.JoinAfterCreated, plan.JoinAfterRunning)
}

// report posts the apply's result, or why it did not run, on the merged pull
// request when --comment is set. p may be nil when no plan was computed.
func (opts *applyOptions) report(ctx context.Context, p *plan.Plan, res *apply.Result, failed error) {
	if !opts.comment {
		return
	}
	g := newGitHub(opts.io, opts.networkOptions)
	if g == nil {
		return
	}
	file, digest := opts.file, ""
	if p != nil {
		file, digest = p.File, p.ReviewDigest()
	}
	md := ""
	if failed != nil {
		md = refusalMarkdown(file, p, mask(opts.io, explain(failed)))
	} else {
		md = applyMarkdown(file, p, res)
	}
	g.reportApply(ctx, file, digest, md, applyLabel(res, failed), !opts.noLabel)
}

// settling reports whether a declared service exists but is still
// provisioning (an earlier apply was killed or interrupted): apply then waits
// for it, so that exit 0 always means every declared service is RUNNING.
func settling(p *plan.Plan) bool {
	for _, c := range p.Changes {
		if apply.Settling(c) {
			return true
		}
	}
	return false
}

// execute runs the plan with progress on stderr, turning the first
// interrupt into a graceful stop and the second into a cancel. On a
// terminal the progress view fits its size and follows its resizes.
func execute(ctx context.Context, opts *applyOptions, api apply.API, p *plan.Plan) (*apply.Result, error) {
	view := apply.ProgressOptions{}
	if opts.io.ErrTTY {
		resized, stopWatching := watchResize()
		defer stopWatching()
		view = apply.ProgressOptions{
			Size:   opts.io.ErrSize,
			Resize: resized,
			Color:  opts.io.ColorEnabled(opts.io.ErrTTY),
		}
	}
	progress := apply.NewProgress(opts.io.ErrOut, opts.io.ErrTTY, view)
	ctx, stop, release := interruptible(ctx, opts.io, progress.Note)
	defer release()
	res, err := apply.Run(ctx, api, p, apply.Options{
		JoinAfter:    p.JoinOrder(),
		Parallelism:  opts.parallelism,
		WaitTimeout:  opts.waitTimeout,
		PollInterval: opts.pollInterval,
		// The backoff may start lower, never the longest Retry-After
		// apply honours.
		RetryBase: applyRetryBase(opts.io),
		RetryMax:  apply.DefaultRetryMax,
		Stop:      stop,
		Observer:  progress,
	})
	progress.Close()
	return res, err
}
