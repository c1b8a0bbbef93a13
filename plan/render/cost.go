package render

import (
	"fmt"
	"strings"

	"github.com/ccr-dev/ccr/plan"
)

// The cost wording shared by the views. Amounts a reviewer compares
// (prices, increases) are rounded to the cent; budgets and amounts checked
// against them are shown exactly, so that an increase just over a limit
// never reads as equal to it.

// costsByService indexes a plan's priced services.
func costsByService(p *plan.Plan) map[serviceKey]plan.ChangeCost {
	m := map[serviceKey]plan.ChangeCost{}
	if p.Cost == nil {
		return m
	}
	for _, c := range p.Cost.Changes {
		m[serviceKey{c.Project, c.Service}] = c
	}
	return m
}

// createPrice is what a create block says it will cost: "$1,151.03",
// "$1,151.03 (59 GiB of extra disk)" or "unknown: why".
func createPrice(cc plan.ChangeCost) string {
	if cc.Monthly == nil {
		return "unknown: " + cc.Unknown
	}
	s := cc.Monthly.Dollars() + "/month"
	if cc.ExtraDiskGiB > 0 {
		s += fmt.Sprintf(" (%d GiB of extra disk)", cc.ExtraDiskGiB)
	}
	return s
}

// priceCell is the table's cost column: "+$1,151.03" for a create, what an
// existing service costs now, "unknown", or "—" for what is not priced.
func priceCell(cc plan.ChangeCost, ok bool) string {
	switch {
	case !ok:
		return "—"
	case cc.Monthly == nil:
		return "unknown"
	case cc.Action == plan.Create:
		return "+" + cc.Monthly.Dollars()
	}
	return cc.Monthly.Dollars()
}

// nowCost is what an existing service costs, for the text view's line:
// ", costs $1,142.82/month".
func nowCost(cc plan.ChangeCost, ok bool) string {
	switch {
	case !ok:
		return ""
	case cc.Monthly == nil:
		return ", price unknown: " + cc.Unknown
	}
	return ", costs " + cc.Monthly.Dollars() + "/month"
}

// increase words a tally's increase: "+$2,326.15/month", or "at least
// +$1,140.26/month" when some creates have no price.
func increase(t plan.Tally) string {
	if t.MonthlyIncrease != nil {
		if *t.MonthlyIncrease == 0 {
			return "no increase"
		}
		return "+" + t.MonthlyIncrease.Dollars() + "/month"
	}
	unpriced := isAre(t.Unpriced, "1 new service has", fmt.Sprintf("%d new services have", t.Unpriced))
	if t.KnownMonthlyIncrease == 0 {
		return fmt.Sprintf("unknown (%s no price)", unpriced)
	}
	return fmt.Sprintf("at least +%s/month (%s no price)", t.KnownMonthlyIncrease.Dollars(), unpriced)
}

// costParts are the pieces of a cost summary: the increase, each project's
// share of it when the file has several projects, and what the existing
// services cost now. quote marks up a project name for the view.
func costParts(c *plan.Cost, quote func(string) string) []string {
	parts := []string{increase(c.Tally)}
	var per []string
	for _, pc := range c.Projects {
		if pc.MonthlyIncrease == nil || *pc.MonthlyIncrease != 0 {
			per = append(per, quote(pc.Project)+" "+strings.TrimSuffix(increase(pc.Tally), "/month"))
		}
	}
	if len(c.Projects) > 1 && len(per) > 0 {
		parts[0] += " (" + strings.Join(per, ", ") + ")"
	}
	if existing(c) > 0 {
		if c.CurrentMonthly == nil {
			parts = append(parts, "the existing services' price is unknown")
		} else {
			parts = append(parts, "existing services "+c.CurrentMonthly.Dollars()+"/month now")
		}
	}
	return parts
}

// existing counts the priced services that exist.
func existing(c *plan.Cost) int {
	n := 0
	for _, cc := range c.Changes {
		if cc.Action != plan.Create {
			n++
		}
	}
	return n
}

// budgetParts word each budget: "total within $3,000.00/month
// (--max-monthly-increase)", "acme-prod over $2,000.00/month
// (ccr.yaml:4:39)". quote marks up names, alarm a status that blocks apply.
func budgetParts(c *plan.Cost, quote, alarm func(string) string) []string {
	var parts []string
	for _, b := range c.Budgets {
		scope := "total"
		if b.Project != "" {
			scope = quote(b.Project)
		}
		status := map[string]string{
			plan.BudgetWithin: "within", plan.BudgetOver: "over", plan.BudgetUnknown: "cannot be checked against",
		}[b.Status]
		if b.Status != plan.BudgetWithin {
			status = alarm(status)
		}
		parts = append(parts, fmt.Sprintf("%s %s %s/month (%s)", scope, status, b.MaxMonthlyIncrease.Exact(), quote(b.Source)))
	}
	return parts
}

// firstUnknown is the first create without a price, for the markdown cost
// line; ok is false when every create has one.
func firstUnknown(c *plan.Cost) (plan.ChangeCost, bool) {
	for _, cc := range c.Changes {
		if cc.Action == plan.Create && cc.Monthly == nil {
			return cc, true
		}
	}
	return plan.ChangeCost{}, false
}
