package render

import (
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// The golden scenarios of updates in place: testdata/specs/update-*.yaml
// planned against existing services whose settings differ from the file.

// pair is two paired services on planName with disk MB each.
func pair(eu, us, planName string, disk int) (plan.LiveService, plan.LiveService) {
	return svc(eu, euCloud, planName, disk, ""), svc(us, usCloud, planName, disk, eu)
}

// tuned gives s its tags and termination protection.
func tuned(s plan.LiveService, tags map[string]string, protected bool) plan.LiveService {
	s.Tags, s.TerminationProtection = tags, protected
	return s
}

var updateScenarioLive = map[string]func() plan.Live{
	// orders is protected and tagged for another team (and an owner the
	// file does not declare); billing is unprotected; users is new.
	"update-settings": func() plan.Live {
		oEU, oUS := pair("orders-eu", "orders-us", "business-8", 600000)
		tags := map[string]string{"team": "billing", "owner": "ops"}
		bEU, bUS := pair("billing-eu", "billing-us", "startup-4", 80000)
		return project("acme-prod", catalog(), tuned(oEU, tags, true), tuned(oUS, tags, true), bEU, bUS)
	},
	// business-8 with all the disk it can have, which business-16
	// includes.
	"update-plan": func() plan.Live {
		eu, us := pair("orders-eu", "orders-us", "business-8", 1200000)
		return project("acme-prod", catalog(), eu, us)
	},
	// AWS has no price for extra disk: the US member's update cannot be
	// priced.
	"update-disk": func() plan.Live {
		c := catalog()
		key := plan.PriceKey{Type: plan.CassandraType, Plan: "business-8", Cloud: usCloud}
		p := c.Prices[key]
		p.ExtraDiskHourlyPerGiB = nil
		c.Prices[key] = p
		eu, us := pair("orders-eu", "orders-us", "business-8", 600000)
		return project("acme-prod", c, eu, us)
	},
	"update-downgrade-refused": func() plan.Live {
		eu, us := pair("orders-eu", "orders-us", "business-16", 1200000)
		return project("acme-prod", catalog(), eu, us)
	},
	"update-downgrade-allowed": func() plan.Live {
		eu, us := pair("orders-eu", "orders-us", "business-16", 1200000)
		return project("acme-prod", catalog(), eu, us)
	},
	// The primary is upgraded, its read replica gets more disk, and the
	// recovery service, which exists unlinked, is linked and tagged.
	"update-group": func() plan.Live {
		return project("acme-prod", groupCatalog(), link([]plan.LiveService{
			gsvc("orders-pg", "pg", euCloud, "business-4"), gsvc("orders-ro", "pg", usCloud, "startup-4"),
			gsvc("orders-dr", "pg", northCloud, "business-4")},
			schema.KindReadReplica, "orders-pg", "orders-ro", "7d1c0b2a-0000-4000-8000-000000000001")...)
	},
	"update-budget": func() plan.Live {
		eu, us := pair("orders-eu", "orders-us", "business-8", 600000)
		return project("acme-prod", catalog(), eu, us)
	},
}

func init() {
	for name, live := range updateScenarioLive {
		scenarioLive[name] = live
	}
}
