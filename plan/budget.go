package plan

import (
	"fmt"

	"github.com/ccr-dev/ccr/schema"
)

// KindBudget is a conflict with a budget: the plan adds more to the monthly
// bill than a limit allows, or a price it needs could not be read, so the
// limit cannot be checked.
const KindBudget = "budget"

// Budget statuses.
const (
	// BudgetWithin: the increase is at most the limit (exactly the limit
	// is within).
	BudgetWithin = "within"
	// BudgetOver: the increase is above the limit; a budget conflict.
	BudgetOver = "over"
	// BudgetUnknown: the price of a create could not be read, so the limit
	// cannot be checked; a budget conflict too, since a budget is never
	// assumed to hold.
	BudgetUnknown = "unknown"
)

// FlagBudgetSource is the Source of the budget Options.MaxMonthlyIncrease
// sets, named after the command-line flag that gives it.
const FlagBudgetSource = "--max-monthly-increase"

// SavedOptions are the command-line inputs a saved plan records from the
// run that made it: the lowest limit its budgets list as set by
// --max-monthly-increase. They are a record, not an authority: whoever can
// write the saved plan can raise or delete that limit, so apply only ever
// uses them to tighten its own options (see Options.Stricter), and takes the
// file's budgets from the file.
func (p *Plan) SavedOptions() Options {
	var o Options
	if p.Cost == nil {
		return o
	}
	for _, b := range p.Cost.Budgets {
		if b.Source == FlagBudgetSource && b.Project == "" {
			limit := b.MaxMonthlyIncrease
			o = o.Stricter(Options{MaxMonthlyIncrease: &limit})
		}
	}
	return o
}

// Stricter returns o with each limit of other that is lower, or that o
// lacks: every limit of both holds in the result, so a limit added can only
// refuse more.
func (o Options) Stricter(other Options) Options {
	if l := other.MaxMonthlyIncrease; l != nil && (o.MaxMonthlyIncrease == nil || *l < *o.MaxMonthlyIncrease) {
		o.MaxMonthlyIncrease = l
	}
	return o
}

// Options are the inputs of a plan that come from the command line rather
// than from the file.
type Options struct {
	// MaxMonthlyIncrease limits the monthly increase of the whole plan
	// (--max-monthly-increase). It holds together with the file's budgets:
	// every limit must be kept. Nil when not given.
	MaxMonthlyIncrease *USD
	// AllowDowngrade lets every update remove capacity
	// (--allow-downgrade), as allow_downgrade does for one pair or group.
	AllowDowngrade bool
}

// Budget is a limit on a monthly increase and whether the plan keeps it.
type Budget struct {
	// Project is the project the limit is for; "" for the whole plan.
	Project            string `json:"project,omitempty"`
	MaxMonthlyIncrease USD    `json:"max_monthly_increase"`
	// Source is where the limit was set: "file:line:col" of the file's
	// max_monthly_increase_usd, or FlagBudgetSource.
	Source string `json:"source"`
	// Status is BudgetWithin, BudgetOver or BudgetUnknown.
	Status string `json:"status"`
}

// limit is a budget before it is checked: where it applies and where it was
// set.
type limit struct {
	project string // "" for the whole plan
	max     USD
	// pos is the file position; zero for the flag.
	pos schema.Pos
}

// checkBudgets records every budget in cost and adds a conflict for each
// one that is exceeded or cannot be checked.
func (b *builder) checkBudgets(cost *Cost, opts Options) {
	for _, l := range b.limits(opts) {
		tally := cost.Tally
		if l.project != "" {
			tally = projectTally(cost, l.project)
		}
		budget := Budget{Project: l.project, MaxMonthlyIncrease: l.max, Source: FlagBudgetSource, Status: BudgetWithin}
		if l.pos != (schema.Pos{}) {
			budget.Source = position(b.spec.File, l.pos)
		}
		msg := ""
		switch {
		case tally.MonthlyIncrease == nil:
			budget.Status, msg = BudgetUnknown, unknownBudgetMessage(l, cost, budget.Source)
		case *tally.MonthlyIncrease > l.max:
			budget.Status, msg = BudgetOver, overBudgetMessage(l, *tally.MonthlyIncrease, budget.Source)
		}
		cost.Budgets = append(cost.Budgets, budget)
		if msg != "" {
			c := newConflict(b.spec.File, KindBudget, l.project, l.pos, []string{}, msg)
			if l.pos == (schema.Pos{}) {
				c.Position = "" // the flag's: the message names it
			}
			b.conflicts = append(b.conflicts, c)
		}
	}
}

// limits lists the budgets that apply: the flag's, the file's for the
// whole plan, then each project's, in file order. A file budget that is
// not an amount (only a hand-built Spec can hold one) becomes a conflict.
func (b *builder) limits(opts Options) []limit {
	var out []limit
	if opts.MaxMonthlyIncrease != nil {
		out = append(out, limit{max: *opts.MaxMonthlyIncrease})
	}
	add := func(project string, sb *schema.Budget) {
		if sb == nil {
			return
		}
		amount, err := ParseUSD(sb.MaxMonthlyIncreaseUSD)
		if err != nil {
			b.conflict(KindBudget, project, sb.Pos, []string{}, fmt.Sprintf("max_monthly_increase_usd: %v", err))
			return
		}
		out = append(out, limit{project: project, max: amount, pos: sb.Pos})
	}
	add("", b.spec.Budget)
	for _, p := range b.spec.Projects {
		add(p.Name, p.Budget)
	}
	return out
}

func projectTally(cost *Cost, project string) Tally {
	for _, p := range cost.Projects {
		if p.Project == project {
			return p.Tally
		}
	}
	return Tally{}
}

// overBudgetMessage says by how much the plan exceeds l, in exact amounts
// so that an increase just over the limit never reads as equal to it.
func overBudgetMessage(l limit, increase USD, source string) string {
	return fmt.Sprintf("the plan adds %s/month%s, over %s of %s/month; %s",
		increase.Exact(), scope(l), budgetName(l, source), l.max.Exact(), approval(l))
}

// unknownBudgetMessage says which price kept l from being checked.
func unknownBudgetMessage(l limit, cost *Cost, source string) string {
	var first *ChangeCost
	n := 0
	for i, c := range cost.Changes {
		if c.Action == Create && c.Monthly == nil && (l.project == "" || c.Project == l.project) {
			if first == nil {
				first = &cost.Changes[i]
			}
			n++
		}
	}
	what := "a price could not be read"
	if first != nil {
		what = fmt.Sprintf("the price of %s (%s in %s) is unknown: %s", first.Service, first.Plan, first.Cloud, first.Unknown)
		switch {
		case n == 2:
			what += ", and 1 more service has no price"
		case n > 2:
			what += fmt.Sprintf(", and %d more services have no price", n-1)
		}
	}
	return fmt.Sprintf("ccr cannot check the monthly increase%s against %s of %s/month: %s; a budget is never assumed to hold",
		scope(l), budgetName(l, source), l.max.Exact(), what)
}

func scope(l limit) string {
	if l.project == "" {
		return " in total"
	}
	return " to project " + l.project
}

func budgetName(l limit, source string) string {
	switch {
	case l.pos == (schema.Pos{}):
		return "the limit set by " + source
	case l.project == "":
		return "the file's budget"
	}
	return "the project's budget"
}

// approval says how a reviewer lets a larger increase through.
func approval(l limit) string {
	if l.pos == (schema.Pos{}) {
		return "raise " + FlagBudgetSource + " to approve it"
	}
	return "raise max_monthly_increase_usd to approve it"
}
