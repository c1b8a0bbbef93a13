// Package plan computes what ccr would do: it diffs a validated Spec against
// the live state of the Aiven projects it names. It is pure: no network, no
// files, no clock. Rendering lives in plan/render, execution in apply.
package plan

import "github.com/ccr-dev/ccr/schema"

// Service states as reported by the Aiven API (the complete enum).
const (
	StateRunning     = "RUNNING"
	StateRebuilding  = "REBUILDING"
	StateRebalancing = "REBALANCING"
	StatePoweroff    = "POWEROFF"
)

// DefaultDatacenter is the Cassandra datacenter of a service created without
// user_config.cassandra.datacenter.
const DefaultDatacenter = "aiven"

// CassandraType is the service type of CCR pairs.
const CassandraType = schema.TypeCassandra

// Live is the state of every project a Spec names, as read from the API.
type Live struct {
	Projects map[string]ProjectState
}

// ProjectState is one project's services (one ServiceList) and the catalog
// facts preflight checks against.
type ProjectState struct {
	Name     string
	Services []LiveService
	Catalog  Catalog
}

// LiveService is the part of an Aiven service object that plans depend on.
type LiveService struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Plan  string `json:"plan"`
	Cloud string `json:"cloud"`
	State string `json:"state"`
	// Datacenter is user_config.cassandra.datacenter, DefaultDatacenter when unset.
	Datacenter string `json:"datacenter,omitempty"`
	// JoinedWith is user_config.service_to_join_with ("" when unset).
	JoinedWith   string `json:"joined_with,omitempty"`
	DiskSpaceMB  int    `json:"disk_space_mb"`
	ProjectVPCID string `json:"project_vpc_id,omitempty"`
	// Tags are the service's resource tags; nil when it has none.
	Tags map[string]string `json:"tags,omitempty"`
	// TerminationProtection is whether Aiven refuses to delete or power
	// off the service.
	TerminationProtection bool `json:"termination_protection,omitempty"`
	// Version is the major version in user_config (pg_version,
	// mysql_version, valkey_version, opensearch_version); "" when unset.
	Version string `json:"version,omitempty"`
	// Integrations are the service's enabled replication integrations
	// (read_replica, disaster_recovery,
	// opensearch_cross_cluster_replication), as either end reports them,
	// one per integration ID, sorted by ID.
	Integrations []Integration `json:"integrations,omitempty"`
	// Role is disaster_recovery_role (RoleActive, RolePassive, RoleFailed)
	// of a service with a disaster_recovery link; "" when the API did not
	// say.
	Role string `json:"role,omitempty"`
	// Backups is how many backups the service has; nil when not read (the
	// list may not carry them; ccr reads them only for a primary that has
	// a member to create that waits for one).
	Backups *int `json:"backups,omitempty"`
	// PersistenceOff is set for a Valkey service whose user_config
	// valkey_persistence is "off": Aiven cannot replicate it.
	PersistenceOff bool `json:"persistence_off,omitempty"`
}

// Disaster recovery roles, as Aiven's disaster_recovery_role gives them.
const (
	RoleActive  = "active"
	RolePassive = "passive"
	// RoleFailed is a primary an operator failed over from: it is powered
	// off, and only an operator fails back.
	RoleFailed = "failed"
)

// Integration is one replication link between two services: Source
// replicates to Dest (a read replica, recovery service or follower).
type Integration struct {
	// ID is the API's service_integration_id.
	ID string `json:"id"`
	// Kind is the integration_type, such as "read_replica".
	Kind   string `json:"kind"`
	Source string `json:"source"`
	Dest   string `json:"dest"`
	// SourceProject and DestProject are set only when they are not the
	// service's own project.
	SourceProject string `json:"source_project,omitempty"`
	DestProject   string `json:"dest_project,omitempty"`
	// Active is false while Aiven is still setting the link up.
	Active bool `json:"active"`
}

// LinkedTo returns the integration of kind that makes s a member of
// source, if any.
func (s *LiveService) LinkedTo(kind, source string) (Integration, bool) {
	for _, l := range s.Integrations {
		if l.Dest == s.Name && l.Kind == kind && l.Source == source && l.SourceProject == "" {
			return l, true
		}
	}
	return Integration{}, false
}

// Sources lists the integrations that make s a member (s is their
// destination).
func (s *LiveService) Sources() []Integration {
	var out []Integration
	for _, l := range s.Integrations {
		if l.Dest == s.Name {
			out = append(out, l)
		}
	}
	return out
}

// HasBackup reports whether s is known to have a backup.
func (s *LiveService) HasBackup() bool { return s.Backups != nil && *s.Backups > 0 }

// Catalog is what a project offers: the service types the file uses, which
// clouds exist, the VPCs, and what the plans in use cost. A nil Clouds,
// VPCs or Prices map means "not read" and skips that check.
type Catalog struct {
	// Types holds, by service type, what the project offers of each type
	// the file uses. A type missing from the map was not read.
	Types  map[string]TypeCatalog
	Clouds map[string]bool
	VPCs   map[string]VPC
	// Prices are the prices of the (type, plan, cloud) the declared
	// services use or will use. A nil map means "not read": every cost is
	// then unknown. A key with Price.Unknown set was read and has no
	// price.
	Prices map[PriceKey]Price
}

// TypeCatalog is what a project offers of one service type.
type TypeCatalog struct {
	// Offered is false when the project does not offer the type (Aiven
	// answers 404), as for cassandra since Aiven retired it.
	Offered bool
	// Plans are the type's plans; nil means "not read".
	Plans map[string]PlanSpec
	// Versions are the major versions a new service may ask for (the
	// enum of the type's version key); nil means "not read".
	Versions []string
	// DefaultVersion is what a service created without a version gets;
	// "" when the API did not say.
	DefaultVersion string
}

// Offered reports whether the project offers service type typ. A type
// that was not read is not offered.
func (c Catalog) Offered(typ string) bool { return c.Types[typ].Offered }

// Plans returns the plans of service type typ; nil when not read.
func (c Catalog) Plans(typ string) map[string]PlanSpec { return c.Types[typ].Plans }

// PriceKey names a plan of a service type in a cloud.
type PriceKey struct {
	Type  string
	Plan  string
	Cloud string
}

// Price is what a plan costs per hour in one cloud, as Aiven's
// ProjectServicePlanPriceGet gives it.
type Price struct {
	// BaseHourly is the price of the plan with the disk it includes.
	BaseHourly USD
	// ExtraDiskHourlyPerGiB is the price of each GiB beyond the included
	// disk; nil when Aiven gives none.
	ExtraDiskHourlyPerGiB *USD
	// Unknown says why there is no price, such as "Aiven has no price for
	// business-8 in aws-us-east-1"; "" when there is one.
	Unknown string
}

// PlanSpec is a service plan's size facts.
type PlanSpec struct {
	NodeCount int
	// NodeMemoryMB is each node's memory; 0 when the catalog did not say.
	NodeMemoryMB int
	// DiskSpaceMB is the plan's default disk; also the minimum.
	DiskSpaceMB     int
	DiskSpaceCapMB  int
	DiskSpaceStepMB int
}

// VPC is a project VPC: which cloud it lives in.
type VPC struct {
	ID    string
	Cloud string
	State string
}
