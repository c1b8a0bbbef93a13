package cli

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/plan/render"
)

// outcomeIcons mark each service's outcome in the apply report.
var outcomeIcons = map[apply.Outcome]string{
	apply.Created:        "✅",
	apply.AlreadyPresent: "☑️",
	apply.Linked:         "🔗",
	apply.SwitchedOver:   "🔁",
	apply.Updated:        "🔧",
	apply.Failed:         "❌",
	apply.Skipped:        "⏭️",
	apply.NotStarted:     "⏸️",
	apply.Interrupted:    "⚠️",
}

// outcomeIcon marks a service's row: a service this run created that did
// not become RUNNING is marked as a failure, though it counts as created.
func outcomeIcon(s apply.ServiceResult) string {
	if s.Outcome.Done() && s.Error != "" {
		return outcomeIcons[apply.Failed]
	}
	return outcomeIcons[s.Outcome]
}

// applyMarkdown is the apply report posted on merged pull requests and to
// the step summary.
func applyMarkdown(file string, p *plan.Plan, res *apply.Result) string {
	var b strings.Builder
	icon := "✅"
	if !res.Complete() {
		icon = "❌"
	}
	fmt.Fprintf(&b, "### %s ccr apply · `%s` · %s\n\n", icon, file, apply.Verdict(res))
	costs := priceIndex(p)
	if len(res.Services) > 0 {
		b.WriteString("| | Project | Service | Cloud | Outcome | State | Detail | Monthly |\n|---|---|---|---|---|---|---|---|\n")
		for _, s := range res.Services {
			detail := cmp.Or(s.Error, s.Note)
			if len(s.Updates) > 0 {
				detail = joinDetail(apply.DescribeFields(s.Updates), detail)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", outcomeIcon(s), render.Cell(s.Project),
				render.Cell(s.Service), render.Cell(s.Cloud), s.Outcome, orDash(s.State), orDash(detail),
				monthlyCell(costs, s))
		}
		b.WriteString("\n")
	}
	b.WriteString(createdCost(p, res))
	b.WriteString(nextStepsMarkdown(res.NextSteps(p)))
	if !res.Complete() {
		b.WriteString("Re-run the apply job: it converges, and never creates a service twice.\n")
	}
	return b.String()
}

// nextStepsMarkdown is the next steps that can be taken after the run:
// the CQL of the pairs whose services both exist and are RUNNING (it names
// both datacenters), then the steps of the replica groups' members that do.
func nextStepsMarkdown(steps []plan.NextStep) string {
	cql, followUps := splitSteps(steps)
	var b strings.Builder
	if len(cql) > 0 {
		var body strings.Builder
		for _, s := range cql {
			body.WriteString(render.Printable(s.CQL) + "\n")
		}
		f := render.Fence(body.String())
		b.WriteString("**Next steps** — run in cqlsh on either service of the pair:\n\n" + f + "sql\n" + body.String() + f + "\n")
	}
	if len(followUps) > 0 {
		lines := make([]string, len(followUps))
		for i, s := range followUps {
			lines[i] = s.Project + "/" + s.Service + ": " + s.Message
		}
		b.WriteString("**Next steps** — ccr cannot do this for you:\n\n" + textBlock(lines))
	}
	return b.String()
}

// joinDetail puts what an update changes before the error or note.
func joinDetail(fields, detail string) string {
	if detail == "" {
		return fields
	}
	return fields + "; " + detail
}

// priceIndex finds a service's price in the plan's cost; empty for a plan
// without one.
func priceIndex(p *plan.Plan) map[[2]string]plan.ChangeCost {
	m := map[[2]string]plan.ChangeCost{}
	if p != nil && p.Cost != nil {
		for _, cc := range p.Cost.Changes {
			m[[2]string{cc.Project, cc.Service}] = cc
		}
	}
	return m
}

// monthlyCell is what a service this run created (or may have created)
// costs a month. No "+" before the "$": GitHub could read the text up to a
// later "+$" as math.
func monthlyCell(costs map[[2]string]plan.ChangeCost, s apply.ServiceResult) string {
	cc, ok := costs[[2]string{s.Project, s.Service}]
	if ok && s.Outcome == apply.Updated && cc.Update != nil {
		return updateCell(cc.Update)
	}
	switch {
	case s.Outcome != apply.Created && !s.MaybeCreated || !ok || cc.Action != plan.Create:
		return "–"
	case cc.Monthly == nil:
		return "unknown"
	}
	return cc.Monthly.Dollars()
}

// updateCell is what a resize this run made adds a month, a saving with
// its minus: "Δ $200.00", "Δ -$120.50".
func updateCell(u *plan.UpdateCost) string {
	if u.Delta == nil {
		return "Δ unknown"
	}
	return "Δ " + u.Delta.Dollars()
}

// createdCost states what the services this run created now cost a month,
// and by how much its resizes change the bill, from the prices the plan
// read, and apart from it what those it may have created cost; "" when
// there are none.
func createdCost(p *plan.Plan, res *apply.Result) string {
	t, created, ok := res.CreatedCost(p)
	maybe, maybeN, _ := res.MaybeCreatedCost(p)
	resized, resizedN, _ := res.UpdatedCost(p)
	if !ok || created+maybeN+resizedN == 0 {
		return ""
	}
	var parts []string
	if created > 0 {
		parts = append(parts, fmt.Sprintf("the %s created now %s%s",
			isAre(created, "service", fmt.Sprintf("%d services", created)), isAre(created, "costs", "cost"),
			monthly(t, created)))
	}
	if resizedN > 0 {
		parts = append(parts, fmt.Sprintf("the %s resized %s the bill by%s",
			isAre(resizedN, "service", fmt.Sprintf("%d services", resizedN)), isAre(resizedN, "changes", "change"),
			monthly(resized, resizedN)))
	}
	if maybeN > 0 {
		parts = append(parts, fmt.Sprintf("%s created by this run or a concurrent apply %s%s",
			isAre(maybeN, "1 service", fmt.Sprintf("%d services", maybeN)), isAre(maybeN, "costs", "cost"),
			monthly(maybe, maybeN)))
	}
	return fmt.Sprintf("**Cost:** %s (Aiven prices in USD, hourly × %d).\n\n", strings.Join(parts, "; "), p.Cost.HoursPerMonth)
}

// monthly words what n services tallied in t cost: " $1,140.26 a month".
func monthly(t plan.Tally, n int) string {
	switch {
	case t.MonthlyIncrease != nil:
		return " " + t.MonthlyIncrease.Dollars() + " a month"
	case t.Unpriced == n:
		return " an unknown amount a month: Aiven gave no price for them"
	}
	return fmt.Sprintf(" at least %s a month (%d without a price)", t.KnownMonthlyIncrease.Dollars(), t.Unpriced)
}

func isAre(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// orDash shows an API value as a literal table cell, or a dash when empty.
func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return render.Cell(s)
}

// refusalMarkdown is the apply report when apply refused to start: why, and
// the conflicts when the plan has any. Nothing was changed.
func refusalMarkdown(file string, p *plan.Plan, why string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### ❌ ccr apply · `%s` · refused, nothing was changed\n\n", file)
	lines := []string{why}
	if p != nil {
		for _, c := range p.Conflicts {
			if c.Position == "" {
				lines = append(lines, c.Message) // a flag's budget: the message names it
				continue
			}
			lines = append(lines, c.Position+": "+c.Message)
		}
	}
	b.WriteString(textBlock(lines))
	b.WriteString("\nFix the file or the live state, then re-run the apply job.\n")
	return b.String()
}
