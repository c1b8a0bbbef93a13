package schema

import (
	"slices"
	"strings"
)

// Service types ccr manages.
const (
	TypeCassandra  = "cassandra"
	TypePostgreSQL = "pg"
	TypeMySQL      = "mysql"
	TypeValkey     = "valkey"
	TypeOpenSearch = "opensearch"
)

// Link kinds: how a member is linked to its primary. Except for KindCCR they
// are Aiven's own integration_type values, as the file writes them.
const (
	KindReadReplica      = "read_replica"
	KindDisasterRecovery = "disaster_recovery"
	KindOpenSearchCCR    = "opensearch_cross_cluster_replication"
	// KindCCR is a Cassandra pair's join (user_config.service_to_join_with):
	// the file writes it as a pair, never as a member's kind.
	KindCCR = "cassandra_ccr"
)

// Await is what a member's primary must reach before the member is created.
type Await string

// What a create waits for.
const (
	// AwaitCreated waits until the primary's create is committed: a
	// Cassandra peer may join a service that is still being built.
	AwaitCreated Await = "created"
	// AwaitRunning waits until the primary is RUNNING.
	AwaitRunning Await = "running"
	// AwaitBackup waits until the primary is RUNNING and has a backup:
	// Aiven refuses a PostgreSQL read replica of a primary without one.
	AwaitBackup Await = "backup"
)

// ServiceType is what ccr knows of one Aiven service type.
type ServiceType struct {
	// Name is the API's service_type, such as "pg".
	Name string
	// Title is the product's name, such as "PostgreSQL".
	Title string
	// VersionKey is the user_config key holding the major version, such as
	// "pg_version".
	VersionKey string
}

// serviceTypes lists the service types ccr manages, Cassandra first.
var serviceTypes = []ServiceType{
	{Name: TypeCassandra, Title: "Apache Cassandra", VersionKey: "cassandra_version"},
	{Name: TypePostgreSQL, Title: "PostgreSQL", VersionKey: "pg_version"},
	{Name: TypeMySQL, Title: "MySQL", VersionKey: "mysql_version"},
	{Name: TypeValkey, Title: "Valkey", VersionKey: "valkey_version"},
	{Name: TypeOpenSearch, Title: "OpenSearch", VersionKey: "opensearch_version"},
}

// LookupType returns the service type called name.
func LookupType(name string) (ServiceType, bool) {
	i := slices.IndexFunc(serviceTypes, func(t ServiceType) bool { return t.Name == name })
	if i < 0 {
		return ServiceType{}, false
	}
	return serviceTypes[i], true
}

// WithArticle is the type's title after its indefinite article, for
// messages: "a PostgreSQL", "an OpenSearch". Titles are product names read
// as spelled, so a title starting with a vowel takes "an".
func (t ServiceType) WithArticle() string {
	if t.Title != "" && strings.ContainsRune("AEIOU", rune(t.Title[0])) {
		return "an " + t.Title
	}
	return "a " + t.Title
}

// PlanRule restricts the plans a service of a group may use, by plan
// family: the part of a plan's name before its first "-" ("startup" in
// "startup-4").
type PlanRule struct {
	// Only lists the families allowed; empty allows every family.
	Only []string
	// Not lists the families refused.
	Not []string
	// AtLeastPrimary asks for a plan at least as large as the primary's:
	// as many nodes, as much memory and as much disk.
	AtLeastPrimary bool
}

// Allows reports whether plan's family passes the rule's Only and Not
// lists (AtLeastPrimary needs the catalog and is checked by the planner).
func (r PlanRule) Allows(plan string) bool {
	f := PlanFamily(plan)
	if len(r.Only) > 0 && !slices.Contains(r.Only, f) {
		return false
	}
	return !slices.Contains(r.Not, f)
}

// String says what the rule allows, for messages: "a startup plan",
// "a plan that is not free, hobbyist or startup".
func (r PlanRule) String() string {
	var parts []string
	if len(r.Only) > 0 {
		parts = append(parts, "a "+orList(r.Only)+" plan")
	}
	if len(r.Not) > 0 {
		parts = append(parts, "a plan that is not "+orList(r.Not))
	}
	if r.AtLeastPrimary {
		parts = append(parts, "a plan at least as large as the primary's")
	}
	if len(parts) == 0 {
		return "any plan"
	}
	return strings.Join(parts, " and ")
}

// PlanFamily is the part of a plan's name before its first "-".
func PlanFamily(plan string) string {
	f, _, _ := strings.Cut(plan, "-")
	return f
}

// LinkRule is everything ccr knows about one way of linking a member to its
// primary, for one service type. Schema rules, preflight, apply's ordering
// and the views all read these rows; adding a kind is adding a row.
type LinkRule struct {
	Type string
	Kind string
	// Title names a member of this kind in messages and views, such as
	// "read replica".
	Title string
	// Member is the rule for a member's plan; Primary for its primary's.
	Member, Primary PlanRule
	// MaxMembers is the most members of this kind one primary may have;
	// 0 means Aiven documents no limit.
	MaxMembers int
	// Await is what the primary must reach before a member is created.
	Await Await
	// LinkExisting says whether two existing services can be linked
	// (POST /integration); otherwise the link exists only from the
	// member's creation, and a member that lost it was promoted for good.
	LinkExisting bool
	// Roles says whether the two services have disaster_recovery_role
	// (active, passive, failed) and can switch over.
	Roles bool
	// SameVersion says whether a member must run its primary's version.
	SameVersion bool
	// NeedsPersistence refuses a primary with user_config
	// valkey_persistence "off": Aiven cannot replicate it.
	NeedsPersistence bool
	// Sources cites where each rule comes from, for the README and
	// reviewers: "documented" rules were read in Aiven's documentation or
	// clients, "inferred" ones were not found there and are ccr's choice.
	Sources string
}

// linkRules is the table of replication ccr manages. The sources are in
// ../shared/reference/aiven-replicas.md.
var linkRules = []LinkRule{
	{
		Type: TypeCassandra, Kind: KindCCR, Title: "CCR peer",
		MaxMembers: 1, Await: AwaitCreated, SameVersion: true,
		Sources: "documented: Aiven's CCR guide (pairs are declared under pairs:, with their own rules)",
	},
	{
		Type: TypePostgreSQL, Kind: KindReadReplica, Title: "read replica",
		Member:  PlanRule{Only: []string{"startup"}},
		Primary: PlanRule{Not: []string{"free", "hobbyist", "developer"}},
		Await:   AwaitBackup, SameVersion: true,
		Sources: "documented: replica on a Startup plan (create-read-replica.md), the 403 before the primary's first " +
			"backup (aiven-client#387), create-time only (Terraform); inferred: the primary's plan, the same pg_version",
	},
	{
		Type: TypeMySQL, Kind: KindReadReplica, Title: "read replica",
		Member:  PlanRule{Only: []string{"startup"}},
		Primary: PlanRule{Not: []string{"free", "hobbyist", "developer"}},
		Await:   AwaitBackup, SameVersion: true,
		Sources: "documented: create-time only (Terraform), seeded from a backup (mysql-replication.md); inferred: " +
			"PostgreSQL's plan rules, waiting for the first backup, the same mysql_version",
	},
	{
		Type: TypeValkey, Kind: KindReadReplica, Title: "read replica",
		Member:     PlanRule{Only: []string{"startup"}},
		MaxMembers: 5, Await: AwaitRunning, SameVersion: true, NeedsPersistence: true,
		Sources: "documented: Startup plan only, at most 5 per primary (valkey read-replica.md), no replica of a " +
			"primary with persistence off (service_backups.md); inferred: the same valkey_version",
	},
	{
		Type: TypePostgreSQL, Kind: KindDisasterRecovery, Title: "disaster recovery service",
		Member:     PlanRule{Not: []string{"free", "hobbyist", "developer"}},
		Primary:    PlanRule{Not: []string{"free", "hobbyist", "developer"}},
		MaxMembers: 1, Await: AwaitRunning, LinkExisting: true, Roles: true, SameVersion: true,
		Sources: "documented: Startup plans and above (crdr-overview.md, aiven-docs#1744), roles and switchover " +
			"(crdr-switchover.md), linking existing services (enable-crdr.md); inferred: one recovery service " +
			"per primary, waiting for the primary to be RUNNING, the same pg_version",
	},
	{
		Type: TypeOpenSearch, Kind: KindOpenSearchCCR, Title: "follower",
		Member: PlanRule{Not: []string{"free", "hobbyist", "startup"}, AtLeastPrimary: true},
		Await:  AwaitRunning, LinkExisting: true, SameVersion: true,
		Sources: "documented: not on Free, Hobbyist or Startup plans, a plan at least the leader's, the same " +
			"opensearch_version, linking an existing follower (setup-cross-cluster-replication-opensearch.md); " +
			"inferred: waiting for the leader to be RUNNING",
	},
}

// LookupLink returns the rule for members of kind of a primary of type typ.
func LookupLink(typ, kind string) (LinkRule, bool) {
	i := slices.IndexFunc(linkRules, func(r LinkRule) bool { return r.Type == typ && r.Kind == kind })
	if i < 0 {
		return LinkRule{}, false
	}
	return linkRules[i], true
}

// LinkRules returns every row of the table, Cassandra's first.
func LinkRules() []LinkRule { return slices.Clone(linkRules) }

// ReplicaKinds lists the kinds a file may give a member, in table order
// without repeats.
func ReplicaKinds() []string {
	var kinds []string
	for _, r := range linkRules {
		if r.Kind != KindCCR && !slices.Contains(kinds, r.Kind) {
			kinds = append(kinds, r.Kind)
		}
	}
	return kinds
}

// ReplicaTypes lists the service types a replica group's primary may have.
func ReplicaTypes() []string {
	var types []string
	for _, r := range linkRules {
		if r.Kind != KindCCR && !slices.Contains(types, r.Type) {
			types = append(types, r.Type)
		}
	}
	return types
}

// kindsOf lists the kinds a primary of type typ can have members of.
func kindsOf(typ string) []string {
	var kinds []string
	for _, r := range linkRules {
		if r.Type == typ && r.Kind != KindCCR {
			kinds = append(kinds, r.Kind)
		}
	}
	return kinds
}

// orList joins words as "a, b or c".
func orList(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
