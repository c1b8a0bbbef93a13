package plan

import (
	"maps"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/schema"
)

// pgGroup is a PostgreSQL primary with a read replica and a recovery
// service; line 6 is the primary, 8 the replica, 9 the recovery service.
const pgGroup = `version: 1
projects:
  - project: acme-prod
    replicas:
      - primary:
          {name: orders-pg, type: pg, cloud: google-europe-west1, plan: business-4}
        members:
          - {name: orders-ro, kind: read_replica, cloud: aws-us-east-1, plan: startup-4}
          - {name: orders-dr, kind: disaster_recovery, cloud: google-europe-north1}
`

func TestGroupNewPrimaryAndMembers(t *testing.T) {
	p := Compute(loadGroups(t, pgGroup), groupLive())
	equal(t, "actions", actionsOf(p), []string{"orders-pg create", "orders-ro create", "orders-dr create"})
	pg, ro, dr := p.Changes[0], p.Changes[1], p.Changes[2]
	if pg.Type != "pg" || pg.Version != "17" || pg.DependsOn != "" || pg.Group == nil || *pg.Group != 0 {
		t.Errorf("primary = %+v; want type pg, the default version 17, no dependency, group 0", pg)
	}
	if ro.Source != "orders-pg" || ro.Kind != schema.KindReadReplica || ro.DependsOn != "orders-pg" ||
		ro.Await != schema.AwaitBackup || ro.Version != "17" || ro.Plan != "startup-4" {
		t.Errorf("read replica = %+v; want source orders-pg, await backup, version 17, startup-4", ro)
	}
	if dr.Await != schema.AwaitRunning || dr.Plan != "business-4" || dr.PlanDiskSpaceMB != 80000 {
		t.Errorf("recovery service = %+v; want await running, the primary's plan business-4 and its disk", dr)
	}
	if p.Summary.Create != 3 || !p.HasChanges() || !p.Applyable() {
		t.Errorf("summary = %+v", p.Summary)
	}
	if p.Cost.Tally.MonthlyIncrease == nil || len(p.Cost.Changes) != 3 {
		t.Errorf("cost = %+v; want the three creates priced", p.Cost)
	}
}

func TestGroupExistingServices(t *testing.T) {
	primary := svc("orders-pg", "pg", euCloud, "business-4")
	ro := svc("orders-ro", "pg", usCloud, "startup-4")
	dr := svc("orders-dr", "pg", "google-europe-north1", "business-4")
	cases := []struct {
		name      string
		live      []LiveService
		actions   []string
		conflicts []string
		drift     []string
	}{
		{
			name:    "linked as declared",
			live:    linked(linked([]LiveService{primary, ro, dr}, "read_replica", "orders-pg", "orders-ro", "i1"), "disaster_recovery", "orders-pg", "orders-dr", "i2"),
			actions: []string{"orders-pg no-op", "orders-ro no-op", "orders-dr no-op"},
		},
		{
			name:    "a recovery service that exists unlinked is linked",
			live:    linked([]LiveService{primary, ro, dr}, "read_replica", "orders-pg", "orders-ro", "i1"),
			actions: []string{"orders-pg no-op", "orders-ro no-op", "orders-dr link"},
		},
		{
			name:    "a promoted read replica is a conflict, never re-linked",
			live:    linked([]LiveService{primary, ro, dr}, "disaster_recovery", "orders-pg", "orders-dr", "i2"),
			actions: []string{"orders-pg blocked", "orders-ro blocked", "orders-dr blocked"},
			conflicts: []string{"replication ccr.yaml:8:37: orders-ro exists but is not a read replica of orders-pg (it was " +
				"promoted, or created on its own): Aiven links a read replica only when it is created, so ccr cannot make it " +
				"one; delete it to have ccr create it linked, or name a new service"},
		},
		{
			name: "a member of another primary",
			live: linked([]LiveService{primary, svc("other-pg", "pg", euCloud, "business-4"), ro}, "read_replica", "other-pg", "orders-ro", "i3"),
			conflicts: []string{"replication ccr.yaml:8:20: orders-ro is already a read replica of other-pg: a service " +
				"replicates from one primary, and ccr never removes a link (that would promote it)"},
		},
		{
			name:      "the primary is of another type",
			live:      []LiveService{svc("orders-pg", "mysql", euCloud, "business-4")},
			conflicts: []string{"replication ccr.yaml:6:35: orders-pg is a mysql service, not pg as the file declares"},
		},
		{
			name: "the primary is powered off",
			live: []LiveService{withState(primary, StatePoweroff)},
			conflicts: []string{
				"replication ccr.yaml:8:20: orders-pg is powered off (POWEROFF): power it on before orders-ro can replicate from it",
				"replication ccr.yaml:9:20: orders-pg is powered off (POWEROFF): power it on before orders-dr can replicate from it",
			},
			drift: []string{"orders-pg state RUNNING POWEROFF"},
		},
		{
			name:    "drift of a linked member",
			live:    linked([]LiveService{primary, withState(svc("orders-ro", "pg", euCloud, "startup-8"), StateRebuilding)}, "read_replica", "orders-pg", "orders-ro", "i1"),
			actions: []string{"orders-pg no-op", "orders-ro update", "orders-dr create"},
			drift:   []string{"orders-ro cloud aws-us-east-1 google-europe-west1", "orders-ro state RUNNING REBUILDING"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := Compute(loadGroups(t, pgGroup), groupLive(tc.live...))
			if tc.actions != nil {
				equal(t, "actions", actionsOf(p), tc.actions)
			}
			equal(t, "conflicts", viewConflicts(p.Conflicts), tc.conflicts)
			var drift []string
			for _, d := range p.Drift {
				drift = append(drift, strings.Join([]string{d.Service, d.Field, d.Want, d.Got}, " "))
			}
			equal(t, "drift", drift, tc.drift)
			if len(tc.conflicts) > 0 {
				for _, c := range p.Changes {
					if c.Action != Blocked || c.DependsOn != "" || c.Await != "" {
						t.Errorf("%s: %s depends %q await %q; want blocked, waiting for nothing", c.Service, c.Action, c.DependsOn, c.Await)
					}
				}
			}
		})
	}
}

func TestGroupLinkWaitsForThePrimary(t *testing.T) {
	live := []LiveService{svc("orders-pg", "pg", euCloud, "business-4"), svc("orders-ro", "pg", usCloud, "startup-4"),
		svc("orders-dr", "pg", "google-europe-north1", "business-4")}
	live = linked(live, "read_replica", "orders-pg", "orders-ro", "i1")
	p := Compute(loadGroups(t, pgGroup), groupLive(live...))
	dr := p.Changes[2]
	if dr.Action != Link || dr.Source != "orders-pg" || dr.DependsOn != "orders-pg" || dr.Await != schema.AwaitRunning {
		t.Errorf("link = %+v", dr)
	}
	if p.Summary.Link != 1 || !p.HasChanges() {
		t.Errorf("summary = %+v; want one link, and changes", p.Summary)
	}
}

func TestGroupPlanFamilies(t *testing.T) {
	cases := []struct {
		name, file string
		live       []LiveService
		conflicts  []string
	}{
		{
			name: "read replica not on a startup plan",
			file: strings.Replace(pgGroup, "plan: startup-4}", "plan: business-4}", 1),
			conflicts: []string{"replication ccr.yaml:8:79: orders-ro's plan business-4 is not allowed for a read replica: " +
				"Aiven needs a startup plan"},
		},
		{
			name: "read replica inheriting a business plan",
			file: strings.Replace(pgGroup, ", plan: startup-4}", "}", 1),
			conflicts: []string{"replication ccr.yaml:8:20: orders-ro's plan business-4 is not allowed for a read replica: " +
				"Aiven needs a startup plan (the file sets no plan, so orders-ro would take its primary's, business-4: set plan)"},
		},
		{
			name: "recovery service of a hobbyist primary",
			file: strings.Replace(pgGroup, "plan: business-4}", "plan: hobbyist}", 1),
			conflicts: []string{
				"replication ccr.yaml:6:73: orders-pg's plan hobbyist cannot have a disaster recovery service: Aiven needs a plan that is not free, hobbyist or developer for the primary",
				"replication ccr.yaml:6:73: orders-pg's plan hobbyist cannot have a read replica: Aiven needs a plan that is not free, hobbyist or developer for the primary",
				"replication ccr.yaml:9:20: orders-dr's plan hobbyist is not allowed for a disaster recovery service: Aiven needs a plan that is not free, hobbyist or developer (the file sets no plan, so orders-dr would take its primary's, hobbyist: set plan)",
			},
		},
		{
			name: "follower smaller than its leader",
			file: `version: 1
projects:
  - project: acme-prod
    replicas:
      - primary: {name: logs, type: opensearch, cloud: google-europe-west1, plan: business-8}
        members:
          - {name: logs-us, kind: opensearch_cross_cluster_replication, cloud: aws-us-east-1, plan: business-4}
`,
			conflicts: []string{"replication ccr.yaml:7:101: logs-us's plan business-4 is smaller than logs's plan business-8 " +
				"(2 nodes, not 3): a follower needs a plan at least its leader's"},
		},
		{
			name: "follower on a startup plan, smaller than its leader: one conflict",
			file: `version: 1
projects:
  - project: acme-prod
    replicas:
      - primary: {name: logs, type: opensearch, cloud: google-europe-west1, plan: business-8}
        members:
          - {name: logs-us, kind: opensearch_cross_cluster_replication, cloud: aws-us-east-1, plan: startup-4}
`,
			conflicts: []string{"replication ccr.yaml:7:101: logs-us's plan startup-4 is not allowed for a follower: " +
				"Aiven needs a plan that is not free, hobbyist or startup and a plan at least as large as the primary's; " +
				"startup-4 is smaller than logs's plan business-8 (1 node, not 3)"},
		},
		{
			name: "valkey primary without persistence",
			file: `version: 1
projects:
  - project: acme-prod
    replicas:
      - primary: {name: cache, type: valkey, cloud: google-europe-west1}
        members:
          - {name: cache-us, kind: read_replica, cloud: aws-us-east-1, plan: startup-4}
`,
			live: []LiveService{func() LiveService {
				s := svc("cache", "valkey", euCloud, "business-4")
				s.PersistenceOff = true
				return s
			}()},
			conflicts: []string{"replication ccr.yaml:7:20: cache has valkey_persistence off: Aiven cannot replicate a Valkey service without persistence"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := Compute(loadGroups(t, tc.file), groupLive(tc.live...))
			equal(t, "conflicts", viewConflicts(p.Conflicts), tc.conflicts)
		})
	}
}

func TestGroupCountsLiveMembers(t *testing.T) {
	file := `version: 1
projects:
  - project: acme-prod
    replicas:
      - primary: {name: cache, type: valkey, cloud: google-europe-west1}
        members:
          - {name: cache-6, kind: read_replica, cloud: aws-us-east-1, plan: startup-4}
`
	live := []LiveService{svc("cache", "valkey", euCloud, "business-4")}
	for _, n := range []string{"1", "2", "3", "4", "5"} {
		live = append(live, svc("cache-"+n, "valkey", usCloud, "startup-4"))
		live = linked(live, "read_replica", "cache", "cache-"+n, "i"+n)
	}
	p := Compute(loadGroups(t, file), groupLive(live...))
	equal(t, "conflicts", viewConflicts(p.Conflicts), []string{"replication ccr.yaml:7:35: cache would have 6 read " +
		"replicas (cache-1, cache-2, cache-3, cache-4, cache-5, cache-6): Aiven allows at most 5"})
	if p.Unmanaged[0].Count != 5 {
		t.Errorf("unmanaged = %+v; want the 5 undeclared replicas", p.Unmanaged)
	}
}

func TestGroupPreflight(t *testing.T) {
	file := strings.Replace(pgGroup, "plan: business-4}", "plan: business-5, version: \"12\"}", 1)
	file = strings.Replace(file, "cloud: aws-us-east-1", "cloud: aws-us-east-9", 1)
	p := Compute(loadGroups(t, file), groupLive())
	equal(t, "conflicts", viewConflicts(p.Conflicts), []string{
		`preflight ccr.yaml:6:73: plan "business-5" is not offered for pg in project "acme-prod"; did you mean business-4 or business-8?`,
		`preflight ccr.yaml:6:94: version "12" is not offered for pg in project "acme-prod"; offered: 16 or 17`,
		`preflight ccr.yaml:8:58: cloud "aws-us-east-9" is not available in project "acme-prod"; did you mean aws-us-east-1?`,
		`preflight ccr.yaml:9:20: plan "business-5" is not offered for pg in project "acme-prod"; did you mean business-4 or business-8?`,
	})
	retired := groupLive()
	ps := retired.Projects["acme-prod"]
	setOffered(&ps.Catalog, "pg", false)
	p = Compute(loadGroups(t, pgGroup), retired)
	if len(p.Conflicts) != 3 || !strings.Contains(p.Conflicts[0].Message, `project "acme-prod" does not offer the pg service type`) {
		t.Errorf("conflicts = %v; want each create refused because pg is not offered", viewConflicts(p.Conflicts))
	}
}

func TestGroupSwitchover(t *testing.T) {
	file := pgGroup + "        active: orders-dr\n"
	role := func(s LiveService, r string) LiveService { s.Role = r; return s }
	base := func(pr, dr string) []LiveService {
		live := []LiveService{role(svc("orders-pg", "pg", euCloud, "business-4"), pr), svc("orders-ro", "pg", usCloud, "startup-4"),
			role(svc("orders-dr", "pg", "google-europe-north1", "business-4"), dr)}
		return linked(linked(live, "read_replica", "orders-pg", "orders-ro", "i1"), "disaster_recovery", "orders-pg", "orders-dr", "i2")
	}
	cases := []struct {
		name      string
		live      []LiveService
		actions   []string
		conflicts []string
	}{
		{name: "passive becomes active", live: base(RoleActive, RolePassive),
			actions: []string{"orders-pg no-op", "orders-ro no-op", "orders-dr switchover"}},
		{name: "already active", live: base(RolePassive, RoleActive),
			actions: []string{"orders-pg no-op", "orders-ro no-op", "orders-dr no-op"}},
		{name: "roles unknown", live: base("", ""),
			conflicts: []string{"replication ccr.yaml:10:17: the API did not report the disaster_recovery_role of orders-dr " +
				"and orders-pg: ccr cannot tell which one is active"}},
		{name: "the passive service is powered off", live: withStateAt(base(RoleActive, RolePassive), 2, StatePoweroff),
			conflicts: []string{"replication ccr.yaml:10:17: orders-dr is powered off (POWEROFF): a switchover makes " +
				"orders-dr active only once both orders-dr and orders-pg are RUNNING; power it on first"}},
		{name: "the active service is powered off", live: withStateAt(base(RoleActive, RolePassive), 0, StatePoweroff),
			conflicts: []string{"replication ccr.yaml:10:17: orders-pg is powered off (POWEROFF): a switchover makes " +
				"orders-dr active only once both orders-dr and orders-pg are RUNNING; power it on first"}},
		{name: "a rebuilding service is waited for", live: withStateAt(base(RoleActive, RolePassive), 2, StateRebuilding),
			actions: []string{"orders-pg no-op", "orders-ro no-op", "orders-dr switchover"}},
		{name: "the recovery service is not created yet", live: base(RoleActive, "")[:2],
			conflicts: []string{"replication ccr.yaml:10:17: orders-dr is not yet the recovery service of orders-pg: a new " +
				"recovery service starts passive; switch over in a later change, once it is RUNNING"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := Compute(loadGroups(t, file), groupLive(tc.live...))
			if tc.actions != nil {
				equal(t, "actions", actionsOf(p), tc.actions)
			}
			equal(t, "conflicts", viewConflicts(p.Conflicts), tc.conflicts)
		})
	}
	p := Compute(loadGroups(t, file), groupLive(base(RoleActive, RolePassive)...))
	if c := p.Changes[2]; c.DependsOn != "orders-pg" || c.Await != schema.AwaitRunning || p.Summary.Switchover != 1 {
		t.Errorf("switchover = %+v, summary %+v", c, p.Summary)
	}
	failed := base(RoleFailed, RoleActive)
	failed[0].State = StatePoweroff
	p = Compute(loadGroups(t, pgGroup), groupLive(failed...))
	if len(p.Warnings) != 1 || p.Warnings[0].Message != "a failover happened: orders-pg is failed and orders-dr is active (disaster_recovery_role)" {
		t.Errorf("warnings = %+v; want the failover reported", p.Warnings)
	}
	p = Compute(loadGroups(t, strings.Replace(file, "active: orders-dr", "active: orders-pg", 1)), groupLive(failed...))
	if len(p.Conflicts) != 1 || !strings.Contains(p.Conflicts[0].Message, "ccr never fails back") {
		t.Errorf("conflicts = %v; want a refusal to fail back", viewConflicts(p.Conflicts))
	}
	// active already names the service that took over: no change, and the
	// same warning as without active.
	p = Compute(loadGroups(t, file), groupLive(failed...))
	if len(p.Warnings) != 1 || p.Warnings[0].Message != "a failover happened: orders-pg is failed and orders-dr is active (disaster_recovery_role)" {
		t.Errorf("warnings = %+v; want the failover reported when active names the survivor", p.Warnings)
	}
	if len(p.Conflicts) != 0 || p.HasChanges() {
		t.Errorf("conflicts %v, changes %v; want neither", viewConflicts(p.Conflicts), actionsOf(p))
	}
}

// withStateAt sets the state of services[i].
func withStateAt(services []LiveService, i int, state string) []LiveService {
	services[i].State = state
	return services
}

func TestGroupFingerprint(t *testing.T) {
	spec := loadGroups(t, pgGroup)
	live := func(edit func([]LiveService) []LiveService) Live {
		services := []LiveService{svc("orders-pg", "pg", euCloud, "business-4"), svc("orders-ro", "pg", usCloud, "startup-4")}
		return groupLive(edit(services)...)
	}
	same := func(s []LiveService) []LiveService { return s }
	base := Fingerprint(spec, live(same))
	for name, edit := range map[string]func([]LiveService) []LiveService{
		"a link appears":     func(s []LiveService) []LiveService { return linked(s, "read_replica", "orders-pg", "orders-ro", "i1") },
		"the version moves":  func(s []LiveService) []LiveService { s[0].Version = "16"; return s },
		"the primary is off": func(s []LiveService) []LiveService { s[0].State = StatePoweroff; return s },
	} {
		if Fingerprint(spec, live(edit)) == base {
			t.Errorf("%s: fingerprint unchanged", name)
		}
	}
	for name, edit := range map[string]func([]LiveService) []LiveService{
		"a backup is taken":    func(s []LiveService) []LiveService { n := 1; s[0].Backups = &n; return s },
		"the primary rebuilds": func(s []LiveService) []LiveService { s[0].State = StateRebuilding; return s },
		"a role appears":       func(s []LiveService) []LiveService { s[0].Role = RoleActive; return s },
	} {
		if Fingerprint(spec, live(edit)) != base {
			t.Errorf("%s: fingerprint changed; apply waits for it, a reviewed plan stays valid", name)
		}
	}
}

// TestGroupFactsNameOnlyCatalogsRead pins that a project's facts record
// whether a type is offered only when that can be known: a replica-only
// project never reads Cassandra's catalog, while a project with pairs
// records it as it always did, read or not.
func TestGroupFactsNameOnlyCatalogsRead(t *testing.T) {
	offered := func(spec *schema.Spec, live Live) map[string]string {
		out := map[string]string{}
		for _, f := range Compute(spec, live).Facts {
			if f.Kind == FactProject && strings.HasSuffix(f.Field, "_offered") {
				out[f.Field] = f.Value
			}
		}
		return out
	}
	equalMap := func(name string, got, want map[string]string) {
		t.Helper()
		if !maps.Equal(got, want) {
			t.Errorf("%s: offered facts = %v; want %v", name, got, want)
		}
	}
	groups := loadGroups(t, pgGroup)
	equalMap("replicas only", offered(groups, groupLive()), map[string]string{"pg_offered": "true"})

	read := groupLive()
	read.Projects["acme-prod"].Catalog.Types[CassandraType] = TypeCatalog{Offered: false}
	equalMap("replicas, cassandra read", offered(groups, read), map[string]string{"pg_offered": "true", "cassandra_offered": "false"})

	unread := testLive()
	delete(unread.Projects["acme-prod"].Catalog.Types, CassandraType)
	equalMap("pairs, cassandra not read", offered(testSpec(testPair()), unread), map[string]string{"cassandra_offered": "false"})
	equalMap("pairs", offered(testSpec(testPair()), testLive()), map[string]string{"cassandra_offered": "true"})
}

// TestGroupLeaderUpgradeKeepsFollowersLargeEnough: an update that raises an
// existing OpenSearch leader's plan above its follower's, or lowers the
// follower's below the leader's, is a conflict; before, the leader was
// upgraded alone and the follower left smaller than Aiven allows.
func TestGroupLeaderUpgradeKeepsFollowersLargeEnough(t *testing.T) {
	file := `version: 1
projects:
  - project: acme-prod
    replicas:
      - primary: {name: logs, type: opensearch, cloud: google-europe-west1, plan: business-8}
        members:
          - {name: logs-us, kind: opensearch_cross_cluster_replication, cloud: aws-us-east-1}
`
	live := []LiveService{svc("logs", "opensearch", euCloud, "business-4"), svc("logs-us", "opensearch", usCloud, "business-4")}
	live = linked(live, "opensearch_cross_cluster_replication", "logs", "logs-us", "i1")
	p := Compute(loadGroups(t, file), groupLive(live...))
	equal(t, "leader upgraded alone", viewConflicts(p.Conflicts), []string{"replication ccr.yaml:5:83: logs-us's plan " +
		"business-4 would be smaller than logs's plan business-8 (2 nodes, not 3): a follower needs a plan at least " +
		"its leader's; change both plans in the file"})

	both := strings.Replace(file, "cloud: aws-us-east-1}", "cloud: aws-us-east-1, plan: business-8}", 1)
	p = Compute(loadGroups(t, both), groupLive(live...))
	equal(t, "both upgraded", viewConflicts(p.Conflicts), nil)
	equal(t, "actions", actionsOf(p), []string{"logs update", "logs-us update"})
}
