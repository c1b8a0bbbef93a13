// Package adopt writes a ccr file from the live state of Aiven projects: it
// infers the CCR pairs their services already form (from
// service_to_join_with) and the replica groups their replication
// integrations form (a primary and its read replicas, recovery service or
// followers), lists what cannot be declared (unpaired services, broken
// pairings and links), and renders the result as a version-1 ccr file, as
// an addition to an existing one, or as JSON for scripts.
//
// It is pure like plan: no network, no files, no clock. Every file it writes
// is checked with schema.Load before it is returned, and `ccr plan` on it
// reports no changes and no conflicts for the live state it came from (drift
// only where that state is itself unhealthy, such as a POWEROFF member).
package adopt

// FormatVersion is the version of the JSON form of a Result. It changes in
// its minor part when fields are added and in its major part when a field
// changes meaning or goes away (1.1: replica groups).
const FormatVersion = "1.1"

// Result is what Infer found in the projects it was given, in their order.
type Result struct {
	Projects []Project `json:"projects"`
	// Skipped lists the live values left out of the pairs written, each
	// with the reason, so that a reader knows what the file does not say.
	Skipped []Skip `json:"skipped"`
}

// Project is one project's findings.
type Project struct {
	Name string `json:"project"`
	// CassandraOffered is false for a project whose catalog lacks the
	// cassandra service type: ccr plan reports a preflight conflict there.
	CassandraOffered bool `json:"cassandra_offered"`
	// Pairs are sorted by the names of their services.
	Pairs []Pair `json:"pairs"`
	// Groups are the replica groups, sorted by the name of their primary.
	Groups []Group `json:"groups"`
	// Unpaired are the Cassandra services with no peer, sorted by name.
	Unpaired []Unpaired `json:"unpaired"`
	// Broken are groups of services whose service_to_join_with links do
	// not form a pair of two Cassandra services, or whose replication
	// integrations form no replica group a ccr file can declare.
	Broken []Broken `json:"broken"`
	// Ignored counts by type the services of other types than Cassandra
	// that are in no replica group, broken or not: standalone services of
	// a replica type (see Standalone) and services of types ccr does not
	// manage.
	Ignored map[string]int `json:"ignored"`
}

// Pair is a CCR pair as the file declares it: Services[1] joined
// Services[0], so a plan that had to create both would create them in this
// order. Zero fields are left out of the file.
type Pair struct {
	Services              [2]Service        `json:"services"`
	Plan                  string            `json:"plan,omitempty"`
	DiskSpaceMB           int               `json:"disk_space_mb,omitempty"`
	TerminationProtection bool              `json:"termination_protection,omitempty"`
	Tags                  map[string]string `json:"tags,omitempty"`
}

// Service is one member of a Pair.
type Service struct {
	Name  string `json:"name"`
	Cloud string `json:"cloud"`
	// Datacenter is written only when it differs from Name.
	Datacenter   string `json:"datacenter,omitempty"`
	ProjectVPCID string `json:"project_vpc_id,omitempty"`
	// State is the live state; it is not written to the file.
	State string `json:"state"`
}

// Unpaired is a Cassandra service with no peer. The file format declares
// Cassandra services in pairs only, so it is listed as a comment.
type Unpaired struct {
	Name       string `json:"name"`
	Cloud      string `json:"cloud"`
	Plan       string `json:"plan"`
	Datacenter string `json:"datacenter"`
	State      string `json:"state"`
	// Note says why a service with service_to_join_with counts as
	// unpaired: the service it joined no longer exists.
	Note string `json:"note,omitempty"`
}

// Broken is a group of services linked by service_to_join_with that is not
// one clean pair: a service joined by two, a chain, a join to a service of
// another type, a service that names itself, or two Cassandra services that
// no ccr file can declare (same cloud, a name the format refuses). Or a
// group of services linked by replication integrations that is not one
// replica group: a member of two primaries, a chain, a link across
// projects, services of two types, more members than a file allows.
type Broken struct {
	// Services are the Cassandra services of a broken pairing, or the
	// services of broken replication links, sorted.
	Services []string `json:"services"`
	// Reason is a sentence; every value in it is quoted safely.
	Reason string `json:"reason"`
	// Via is what links the services: ViaJoin or ViaIntegrations.
	Via string `json:"via"`
}

// What links the services of a Broken group.
const (
	ViaJoin         = "service_to_join_with"
	ViaIntegrations = "service_integrations"
)

// Skip is one live value left out of a written pair or group.
type Skip struct {
	Project string `json:"project"`
	// Services are the service, the pair or the group the value belongs
	// to (a group's primary first).
	Services []string `json:"services"`
	// Group names the primary when the value belongs to a replica group's
	// service or services; "" for a pair's.
	Group string `json:"group,omitempty"`
	// Field is the file's key: plan, disk_space_mb, datacenter,
	// project_vpc_id, termination_protection, tags, version, active,
	// members (a member in another project) or service_type.
	Field string `json:"field"`
	// Key is the tag's key when Field is tags.
	Key string `json:"key,omitempty"`
	// Value is the live value as read, when there is one value.
	Value string `json:"value,omitempty"`
	// Reason is a sentence; every value in it is quoted safely.
	Reason string `json:"reason"`
}

// PairCount is the number of pairs found in every project.
func (r *Result) PairCount() int {
	n := 0
	for _, p := range r.Projects {
		n += len(p.Pairs)
	}
	return n
}

// GroupCount is the number of replica groups found in every project.
func (r *Result) GroupCount() int {
	n := 0
	for _, p := range r.Projects {
		n += len(p.Groups)
	}
	return n
}

// Group is a replica group as the file declares it: a primary and the
// services linked to it by a replication integration, sorted by name.
// Zero fields are left out of the file.
type Group struct {
	Primary Member   `json:"primary"`
	Members []Member `json:"members"`
	// Active names the disaster recovery member when it is the active one
	// of its pair (after a switchover); "" leaves roles alone, which is
	// what every other state needs (see groupBuilder.active).
	Active                string            `json:"active,omitempty"`
	TerminationProtection bool              `json:"termination_protection,omitempty"`
	Tags                  map[string]string `json:"tags,omitempty"`
}

// Member is one service of a Group: its primary (Kind "") or a member.
type Member struct {
	Name string `json:"name"`
	// Type is written on the primary only; members take it.
	Type string `json:"type,omitempty"`
	// Kind is the member's integration_type; "" for the primary.
	Kind  string `json:"kind,omitempty"`
	Cloud string `json:"cloud"`
	Plan  string `json:"plan,omitempty"`
	// Version is the primary's major version, written only when it is
	// not the type's default.
	Version      string `json:"version,omitempty"`
	DiskSpaceMB  int    `json:"disk_space_mb,omitempty"`
	ProjectVPCID string `json:"project_vpc_id,omitempty"`
	// State and Role are the live state and disaster_recovery_role; they
	// are not written to the file.
	State string `json:"state"`
	Role  string `json:"role,omitempty"`
}

// names lists the group's services, primary first.
func (g Group) names() []string {
	out := []string{g.Primary.Name}
	for _, m := range g.Members {
		out = append(out, m.Name)
	}
	return out
}
