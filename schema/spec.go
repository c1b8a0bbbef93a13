// Package schema loads and validates ccr files: YAML is parsed into nodes,
// checked against the embedded JSON Schema, and then against the CCR rules a
// schema cannot express. Every problem is reported as a positioned
// Diagnostic; a file with no diagnostics yields a Spec.
package schema

// Spec is a validated ccr file. Defaults are resolved (a service's
// Datacenter is never empty) and every element keeps its source position so
// later stages (plan conflicts, annotations) can point back at the file.
type Spec struct {
	// File is the name the file was loaded under, as given to Load.
	File string
	// FileDigest is "sha256:" and the hex digest of the bytes Load read:
	// exactly the text that was validated, comments and layout included.
	FileDigest string
	Version    int
	Projects   []Project
	// Budget limits the monthly increase of every project together; nil
	// when the file sets none.
	Budget *Budget
}

// Budget is a limit on what a plan may add to the monthly bill.
type Budget struct {
	// MaxMonthlyIncreaseUSD is max_monthly_increase_usd as written, a plain
	// decimal such as "2500" or "1234.50": kept as text, because a YAML
	// float would not keep it exact. Load checks its form.
	MaxMonthlyIncreaseUSD string
	// Pos is the position of the value.
	Pos Pos
}

// Project is one Aiven project and the pairs and replica groups declared in
// it; a project declares at least one of either.
type Project struct {
	Name     string
	Pairs    []Pair
	Replicas []Group
	// Pos is the position of the project's name.
	Pos Pos
	// Budget limits the monthly increase of this project; nil when the
	// file sets none.
	Budget *Budget
}

// Pair is two Cassandra services that replicate to each other. Services[0]
// is created first when neither exists.
type Pair struct {
	Services [2]Service
	// Plan is empty when the file omits it (inherited from an existing peer).
	Plan    string
	PlanPos Pos
	// DiskSpaceMB is 0 when the file omits it.
	DiskSpaceMB int
	DiskPos     Pos
	// TerminationProtection is nil when the file omits it.
	TerminationProtection *bool
	Tags                  map[string]string
	// Keyspaces is sorted by name.
	Keyspaces []Keyspace
	// AllowDowngrade lets a plan or disk change remove capacity.
	AllowDowngrade bool
	// Pos is the position of the pair's first key (usually "services:").
	Pos Pos
}

// Service is one member of a pair.
type Service struct {
	Name  string
	Cloud string
	// Datacenter is the Cassandra datacenter; defaults to Name.
	Datacenter   string
	ProjectVPCID string
	// Pos is the position of the service's name.
	Pos      Pos
	CloudPos Pos
	// DatacenterPos is the zero Pos when the datacenter was defaulted.
	DatacenterPos Pos
	// ProjectVPCIDPos is the zero Pos when the file sets no VPC.
	ProjectVPCIDPos Pos
}

// Keyspace is a keyspace to replicate across the pair with the same
// replication factor in both datacenters.
type Keyspace struct {
	Name              string
	ReplicationFactor int
	// Pos is the position of the keyspace's name.
	Pos Pos
}

// Pos is a 1-based line and column in the source file. The zero Pos means
// "unknown".
type Pos struct {
	Line int
	Col  int
}

// Group is a primary service and its members, each linked to the primary
// by one kind of replication (see LinkRule). The primary is created first
// when it does not exist.
type Group struct {
	Primary Member
	Members []Member
	// Active names the service that should have disaster_recovery_role
	// "active" (the primary or its disaster_recovery member); "" when the
	// file leaves roles alone.
	Active    string
	ActivePos Pos
	// TerminationProtection is nil when the file omits it.
	TerminationProtection *bool
	// Tags are set on every service of the group.
	Tags map[string]string
	// AllowDowngrade lets a plan or disk change remove capacity.
	AllowDowngrade bool
	// Pos is the position of the group's first key (usually "primary:").
	Pos Pos
}

// Member is one service of a replica group: its primary (Kind "") or a
// member linked to it.
type Member struct {
	Name string
	// Type is the service type: written on the primary, the primary's for
	// every member.
	Type    string
	TypePos Pos
	// Kind is the member's link to the primary ("" for the primary).
	Kind    string
	KindPos Pos
	Cloud   string
	// Plan is "" when the file omits it (the service exists, or is a
	// member that takes the primary's plan).
	Plan    string
	PlanPos Pos
	// Version is the primary's major version at creation ("" to take
	// Aiven's default); members always get their primary's.
	Version    string
	VersionPos Pos
	// DiskSpaceMB is 0 when the file omits it.
	DiskSpaceMB  int
	DiskPos      Pos
	ProjectVPCID string
	// Pos is the position of the service's name.
	Pos             Pos
	CloudPos        Pos
	ProjectVPCIDPos Pos
}

// Names lists the group's services, primary first.
func (g *Group) Names() []string {
	names := make([]string, 0, 1+len(g.Members))
	names = append(names, g.Primary.Name)
	for _, m := range g.Members {
		names = append(names, m.Name)
	}
	return names
}

// Link is the rule linking m to the group's primary; ok is false for the
// primary and for a kind the primary's type does not have.
func (g *Group) Link(m Member) (LinkRule, bool) {
	if m.Kind == "" {
		return LinkRule{}, false
	}
	return LookupLink(g.Primary.Type, m.Kind)
}
