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

// priceCell is the table's cost column: what a create will cost, what an
// existing service costs "now", "unknown", or "—" for what is not priced.
// No "+" before the "$" (see costStyle.markdown).
func priceCell(cc plan.ChangeCost, ok bool) string {
	switch {
	case !ok:
		return "—"
	case cc.Monthly == nil:
		return "unknown"
	case cc.Action == plan.Create:
		return cc.Monthly.Dollars()
	}
	return cc.Monthly.Dollars() + " now"
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

// costStyle is how a view marks up the cost lines.
type costStyle struct {
	// quote marks up a name; alarm a budget status that blocks apply.
	quote, alarm func(string) string
	// markdown puts every "$" after a space: GitHub renders the text
	// between a "$" and a later "$" that follows a non-space as a math
	// expression, so "+$645.10, `globex` +$1,825.00" would turn into
	// math. An increase then reads "$2,326.15/month more", not "+$…".
	markdown bool
}

var (
	textStyle = costStyle{quote: same, alarm: same}
	mdStyle   = costStyle{quote: code, alarm: func(s string) string { return "**" + s + "**" }, markdown: true}
)

func same(s string) string { return s }

// increase words a tally's increase: "+$2,326.15/month", "no increase", or
// "at least +$1,140.26/month (1 new service has no price)".
func (st costStyle) increase(t plan.Tally) string {
	if t.MonthlyIncrease != nil && *t.MonthlyIncrease == 0 {
		return "no increase"
	}
	if t.MonthlyIncrease != nil {
		return st.more(*t.MonthlyIncrease) + "/month" + st.suffix()
	}
	unpriced := isAre(t.Unpriced, "1 new service has", fmt.Sprintf("%d new services have", t.Unpriced))
	if t.KnownMonthlyIncrease == 0 {
		return fmt.Sprintf("unknown (%s no price)", unpriced)
	}
	return fmt.Sprintf("at least %s/month%s (%s no price)", st.more(t.KnownMonthlyIncrease), st.suffix(), unpriced)
}

// more is an increase as an amount: "+$612.03" in text, "$612.03" in
// markdown.
func (st costStyle) more(u plan.USD) string {
	if st.markdown {
		return u.Dollars()
	}
	return "+" + u.Dollars()
}

func (st costStyle) suffix() string {
	if st.markdown {
		return " more"
	}
	return ""
}

// share is a project's part of the increase: "+$612.03", "at least
// +$300.03", "unknown".
func (st costStyle) share(t plan.Tally) string {
	switch {
	case t.MonthlyIncrease != nil:
		return st.more(*t.MonthlyIncrease)
	case t.KnownMonthlyIncrease == 0:
		return "unknown"
	}
	return "at least " + st.more(t.KnownMonthlyIncrease)
}

// costParts are the pieces of a cost summary: the increase, each project's
// share of it when the file has several projects, and what the existing
// services cost now.
func costParts(c *plan.Cost, st costStyle) []string {
	parts := []string{st.increase(c.Tally)}
	var per []string
	for _, pc := range c.Projects {
		if pc.MonthlyIncrease == nil || *pc.MonthlyIncrease != 0 {
			per = append(per, st.quote(pc.Project)+" "+st.share(pc.Tally))
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
// (ccr.yaml:4:39)".
func budgetParts(c *plan.Cost, st costStyle) []string {
	var parts []string
	for _, b := range c.Budgets {
		scope := "total"
		if b.Project != "" {
			scope = st.quote(b.Project)
		}
		status := map[string]string{
			plan.BudgetWithin: "within", plan.BudgetOver: "over", plan.BudgetUnknown: "cannot be checked against",
		}[b.Status]
		if b.Status != plan.BudgetWithin {
			status = st.alarm(status)
		}
		parts = append(parts, fmt.Sprintf("%s %s %s/month (%s)", scope, status, b.MaxMonthlyIncrease.Exact(), st.quote(b.Source)))
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
