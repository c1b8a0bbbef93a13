package cli

import (
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
	apply.Failed:         "❌",
	apply.Skipped:        "⏭️",
	apply.NotStarted:     "⏸️",
	apply.Interrupted:    "⚠️",
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
			detail := s.Error
			if detail == "" {
				detail = s.Note
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", outcomeIcons[s.Outcome], render.Cell(s.Project),
				render.Cell(s.Service), render.Cell(s.Cloud), s.Outcome, orDash(s.State), orDash(detail),
				monthlyCell(costs, s))
		}
		b.WriteString("\n")
	}
	b.WriteString(createdCost(p, res))
	if res.Complete() && len(p.NextSteps) > 0 {
		b.WriteString("**Next steps** — run in cqlsh once both services of each pair are RUNNING:\n\n```sql\n")
		for _, s := range p.NextSteps {
			b.WriteString(s.CQL + "\n")
		}
		b.WriteString("```\n")
	}
	if !res.Complete() {
		b.WriteString("Re-run the apply job: it converges, and never creates a service twice.\n")
	}
	return b.String()
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

// monthlyCell is what a service this run created costs a month. No "+"
// before the "$": GitHub could read the text up to a later "+$" as math.
func monthlyCell(costs map[[2]string]plan.ChangeCost, s apply.ServiceResult) string {
	cc, ok := costs[[2]string{s.Project, s.Service}]
	switch {
	case s.Outcome != apply.Created || !ok || cc.Action != plan.Create:
		return "–"
	case cc.Monthly == nil:
		return "unknown"
	}
	return cc.Monthly.Dollars()
}

// createdCost states what the services this run created now cost a month,
// from the prices the plan read; "" when it created none.
func createdCost(p *plan.Plan, res *apply.Result) string {
	t, created, ok := res.CreatedCost(p)
	if !ok || created == 0 {
		return ""
	}
	what := fmt.Sprintf("the %s created now %s", isAre(created, "service", fmt.Sprintf("%d services", created)),
		isAre(created, "costs", "cost"))
	switch {
	case t.MonthlyIncrease != nil:
		what += " " + t.MonthlyIncrease.Dollars() + " a month"
	case t.Unpriced == created:
		what += " an unknown amount a month: Aiven gave no price for them"
	default:
		what += fmt.Sprintf(" at least %s a month (%d without a price)", t.KnownMonthlyIncrease.Dollars(), t.Unpriced)
	}
	return fmt.Sprintf("**Cost:** %s (Aiven prices in USD, hourly × %d).\n\n", what, p.Cost.HoursPerMonth)
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
// the conflicts when the plan has any. Nothing was created.
func refusalMarkdown(file string, p *plan.Plan, why string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### ❌ ccr apply · `%s` · refused, nothing was created\n\n", file)
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
