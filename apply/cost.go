package apply

import "github.com/ccr-dev/ccr/plan"

// CreatedCost sums, from p's cost, the monthly prices of the services r
// created (outcome Created, whether or not they became RUNNING): what this
// run adds to the bill. A service found already present is not counted,
// even one r may have made (see MaybeCreatedCost). created is how many
// services that is; ok is false when p has no cost.
func (r *Result) CreatedCost(p *plan.Plan) (t plan.Tally, created int, ok bool) {
	return r.costOf(p, func(s ServiceResult) bool { return s.Outcome == Created }, isCreate)
}

// MaybeCreatedCost sums, from p's cost, the monthly prices of the services
// r may have created (MaybeCreated): this run or a concurrent apply added
// them to the bill.
func (r *Result) MaybeCreatedCost(p *plan.Plan) (t plan.Tally, maybe int, ok bool) {
	return r.costOf(p, func(s ServiceResult) bool { return s.MaybeCreated }, isCreate)
}

// UpdatedCost sums, from p's cost, what the updates r made add to the
// monthly bill: for each service r updated (outcome Updated) whose plan or
// disk changed, its price after the update minus its price before,
// negative when it saves. updated is how many services that is; an update
// of protection or tags alone costs nothing and is not counted.
func (r *Result) UpdatedCost(p *plan.Plan) (t plan.Tally, updated int, ok bool) {
	return r.costOf(p, func(s ServiceResult) bool { return s.Outcome == Updated }, isResize)
}

// AddedCost is CreatedCost and UpdatedCost together: what this run adds to
// the monthly bill, as a plan's increase counts creates and updates.
func (r *Result) AddedCost(p *plan.Plan) (t plan.Tally, ok bool) {
	t, _, ok = r.costOf(p, func(s ServiceResult) bool { return s.Outcome == Created || s.Outcome == Updated },
		func(cc plan.ChangeCost) bool { return isCreate(cc) || isResize(cc) })
	return t, ok
}

func isCreate(cc plan.ChangeCost) bool { return cc.Action == plan.Create }

func isResize(cc plan.ChangeCost) bool { return cc.Action != plan.Create && cc.Update != nil }

// costOf sums the planned costs that priced selects of the services keep
// selects, and counts them.
func (r *Result) costOf(p *plan.Plan, keep func(ServiceResult) bool, priced func(plan.ChangeCost) bool) (plan.Tally, int, bool) {
	if p == nil || p.Cost == nil {
		return plan.Tally{}, 0, false
	}
	selected := map[key]bool{}
	for _, s := range r.Services {
		if keep(s) {
			selected[key{s.Project, s.Service}] = true
		}
	}
	n := 0
	t := p.Cost.Sum(func(cc plan.ChangeCost) bool {
		ok := priced(cc) && selected[key{cc.Project, cc.Service}]
		if ok {
			n++
		}
		return ok
	})
	return t, n, true
}
