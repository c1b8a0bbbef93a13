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
// existing service costs "now", or "before → after" when an update changes
// it, "unknown", or "—" for what is not priced.
// No "+" before the "$" (see costStyle.markdown).
func priceCell(cc plan.ChangeCost, ok bool) string {
	switch {
	case !ok:
		return "—"
	case cc.Monthly == nil:
		return "unknown"
	case cc.Action == plan.Create:
		return cc.Monthly.Dollars()
	case cc.Update != nil && cc.Update.Monthly != nil:
		return cc.Monthly.Dollars() + " → " + cc.Update.Monthly.Dollars()
	case cc.Update != nil:
		return cc.Monthly.Dollars() + " now → unknown"
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

// increase words a tally's increase: "+$2,326.15/month", a saving
// "-$120.00/month", "no increase", or "at least +$1,140.26/month (1 new
// service has no price)". n says what has no price.
func (st costStyle) increase(t plan.Tally, n unpriced) string {
	if t.MonthlyIncrease != nil && *t.MonthlyIncrease == 0 {
		return "no increase"
	}
	if t.MonthlyIncrease != nil {
		return st.monthly(*t.MonthlyIncrease)
	}
	if t.KnownMonthlyIncrease == 0 {
		return fmt.Sprintf("unknown (%s no price)", n)
	}
	if n.atLeast() {
		return fmt.Sprintf("at least %s (%s no price)", st.monthly(t.KnownMonthlyIncrease), n)
	}
	return fmt.Sprintf("%s and an unknown amount (%s no price)", st.monthly(t.KnownMonthlyIncrease), n)
}

// monthly is an increase per month: "+$612.03/month" or "-$120.00/month"
// in text; in markdown, where no "+" or "-" may stand before a "$",
// "$612.03/month more" or "$120.00/month less".
func (st costStyle) monthly(u plan.USD) string {
	switch {
	case !st.markdown:
		return signed(u) + "/month"
	case u < 0:
		return (-u).Dollars() + "/month less"
	}
	return u.Dollars() + "/month more"
}

// more is an increase as an amount: "+$612.03" or "-$120.00" in text,
// "$612.03" or "$120.00 less" in markdown.
func (st costStyle) more(u plan.USD) string {
	switch {
	case !st.markdown:
		return signed(u)
	case u < 0:
		return (-u).Dollars() + " less"
	}
	return u.Dollars()
}

// share is a project's part of the increase: "+$612.03", "at least
// +$300.03", "unknown".
func (st costStyle) share(t plan.Tally, n unpriced) string {
	switch {
	case t.MonthlyIncrease != nil:
		return st.more(*t.MonthlyIncrease)
	case t.KnownMonthlyIncrease == 0:
		return "unknown"
	case n.atLeast():
		return "at least " + st.more(t.KnownMonthlyIncrease)
	}
	return st.more(t.KnownMonthlyIncrease) + " and an unknown amount"
}

// unpriced counts what a tally could not price: creates, and updates whose
// change of price is unknown. total is the tally's own count, which also
// holds amounts too large to add.
type unpriced struct{ creates, updates, total int }

// unpricedIn counts the unpriced creates and updates of project ("" for
// every project).
func unpricedIn(c *plan.Cost, project string, total int) unpriced {
	n := unpriced{total: total}
	for _, cc := range c.Changes {
		switch {
		case project != "" && cc.Project != project:
		case cc.Action == plan.Create && cc.Monthly == nil:
			n.creates++
		case cc.Action != plan.Create && cc.Update != nil && cc.Update.Delta == nil:
			n.updates++
		}
	}
	return n
}

// atLeast reports whether the known part is a lower bound: only creates
// lack a price, and a create never costs less than nothing. An update
// without a price may save.
func (n unpriced) atLeast() bool { return n.updates == 0 }

// String says what has no price: "1 new service has", "2 updates have",
// "3 changes have".
func (n unpriced) String() string {
	switch {
	case n.updates == 0 && n.creates == n.total:
		return isAre(n.total, "1 new service has", fmt.Sprintf("%d new services have", n.total))
	case n.creates == 0 && n.updates == n.total:
		return isAre(n.total, "1 update has", fmt.Sprintf("%d updates have", n.total))
	}
	return isAre(n.total, "1 change has", fmt.Sprintf("%d changes have", n.total))
}

// costParts are the pieces of a cost summary: the increase, each project's
// share of it when the file has several projects, and what the existing
// services cost now.
func costParts(c *plan.Cost, st costStyle) []string {
	parts := []string{st.increase(c.Tally, unpricedIn(c, "", c.Unpriced))}
	var per []string
	for _, pc := range c.Projects {
		if pc.MonthlyIncrease == nil || *pc.MonthlyIncrease != 0 {
			per = append(per, st.quote(pc.Project)+" "+st.share(pc.Tally, unpricedIn(c, pc.Project, pc.Unpriced)))
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

// firstUnknown is the first create without a price, or update without a
// change of price, for the markdown cost line, with why; ok is false when
// every one has one.
func firstUnknown(c *plan.Cost) (service, why string, ok bool) {
	for _, cc := range c.Changes {
		switch {
		case cc.Action == plan.Create && cc.Monthly == nil:
			return cc.Service, cc.Unknown, true
		case cc.Action != plan.Create && cc.Update != nil && cc.Update.Delta == nil:
			return cc.Service, cc.Update.Unknown, true
		}
	}
	return "", "", false
}
