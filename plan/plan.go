package plan

import "github.com/ccr-dev/ccr/schema"

// FormatVersion is the version of the JSON form of a Plan. It changes in its
// major part when a field is removed or changes meaning, in its minor part
// when fields are added (1.1: cost; 1.2: file_digest, replica groups and
// updates in place).
const FormatVersion = "1.2"

// Action is what a plan does to one declared service.
type Action string

// Actions. ccr creates, links, switches over and updates in place what the
// file declares; it never deletes, promotes, moves or fails over a service.
const (
	// Create creates a service that does not exist. When JoinWith is set the
	// service joins that Cassandra peer; when Source is set it is created
	// linked to that primary (service_integrations).
	Create Action = "create"
	// Link links an existing member to its existing primary with a new
	// integration of kind Kind (POST /integration): only kinds whose
	// schema.LinkRule allows LinkExisting.
	Link Action = "link"
	// Switchover makes the service the active one of its disaster recovery
	// pair (disaster_recovery_role "active"); its peer becomes passive.
	Switchover Action = "switchover"
	// Update changes settings of an existing service in place (Updates):
	// its plan, disk, termination protection and the tag keys the file
	// declares.
	Update Action = "update"
	// NoOp leaves an existing service alone.
	NoOp Action = "no-op"
	// Blocked marks a declared service whose pair, group (or project) has
	// a conflict. It may exist already (Live is set); either way apply does
	// nothing for it, and the conflict blocks the whole apply.
	Blocked Action = "blocked"
)

// Plan is the pure result of comparing a Spec with Live. Everything in it is
// sorted deterministically so its JSON form is stable.
type Plan struct {
	FormatVersion string `json:"format_version"`
	// File is the spec file the plan was computed from.
	File string `json:"file"`
	// FileDigest is "sha256:…" of the file's bytes as the plan read them
	// (schema.Spec.FileDigest): apply refuses a saved plan whose file no
	// longer has exactly those bytes. "" in a plan saved before format 1.2,
	// and for a Spec that Load did not make.
	FileDigest string `json:"file_digest,omitempty"`
	// SpecDigest is "sha256:…" of the normalised spec.
	SpecDigest string `json:"spec_digest"`
	// Fingerprint is "sha256:…" of exactly the live facts the plan depends on.
	Fingerprint   string         `json:"fingerprint"`
	Changes       []Change       `json:"changes"`
	Conflicts     []Conflict     `json:"conflicts"`
	Drift         []Drift        `json:"drift"`
	Warnings      []Warning      `json:"warnings"`
	Prerequisites []Prerequisite `json:"prerequisites"`
	NextSteps     []NextStep     `json:"next_steps"`
	Unmanaged     []Unmanaged    `json:"unmanaged"`
	Summary       Summary        `json:"summary"`
	// Facts are the live facts Fingerprint hashes, kept so that a stale plan
	// can say what changed (see StaleReasons).
	Facts []Fact `json:"facts"`
	// Cost is what applying the plan adds to the monthly bill. Compute
	// always sets it; a plan saved by a ccr before format 1.1 has none.
	Cost *Cost `json:"cost,omitempty"`
	// JoinAfter is the order apply uses for a joining create (see
	// JoinAfterCreated and JoinAfterRunning); "" reads as JoinAfterCreated.
	JoinAfter string `json:"join_after"`
}

// The orders a joining create can follow.
const (
	// JoinAfterCreated creates the joiner as soon as its target's create
	// is committed, as Aiven's guide runs the two creates back to back: a
	// new pair takes one provisioning time. If Aiven refuses the join
	// because the target is not ready, apply waits for RUNNING and tries
	// once more.
	JoinAfterCreated = "created"
	// JoinAfterRunning creates the joiner only once its target is RUNNING:
	// the conservative order, two provisioning times for a new pair.
	JoinAfterRunning = "running"
)

// JoinOrder is the plan's JoinAfter, with the default filled in.
func (p *Plan) JoinOrder() string {
	if p.JoinAfter == "" {
		return JoinAfterCreated
	}
	return p.JoinAfter
}

// Change is the plan for one declared service, in file order (project,
// pairs, then replica groups, each service in file order).
type Change struct {
	Project string `json:"project"`
	Service string `json:"service"`
	Action  Action `json:"action"`
	// Pair is the index of the pair within its project in the file; 0 for
	// the services of replica groups, which have Group.
	Pair int `json:"pair"`
	// Group is the index of the replica group within its project's
	// replicas; nil for the services of pairs.
	Group *int `json:"group,omitempty"`
	// Type is the service type of a replica group's service; "" for the
	// services of pairs, which are Cassandra (see ServiceType).
	Type        string `json:"type,omitempty"`
	Cloud       string `json:"cloud"`
	Plan        string `json:"plan"`
	DiskSpaceMB int    `json:"disk_space_mb,omitempty"`
	// PlanDiskSpaceMB is the disk the plan includes (its default), from
	// the catalog, on a create; the service gets it when DiskSpaceMB is 0.
	PlanDiskSpaceMB int `json:"plan_disk_space_mb,omitempty"`
	// Datacenter is the Cassandra datacenter of a pair's service.
	Datacenter   string `json:"datacenter,omitempty"`
	ProjectVPCID string `json:"project_vpc_id,omitempty"`
	// Version is the major version a replica group's service is created
	// with ("" for Aiven's default): the file's for a primary, the
	// primary's for a member.
	Version string `json:"version,omitempty"`
	// JoinWith is the peer to send as user_config.service_to_join_with.
	JoinWith string `json:"join_with,omitempty"`
	// Kind is how a replica group's member is linked to its primary
	// (schema.KindReadReplica…); "" for a primary and a pair's service.
	Kind string `json:"kind,omitempty"`
	// Source is the primary a member replicates from: the
	// service_integrations source of a Create, the source of a Link.
	Source                string            `json:"source,omitempty"`
	TerminationProtection *bool             `json:"termination_protection,omitempty"`
	Tags                  map[string]string `json:"tags,omitempty"`
	// DependsOn names a service in the same project that must exist
	// before this one is created ("" when none): for a pair's joiner, with
	// JoinAfter "created" its create must be committed, with "running" it
	// must be RUNNING; for a replica group's member, Await says. Compute
	// sets it on every joining or linked create and on every Link and
	// Switchover, also when the dependency exists already, so apply checks
	// it before acting.
	DependsOn string `json:"depends_on,omitempty"`
	// Await is what DependsOn must reach before a replica group's member
	// is created or linked (schema.AwaitRunning, schema.AwaitBackup);
	// "" for a pair's joiner, which follows the plan's JoinAfter.
	Await schema.Await `json:"await,omitempty"`
	// Updates are the settings apply changes on the existing service, in
	// the order it sends them: on an Update, and also on a Link or
	// Switchover whose service needs them.
	Updates []FieldUpdate `json:"updates,omitempty"`
	// Live is the service as it exists now; nil when it does not exist.
	Live *LiveService `json:"live,omitempty"`
}

// ServiceType is the change's service type: Type, or cassandra for a pair's
// service.
func (c *Change) ServiceType() string {
	if c.Type == "" {
		return CassandraType
	}
	return c.Type
}

// Conflict is a reason the file cannot be applied. Any conflict blocks the
// whole apply.
type Conflict struct {
	// Kind is KindPreflight ("preflight": the project was not read or cannot
	// host the pair or group: type, cloud, plan, disk, version, VPC),
	// KindPairing ("pairing": Aiven's CCR rules forbid the pair as the file
	// asks, or the file lacks what creating it needs, such as a plan),
	// KindReplication ("replication": the rules of a replica group's kind
	// forbid it, see schema.LinkRule) or KindBudget
	// ("budget": the monthly increase is over a budget, or a price it
	// needs could not be read so the budget cannot be checked). A budget
	// conflict blocks apply but no pair: the creates stay Create, so the
	// plan shows what the budget would have to allow. Its Position is the
	// budget's max_monthly_increase_usd in the file, or "" for the
	// --max-monthly-increase flag, which its Message names; its Project is
	// "" for a limit on all projects together, and its Services are empty:
	// a budget limits a sum, and Plan.Cost lists what it adds up.
	Kind     string   `json:"kind"`
	Project  string   `json:"project"`
	Services []string `json:"services"`
	// Position is "file:line:col" of the element at fault in the spec.
	Position string `json:"position"`
	Message  string `json:"message"`
}

// Drift is a difference between an existing, correctly paired service and the
// file that ccr reports but does not change.
type Drift struct {
	Project string `json:"project"`
	Service string `json:"service"`
	Field   string `json:"field"`
	Want    string `json:"want"`
	Got     string `json:"got"`
}

// Warning is something about a project a reviewer should know that neither
// blocks apply nor is drift of a declared service, such as a project that no
// longer offers the cassandra service type while every declared pair exists.
type Warning struct {
	Project string `json:"project"`
	Message string `json:"message"`
}

// Prerequisite is something an operator must do by hand before apply, which
// the API cannot check (a NetworkTopologyStrategy keyspace on an existing
// service before it gains a peer).
type Prerequisite struct {
	Project string `json:"project"`
	Service string `json:"service"`
	Message string `json:"message"`
	// CQL is an example statement that satisfies the prerequisite.
	CQL string `json:"cql,omitempty"`
}

// NextStep is what to do once apply has run that ccr cannot do itself: the
// CQL that replicates a declared keyspace across a pair's datacenters, or,
// for a replica group's member, a Message (such as starting an OpenSearch
// follower's replication).
type NextStep struct {
	Project  string `json:"project"`
	Service  string `json:"service"`
	Keyspace string `json:"keyspace,omitempty"`
	CQL      string `json:"cql,omitempty"`
	Message  string `json:"message,omitempty"`
}

// Unmanaged counts the services in a project that the file does not name.
// Projects without such services are left out.
type Unmanaged struct {
	Project string `json:"project"`
	Count   int    `json:"count"`
}

// Summary holds the counts shown in verdict lines.
type Summary struct {
	Create int `json:"create"`
	// Link counts existing members to link to their primary.
	Link int `json:"link"`
	// Switchover counts disaster recovery services to make active.
	Switchover int `json:"switchover"`
	// Update counts existing services with settings to change in place.
	Update int `json:"update"`
	// ProtectionOff counts, of those, the services whose own update turns
	// termination protection off: the change a reviewer must not miss.
	ProtectionOff int `json:"protection_off"`
	Unchanged     int `json:"unchanged"`
	// Blocked counts declared services held back by a conflict.
	Blocked int `json:"blocked"`
	// Conflicts counts every conflict, whatever its kind: a preflight or a
	// budget conflict is a conflict. ConflictsByKind splits the same count.
	Conflicts       int            `json:"conflicts"`
	ConflictsByKind ConflictCounts `json:"conflicts_by_kind"`
	Drift           int            `json:"drift"`
}

// HasChanges reports whether applying the plan would do anything: create,
// link, switch over or update.
func (p *Plan) HasChanges() bool {
	return p.Summary.Create+p.Summary.Link+p.Summary.Switchover+p.Summary.Update > 0
}

// Applyable reports whether the plan may be applied: no conflicts.
func (p *Plan) Applyable() bool { return len(p.Conflicts) == 0 }
