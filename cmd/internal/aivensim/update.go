package aivensim

import (
	"encoding/json"
	"slices"
	"time"
)

// updateIn is the part of ServiceUpdateIn the emulator acts on, plus
// disaster_recovery_role, which the API takes and go-client-codegen does not
// declare (roles.go). An absent project_vpc_id keeps the service's network;
// an explicit null (or "") moves it to the public network, as the real API
// does. Beware: the official Go client sends "project_vpc_id": null whenever
// the caller leaves the field unset, so its updates move a VPC service out
// unless they repeat the VPC.
type updateIn struct {
	Cloud                 *string        `json:"cloud"`
	DiskSpaceMB           *int           `json:"disk_space_mb"`
	Plan                  *string        `json:"plan"`
	Powered               *bool          `json:"powered"`
	ProjectVPCID          nullable       `json:"project_vpc_id"`
	TerminationProtection *bool          `json:"termination_protection"`
	UserConfig            map[string]any `json:"user_config"`
	DisasterRecoveryRole  *string        `json:"disaster_recovery_role"`
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

// update is a PUT that passed every check: the values the service gets.
type update struct {
	plan, cloud, vpc string
	disk             int
	protected        bool
	role             func(time.Time) // a disaster recovery role change, or nil
}

// applyUpdate validates a PUT in full before changing anything, so a
// rejected request leaves the service as it was. Plan and disk changes apply
// to both members of a CCR pair (Aiven keeps peers identical); a read
// replica, recovery service or follower changes on its own.
func (s *Server) applyUpdate(p *project, sv *service, in updateIn) error {
	u, err := s.checkUpdate(p, sv, in)
	if err != nil {
		return err
	}
	s.commitUpdate(p, sv, in, u)
	return nil
}

func (s *Server) checkUpdate(p *project, sv *service, in updateIn) (update, error) {
	schema := s.catalog.types[sv.typ].UserConfigSchema
	if err := checkCreateOnly(schema, sv.userConfig, in.UserConfig); err != nil {
		return update{}, err
	}
	if err := checkUserConfig(schema, in.UserConfig); err != nil {
		return update{}, err
	}
	u := update{cloud: sv.cloud, vpc: sv.projectVPCID, protected: sv.terminationProtection}
	var err error
	if u.plan, u.disk, err = s.resize(p, sv, in); err != nil {
		return update{}, err
	}
	if in.Cloud != nil && *in.Cloud != sv.cloud {
		u.cloud = *in.Cloud
		if _, ok := s.catalog.cloud(u.cloud); !ok {
			return update{}, badRequest("Cloud %q is not available", u.cloud)
		}
		if peer := p.services[sv.peer]; peer != nil && peer.cloud == u.cloud {
			return update{}, badRequest("Cloud %q is the cloud of peer service %q", u.cloud, peer.name)
		}
	}
	if in.ProjectVPCID.present {
		u.vpc = ""
		if in.ProjectVPCID.value != nil {
			u.vpc = *in.ProjectVPCID.value
		}
	}
	if err := checkVPC(p, u.vpc, u.cloud); err != nil {
		return update{}, err
	}
	if in.TerminationProtection != nil {
		u.protected = *in.TerminationProtection
	}
	if in.Powered != nil && !*in.Powered && u.protected {
		return update{}, errTerminationProtected()
	}
	u.role, err = s.checkRole(sv, in.DisasterRecoveryRole)
	return u, err
}

func (s *Server) commitUpdate(p *project, sv *service, in updateIn, u update) {
	exact := s.now().UTC()
	now := exact.Truncate(time.Second)
	until := exact.Add(s.opts.ProvisionDelay)
	if u.plan != sv.plan || u.disk != sv.diskSpaceMB {
		pl, _ := s.catalog.plan(sv.typ, u.plan)
		for _, m := range []*service{sv, p.services[sv.peer]} {
			if m != nil {
				m.plan, m.diskSpaceMB, m.nodeCount, m.updateTime = u.plan, u.disk, pl.NodeCount, now
				m.setBusy("REBALANCING", until)
			}
		}
	}
	// Moving to another cloud or network migrates the nodes.
	if u.cloud != sv.cloud || u.vpc != sv.projectVPCID {
		sv.setBusy("REBALANCING", until)
	}
	if in.Powered != nil && *in.Powered != sv.powered {
		sv.powered = *in.Powered
		sv.setBusy("REBUILDING", until)
	}
	sv.cloud, sv.projectVPCID, sv.terminationProtection, sv.updateTime = u.cloud, u.vpc, u.protected, now
	mergeUserConfig(sv.userConfig, in.UserConfig)
	if u.role != nil {
		u.role(exact)
	}
}

// resize resolves the plan and disk a PUT asks for. Without a disk, a plan
// change keeps the current disk when the new plan allows it, else takes the
// new plan's default. The disk never shrinks below what the data uses (of
// both services of a CCR pair).
func (s *Server) resize(p *project, sv *service, in updateIn) (string, int, error) {
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
	if err := s.checkMemberPlan(sv, plan); err != nil {
		return "", 0, err
	}
	if err := checkDisk(pl, disk); err != nil {
		return "", 0, err
	}
	for _, m := range []*service{sv, p.services[sv.peer]} {
		if m != nil && disk != sv.diskSpaceMB && disk < m.usedDiskMB {
			return "", 0, badRequest("disk_space_mb %d is less than the %d MB the data of service %q uses",
				disk, m.usedDiskMB, m.name)
		}
	}
	return plan, disk, nil
}

// checkMemberPlan keeps a member's plan in its kind's family: a read
// replica on a startup plan (documented for valkey, inferred for pg and
// mysql), a disaster recovery pair on startup, business or premium.
// OpenSearch plans "can be bumped independently" once the follower exists.
func (s *Server) checkMemberPlan(sv *service, plan string) error {
	if plan == sv.plan {
		return nil
	}
	if s.memberLink(sv, kindReadReplica) != nil && (sv.typ == "valkey" || s.enforced(rulePlanOnUpdate)) &&
		!s.replicaPlanAllowed(sv.typ, plan) {
		return badRequest("Plan %q is not available for a %s read replica: read replicas use a startup plan", plan, sv.typ)
	}
	if len(s.linksOf(sv, kindDR)) > 0 && !slices.Contains([]string{"startup", "business", "premium"}, tier(plan)) {
		return badRequest("Disaster recovery is not available on plan %q of service %q: use a startup, business or premium plan",
			plan, sv.name)
	}
	return nil
}
