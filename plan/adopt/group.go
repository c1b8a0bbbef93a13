package adopt

import (
	"fmt"
	"maps"
	"slices"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// buildGroup declares primary and the members edges link to it, with only
// the fields needed to reproduce them, as buildPair does for a pair: a
// value the file cannot hold, or on which the group's services disagree
// (tags, termination protection), is left out and reported as a Skip.
// toAway are the primary's members in other projects, which the file
// cannot declare here.
func buildGroup(ps plan.ProjectState, l *links, primary *plan.LiveService, edges []plan.Integration) (Group, []Skip) {
	b := &groupBuilder{project: ps.Name, catalog: ps.Catalog, typ: primary.Type}
	b.services = append(b.services, primary)
	g := Group{Primary: b.member(primary, "")}
	g.Primary.Type = primary.Type
	g.Primary.Version = b.version(primary)
	for _, e := range edges { // sorted by member name: one source
		s := l.byName[e.Dest]
		b.services = append(b.services, s)
		g.Members = append(g.Members, b.member(s, e.Kind))
	}
	g.Active = b.active(g)
	g.TerminationProtection = b.protection()
	g.Tags = b.tags()
	for _, name := range l.toAway[primary.Name] {
		b.skip(b.names(), "members", "", name, fmt.Sprintf("%s replicates to %s in another project, which a ccr file "+
			"declares in a replica group of that project only", primary.Name, Quote(name)))
	}
	return g, b.skips
}

// groupBuilder collects the skips of one group.
type groupBuilder struct {
	project  string
	catalog  plan.Catalog
	typ      string
	services []*plan.LiveService // primary first
	skips    []Skip
}

func (b *groupBuilder) skip(services []string, field, key, value, reason string) {
	b.skips = append(b.skips, Skip{Project: b.project, Services: services, Group: b.services[0].Name, Field: field,
		Key: key, Value: value, Reason: reason})
}

// names lists the group's services, primary first.
func (b *groupBuilder) names() []string {
	out := make([]string, len(b.services))
	for i, s := range b.services {
		out[i] = s.Name
	}
	return out
}

// member declares one service: its plan, its disk when it is not its
// plan's default (or the default is unknown) and its VPC.
func (b *groupBuilder) member(s *plan.LiveService, kind string) Member {
	m := Member{Name: s.Name, Kind: kind, Cloud: s.Cloud, State: s.State, Role: s.Role}
	one := []string{s.Name}
	switch {
	case s.Plan == "":
	case !fileLimits.plan.MatchString(s.Plan):
		b.skip(one, "plan", "", s.Plan, fmt.Sprintf("plan %s is not a plan name a ccr file accepts", Quote(s.Plan)))
	default:
		m.Plan = s.Plan
	}
	switch d := s.DiskSpaceMB; {
	case d <= 0:
	case d > fileLimits.diskMax:
		b.skip(one, "disk_space_mb", "", fmt.Sprint(d), fmt.Sprintf("disk_space_mb %d is larger than a ccr file "+
			"accepts (%d)", d, fileLimits.diskMax))
	case m.Plan != "" && b.catalog.Plans(b.typ)[m.Plan].DiskSpaceMB == d:
		// The plan's default: a file that omits it means the same.
	default:
		m.DiskSpaceMB = d
	}
	if vpc := s.ProjectVPCID; vpc != "" {
		if fileLimits.vpc.MatchString(vpc) {
			m.ProjectVPCID = vpc
		} else {
			b.skip(one, "project_vpc_id", "", vpc, fmt.Sprintf("project_vpc_id %s is not a UUID", Quote(vpc)))
		}
	}
	return m
}

// version is the primary's major version when it is not the type's
// default (or the default is unknown): ccr plan reports a primary whose
// version moves away from it as drift.
func (b *groupBuilder) version(s *plan.LiveService) string {
	v := s.Version
	switch {
	case v == "" || v == b.catalog.Types[b.typ].DefaultVersion:
		return ""
	case !fileLimits.version.MatchString(v):
		b.skip([]string{s.Name}, "version", "", v, fmt.Sprintf("version %s is not a version a ccr file accepts", Quote(v)))
		return ""
	}
	return v
}

// active is the disaster recovery member when it is active and the
// primary passive: a switchover happened, and the file records it, so that
// switching back is a reviewed change. Otherwise roles are left alone
// (active omitted): the primary active is what a file without active
// means; unknown roles would make ccr plan refuse an active it cannot
// check; and a failover (a failed service) is for an operator to resolve,
// which ccr plan reports as a warning when active is omitted, and would
// refuse as a conflict with active set.
func (b *groupBuilder) active(g Group) string {
	for _, m := range g.Members {
		if m.Kind != schema.KindDisasterRecovery {
			continue
		}
		p := b.services[0]
		switch {
		case m.Role == plan.RoleActive && p.Role == plan.RolePassive:
			return m.Name
		case m.Role == plan.RoleFailed || p.Role == plan.RoleFailed:
			b.skip([]string{p.Name, m.Name}, "active", "", "", fmt.Sprintf("a failover happened (%s is %s, %s is %s): "+
				"ccr plan reports it; fail back by hand, or set active once it is resolved", p.Name, Quote(p.Role),
				m.Name, Quote(m.Role)))
		}
	}
	return ""
}

// protection is true when every service of the group is protected; left
// out when they disagree.
func (b *groupBuilder) protection() bool {
	var on, off []string
	for _, s := range b.services {
		if s.TerminationProtection {
			on = append(on, s.Name)
		} else {
			off = append(off, s.Name)
		}
	}
	if len(on) > 0 && len(off) > 0 {
		b.skip(b.names(), "termination_protection", "", "", fmt.Sprintf("termination protection is on for %s only",
			joinNames(on)))
	}
	return len(off) == 0
}

// tags are the tags every service of the group carries with the same
// value; the others are left out, one skip per key.
func (b *groupBuilder) tags() map[string]string {
	keys := map[string]bool{}
	for _, s := range b.services {
		for k := range s.Tags {
			keys[k] = true
		}
	}
	out := map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if why := b.tagDisagreement(k); why != "" {
			b.skip(b.names(), "tags", k, "", why)
			continue
		}
		v := b.services[0].Tags[k]
		if why := tagProblem(k, v); why != "" {
			b.skip(b.names(), "tags", k, v, fmt.Sprintf("tag %s: %s", Quote(k), why))
			continue
		}
		out[k] = v
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// tagDisagreement says how the group's services disagree on tag k, "" when
// every one has the same value.
func (b *groupBuilder) tagDisagreement(k string) string {
	first, firstOK := b.services[0].Tags[k]
	for _, s := range b.services[1:] {
		v, ok := s.Tags[k]
		switch {
		case ok != firstOK:
			on, off := b.services[0].Name, s.Name
			if ok {
				on, off = off, on
			}
			return fmt.Sprintf("tag %s is set on %s, not on %s", Quote(k), on, off)
		case v != first:
			return fmt.Sprintf("tag %s is %s on %s and %s on %s", Quote(k), Quote(first), b.services[0].Name,
				Quote(v), s.Name)
		}
	}
	return ""
}

// joinNames joins names as "a, b and c".
func joinNames(names []string) string {
	if len(names) < 2 {
		return names[0]
	}
	s := names[0]
	for _, n := range names[1 : len(names)-1] {
		s += ", " + n
	}
	return s + " and " + names[len(names)-1]
}
