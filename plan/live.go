// Package plan computes what ccr would do: it diffs a validated Spec against
// the live state of the Aiven projects it names. It is pure: no network, no
// files, no clock. Rendering lives in plan/render, execution in apply.
package plan

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

// CassandraType is the Aiven service type ccr manages.
const CassandraType = "cassandra"

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
	Datacenter string `json:"datacenter"`
	// JoinedWith is user_config.service_to_join_with ("" when unset).
	JoinedWith   string `json:"joined_with,omitempty"`
	DiskSpaceMB  int    `json:"disk_space_mb"`
	ProjectVPCID string `json:"project_vpc_id,omitempty"`
	// Tags are the service's resource tags; nil when it has none.
	Tags map[string]string `json:"tags,omitempty"`
	// TerminationProtection is whether Aiven refuses to delete or power
	// off the service.
	TerminationProtection bool `json:"termination_protection,omitempty"`
}

// Catalog is what a project offers: whether the cassandra service type is
// available, which clouds exist, the Cassandra plans with their disk bounds
// and what they cost. A nil Clouds or Plans map means "not read" and skips
// that check.
type Catalog struct {
	CassandraOffered bool
	Clouds           map[string]bool
	Plans            map[string]PlanSpec
	VPCs             map[string]VPC
	// Prices are the Cassandra prices of the (plan, cloud) pairs the
	// declared services use or will use. A nil map means "not read": every
	// cost is then unknown. A key with Price.Unknown set was read and has
	// no price.
	Prices map[PriceKey]Price
}

// PriceKey names a Cassandra plan in a cloud.
type PriceKey struct {
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
