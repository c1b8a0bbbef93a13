package aivensim

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"time"
)

// serviceNameRE is the rule the API enforces on new service names (upper
// case is rejected, aiven-client#90); it is also the pattern of
// user_config.service_to_join_with.
var serviceNameRE = regexp.MustCompile(`^[a-z][-a-z0-9]{0,63}$`)

// defaultDatacenter is the Cassandra datacenter of a service created without
// user_config.cassandra.datacenter.
const defaultDatacenter = "aiven"

// createIn is the part of ServiceCreateIn the emulator acts on; other fields
// (maintenance, tech_emails, ...) are accepted and ignored.
type createIn struct {
	ServiceName           string            `json:"service_name"`
	ServiceType           string            `json:"service_type"`
	Plan                  string            `json:"plan"`
	Cloud                 *string           `json:"cloud"`
	DiskSpaceMB           *int              `json:"disk_space_mb"`
	ProjectVPCID          *string           `json:"project_vpc_id"` // the client always sends it, often null
	Tags                  map[string]string `json:"tags"`
	TerminationProtection *bool             `json:"termination_protection"`
	UserConfig            map[string]any    `json:"user_config"`
}

// updateIn is the part of ServiceUpdateIn the emulator acts on. An absent
// project_vpc_id keeps the service's network; an explicit null (or "")
// moves it to the public network, as the real API does. Beware: the
// official Go client sends "project_vpc_id": null whenever the caller leaves
// the field unset, so its updates move a VPC service out unless they repeat
// the VPC.
type updateIn struct {
	Cloud                 *string        `json:"cloud"`
	DiskSpaceMB           *int           `json:"disk_space_mb"`
	Plan                  *string        `json:"plan"`
	Powered               *bool          `json:"powered"`
	ProjectVPCID          nullable       `json:"project_vpc_id"`
	TerminationProtection *bool          `json:"termination_protection"`
	UserConfig            map[string]any `json:"user_config"`
}

// nullable is a JSON string field that tells an absent key from an explicit
// null: encoding/json calls UnmarshalJSON only for a key that is present,
// null included.
type nullable struct {
	present bool
	value   *string // nil for null
}

func (n *nullable) UnmarshalJSON(b []byte) error {
	n.present, n.value = true, nil
	if string(b) == "null" {
		return nil
	}
	return json.Unmarshal(b, &n.value)
}

func badRequest(format string, args ...any) error {
	return errorf(http.StatusBadRequest, "bad_request", format, args...)
}

// validateCreate applies the create rules in the order a caller is most
// helped by: name, conflict, catalog, sizes, user_config, then CCR.
func (s *Server) validateCreate(p *project, in createIn) (*service, error) {
	if !serviceNameRE.MatchString(in.ServiceName) {
		return nil, badRequest("Service name must consist of 1-64 alphanumerical characters")
	}
	if _, taken := p.services[in.ServiceName]; taken {
		return nil, errorf(http.StatusConflict, "", "Service name is already in use in this project")
	}
	if !slices.Contains(s.catalog.offered(p), in.ServiceType) {
		return nil, errorf(http.StatusBadRequest, "service_type_not_allowed",
			"Service type %q is not available in this project", in.ServiceType)
	}
	cloud := p.defaultCloud
	if in.Cloud != nil {
		cloud = *in.Cloud
	}
	if _, ok := s.catalog.cloud(cloud); !ok {
		return nil, badRequest("Cloud %q is not available", cloud)
	}
	pl, ok := s.catalog.plan(in.ServiceType, in.Plan)
	if !ok {
		return nil, badRequest("Plan %q is not available for service type %q", in.Plan, in.ServiceType)
	}
	disk := pl.DiskSpaceMB
	if in.DiskSpaceMB != nil {
		disk = *in.DiskSpaceMB
	}
	if err := checkDisk(pl, disk); err != nil {
		return nil, err
	}
	vpc := ""
	if in.ProjectVPCID != nil {
		vpc = *in.ProjectVPCID
	}
	if err := checkVPC(p, vpc, cloud); err != nil {
		return nil, err
	}
	if err := checkUserConfig(s.catalog.types[in.ServiceType].UserConfigSchema, in.UserConfig); err != nil {
		return nil, err
	}
	target := joinTarget(in.UserConfig)
	if target != "" {
		if err := s.checkJoin(p, target, in.Plan, disk, cloud, datacenter(in.UserConfig)); err != nil {
			return nil, err
		}
	}
	// Timestamps are shown to the second, as Aiven does; the provisioning
	// delay runs from the exact instant, or it would end up to a second early.
	exact := s.now().UTC()
	now := exact.Truncate(time.Second)
	return &service{
		name: in.ServiceName, typ: in.ServiceType, plan: in.Plan, cloud: cloud,
		diskSpaceMB: disk, nodeCount: pl.NodeCount, userConfig: orEmpty(in.UserConfig),
		tags: orEmpty(in.Tags), terminationProtection: in.TerminationProtection != nil && *in.TerminationProtection,
		projectVPCID: vpc, powered: true, busyState: "REBUILDING", busyUntil: exact.Add(s.opts.ProvisionDelay),
		joinPending: target != "", createTime: now, updateTime: now,
	}, nil
}

// errNotReady is the code of the refusal of a join to a target that is not
// RUNNING, under Options.JoinRequiresRunning. Aiven documents no such
// refusal and no code for it (its error-code list has nothing closer than
// not_powered, which means powered off); clients recognise the refusal by
// status 400 and the phrase "not running yet" in the message.
const errNotReady = "service_not_ready"

// checkJoin enforces Aiven's CCR limitations for a new service joining
// target: same project, an unpaired Cassandra service that is not powered
// off (and RUNNING, with JoinRequiresRunning), the identical plan and disk,
// another cloud, and a datacenter of its own.
func (s *Server) checkJoin(p *project, target, plan string, disk int, cloud, dc string) error {
	t, ok := p.services[target]
	if !ok {
		return badRequest("Service to join with %q was not found in project %q", target, p.name)
	}
	state := stateOf(p, t, s.now())
	switch {
	case t.typ != "cassandra":
		return badRequest("Service to join with %q is of type %q, not cassandra", target, t.typ)
	case state == "POWEROFF":
		return badRequest("Service to join with %q is powered off", target)
	case state != "RUNNING" && s.opts.JoinRequiresRunning:
		return errorf(http.StatusBadRequest, errNotReady, "Service to join with %q is not running yet (state %s)", target, state)
	case t.peer != "":
		return badRequest("Service %q is already in a cross-cluster replication pair with %q", target, t.peer)
	case plan != t.plan:
		return badRequest("Plan %q differs from plan %q of service %q: cross-cluster replication peers must use an identical plan",
			plan, t.plan, target)
	case disk != t.diskSpaceMB:
		return badRequest("disk_space_mb %d differs from %d of service %q: cross-cluster replication peers must have the same disk space",
			disk, t.diskSpaceMB, target)
	case cloud == t.cloud:
		return badRequest("Cloud %q is the cloud of service %q: cross-cluster replication peers must be in different clouds or regions",
			cloud, target)
	case dc == "":
		return badRequest("user_config.cassandra.datacenter must be set when joining service %q (its datacenter is %q)",
			target, datacenterOf(t))
	case dc == datacenterOf(t):
		return badRequest("Datacenter %q is already used by service %q: each service of a cross-cluster replication pair needs its own datacenter",
			dc, target)
	}
	return nil
}

// checkDisk applies the plan's disk bounds, as Aiven and the Terraform
// provider do: at least the default, at most the cap, in whole steps.
func checkDisk(pl Plan, disk int) error {
	switch {
	case disk < pl.DiskSpaceMB:
		return badRequest("disk_space_mb %d is below the minimum %d of plan %q", disk, pl.DiskSpaceMB, pl.ServicePlan)
	case disk == pl.DiskSpaceMB:
		return nil
	case pl.DiskSpaceStepMB == 0 || disk > pl.DiskSpaceCapMB:
		return badRequest("disk_space_mb %d is above the maximum %d of plan %q", disk, max(pl.DiskSpaceCapMB, pl.DiskSpaceMB), pl.ServicePlan)
	case (disk-pl.DiskSpaceMB)%pl.DiskSpaceStepMB != 0:
		return badRequest("disk_space_mb %d must be %d plus a multiple of %d for plan %q",
			disk, pl.DiskSpaceMB, pl.DiskSpaceStepMB, pl.ServicePlan)
	}
	return nil
}

func checkVPC(p *project, id, cloud string) error {
	if id == "" {
		return nil
	}
	i := slices.IndexFunc(p.vpcs, func(v VPC) bool { return v.ProjectVPCID == id })
	switch {
	case i < 0:
		return badRequest("Project VPC %q does not exist in project %q", id, p.name)
	case p.vpcs[i].CloudName != cloud:
		return badRequest("Project VPC %q is in cloud %q, not %q", id, p.vpcs[i].CloudName, cloud)
	}
	return nil
}

// applyUpdate validates a PUT in full before changing anything, so a
// rejected request leaves the service as it was. Plan and disk changes apply
// to both members of a CCR pair: Aiven keeps peers identical.
func (s *Server) applyUpdate(p *project, sv *service, in updateIn) error {
	if err := checkCreateOnly(sv.userConfig, in.UserConfig); err != nil {
		return err
	}
	if err := checkUserConfig(s.catalog.types[sv.typ].UserConfigSchema, in.UserConfig); err != nil {
		return err
	}
	plan, disk, err := s.resize(sv, in)
	if err != nil {
		return err
	}
	peer := p.services[sv.peer]
	cloud := sv.cloud
	if in.Cloud != nil && *in.Cloud != sv.cloud {
		cloud = *in.Cloud
		if _, ok := s.catalog.cloud(cloud); !ok {
			return badRequest("Cloud %q is not available", cloud)
		}
		if peer != nil && peer.cloud == cloud {
			return badRequest("Cloud %q is the cloud of peer service %q", cloud, peer.name)
		}
	}
	vpc := sv.projectVPCID
	if in.ProjectVPCID.present {
		vpc = ""
		if in.ProjectVPCID.value != nil {
			vpc = *in.ProjectVPCID.value
		}
	}
	if err := checkVPC(p, vpc, cloud); err != nil {
		return err
	}
	protected := sv.terminationProtection
	if in.TerminationProtection != nil {
		protected = *in.TerminationProtection
	}
	if in.Powered != nil && !*in.Powered && protected {
		return errTerminationProtected()
	}

	exact := s.now().UTC()
	now := exact.Truncate(time.Second)
	until := exact.Add(s.opts.ProvisionDelay)
	if plan != sv.plan || disk != sv.diskSpaceMB {
		pl, _ := s.catalog.plan(sv.typ, plan)
		for _, m := range []*service{sv, peer} {
			if m != nil {
				m.plan, m.diskSpaceMB, m.nodeCount, m.updateTime = plan, disk, pl.NodeCount, now
				m.setBusy("REBALANCING", until)
			}
		}
	}
	// Moving to another cloud or network migrates the nodes.
	if cloud != sv.cloud || vpc != sv.projectVPCID {
		sv.setBusy("REBALANCING", until)
	}
	if in.Powered != nil && *in.Powered != sv.powered {
		sv.powered = *in.Powered
		sv.setBusy("REBUILDING", until)
	}
	sv.cloud, sv.projectVPCID, sv.terminationProtection, sv.updateTime = cloud, vpc, protected, now
	mergeUserConfig(sv.userConfig, in.UserConfig)
	return nil
}

// resize resolves the plan and disk a PUT asks for. Without a disk, a plan
// change keeps the current disk when the new plan allows it, else takes the
// new plan's default.
func (s *Server) resize(sv *service, in updateIn) (string, int, error) {
	plan, disk := sv.plan, sv.diskSpaceMB
	if in.Plan != nil {
		plan = *in.Plan
	}
	pl, ok := s.catalog.plan(sv.typ, plan)
	if !ok {
		return "", 0, badRequest("Plan %q is not available for service type %q", plan, sv.typ)
	}
	if in.DiskSpaceMB != nil {
		disk = *in.DiskSpaceMB
	} else if plan != sv.plan && checkDisk(pl, disk) != nil {
		disk = pl.DiskSpaceMB
	}
	if plan == sv.plan && disk == sv.diskSpaceMB {
		return plan, disk, nil // unchanged: a seeded service may sit outside today's bounds
	}
	return plan, disk, checkDisk(pl, disk)
}
