package render

import (
	"fmt"
	"strings"

	"github.com/ccr-dev/ccr/plan"
)

// DefaultBudget is the markdown size, in runes, that MarkdownFit aims for by
// default: GitHub rejects comments over 65,536 characters, and the margin
// leaves room for the marker the GitHub layer prepends.
const DefaultBudget = 60000

// MarkdownOptions are the facts about the run that the plan does not hold.
type MarkdownOptions struct {
	// Header is prepended verbatim, on its own line (the GitHub layer's
	// hidden marker). It is never cut.
	Header string
	// Version is the ccr version shown in the footer.
	Version string
	// HeadSHA is the pull request's head commit (not GITHUB_SHA, which is
	// the merge commit); the footer shows it abbreviated.
	HeadSHA string
	// RunURL links the footer to the workflow run.
	RunURL string
	// DefaultBranch names the branch whose merge triggers apply ("" says
	// "the default branch").
	DefaultBranch string
	// DriftIssue says the markdown is the body of the drift issue, which a
	// scheduled check keeps, not a pull request's: nothing is merged, so
	// the closing note says what the next apply would change back.
	DriftIssue bool
}

// Markdown renders p as a pull-request comment, complete, whatever its size.
// Use MarkdownFit for anything posted to GitHub.
func Markdown(p *plan.Plan, opts MarkdownOptions) string {
	return Printable(newDoc(p, opts).assemble(full))
}

// MarkdownFit renders p as a pull-request comment of at most budget runes.
// It gives up detail in a fixed order (see fit.go) and never the verdict or
// the footer.
func MarkdownFit(p *plan.Plan, opts MarkdownOptions, budget int) string {
	// printable keeps the rune count, so the budget still holds.
	return Printable(newDoc(p, opts).fit(budget))
}

// doc is a comment split into sections, so that Fit can choose how much of
// each to keep without re-parsing markdown.
type doc struct {
	header, verdict, footer string
	// notes are the plan's warnings, kept with the verdict: they say what
	// a "no changes" verdict alone would hide.
	notes string
	// cost is the cost line (and budget line) under the verdict, kept
	// whenever the verdict is.
	cost string
	// compact docs (no changes, nothing to warn about) are the verdict and
	// the footer only.
	compact          bool
	caution, warning block
	table            block
	// updates lists each updated service's fields, before → after.
	updates            block
	unmanaged          string
	diff               diffSection
	diagram            string
	prereqs, nextSteps block
	// followUps are the steps a replica group's member needs after apply.
	followUps block
	mergeNote string
}

func newDoc(p *plan.Plan, opts MarkdownOptions) *doc {
	c := countPlan(p)
	d := &doc{
		header:  opts.Header,
		verdict: verdict(p, c),
		footer:  footer(p, opts),
		notes:   notesBlock(p),
		compact: c.changes() == 0 && len(p.Conflicts) == 0 && c.drift == 0,
	}
	if d.compact {
		return d
	}
	d.cost = costLines(p)
	d.caution = cautionBlock(p)
	d.warning = driftBlock(p)
	d.table = tableBlock(p)
	if hasGroups(p) {
		d.table = groupTableBlock(p)
	}
	d.unmanaged = unmanagedLine(p)
	d.diff = diffSection{lines: topologyDiff(p), blocked: !p.Applyable()}
	d.updates = updateBlock(p)
	// The diagram shows the shape a change gives the pairs and groups; with
	// nothing to reshape (updates change settings, never what replicates
	// with what) it would only repeat the table.
	if g := mermaid(p); g != "" && c.reshapes() > 0 {
		title := "Pairs by cloud"
		if hasGroups(p) {
			title = "Replication by cloud"
		}
		d.diagram = details(title, len(p.Changes) > 10, "```mermaid\n"+g+"```\n")
	}
	d.prereqs = prereqBlock(p)
	cql, followUps := splitNextSteps(p)
	d.nextSteps = nextStepBlock(cql)
	d.followUps = followUpBlock(followUps)
	d.mergeNote = mergeNote(p, c, opts)
	return d
}

func verdict(p *plan.Plan, c counts) string {
	parts := []string{"ccr plan", code(p.File)}
	icon := "🟡"
	switch {
	case len(p.Conflicts) > 0:
		icon = "❌"
		for _, s := range c.problems() {
			parts = append(parts, "**"+s+"**")
		}
		parts = append(parts, "apply blocked")
	case c.changes() == 0 && c.drift == 0:
		icon = "✅"
		parts = append(parts, "no changes")
	case c.changes() == 0:
		icon = "⚠️"
		parts = append(parts, "no changes")
	}
	bold := func(s string) string { return "**" + s + "**" }
	if len(p.Conflicts) > 0 {
		bold = same
	}
	if c.changes() > 0 {
		parts = append(parts, c.actions(bold)...)
	}
	parts = append(parts, fmt.Sprintf("%d unchanged", c.unchanged))
	if c.blocked > 0 {
		parts = append(parts, fmt.Sprintf("%d blocked", c.blocked))
	}
	if c.drift > 0 {
		parts = append(parts, fmt.Sprintf("%d drift", c.drift))
	}
	return fmt.Sprintf("### %s %s\n", icon, strings.Join(parts, " · "))
}

// costLines says what the plan adds to the monthly bill, and how it stands
// against each budget; "" for a plan without a cost (saved before 1.1).
func costLines(p *plan.Plan) string {
	if p.Cost == nil {
		return ""
	}
	parts := costParts(p.Cost, mdStyle)
	if service, why, ok := firstUnknown(p.Cost); ok {
		parts = append(parts, fmt.Sprintf("no price for %s: %s", code(service), prose(why)))
	}
	parts = append(parts, fmt.Sprintf("Aiven prices in USD, hourly × %d", p.Cost.HoursPerMonth))
	s := "**Cost:** " + strings.Join(parts, " · ") + "\n"
	if b := budgetParts(p.Cost, mdStyle); len(b) > 0 {
		s += "\n**Budget:** " + strings.Join(b, " · ") + "\n"
	}
	return s
}

func footer(p *plan.Plan, opts MarkdownOptions) string {
	parts := []string{"ccr"}
	if opts.Version != "" {
		parts[0] = "ccr " + prose(opts.Version)
	}
	parts = append(parts, code(p.File))
	if opts.HeadSHA != "" {
		parts = append(parts, "head "+code(ShortSHA(opts.HeadSHA)))
	}
	if fp := shortDigest(p.Fingerprint); fp != "" {
		parts = append(parts, "live state "+code(fp))
	}
	if opts.RunURL != "" {
		parts = append(parts, "[workflow run]("+strings.ReplaceAll(opts.RunURL, ")", "%29")+")")
	}
	return "<sub>" + strings.Join(parts, " · ") + "</sub>\n"
}

// shortDigest keeps "sha256:" and 12 hex digits, enough to tell two plans
// apart at a glance.
func shortDigest(d string) string {
	if i := strings.IndexByte(d, ':'); i >= 0 && len(d) > i+13 {
		return d[:i+13]
	}
	return d
}

func cautionBlock(p *plan.Plan) block {
	if len(p.Conflicts) == 0 {
		return block{}
	}
	b := block{
		head: fmt.Sprintf("> [!CAUTION]\n> **Nothing will be applied until %s fixed.** Change %s (or the services in Aiven) and push again:\n>\n",
			isAre(len(p.Conflicts), "this is", "these are"), code(p.File)),
		more: func(from int) string { return fmt.Sprintf("> - … and %d more\n", len(p.Conflicts)-from) },
	}
	for _, k := range p.Conflicts {
		where := code(k.Project)
		if k.Project == "" {
			where = "all projects" // a budget on the whole plan
		}
		if len(k.Services) > 0 {
			where += ": " + codes(k.Services)
		}
		pos := ""
		if k.Position != "" {
			pos = code(k.Position) + " "
		}
		b.items = append(b.items, fmt.Sprintf("> - %s**%s** %s — %s\n", pos, prose(k.Kind), where, prose(k.Message)))
	}
	return b
}

// notesBlock renders the plan's warnings as one note; as a warning that
// first says so when apply turns termination protection off, which lets
// Aiven delete the service when asked.
func notesBlock(p *plan.Plan) string {
	if len(p.Warnings) == 0 {
		return ""
	}
	var b strings.Builder
	if off := protectionOff(p); len(off) > 0 {
		fmt.Fprintf(&b, "> [!WARNING]\n> **Apply turns termination protection off** for %s.\n>\n",
			someOf(off, 5, code))
	} else {
		b.WriteString("> [!NOTE]\n")
	}
	for _, w := range p.Warnings {
		fmt.Fprintf(&b, "> - %s: %s\n", code(w.Project), prose(w.Message))
	}
	return b.String()
}

func driftBlock(p *plan.Plan) block {
	if len(p.Drift) == 0 {
		return block{}
	}
	b := block{
		head: fmt.Sprintf("> [!WARNING]\n> %s in Aiven %s from %s. **ccr will not change %s.**\n>\n",
			plural(len(p.Drift), "value"), isAre(len(p.Drift), "differs", "differ"), code(p.File),
			isAre(len(p.Drift), "it", "them")),
		more: func(from int) string { return fmt.Sprintf("> - … and %d more\n", len(p.Drift)-from) },
	}
	for _, d := range p.Drift {
		b.items = append(b.items, fmt.Sprintf("> - %s %s is %s in Aiven, expected %s\n",
			code(d.Project+"/"+d.Service), prose(d.Field), codeOrNone(d.Got), codeOrNone(d.Want)))
	}
	return b
}

// codeOrNone is v as a code span, or "(none)" when v is empty: an empty
// span would show its backticks.
func codeOrNone(v string) string {
	if v == "" {
		return "(none)"
	}
	return code(v)
}

func unmanagedLine(p *plan.Plan) string {
	m := unmanagedByProject(p)
	if len(m) == 0 {
		return ""
	}
	var parts []string
	for _, proj := range sortedKeys(m) {
		parts = append(parts, fmt.Sprintf("%d in %s", m[proj], code(proj)))
	}
	return fmt.Sprintf("Services not in %s, left alone: %s.\n", code(p.File), strings.Join(parts, ", "))
}

func prereqBlock(p *plan.Plan) block {
	if len(p.Prerequisites) == 0 {
		return block{}
	}
	b := block{
		head: "#### Before merging\n\n",
		more: func(from int) string { return fmt.Sprintf("- … and %d more\n", len(p.Prerequisites)-from) },
	}
	for _, r := range p.Prerequisites {
		item := fmt.Sprintf("- %s: %s\n", code(r.Project+"/"+r.Service), prose(r.Message))
		if r.CQL != "" {
			// A fence indented under the bullet stays inside the list item.
			f := Fence(r.CQL)
			item += fmt.Sprintf("\n  For example, in `cqlsh` on %s:\n\n  %ssql\n  %s\n  %s\n", code(r.Service), f,
				strings.ReplaceAll(statement(r.CQL), "\n", "\n  "), f)
		}
		b.items = append(b.items, item)
	}
	return b
}

func nextStepBlock(steps []plan.NextStep) block {
	if len(steps) == 0 {
		return block{}
	}
	var body strings.Builder
	items := make([]string, len(steps))
	for i, s := range steps {
		items[i] = fmt.Sprintf("-- %s/%s: keyspace %s\n%s\n", s.Project, s.Service, s.Keyspace, statement(s.CQL))
		body.WriteString(items[i])
	}
	f := Fence(body.String())
	return block{
		head:  "#### After apply: replicate keyspaces\n\nRun in `cqlsh` once both services of the pair are RUNNING:\n\n" + f + "sql\n",
		items: items,
		more:  func(from int) string { return fmt.Sprintf("-- … and %d more statements\n", len(items)-from) },
		tail:  f + "\n",
	}
}

// followUpBlock lists what a replica group's member needs once apply has
// run that ccr cannot do, such as starting an OpenSearch follower's
// replication.
func followUpBlock(steps []plan.NextStep) block {
	if len(steps) == 0 {
		return block{}
	}
	b := block{
		head: "#### After apply\n\nccr cannot do this for you:\n\n",
		more: func(from int) string { return fmt.Sprintf("- … and %d more\n", len(steps)-from) },
	}
	for _, s := range steps {
		b.items = append(b.items, fmt.Sprintf("- %s: %s\n", code(s.Project+"/"+s.Service), prose(s.Message)))
	}
	return b
}

// statement ends CQL with the semicolon cqlsh waits for.
func statement(cql string) string {
	cql = strings.TrimSpace(cql)
	if !strings.HasSuffix(cql, ";") {
		cql += ";"
	}
	return cql
}

func mergeNote(p *plan.Plan, c counts, opts MarkdownOptions) string {
	if !p.Applyable() || c.changes() == 0 {
		return ""
	}
	note := whatApplyDoes(p, c, opts)
	switch {
	case c.update > 0 && c.create > 0:
		note += " Updates run after the creates; apply waits until each updated service shows the new settings and is RUNNING again."
	case c.update > 0:
		note += " Apply waits until each updated service shows the new settings and is RUNNING again."
	}
	if hasGroups(p) {
		return note + groupMergeNote(p) + "\n"
	}
	news := created(p)
	for _, ch := range p.Changes {
		if waitFor(ch, news) == "" {
			continue
		}
		if p.JoinOrder() == plan.JoinAfterRunning {
			note += " A new pair is created in two steps: the second service joins once the first is RUNNING."
		} else {
			note += " The second service of a new pair is created right after the first, joined to it, and Aiven " +
				"builds both at once; if Aiven refuses that early join, apply waits for the first to be RUNNING and tries once more."
		}
		break
	}
	return note + "\n"
}

// whatApplyDoes opens the merge note: what the apply job does on merge, or,
// in the drift issue, where nothing is merged, what the next apply would
// change back.
func whatApplyDoes(p *plan.Plan, c counts, opts MarkdownOptions) string {
	if opts.DriftIssue {
		return fmt.Sprintf("**The next apply** of %s %s, restoring what the file declares; to keep what Aiven has "+
			"now, change the file instead.", code(p.File), applyWords(c))
	}
	branch := "the default branch"
	if opts.DefaultBranch != "" {
		branch = code(opts.DefaultBranch)
	}
	return fmt.Sprintf("**On merge to %s**, the apply job %s.", branch, applyWords(c))
}

func details(summary string, collapsed bool, body string) string {
	if !collapsed {
		return body
	}
	return "<details><summary>" + summary + "</summary>\n\n" + body + "\n</details>\n"
}

func codes(ss []string) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = code(s)
	}
	return strings.Join(out, ", ")
}

func isAre(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
