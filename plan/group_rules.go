package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ccr-dev/ccr/schema"
)

// memberProblems checks, before a member m is created or linked with plan
// memberPlan, the rules of its kind that depend on the primary (live, or
// nil when ccr creates it) and on the catalog.
func (in *groupInput) memberProblems(m *schema.Member, rule schema.LinkRule, memberPlan string, primary *LiveService) []located {
	p := in.group.Primary
	both := []string{p.Name, m.Name}
	var out []located
	add := func(pos schema.Pos, format string, args ...any) {
		out = append(out, in.located(KindReplication, pos, both, fmt.Sprintf(format, args...)))
	}
	primaryPlan := in.primaryPlan(primary)
	if primary != nil {
		if primary.State == StatePoweroff {
			add(m.Pos, "%s is powered off (POWEROFF): power it on before %s can replicate from it", p.Name, m.Name)
		}
		if src := primary.Sources(); len(src) > 0 {
			add(m.Pos, "%s is itself a %s of %s: ccr does not replicate from a replica", p.Name, kindTitle(p.Type, src[0].Kind), src[0].Source)
		}
		if rule.NeedsPersistence && primary.PersistenceOff {
			add(m.Pos, "%s has valkey_persistence off: Aiven cannot replicate a Valkey service without persistence", p.Name)
		}
	}
	if primaryPlan != "" && !rule.Primary.Allows(primaryPlan) {
		add(cmpPos(p.PlanPos, p.Pos), "%s's plan %s cannot have a %s: Aiven needs %s for the primary",
			p.Name, primaryPlan, rule.Title, rule.Primary)
	}
	// One conflict for the member's plan, whichever of its kind's plan
	// rules it breaks: the family's message already asks for a plan at
	// least the primary's, and gains the figures when it is smaller.
	planPos := cmpPos(m.PlanPos, m.Pos)
	smaller := ""
	if rule.Member.AtLeastPrimary && primaryPlan != "" && memberPlan != "" {
		smaller = smallerPlan(in.catalog.Plans(p.Type), memberPlan, primaryPlan)
	}
	switch {
	case memberPlan != "" && !rule.Member.Allows(memberPlan):
		also := ""
		if smaller != "" {
			also = fmt.Sprintf("; %s is smaller than %s's plan %s (%s)", memberPlan, p.Name, primaryPlan, smaller)
		}
		add(planPos, "%s's plan %s is not allowed for a %s: Aiven needs %s%s%s", m.Name, memberPlan, rule.Title,
			rule.Member, also, inheritedNote(m, primaryPlan))
	case smaller != "":
		add(planPos, "%s's plan %s is smaller than %s's plan %s (%s): a %s needs a plan at least its leader's",
			m.Name, memberPlan, p.Name, primaryPlan, smaller, rule.Title)
	}
	return out
}

// inheritedNote explains a member plan the file did not write.
func inheritedNote(m *schema.Member, primaryPlan string) string {
	if m.Plan != "" {
		return ""
	}
	return fmt.Sprintf(" (the file sets no plan, so %s would take its primary's, %s: set plan)", m.Name, primaryPlan)
}

// smallerPlan says how plan a is smaller than plan b (fewer nodes, less
// memory per node or less disk), or "" when it is not or the catalog does
// not know both plans.
func smallerPlan(plans map[string]PlanSpec, a, b string) string {
	pa, okA := plans[a]
	pb, okB := plans[b]
	switch {
	case !okA || !okB:
		return ""
	case pa.NodeCount < pb.NodeCount:
		nodes := "nodes"
		if pa.NodeCount == 1 {
			nodes = "node"
		}
		return fmt.Sprintf("%d %s, not %d", pa.NodeCount, nodes, pb.NodeCount)
	case pa.NodeMemoryMB > 0 && pb.NodeMemoryMB > 0 && pa.NodeMemoryMB < pb.NodeMemoryMB:
		return fmt.Sprintf("%d MB of memory per node, not %d", pa.NodeMemoryMB, pb.NodeMemoryMB)
	case pa.DiskSpaceMB < pb.DiskSpaceMB:
		return fmt.Sprintf("%d MB of disk, not %d", pa.DiskSpaceMB, pb.DiskSpaceMB)
	}
	return ""
}

// linkedElsewhere says why an existing service cannot be (or become) the
// kind member of primary: it is a member of another service or of another
// kind, or has members of its own. "" when nothing stands in the way.
func linkedElsewhere(live *LiveService, kind, primary string) string {
	for _, l := range live.Sources() {
		source := l.Source
		if l.SourceProject != "" {
			source = l.SourceProject + "/" + l.Source
		}
		if l.Source != primary || l.Kind != kind || l.SourceProject != "" {
			return fmt.Sprintf("%s is already a %s of %s: a service replicates from one primary, and ccr never "+
				"removes a link (that would promote it)", live.Name, kindTitle(live.Type, l.Kind), source)
		}
	}
	for _, l := range live.Integrations {
		if l.Source == live.Name {
			return fmt.Sprintf("%s has a %s of its own (%s): it cannot also replicate from %s",
				live.Name, kindTitle(live.Type, l.Kind), l.Dest, primary)
		}
	}
	return ""
}

// promotedMessage explains an existing service that should be a member of
// a kind Aiven links only at creation.
func promotedMessage(name, primary string, rule schema.LinkRule) string {
	return fmt.Sprintf("%s exists but is not a %s of %s (it was promoted, or created on its own): Aiven links a %s "+
		"only when it is created, so ccr cannot make it one; delete it to have ccr create it linked, or name a new "+
		"service", name, rule.Title, primary, rule.Title)
}

func versionMismatch(member, version, primary, primaryVersion string, rule schema.LinkRule) string {
	return fmt.Sprintf("%s runs version %s and %s runs %s: a %s runs its primary's version", member, version,
		primary, primaryVersion, rule.Title)
}

func typeMismatch(live *LiveService, want string) string {
	return fmt.Sprintf("%s is a %s service, not %s as the file declares", live.Name, live.Type, want)
}

// kindTitle names a member of kind for a primary of type typ.
func kindTitle(typ, kind string) string {
	if rule, ok := schema.LookupLink(typ, kind); ok {
		return rule.Title
	}
	return strings.ReplaceAll(kind, "_", " ")
}

// checkCounts refuses a create or link that would give the primary more
// members of a kind than Aiven allows, counting the members it has now,
// declared or not.
func (in *groupInput) checkCounts(r *groupPlan, primary *LiveService) {
	g := in.group
	for _, rule := range schema.LinkRules() {
		if rule.Type != g.Primary.Type || rule.MaxMembers == 0 {
			continue
		}
		members, adds := in.kindMembers(r, rule.Kind, primary)
		if len(members) <= rule.MaxMembers || len(adds) == 0 {
			continue
		}
		first := adds[0]
		r.conflict(in, KindReplication, first.KindPos, []string{g.Primary.Name, first.Name}, fmt.Sprintf(
			"%s would have %d %ss (%s): Aiven allows at most %d", g.Primary.Name, len(members), rule.Title,
			strings.Join(members, ", "), rule.MaxMembers))
	}
}

// kindMembers lists, sorted, the members of kind the primary has now or
// will have after this plan, and the declared members of that kind the
// plan creates or links.
func (in *groupInput) kindMembers(r *groupPlan, kind string, primary *LiveService) ([]string, []schema.Member) {
	var names []string
	if primary != nil {
		for _, l := range primary.Integrations {
			if l.Source == primary.Name && l.Kind == kind && l.DestProject == "" {
				names = append(names, l.Dest)
			}
		}
	}
	var adds []schema.Member
	for i, m := range in.group.Members {
		if m.Kind != kind {
			continue
		}
		names = append(names, m.Name)
		if a := r.changes[i+1].Action; a == Create || a == Link {
			adds = append(adds, m)
		}
	}
	slices.Sort(names)
	return slices.Compact(names), adds
}

// serviceDrift compares what the file says of a group's service with the
// live service where apply cannot make them agree: the cloud, the VPC
// where the file sets one, and a state other than RUNNING. Plan, disk,
// protection and tags are updates.
func serviceDrift(project string, m schema.Member, s *LiveService) []Drift {
	var out []Drift
	add := func(field, want, got string) {
		out = append(out, Drift{Project: project, Service: s.Name, Field: field, Want: want, Got: got})
	}
	if m.Cloud != s.Cloud {
		add("cloud", m.Cloud, s.Cloud)
	}
	if m.ProjectVPCID != "" && !strings.EqualFold(m.ProjectVPCID, s.ProjectVPCID) {
		add("project_vpc_id", m.ProjectVPCID, s.ProjectVPCID)
	}
	if s.State != StateRunning {
		add("state", StateRunning, s.State)
	}
	return out
}

// memberNextSteps says what to do once a member exists that ccr cannot do:
// an OpenSearch follower replicates no index until it is told to.
func memberNextSteps(project string, m *schema.Member, rule schema.LinkRule) []NextStep {
	if rule.Kind != schema.KindOpenSearchCCR {
		return nil
	}
	return []NextStep{{Project: project, Service: m.Name, Message: fmt.Sprintf(
		"%s replicates no index until you start replication on it: PUT _plugins/_replication/<index>/_start "+
			"for each index, or an _autofollow rule (OpenSearch's cross-cluster replication API)", m.Name)}}
}
