package adopt

import (
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// goldenGroups are replica groups for acme-prod: a PostgreSQL primary on a
// version that is not the default, with a read replica and a recovery
// service that became active, all tagged and protected; a Valkey primary
// whose replicas disagree on a tag and on protection, one with more disk
// than its plan's; an OpenSearch leader with a follower in another
// project; and broken links: a chain, a member of two primaries, a member
// of a primary in another project.
func goldenGroups() []plan.LiveService {
	team := func(s *plan.LiveService) { s.Tags, s.TerminationProtection = map[string]string{"team": "orders"}, true }
	role := func(r string) func(*plan.LiveService) { return func(s *plan.LiveService) { s.Role = r } }
	v16 := func(s *plan.LiveService) { s.Version = "16" }
	services := []plan.LiveService{
		gsvc("orders-pg", "pg", "google-europe-west1", "business-4", team, v16, role(plan.RolePassive)),
		gsvc("orders-ro", "pg", "aws-us-east-1", "startup-4", team, v16),
		gsvc("orders-dr", "pg", "google-europe-north1", "business-4", team, v16, role(plan.RoleActive)),
		gsvc("cache", "valkey", "google-europe-west1", "business-4", team),
		gsvc("cache-us", "valkey", "aws-us-east-1", "startup-4", team, func(s *plan.LiveService) {
			s.DiskSpaceMB, s.TerminationProtection = 90000, false
			s.Tags = map[string]string{"team": "web"}
		}),
		gsvc("logs", "opensearch", "google-europe-west1", "business-4"),
		gsvc("logs-eu", "opensearch", "aws-eu-west-1", "business-4", func(s *plan.LiveService) {
			s.State = plan.StateRebuilding
		}),
		gsvc("chain-a", "pg", "google-europe-west1", "business-4"),
		gsvc("chain-b", "pg", "aws-us-east-1", "business-4"),
		gsvc("chain-c", "pg", "aws-us-west-2", "startup-4"),
		gsvc("two-a", "mysql", "google-europe-west1", "business-4"),
		gsvc("two-b", "mysql", "aws-us-east-1", "business-4"),
		gsvc("two-ro", "mysql", "aws-us-west-2", "startup-4"),
		gsvc("away-ro", "pg", "aws-us-east-1", "startup-4", func(s *plan.LiveService) {
			s.Integrations = []plan.Integration{{ID: "id-away", Kind: schema.KindReadReplica, Source: "main-pg",
				SourceProject: "acme-main", Dest: "away-ro", Active: true}}
		}),
	}
	services = link(services, schema.KindReadReplica, "orders-pg", "orders-ro")
	services = link(services, schema.KindDisasterRecovery, "orders-pg", "orders-dr")
	services = link(services, schema.KindReadReplica, "cache", "cache-us")
	services = link(services, schema.KindOpenSearchCCR, "logs", "logs-eu")
	for i := range services {
		if services[i].Name == "logs" {
			services[i].Integrations = append(services[i].Integrations, plan.Integration{ID: "id-logs-ap",
				Kind: schema.KindOpenSearchCCR, Source: "logs", Dest: "logs-ap", DestProject: "acme-asia", Active: true})
		}
	}
	services = link(services, schema.KindDisasterRecovery, "chain-a", "chain-b")
	services = link(services, schema.KindReadReplica, "chain-b", "chain-c")
	services = link(services, schema.KindReadReplica, "two-a", "two-ro")
	services = link(services, schema.KindReadReplica, "two-b", "two-ro")
	return services
}

// goldenGroupsOnly is a project of replica groups only: a MySQL primary
// and a replica, and a PostgreSQL recovery pair after a failover.
func goldenGroupsOnly() plan.ProjectState {
	role := func(r string) func(*plan.LiveService) { return func(s *plan.LiveService) { s.Role = r } }
	services := []plan.LiveService{
		gsvc("shop-db", "mysql", "google-europe-west1", "business-4"),
		gsvc("shop-db-ro", "mysql", "aws-us-east-1", "startup-4"),
		gsvc("ledger", "pg", "google-europe-west1", "business-4", role(plan.RoleFailed), func(s *plan.LiveService) {
			s.State = plan.StatePoweroff
		}),
		gsvc("ledger-dr", "pg", "google-europe-north1", "business-4", role(plan.RoleActive)),
	}
	services = link(services, schema.KindReadReplica, "shop-db", "shop-db-ro")
	services = link(services, schema.KindDisasterRecovery, "ledger", "ledger-dr")
	return groupProject("acme-shop", services...)
}
