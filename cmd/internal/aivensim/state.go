package aivensim

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// SeedFile is the JSON accepted by --seed and Server.Seed, and the format of
// the --state file, so a saved state can seed another emulator. Objects use
// the API's own field names; fields prefixed "sim_" exist only here. The
// README's "The seed file" documents every key with an example (a test
// seeds it); in short:
//
//	{"clouds": [...], "service_types": {"cassandra": {"service_plans": [...]}},
//	 "prices": [{"service_plan": "business-8", "cloud_name": "aws-us-east-1", "base_price_usd": "1.7000"}],
//	 "projects": [{"project": "acme-prod", "default_cloud": "google-europe-west1",
//	               "cassandra_offered": true, "forbidden": false, "vpcs": [...], "prices": [...],
//	               "services": [{"service_name": "orders-eu", "service_type": "cassandra",
//	                   "plan": "business-8", "cloud_name": "google-europe-west1", "state": "RUNNING",
//	                   "user_config": {"cassandra": {"datacenter": "orders-eu"}}}]}]}
//
// "clouds" replaces the default cloud list; each "service_types" entry
// replaces the non-empty fields of that type (or adds the type); "prices"
// override the prices derived from the plans' list prices (pricing.go). A
// project with "cassandra_offered": false does not offer the cassandra
// service type, as Aiven today; "forbidden": true makes every request for it
// answer 403, as for a project the token cannot see. A service's "state"
// defaults to RUNNING; REBUILDING or REBALANCING last until "sim_busy_until"
// or, when that is absent, one provision delay. "disk_space_mb" defaults to
// the plan's. "sim_peer" names the other member of its CCR pair; when absent
// it is inferred from user_config.service_to_join_with. "sim_join_pending"
// marks a joiner (or a member) still waiting for its target (join.go).
//
// A project's "service_integrations" are its replication links, in the
// API's shape (integration_type, source_service, dest_service, optional
// service_integration_id, source_project and dest_project); a service's
// "disaster_recovery_role" its role in a disaster recovery pair (default:
// the source active, the member passive); "sim_first_backup_time" when it
// takes (or took) its first backup (backups.go); "sim_used_disk_mb" how
// much of its disk the data uses, below which a PUT cannot shrink it
// (default: an eighth of disk_space_mb).
type SeedFile struct {
	Clouds       []Cloud                    `json:"clouds,omitempty"`
	ServiceTypes map[string]ServiceTypeSeed `json:"service_types,omitempty"`
	Prices       []PriceSeed                `json:"prices,omitempty"`
	Projects     []ProjectSeed              `json:"projects"`
}

// ProjectSeed is one project of a SeedFile.
type ProjectSeed struct {
	Project      string `json:"project"`
	DefaultCloud string `json:"default_cloud,omitempty"`
	// CassandraOffered defaults to true.
	CassandraOffered *bool         `json:"cassandra_offered,omitempty"`
	Forbidden        bool          `json:"forbidden,omitempty"`
	VPCs             []VPC         `json:"vpcs,omitempty"`
	Services         []ServiceSeed `json:"services,omitempty"`
	// Prices override the catalog's prices for this project only.
	Prices []PriceSeed `json:"prices,omitempty"`
	// ServiceIntegrations are replication links whose member is in this
	// project; seeded links bypass the rules, as seeded services do.
	ServiceIntegrations []IntegrationSeed `json:"service_integrations,omitempty"`
}

// IntegrationSeed is one replication link of a ProjectSeed, in the shape of
// the API's ServiceIntegrationOut. The projects default to the seed
// project; an empty id gets one.
type IntegrationSeed struct {
	ServiceIntegrationID string `json:"service_integration_id,omitempty"`
	IntegrationType      string `json:"integration_type"`
	SourceProject        string `json:"source_project,omitempty"`
	SourceService        string `json:"source_service"`
	DestProject          string `json:"dest_project,omitempty"`
	DestService          string `json:"dest_service"`
}

// ServiceSeed is one service of a ProjectSeed, in the shape of the API's
// service object.
type ServiceSeed struct {
	ServiceName           string            `json:"service_name"`
	ServiceType           string            `json:"service_type"`
	Plan                  string            `json:"plan"`
	CloudName             string            `json:"cloud_name"`
	State                 string            `json:"state,omitempty"`
	DiskSpaceMB           int               `json:"disk_space_mb,omitempty"`
	UserConfig            map[string]any    `json:"user_config,omitempty"`
	Tags                  map[string]string `json:"tags,omitempty"`
	TerminationProtection bool              `json:"termination_protection,omitempty"`
	ProjectVPCID          string            `json:"project_vpc_id,omitempty"`
	CreateTime            *time.Time        `json:"create_time,omitempty"`
	UpdateTime            *time.Time        `json:"update_time,omitempty"`
	DisasterRecoveryRole  string            `json:"disaster_recovery_role,omitempty"`
	BusyUntil             *time.Time        `json:"sim_busy_until,omitempty"`
	Peer                  string            `json:"sim_peer,omitempty"`
	JoinPending           bool              `json:"sim_join_pending,omitempty"`
	FirstBackupTime       *time.Time        `json:"sim_first_backup_time,omitempty"`
	UsedDiskMB            int               `json:"sim_used_disk_mb,omitempty"`
}

// VPC is a project VPC in the API's shape (VpcOut).
type VPC struct {
	ProjectVPCID string    `json:"project_vpc_id"`
	CloudName    string    `json:"cloud_name"`
	NetworkCIDR  string    `json:"network_cidr"`
	State        string    `json:"state"`
	CreateTime   time.Time `json:"create_time"`
	UpdateTime   time.Time `json:"update_time"`
}

type project struct {
	name             string
	defaultCloud     string
	cassandraOffered bool
	forbidden        bool
	vpcs             []VPC
	services         map[string]*service
	prices           []PriceSeed
}

// service is the emulator's record of one service. Its state is derived
// from the clock: see service.state.
type service struct {
	project                string // the name of the project it is in
	name, typ, plan, cloud string
	diskSpaceMB, nodeCount int
	usedDiskMB             int // how much of the disk the data uses: no shrink below it
	userConfig             map[string]any
	tags                   map[string]string
	terminationProtection  bool
	projectVPCID           string
	powered                bool
	busyState              string    // REBUILDING or REBALANCING ...
	busyUntil              time.Time // ... until this instant
	peer                   string    // other member of its CCR pair, "" when unpaired
	// joinPending marks a joiner whose first build has not finished: it
	// stays REBUILDING until its own delay has passed and its peer, the
	// target, is RUNNING (see join.go).
	joinPending            bool
	drRole                 string    // active, passive or failed in a disaster recovery pair (roles.go)
	firstBackup            time.Time // when its first backup is taken; zero: not scheduled (backups.go)
	createTime, updateTime time.Time
}

// state is the service's own state now: POWEROFF, REBUILDING or
// REBALANCING while a provision delay runs, otherwise RUNNING. What the API
// reports also depends on a pending join: see Server.stateOf.
func (sv *service) state(now time.Time) string {
	switch {
	case !sv.powered:
		return "POWEROFF"
	case now.Before(sv.busyUntil):
		return sv.busyState
	}
	return "RUNNING"
}

// snapshotLocked renders the whole state as a SeedFile.
func (s *Server) snapshotLocked() SeedFile {
	f := SeedFile{Clouds: slices.Clone(s.catalog.clouds), ServiceTypes: s.catalog.seeds(),
		Prices: slices.Clone(s.catalog.prices)}
	for _, name := range slices.Sorted(maps.Keys(s.projects)) {
		p := s.projects[name]
		offered := p.cassandraOffered
		ps := ProjectSeed{Project: p.name, DefaultCloud: p.defaultCloud, CassandraOffered: &offered,
			Forbidden: p.forbidden, VPCs: p.vpcs, Prices: p.prices}
		for _, svName := range slices.Sorted(maps.Keys(p.services)) {
			ps.Services = append(ps.Services, p.services[svName].seed())
		}
		for _, l := range s.links {
			if l.dstProject == p.name {
				ps.ServiceIntegrations = append(ps.ServiceIntegrations, IntegrationSeed{
					ServiceIntegrationID: l.id, IntegrationType: l.kind, SourceProject: l.srcProject,
					SourceService: l.src, DestProject: l.dstProject, DestService: l.dst})
			}
		}
		f.Projects = append(f.Projects, ps)
	}
	return f
}

func (sv *service) seed() ServiceSeed {
	out := ServiceSeed{
		ServiceName: sv.name, ServiceType: sv.typ, Plan: sv.plan, CloudName: sv.cloud,
		DiskSpaceMB: sv.diskSpaceMB, UserConfig: sv.userConfig, Tags: sv.tags,
		TerminationProtection: sv.terminationProtection, ProjectVPCID: sv.projectVPCID,
		CreateTime: &sv.createTime, UpdateTime: &sv.updateTime, Peer: sv.peer, State: "RUNNING",
		JoinPending: sv.joinPending, DisasterRecoveryRole: sv.drRole, UsedDiskMB: sv.usedDiskMB,
	}
	if !sv.firstBackup.IsZero() {
		out.FirstBackupTime = &sv.firstBackup
	}
	if !sv.powered {
		out.State = "POWEROFF"
	} else if sv.busyState != "" {
		out.State, out.BusyUntil = sv.busyState, &sv.busyUntil
	}
	return out
}

// persistLocked writes the state file, if any. A failure is logged, not
// returned: the change it records has already been answered in memory.
func (s *Server) persistLocked() {
	if s.opts.StatePath == "" {
		return
	}
	if err := writeStateFile(s.opts.StatePath, s.snapshotLocked()); err != nil {
		s.opts.ErrorLog.Printf("aiven-sim: %v", err)
	}
}

// writeStateFile replaces path atomically, so a crash leaves the old state
// or the new one, never half of either.
func writeStateFile(path string, f SeedFile) error {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("write state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	return nil
}

// ReadSeedFile reads a SeedFile (a --seed or --state file).
func ReadSeedFile(path string) (SeedFile, error) {
	var f SeedFile
	b, err := os.ReadFile(path)
	if err != nil {
		return f, fmt.Errorf("read seed: %w", err)
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return f, fmt.Errorf("parse seed %s: %w", path, err)
	}
	return f, nil
}

// cloneJSON deep-copies a user_config so the caller's map and the
// emulator's never alias, and numbers become float64 as in a decoded request.
func cloneJSON(m map[string]any) (map[string]any, error) {
	out := map[string]any{}
	b, err := json.Marshal(m)
	if err == nil && m != nil {
		err = json.Unmarshal(b, &out)
	}
	return out, err
}

func orEmpty[M ~map[K]V, K comparable, V any](m M) M {
	if m == nil {
		return M{}
	}
	return m
}

func timeOr(t *time.Time, def time.Time) time.Time {
	if t == nil {
		return def
	}
	return t.UTC()
}
