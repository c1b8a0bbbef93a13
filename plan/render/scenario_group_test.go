package render

import (
	"fmt"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// The golden scenarios of replica groups: testdata/specs/group-*.yaml
// planned against the live states below, with the catalog of every type
// ccr manages.

const northCloud = "google-europe-north1"

// groupPlans are the plans of the group types, as in plan's own tests.
var groupPlans = map[string]plan.PlanSpec{
	"hobbyist":   {NodeCount: 1, NodeMemoryMB: 2048, DiskSpaceMB: 8000},
	"startup-4":  {NodeCount: 1, NodeMemoryMB: 4096, DiskSpaceMB: 80000, DiskSpaceCapMB: 160000, DiskSpaceStepMB: 10000},
	"business-4": {NodeCount: 2, NodeMemoryMB: 4096, DiskSpaceMB: 80000, DiskSpaceCapMB: 400000, DiskSpaceStepMB: 10000},
	"business-8": {NodeCount: 3, NodeMemoryMB: 8192, DiskSpaceMB: 175000, DiskSpaceCapMB: 875000, DiskSpaceStepMB: 35000},
}

// groupHourly are list prices per plan in Belgium; AWS charges 4 % more,
// Finland 2 % more.
var groupHourly = map[string]float64{"hobbyist": 0.03, "startup-4": 0.137, "business-4": 0.411, "business-8": 0.822}

// groupTypes are the versions each type offers, default last.
var groupTypes = map[string][]string{
	schema.TypePostgreSQL: {"16", "17"},
	schema.TypeMySQL:      {"8.0", "8.4"},
	schema.TypeValkey:     {"8.1"},
	schema.TypeOpenSearch: {"2.19"},
}

// groupCatalog is catalog with every group type, its plans, versions and
// prices, and a third cloud.
func groupCatalog() plan.Catalog {
	c := catalog()
	c.Clouds[northCloud] = true
	for typ, versions := range groupTypes {
		c.Types[typ] = plan.TypeCatalog{Offered: true, Plans: groupPlans, Versions: versions,
			DefaultVersion: versions[len(versions)-1]}
		for name, hourly := range groupHourly {
			for cloud, factor := range map[string]float64{euCloud: 1, usCloud: 1.04, northCloud: 1.02} {
				c.Prices[plan.PriceKey{Type: typ, Plan: name, Cloud: cloud}] =
					price(fmt.Sprintf("%.4f", hourly*factor), "0.000250")
			}
		}
	}
	return c
}

// gsvc is a RUNNING service of a group type with its plan's disk and the
// type's default version.
func gsvc(name, typ, cloud, planName string) plan.LiveService {
	v := groupTypes[typ]
	return plan.LiveService{Name: name, Type: typ, Plan: planName, Cloud: cloud, State: plan.StateRunning,
		DiskSpaceMB: groupPlans[planName].DiskSpaceMB, Version: v[len(v)-1]}
}

// link makes member a kind member of source, on both ends, as the API
// lists it.
func link(services []plan.LiveService, kind, source, member, id string) []plan.LiveService {
	l := plan.Integration{ID: id, Kind: kind, Source: source, Dest: member, Active: true}
	for i := range services {
		if services[i].Name == source || services[i].Name == member {
			services[i].Integrations = append(services[i].Integrations, l)
		}
	}
	return services
}

func withRole(s plan.LiveService, role string) plan.LiveService { s.Role = role; return s }

func withBackups(s plan.LiveService, n int) plan.LiveService { s.Backups = &n; return s }

var groupScenarioLive = map[string]func() plan.Live{
	"group-new": func() plan.Live { return project("acme-prod", groupCatalog()) },
	// Existing primaries of every type get members: the PostgreSQL one has
	// no backup yet, the MySQL one has; the PostgreSQL primary also has a
	// replica in another project, which the file cannot declare here.
	"group-members": func() plan.Live {
		pg := withBackups(gsvc("orders-pg", "pg", euCloud, "business-4"), 0)
		pg.Integrations = []plan.Integration{{ID: "7d1c0b2a-0000-4000-8000-000000000009", Kind: schema.KindReadReplica,
			Source: "orders-pg", Dest: "reports-ro", DestProject: "acme-analytics", Active: true}}
		services := link([]plan.LiveService{pg, gsvc("orders-ro-eu", "pg", euCloud, "startup-4"),
			withBackups(gsvc("billing-mysql", "mysql", euCloud, "business-4"), 1),
			gsvc("sessions", "valkey", euCloud, "business-4"), gsvc("search", "opensearch", euCloud, "business-4"),
			other("events", "kafka")},
			schema.KindReadReplica, "orders-pg", "orders-ro-eu", "7d1c0b2a-0000-4000-8000-000000000001")
		return project("acme-prod", groupCatalog(), services...)
	},
	"group-link": func() plan.Live {
		return project("acme-prod", groupCatalog(), link([]plan.LiveService{
			gsvc("orders-pg", "pg", euCloud, "business-4"), gsvc("orders-ro", "pg", usCloud, "startup-4"),
			gsvc("orders-dr", "pg", northCloud, "business-4")},
			schema.KindReadReplica, "orders-pg", "orders-ro", "7d1c0b2a-0000-4000-8000-000000000001")...)
	},
	"group-switchover": func() plan.Live {
		services := []plan.LiveService{withRole(gsvc("orders-pg", "pg", euCloud, "business-4"), plan.RoleActive),
			gsvc("orders-ro", "pg", usCloud, "startup-4"),
			withRole(gsvc("orders-dr", "pg", northCloud, "business-4"), plan.RolePassive)}
		services = link(services, schema.KindReadReplica, "orders-pg", "orders-ro", "7d1c0b2a-0000-4000-8000-000000000001")
		services = link(services, schema.KindDisasterRecovery, "orders-pg", "orders-dr", "7d1c0b2a-0000-4000-8000-000000000002")
		return project("acme-prod", groupCatalog(), services...)
	},
	// Three groups the rules of their kinds refuse: a read replica that was
	// promoted, a member that replicates from a primary in another project,
	// a Valkey primary without persistence.
	"group-promoted": func() plan.Live {
		billingRO := gsvc("billing-ro", "pg", usCloud, "startup-4")
		billingRO.Integrations = []plan.Integration{{ID: "7d1c0b2a-0000-4000-8000-000000000003", Kind: schema.KindReadReplica,
			Source: "billing-old", SourceProject: "acme-legacy", Dest: "billing-ro", Active: true}}
		sessions := gsvc("sessions", "valkey", euCloud, "business-4")
		sessions.PersistenceOff = true
		return project("acme-prod", groupCatalog(), gsvc("orders-pg", "pg", euCloud, "business-4"),
			gsvc("orders-ro", "pg", usCloud, "startup-4"), gsvc("billing-pg", "pg", euCloud, "business-4"), billingRO,
			sessions)
	},
	// An operator failed over to the recovery service; the file says
	// nothing of roles.
	"group-failover": func() plan.Live {
		pg := withRole(gsvc("orders-pg", "pg", euCloud, "business-4"), plan.RoleFailed)
		pg.State = plan.StatePoweroff
		return project("acme-prod", groupCatalog(), link([]plan.LiveService{pg,
			withRole(gsvc("orders-dr", "pg", northCloud, "business-4"), plan.RoleActive)},
			schema.KindDisasterRecovery, "orders-pg", "orders-dr", "7d1c0b2a-0000-4000-8000-000000000002")...)
	},
	"group-mixed": func() plan.Live {
		prod := []plan.LiveService{withBackups(gsvc("orders-pg", "pg", euCloud, "business-4"), 3),
			gsvc("orders-ro", "pg", usCloud, "startup-4"), gsvc("sessions", "valkey", euCloud, "business-4"),
			gsvc("sessions-us", "valkey", usCloud, "startup-4"), other("events-stream", "kafka")}
		prod = link(prod, schema.KindReadReplica, "orders-pg", "orders-ro", "7d1c0b2a-0000-4000-8000-000000000001")
		prod = link(prod, schema.KindReadReplica, "sessions", "sessions-us", "7d1c0b2a-0000-4000-8000-000000000004")
		return merge(project("acme-dev", groupCatalog()), project("acme-prod", groupCatalog(), prod...))
	},
}

func init() {
	for name, live := range groupScenarioLive {
		scenarioLive[name] = live
	}
}
