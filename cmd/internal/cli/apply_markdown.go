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
	if len(res.Services) > 0 {
		b.WriteString("| | Project | Service | Cloud | Outcome | State | Detail |\n|---|---|---|---|---|---|---|\n")
		for _, s := range res.Services {
			detail := s.Error
			if detail == "" {
				detail = s.Note
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", outcomeIcons[s.Outcome], render.Cell(s.Project),
				render.Cell(s.Service), render.Cell(s.Cloud), s.Outcome, orDash(s.State), orDash(detail))
		}
		b.WriteString("\n")
	}
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
			lines = append(lines, c.Position+": "+c.Message)
		}
	}
	b.WriteString(textBlock(lines))
	b.WriteString("\nFix the file or the live state, then re-run the apply job.\n")
	return b.String()
}
