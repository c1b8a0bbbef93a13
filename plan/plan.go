package plan

// FormatVersion is the version of the JSON form of a Plan. It changes in its
// major part when a field is removed or changes meaning, in its minor part
// when fields are added (1.1: cost; 1.2: file_digest).
const FormatVersion = "1.2"

// Action is what a plan does to one declared service.
type Action string

// Actions. ccr only ever creates; it never modifies or deletes.
const (
	// Create creates a service that does not exist. When JoinWith is set the
	// service joins that peer.
	Create Action = "create"
	// NoOp leaves an existing service alone.
	NoOp Action = "no-op"
	// Blocked marks a declared service whose pair (or project) has a
	// conflict. It may exist already (Live is set); either way apply does
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

// Change is the plan for one declared service, in file order (project, pair,
// service).
type Change struct {
	Project string `json:"project"`
	Service string `json:"service"`
	Action  Action `json:"action"`
	// Pair is the index of the pair within its project in the file.
	Pair        int    `json:"pair"`
	Cloud       string `json:"cloud"`
	Plan        string `json:"plan"`
	DiskSpaceMB int    `json:"disk_space_mb,omitempty"`
	// PlanDiskSpaceMB is the disk the plan includes (its default), from
	// the catalog, on a create; the service gets it when DiskSpaceMB is 0.
	PlanDiskSpaceMB int    `json:"plan_disk_space_mb,omitempty"`
	Datacenter      string `json:"datacenter"`
	ProjectVPCID    string `json:"project_vpc_id,omitempty"`
	// JoinWith is the peer to send as user_config.service_to_join_with.
	JoinWith              string            `json:"join_with,omitempty"`
	TerminationProtection *bool             `json:"termination_protection,omitempty"`
	Tags                  map[string]string `json:"tags,omitempty"`
	// DependsOn names a service in the same project that must exist
	// before this one is created ("" when none): with JoinAfter "created"
	// its create must be committed, with "running" it must be RUNNING.
	// Compute sets it to JoinWith on every joining create, also when the
	// peer exists already, so apply checks the peer before joining it.
	DependsOn string `json:"depends_on,omitempty"`
	// Live is the service as it exists now; nil when it does not exist.
	Live *LiveService `json:"live,omitempty"`
}

// Conflict is a reason the file cannot be applied. Any conflict blocks the
// whole apply.
type Conflict struct {
	// Kind is KindPreflight ("preflight": the project was not read or cannot
	// host the pair: type, cloud, plan, disk, VPC), KindPairing
	// ("pairing": Aiven's CCR rules forbid the pair as the file asks, or
	// the file lacks what creating it needs, such as a plan) or KindBudget
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

// NextStep is CQL to run once a pair exists, to replicate a declared keyspace
// across both datacenters.
type NextStep struct {
	Project  string `json:"project"`
	Service  string `json:"service"`
	Keyspace string `json:"keyspace"`
	CQL      string `json:"cql"`
}

// Unmanaged counts the services in a project that the file does not name.
// Projects without such services are left out.
type Unmanaged struct {
	Project string `json:"project"`
	Count   int    `json:"count"`
}

// Summary holds the counts shown in verdict lines.
type Summary struct {
	Create    int `json:"create"`
	Unchanged int `json:"unchanged"`
	// Blocked counts declared services held back by a conflict.
	Blocked int `json:"blocked"`
	// Conflicts counts every conflict, whatever its kind: a preflight or a
	// budget conflict is a conflict. ConflictsByKind splits the same count.
	Conflicts       int            `json:"conflicts"`
	ConflictsByKind ConflictCounts `json:"conflicts_by_kind"`
	Drift           int            `json:"drift"`
}

// HasChanges reports whether applying the plan would create anything.
func (p *Plan) HasChanges() bool { return p.Summary.Create > 0 }

// Applyable reports whether the plan may be applied: no conflicts.
func (p *Plan) Applyable() bool { return len(p.Conflicts) == 0 }
