package render

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/ccr-dev/ccr/plan"
)

// TextOptions configures the terminal view.
type TextOptions struct {
	// Color turns on ANSI colour. The CLI decides it once, from the TTY,
	// NO_COLOR and CLICOLOR; the renderer never looks at the environment.
	Color bool
}

// ANSI SGR sequences used by the text view.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
)

// Text writes the terminal view of p to w, in the spirit of terraform plan:
// one block per service to create, one line per other service, then
// conflicts, drift, prerequisites, CQL next steps and a summary line.
func Text(w io.Writer, p *plan.Plan, opts TextOptions) error {
	t := &textView{color: opts.Color}
	t.changes(p)
	t.conflicts(p)
	t.warnings(p)
	t.drift(p)
	t.prerequisites(p)
	t.nextSteps(p)
	t.unmanaged(p)
	t.summary(p)
	if _, err := io.WriteString(w, t.b.String()); err != nil {
		return fmt.Errorf("write text plan: %w", err)
	}
	return nil
}

type textView struct {
	b     strings.Builder
	color bool
}

// painted is text that carries the view's own escape sequences; line
// passes it through, while plain string arguments lose their control
// characters.
type painted string

func (t *textView) paint(code, s string) painted {
	s = singleLine(s)
	if !t.color {
		return painted(s)
	}
	return painted(code + s + ansiReset)
}

// line writes one formatted line. String arguments come from the file or
// the API, so control characters in them, newlines included, are made
// harmless first: every line break in the view is the format's own.
func (t *textView) line(format string, args ...any) {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = singleLine(s)
		}
	}
	fmt.Fprintf(&t.b, format+"\n", args...)
}

// section starts a titled group, one blank line after the previous one.
func (t *textView) section(title string) {
	t.line("\n%s", t.paint(ansiBold, title))
}

func (t *textView) changes(p *plan.Plan) {
	drifted, news, costs, idx := driftedServices(p), created(p), costsByService(p), indexChanges(p)
	project := ""
	for _, c := range p.Changes {
		if c.Project != project {
			project = c.Project
			if t.b.Len() > 0 {
				t.line("")
			}
			t.line("%s", t.paint(ansiBold, "project "+project))
		}
		cc, priced := costs[serviceKey{c.Project, c.Service}]
		name := c.Service
		switch {
		case inGroup(c) && c.Action == plan.Blocked:
			// What the service is (its live type and version when it
			// exists) is what the conflict is about.
			name += " (" + typeText(c) + ")"
		case inGroup(c):
			name += " (" + describe(c) + ")"
		}
		switch {
		case c.Action == plan.Create:
			price := ""
			if priced {
				price = createPrice(cc)
			}
			t.create(p.JoinOrder(), c, waitFor(c, news), price, awaitPhrase(c, idx.dependency(c), textWords))
		case c.Action == plan.Link:
			t.line("  %s%s", t.paint(ansiYellow, "~ "+linkPhrase(c)), headCost(c, cc, priced))
			t.updates(c, cc, priced)
		case c.Action == plan.Switchover:
			t.line("  %s%s", t.paint(ansiYellow, "~ "+switchPhrase(c)), headCost(c, cc, priced))
			t.updates(c, cc, priced)
		case c.Action == plan.Update:
			also := ""
			if drifted[[2]string{c.Project, c.Service}] {
				also = ", also drifted (see below)"
			}
			t.line("  %s %s%s%s", t.paint(ansiYellow, "~ update"), t.paint(ansiBold, name), also, headCost(c, cc, priced))
			t.updates(c, cc, priced)
		case c.Action == plan.Blocked:
			t.line("  %s %s blocked by a conflict%s", t.paint(ansiRed, "!"), name, nowCost(cc, priced))
		case drifted[[2]string{c.Project, c.Service}]:
			t.line("  %s %s unchanged, drifted (see below)%s", t.paint(ansiYellow, "~"), name, nowCost(cc, priced))
		default:
			t.line("  %s", t.paint(ansiDim, fmt.Sprintf("= %s unchanged%s", name, nowCost(cc, priced))))
		}
	}
}

// create writes the block for a new service; wait names the new service it
// is created after ("" when none), price what it will cost ("" when the plan
// has no cost), await what a group's member waits for ("" when nothing).
func (t *textView) create(order string, c plan.Change, wait, price, await string) {
	t.line("  %s %s", t.paint(ansiGreen, "+ create"), t.paint(ansiBold, c.Service))
	attr := func(k, v string) { t.line("      %-22s %s", k, v) }
	group := inGroup(c)
	if group {
		attr("type", typeText(c))
		attr("kind", memberOf(c, textWords))
	}
	attr("cloud", c.Cloud)
	attr("plan", c.Plan)
	attr("disk", diskText(c.DiskSpaceMB))
	if !group {
		attr("datacenter", c.Datacenter)
	}
	if c.ProjectVPCID != "" {
		attr("project vpc", c.ProjectVPCID)
	}
	if c.TerminationProtection != nil {
		attr("termination protection", map[bool]string{true: "on", false: "off"}[*c.TerminationProtection])
	}
	if len(c.Tags) > 0 {
		attr("tags", tagsText(c.Tags))
	}
	if price != "" {
		attr("price", price)
	}
	if c.JoinWith != "" {
		t.line("      %s", joinPhrase(order, c, wait, func(s string) string { return s }))
	}
	switch {
	case group && await != "":
		t.line("      %s", await)
	case !group && wait != "" && wait != c.JoinWith:
		t.line("      after %s is RUNNING", wait)
	}
}

// updates writes the fields an update changes, one line each, and what
// it does to the service's monthly price when it changes its plan or disk.
func (t *textView) updates(c plan.Change, cc plan.ChangeCost, priced bool) {
	for _, u := range c.Updates {
		t.line("      %-22s %s", fieldLabel(u.Field), updateText(u))
	}
	if priced && cc.Update != nil {
		t.line("      %-22s %s", "price", updatePrice(cc))
	}
}

// headCost is what the line naming an existing service says of its price:
// what it costs now, unless an update changes that, which a price line
// under it then shows.
func headCost(c plan.Change, cc plan.ChangeCost, priced bool) string {
	if priced && cc.Update != nil {
		return ""
	}
	return nowCost(cc, priced)
}

func (t *textView) conflicts(p *plan.Plan) {
	if len(p.Conflicts) == 0 {
		return
	}
	t.section("Conflicts (nothing is applied until they are fixed):")
	for _, k := range p.Conflicts {
		who := k.Project
		if who == "" {
			who = "all projects" // a budget on the whole plan
		}
		if len(k.Services) > 0 {
			who += ": " + strings.Join(k.Services, ", ")
		}
		pos := ""
		if k.Position != "" {
			pos = k.Position + ": "
		}
		t.line("  %s %s%s: %s: %s", t.paint(ansiRed, "!"), pos, k.Kind, who, k.Message)
	}
}

func (t *textView) warnings(p *plan.Plan) {
	if len(p.Warnings) == 0 {
		return
	}
	t.section("Warnings:")
	for _, w := range p.Warnings {
		t.line("  %s %s: %s", t.paint(ansiYellow, "!"), w.Project, w.Message)
	}
}

func (t *textView) drift(p *plan.Plan) {
	if len(p.Drift) == 0 {
		return
	}
	t.section("Drift (ccr will not change it):")
	for _, d := range p.Drift {
		t.line("  %s %s/%s %s is %s in Aiven, expected %s", t.paint(ansiYellow, "~"),
			d.Project, d.Service, d.Field, orNone(d.Got), orNone(d.Want))
	}
}

// orNone shows an empty value, such as no VPC (the public network), as
// "(none)" rather than as nothing.
func orNone(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}

func (t *textView) prerequisites(p *plan.Plan) {
	if len(p.Prerequisites) == 0 {
		return
	}
	t.section("Before apply (the API cannot check this):")
	for _, r := range p.Prerequisites {
		t.line("  • %s/%s: %s", r.Project, r.Service, r.Message)
		if r.CQL != "" {
			t.line("    for example: %s", statement(r.CQL))
		}
	}
}

func (t *textView) nextSteps(p *plan.Plan) {
	cql, followUps := splitNextSteps(p)
	if len(cql) > 0 {
		title := "After apply, run in cqlsh once both services of the pair are RUNNING:"
		switch {
		case !p.HasChanges():
			title = "For reference, the CQL that replicates the declared keyspaces (nothing to apply; run it if you have not):"
		case countPlan(p).reshapes() == 0:
			title = "For reference, the CQL that replicates the declared keyspaces (apply creates no pair; run it if you have not):"
		}
		t.section(title)
		for _, s := range cql {
			t.line("  -- %s/%s: keyspace %s", s.Project, s.Service, s.Keyspace)
			t.line("  %s", statement(s.CQL))
		}
	}
	if len(followUps) > 0 {
		t.section("After apply (ccr cannot do this for you):")
		for _, s := range followUps {
			t.line("  • %s/%s: %s", s.Project, s.Service, s.Message)
		}
	}
}

// splitNextSteps separates the CQL that replicates a pair's keyspaces from
// the steps a replica group's member needs (a Message, no CQL).
func splitNextSteps(p *plan.Plan) (cql, followUps []plan.NextStep) {
	for _, s := range p.NextSteps {
		if s.CQL == "" && s.Message != "" {
			followUps = append(followUps, s)
		} else {
			cql = append(cql, s)
		}
	}
	return cql, followUps
}

func (t *textView) unmanaged(p *plan.Plan) {
	m := unmanagedByProject(p)
	if len(m) == 0 {
		return
	}
	t.line("")
	for _, proj := range sortedKeys(m) {
		t.line("%s in %s %s not in %s; ccr leaves %s alone.", plural(m[proj], "service"), proj,
			isAre(m[proj], "is", "are"), p.File, isAre(m[proj], "it", "them"))
	}
}

func (t *textView) summary(p *plan.Plan) {
	c := countPlan(p)
	t.line("")
	if c.changes() == 0 && len(p.Conflicts) == 0 {
		msg := fmt.Sprintf("No changes. Aiven matches %s (%s unchanged).", p.File, plural(c.unchanged, "service"))
		if len(p.Warnings) > 0 {
			msg = fmt.Sprintf("No changes. Aiven matches %s (%s unchanged); %s above.", p.File,
				plural(c.unchanged, "service"), plural(len(p.Warnings), "warning"))
		}
		if c.drift > 0 {
			msg = fmt.Sprintf("No changes. %s unchanged; %s above, which ccr will not change.",
				plural(c.unchanged, "service"), plural(c.drift, "drift warning"))
		}
		t.line("%s", t.paint(ansiBold, msg))
		t.cost(p)
		return
	}
	parts := append(c.actions(same), fmt.Sprintf("%d unchanged", c.unchanged))
	if c.blocked > 0 {
		parts = append(parts, fmt.Sprintf("%d blocked", c.blocked))
	}
	parts = append(parts, c.problems()...)
	if c.drift > 0 {
		parts = append(parts, fmt.Sprintf("%d drift", c.drift))
	}
	t.line("%s", t.paint(ansiBold, "Plan: "+strings.Join(parts, ", ")+"."))
	if off := protectionOff(p); len(off) > 0 {
		t.line("%s", t.paint(ansiYellow, fmt.Sprintf("Apply turns termination protection off for %s: %s (see Warnings).",
			plural(len(off), "service"), someOf(off, 5, same))))
	}
	t.cost(p)
	if len(p.Conflicts) > 0 {
		t.line("%s", t.paint(ansiRed, "Apply is blocked: fix the conflicts above."))
	}
}

// cost writes the summary's cost line and, when the file or the command
// line sets budgets, how the plan stands against each.
func (t *textView) cost(p *plan.Plan) {
	if p.Cost == nil {
		return
	}
	t.line("Cost: %s.", strings.Join(costParts(p.Cost, textStyle), "; "))
	if b := budgetParts(p.Cost, textStyle); len(b) > 0 {
		t.line("Budget: %s.", strings.Join(b, "; "))
	}
}

func tagsText(tags map[string]string) string {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + tags[k]
	}
	return strings.Join(parts, ", ")
}
