package aiven

import (
	"cmp"
	"slices"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// planKey names a plan of a service type.
type planKey struct{ Type, Plan string }

// declaredTypes lists the service types a project's file uses: cassandra
// for its pairs, then its groups' primaries' types, without repeats.
func declaredTypes(p schema.Project) []string {
	var types []string
	if len(p.Pairs) > 0 {
		types = append(types, plan.CassandraType)
	}
	for _, typ := range groupTypes(p) {
		if !slices.Contains(types, typ) {
			types = append(types, typ)
		}
	}
	return types
}

// groupTypes lists the types of a project's replica groups, in file order
// without repeats.
func groupTypes(p schema.Project) []string {
	var types []string
	for _, g := range p.Replicas {
		if !slices.Contains(types, g.Primary.Type) {
			types = append(types, g.Primary.Type)
		}
	}
	return types
}

// declaredPlans lists the plans the file names, by type, sorted, once each.
func declaredPlans(p schema.Project) []planKey {
	var keys []planKey
	for _, pair := range p.Pairs {
		if pair.Plan != "" {
			keys = append(keys, planKey{plan.CassandraType, pair.Plan})
		}
	}
	for _, g := range p.Replicas {
		for _, m := range groupMembers(g) {
			if m.Plan != "" {
				keys = append(keys, planKey{g.Primary.Type, m.Plan})
			}
		}
	}
	slices.SortFunc(keys, func(a, b planKey) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.Plan, b.Plan))
	})
	return slices.Compact(keys)
}

// declaredPrices lists the (type, plan, cloud) of every declared service
// whose plan the file gives (a member without one takes its primary's when
// the file names that), in file order without repeats.
func declaredPrices(p schema.Project) []plan.PriceKey {
	var keys []plan.PriceKey
	add := func(k plan.PriceKey) {
		if k.Plan != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	for _, pair := range p.Pairs {
		for _, s := range pair.Services {
			add(plan.PriceKey{Type: plan.CassandraType, Plan: pair.Plan, Cloud: s.Cloud})
		}
	}
	for _, g := range p.Replicas {
		for _, m := range groupMembers(g) {
			add(plan.PriceKey{Type: g.Primary.Type, Plan: cmp.Or(m.Plan, g.Primary.Plan), Cloud: m.Cloud})
		}
	}
	return keys
}

// livePlans lists what the plan needs beyond the file's own plans and
// prices once the live services are known: the plan and price of every
// declared service that exists (with the file's type), and the plan and
// price of a missing service in the plan it inherits from an existing
// peer or primary. Most come out already read; the reader skips those.
func livePlans(p schema.Project, services []plan.LiveService) ([]planKey, []plan.PriceKey) {
	byName := make(map[string]*plan.LiveService, len(services))
	for i := range services {
		byName[services[i].Name] = &services[i]
	}
	var r liveReads
	for _, pair := range p.Pairs {
		r.pair(pair, byName)
	}
	for _, g := range p.Replicas {
		r.group(g, byName)
	}
	return r.plans, r.prices
}

// liveReads collects the plans and prices livePlans finds.
type liveReads struct {
	plans  []planKey
	prices []plan.PriceKey
}

// existing records the plan and price of an existing service of type typ
// and, when the file declares another plan (declared), that plan's price
// where the service runs: an update moves it to that plan in its own cloud,
// which need not be the cloud the file names.
func (r *liveReads) existing(typ string, l *plan.LiveService, declared string) {
	r.plans = append(r.plans, planKey{typ, l.Plan})
	r.prices = append(r.prices, plan.PriceKey{Type: typ, Plan: l.Plan, Cloud: l.Cloud})
	if declared != "" && declared != l.Plan {
		r.prices = append(r.prices, plan.PriceKey{Type: typ, Plan: declared, Cloud: l.Cloud})
	}
}

func (r *liveReads) pair(pair schema.Pair, byName map[string]*plan.LiveService) {
	live := func(name string) *plan.LiveService {
		if l := byName[name]; l != nil && l.Type == plan.CassandraType {
			return l
		}
		return nil
	}
	for i, s := range pair.Services {
		if l := live(s.Name); l != nil {
			r.existing(plan.CassandraType, l, pair.Plan)
		} else if peer := live(pair.Services[1-i].Name); peer != nil && pair.Plan == "" {
			r.prices = append(r.prices, plan.PriceKey{Type: plan.CassandraType, Plan: peer.Plan, Cloud: s.Cloud})
		}
	}
}

// group records a group's existing services, and for each missing member
// without a plan of its own the plan it takes from its existing primary.
func (r *liveReads) group(g schema.Group, byName map[string]*plan.LiveService) {
	typ := g.Primary.Type
	live := func(name string) *plan.LiveService {
		if l := byName[name]; l != nil && l.Type == typ {
			return l
		}
		return nil
	}
	primary := live(g.Primary.Name)
	for _, m := range groupMembers(g) {
		switch l := live(m.Name); {
		case l != nil:
			r.existing(typ, l, cmp.Or(m.Plan, g.Primary.Plan))
		case m.Kind != "" && m.Plan == "" && g.Primary.Plan == "" && primary != nil:
			r.plans = append(r.plans, planKey{typ, primary.Plan})
			r.prices = append(r.prices, plan.PriceKey{Type: typ, Plan: primary.Plan, Cloud: m.Cloud})
		}
	}
}

// groupMembers lists a group's services, primary first.
func groupMembers(g schema.Group) []schema.Member {
	return append([]schema.Member{g.Primary}, g.Members...)
}

// declaresVPC reports whether any declared service names a project VPC.
func declaresVPC(p schema.Project) bool {
	for _, pair := range p.Pairs {
		for _, s := range pair.Services {
			if s.ProjectVPCID != "" {
				return true
			}
		}
	}
	for _, g := range p.Replicas {
		for _, m := range groupMembers(g) {
			if m.ProjectVPCID != "" {
				return true
			}
		}
	}
	return false
}
