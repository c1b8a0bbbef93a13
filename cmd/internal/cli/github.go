package cli

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/cmd/internal/github"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/plan/render"
	"github.com/ccr-dev/ccr/schema"
)

// gitHub is the GitHub side of one run: where to post and what to mask. A
// nil *gitHub (no Actions environment) posts nothing.
type gitHub struct {
	io  *IOStreams
	cfg github.Config
}

// newGitHub reads the Actions environment. Outside Actions, or without a
// token, it warns once and returns nil: a comment is never worth failing a
// plan or an apply for.
func newGitHub(io *IOStreams, net networkOptions) *gitHub {
	cfg, err := github.ConfigFromEnv(io.Env)
	if err == nil {
		err = checkGitHubAPIURL(cfg.APIURL)
	}
	if err != nil {
		warn(io, "not posting to GitHub: %v", err)
		return nil
	}
	cfg.HTTPClient = net.httpClient()
	cfg.Version = Version
	cfg.Secrets = secrets(io)
	return &gitHub{io: io, cfg: cfg}
}

// checkGitHubAPIURL refuses a GITHUB_API_URL that would send the token
// unencrypted to another machine.
func checkGitHubAPIURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("GITHUB_API_URL=%q is not an address such as https://api.github.com", render.OneLine(raw))
	}
	return refusePlainHTTP("GITHUB_API_URL", u)
}

// summarize appends markdown to the step summary; failures are warnings.
func (g *gitHub) summarize(md string) {
	if err := github.AppendStepSummary(g.cfg.StepSummary, mask(g.io, md)); err != nil {
		warn(g.io, "write step summary: %v", err)
	}
}

// planComment keeps the pull request's one plan comment for file current
// and writes the same markdown to the step summary. The comment's marker
// records label, which labelling a pull request with several files reads.
func (g *gitHub) planComment(ctx context.Context, file, digest, md string, label github.Label) {
	g.summarize(md)
	o, err := github.UpsertPlanComment(ctx, g.cfg, file, github.Meta{Digest: digest, Label: label}, md)
	g.report("plan comment", o, err)
}

// planLabel makes label the pull request's one ccr label, unless --no-label.
func (g *gitHub) planLabel(ctx context.Context, opts *planOptions, label github.Label) {
	if opts.noLabel {
		return
	}
	r, err := github.SyncPlanLabel(ctx, g.cfg, opts.file, label)
	g.reportLabel("plan label", r, err)
}

// reportLabel prints what a label sync did, on stderr; a label that could
// not be set is one warning, and never changes the exit status.
func (g *gitHub) reportLabel(what string, r github.LabelResult, err error) {
	switch {
	case err != nil:
		warn(g.io, "%s: %v", what, err)
	case r.Skipped:
	case r.Notice != "":
		warn(g.io, "%s: %s", what, r)
	default:
		fmt.Fprintf(g.io.ErrOut, "%s: %s\n", what, r)
	}
}

// labelFor is the label that says what merging p would do. Conflicts come
// first: apply refuses the whole plan, whatever else it would do. Then
// updates, which change services that run, whatever else the plan creates.
// A plan with drift only is ccr:no-changes: drift is what apply cannot
// change (cloud, VPC, datacenter, state), so merging does nothing (the
// drift issue tracks it).
func labelFor(p *plan.Plan) github.Label {
	switch {
	case !p.Applyable():
		return github.LabelConflict
	case p.Summary.Update > 0:
		return github.LabelUpdate
	case p.HasChanges():
		return github.LabelCreate
	}
	return github.LabelNoChanges
}

// applyLabel is the label for an apply's result: ccr:applied exactly when
// the exit status is 0 (every declared service exists and is RUNNING);
// refused, failed, interrupted or still provisioning is ccr:apply-failed.
func applyLabel(res *apply.Result, failed error) github.Label {
	if failed != nil || res == nil || !res.Complete() {
		return github.LabelApplyFailed
	}
	return github.LabelApplied
}

// validateOnly explains on stderr, and in the step summary when there is a
// GitHub environment, why this run only validated the file.
func validateOnly(io *IOStreams, g *gitHub, file, why string, spec *schema.Spec) {
	fmt.Fprintf(io.ErrOut, "Notice: %s\n", why)
	if g != nil {
		g.summarize(fmt.Sprintf("### 🔒 ccr plan · `%s` · validated only\n\n%s is valid (%d project(s)). %s\n",
			file, file, len(spec.Projects), why))
	}
}

// report prints what a GitHub operation did, on stderr.
func (g *gitHub) report(what string, o github.Outcome, err error) {
	if err != nil {
		warn(g.io, "%s: %v", what, err)
		return
	}
	fmt.Fprintf(g.io.ErrOut, "%s: %s\n", what, o)
}

// driftIssue opens, updates or closes the file's drift issue. It is open
// while live state differs from the file in any way: what the next apply
// would change back (a service to create, settings to update in place) as
// much as the drift apply cannot change (cloud, VPC, datacenter, state),
// which md lists apart.
func (g *gitHub) driftIssue(ctx context.Context, file string, p *plan.Plan, md string) {
	drifted := p.HasChanges() || len(p.Drift) > 0 || !p.Applyable()
	o, err := github.SyncDriftIssue(ctx, g.cfg, file, drifted, md)
	g.report("drift issue", o, err)
}

// reportApply posts the apply result on the pull request(s) merged in this
// commit and says when it differs from the plan they reviewed; with relabel
// it also makes label their one ccr label.
func (g *gitHub) reportApply(ctx context.Context, file, digest, md string, label github.Label, relabel bool) {
	g.summarize(md)
	rep, err := github.ReportApply(ctx, g.cfg, "", file, md, digest, label)
	if err != nil {
		warn(g.io, "apply report: %v", err)
	}
	if rep.Notice != "" {
		fmt.Fprintf(g.io.ErrOut, "apply report: %s\n", rep.Notice)
	}
	for _, pr := range rep.PRs {
		fmt.Fprintf(g.io.ErrOut, "apply report on #%d: %s\n", pr.Number, pr.Outcome)
		if relabel {
			r, err := github.SyncApplyLabel(ctx, g.cfg, pr.Number, file, label)
			g.reportLabel(fmt.Sprintf("apply label on #%d", pr.Number), r, err)
		}
	}
}

// failureMarkdown is the ❌ comment for a plan that could not be computed:
// what went wrong and what to fix.
func failureMarkdown(file, title string, problems []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### ❌ ccr plan · `%s` · %s\n\nFix the following and push again; nothing can be applied until then.\n\n", file, title)
	b.WriteString(textBlock(problems))
	return b.String()
}

// textBlock fences lines as plain text. A fence marker inside a line is
// broken up, so no message can close the block early.
func textBlock(lines []string) string {
	var b strings.Builder
	b.WriteString("~~~text\n")
	for _, l := range lines {
		b.WriteString(strings.ReplaceAll(render.Printable(l), "~~~", "~ ~ ~") + "\n")
	}
	b.WriteString("~~~\n")
	return b.String()
}

// planMarkdown renders p for the comment and the summary, or with
// driftIssue for the drift issue, fitted to GitHub's limit by cutting
// detail, never the verdict.
func planMarkdown(io *IOStreams, g *gitHub, p *plan.Plan, driftIssue bool) string {
	opts := markdownOptions(io)
	if g != nil {
		opts.HeadSHA = g.cfg.Event.HeadSHA
	}
	opts.DriftIssue = driftIssue
	return render.MarkdownFit(p, opts, render.DefaultBudget)
}

func warn(io *IOStreams, format string, args ...any) {
	fmt.Fprintf(io.ErrOut, "Warning: %s\n", render.Printable(mask(io, fmt.Sprintf(format, args...))))
}

// publish posts a computed plan where the flags ask for it.
func (g *gitHub) publish(ctx context.Context, opts *planOptions, p *plan.Plan) {
	if g == nil {
		return
	}
	if opts.comment {
		label := labelFor(p)
		g.planComment(ctx, opts.file, p.ReviewDigest(), planMarkdown(opts.io, g, p, false), label)
		g.planLabel(ctx, opts, label)
	}
	if opts.driftIssue {
		g.driftIssue(ctx, opts.file, p, planMarkdown(opts.io, g, p, true))
	}
}

// fail reports a plan that could not be computed: in the comment, the
// summary and the label (ccr:error) with --comment. The drift issue is left
// alone: a broken file or an API outage says nothing about drift.
func (g *gitHub) fail(ctx context.Context, opts *planOptions, title string, problems []string) {
	if g == nil || !opts.comment {
		return
	}
	g.planComment(ctx, opts.file, "", failureMarkdown(opts.file, title, problems), github.LabelError)
	g.planLabel(ctx, opts, github.LabelError)
}

// validateOnlyReason says why a pull-request run cannot read Aiven and must
// only validate: a fork's token and secrets are withheld by GitHub. "" means
// a full plan is possible.
func validateOnlyReason(io *IOStreams, g *gitHub) string {
	switch {
	case g != nil && g.cfg.Event.IsFork():
		return "This pull request comes from a fork, which GitHub gives no secrets and a read-only token: ccr validated the file; a maintainer's run shows the plan."
	case secretValue(io, "AIVEN_TOKEN") == "":
		return "AIVEN_TOKEN is not set in this run, so ccr validated the file without reading Aiven."
	}
	return ""
}

func diagLines(diags schema.Diagnostics) []string {
	lines := make([]string, len(diags))
	for i, d := range diags {
		lines[i] = d.String()
	}
	return lines
}
