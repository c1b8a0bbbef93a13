package plan

import (
	"fmt"
	"strings"
)

// endOfLifePage is Aiven's own end-of-life page, the source of the dates
// in retiredMessage and retiredWarning: no new Cassandra service after
// 2025-12-03, every one powered off and deleted after 2026-01-07 (aiven-docs
// docs/platform/reference/end-of-life.md since 2025-11-19; the earlier
// 2025-11-30 and 2025-12-31, still in Terraform's docs, were superseded).
const endOfLifePage = "https://aiven.io/docs/platform/reference/end-of-life"

// retiredMessage explains a project whose catalog lacks the cassandra
// service type, which since Aiven's retirement is every real project.
func retiredMessage(project string) string {
	return fmt.Sprintf("project %q does not offer the %s service type: Aiven retired Aiven for Apache Cassandra "+
		"(no new services after 2025-12-03, every service deleted after 2026-01-07, per %s)",
		project, CassandraType, endOfLifePage)
}

// retiredWarning notes a project without the cassandra service type whose
// declared pairs all exist: nothing needs creating, so nothing is blocked.
func retiredWarning(project string) string {
	return fmt.Sprintf("project %q no longer offers the %s service type (Aiven retired Aiven for Apache Cassandra "+
		"on 2026-01-07, per %s): its declared pairs exist, but no service can be created in it",
		project, CassandraType, endOfLifePage)
}

// preflightPair checks the plan and disk a pair's new services would be
// created with against the project's catalog. Values inherited from an
// existing peer are checked for the plan only: Aiven already accepted that
// service's disk.
func preflightPair(in *pairInput, planName string) []located {
	plans := in.catalog.Plans(CassandraType)
	if !in.preflight || plans == nil {
		return nil
	}
	p := in.pair
	ps, ok := plans[planName]
	if !ok {
		pos := p.PlanPos
		if p.Plan == "" {
			pos = p.Pos
		}
		return []located{in.located(KindPreflight, pos, in.names(), unknownPlan(planName, CassandraType, in.project, plans))}
	}
	if p.DiskSpaceMB == 0 {
		return nil
	}
	if msg := diskProblem(planName, ps, p.DiskSpaceMB); msg != "" {
		return []located{in.located(KindPreflight, p.DiskPos, in.names(), msg)}
	}
	return nil
}

// diskProblem says why disk is not a valid disk_space_mb for the plan: it
// must lie in [default, cap] and be the default plus a multiple of the step,
// the rule Aiven's Terraform provider enforces too. A zero cap or step means
// the catalog did not say, and that bound is not checked.
func diskProblem(planName string, ps PlanSpec, disk int) string {
	lo, hi, step := ps.DiskSpaceMB, ps.DiskSpaceCapMB, ps.DiskSpaceStepMB
	if disk < lo || (hi > 0 && disk > hi) {
		return fmt.Sprintf("disk_space_mb %d is outside plan %s's range [%d, %d]", disk, planName, lo, hi)
	}
	if step > 0 && (disk-lo)%step != 0 {
		below := disk - (disk-lo)%step
		return fmt.Sprintf("disk_space_mb %d is not plan %s's default %d plus a multiple of its step %d "+
			"(nearest valid: %d or %d)", disk, planName, lo, step, below, below+step)
	}
	return ""
}

// preflightService checks the cloud and VPC a new service (Services[i],
// planned as c) would be created in.
func preflightService(in *pairInput, i int, c *Change) []located {
	if !in.preflight {
		return nil
	}
	s := in.pair.Services[i]
	var out []located
	if in.catalog.Clouds != nil && !in.catalog.Clouds[c.Cloud] {
		out = append(out, in.located(KindPreflight, s.CloudPos, []string{s.Name}, fmt.Sprintf(
			"cloud %q is not available in project %q%s", c.Cloud, in.project,
			didYouMean(closestNames(c.Cloud, in.catalog.Clouds)))))
	}
	if msg := vpcProblem(in.catalog.VPCs, in.project, c); msg != "" {
		out = append(out, in.located(KindPreflight, s.Pos, []string{s.Name}, msg))
	}
	return out
}

// vpcProblem says why c cannot be created in the VPC the file names: it does
// not exist, is in another cloud, or is being deleted.
func vpcProblem(vpcs map[string]VPC, project string, c *Change) string {
	if c.ProjectVPCID == "" || vpcs == nil {
		return ""
	}
	vpc, ok := lookupVPC(vpcs, c.ProjectVPCID)
	switch {
	case !ok:
		return fmt.Sprintf("project_vpc_id %q is not a VPC of project %q", c.ProjectVPCID, project)
	case vpc.Cloud != c.Cloud:
		return fmt.Sprintf("project_vpc_id %q is in cloud %s, but %s would be created in %s",
			c.ProjectVPCID, vpc.Cloud, c.Service, c.Cloud)
	case vpc.State == "DELETING" || vpc.State == "DELETED":
		return fmt.Sprintf("project_vpc_id %q is %s", c.ProjectVPCID, vpc.State)
	}
	return ""
}

// lookupVPC finds a VPC by ID; UUIDs compare case-insensitively.
func lookupVPC(vpcs map[string]VPC, id string) (VPC, bool) {
	if v, ok := vpcs[id]; ok {
		return v, true
	}
	for key, v := range vpcs {
		if strings.EqualFold(key, id) {
			return v, true
		}
	}
	return VPC{}, false
}

// keyspacePrerequisite asks for a NetworkTopologyStrategy keyspace on e
// before joiner joins it: Aiven requires one and the REST API cannot show it.
// A service still being built (REBUILDING) is most likely one an earlier
// apply created and was interrupted before joining its peer: it holds no
// data yet, so it is not asked for a keyspace as if it did.
func keyspacePrerequisite(in *pairInput, e *LiveService, joiner string) Prerequisite {
	name, rf := "my_keyspace", 3
	if ks := in.pair.Keyspaces; len(ks) > 0 {
		name, rf = KeyspaceName(ks[0].Name), ks[0].ReplicationFactor
	}
	if e.State == StateRebuilding {
		return Prerequisite{
			Project: in.project,
			Service: e.Name,
			Message: fmt.Sprintf("%s is still being built (REBUILDING): if an earlier apply created it, it holds no data and "+
				"needs nothing before %s joins it; if it is an existing service being rebuilt, it needs a keyspace that "+
				"uses NetworkTopologyStrategy first (ccr cannot check it over the API)", e.Name, joiner),
		}
	}
	return Prerequisite{
		Project: in.project,
		Service: e.Name,
		Message: fmt.Sprintf("%s needs a keyspace that uses NetworkTopologyStrategy before %s can join it "+
			"(Aiven requires it; ccr cannot check it over the API)", e.Name, joiner),
		CQL: fmt.Sprintf("CREATE KEYSPACE IF NOT EXISTS %s WITH replication = %s;",
			cqlIdent(name), replication([]string{e.datacenter()}, rf)),
	}
}

// unknownPlan says that a plan of typ is not offered in project, suggesting
// the nearest plans that are.
func unknownPlan(planName, typ, project string, plans map[string]PlanSpec) string {
	return fmt.Sprintf("plan %q is not offered for %s in project %q%s", planName, typ, project,
		didYouMean(closestPlans(planName, plans)))
}
