package plan

import (
	"cmp"
	"fmt"
	"maps"

	"github.com/ccr-dev/ccr/schema"
)

// KindReplication is a conflict with the rules of a replica group's kind
// (schema.LinkRule): a plan family, a version, a member linked elsewhere, a
// promoted read replica, one member too many.
const KindReplication = "replication"

// groupInput is everything planning one replica group needs.
type groupInput struct {
	file    string
	project string
	index   int
	group   *schema.Group
	idx     *serviceIndex
	catalog Catalog
	// allowDowngrade is --allow-downgrade.
	allowDowngrade bool
}

// groupPlan is the outcome for one replica group.
type groupPlan struct {
	changes   []Change
	conflicts []located
	drift     []Drift
	warnings  []Warning
	nextSteps []NextStep
}

// planGroup plans a replica group: its primary first, then each member in
// file order, then the switchover `active` asks for.
func planGroup(in *groupInput) groupPlan {
	g := in.group
	r := groupPlan{changes: make([]Change, 0, 1+len(g.Members))}
	primary := in.idx.get(g.Primary.Name)
	r.changes = append(r.changes, in.declared(g.Primary, primary))
	in.planPrimary(&r, primary)
	for i := range g.Members {
		m := &g.Members[i]
		live := in.idx.get(m.Name)
		r.changes = append(r.changes, in.declared(*m, live))
		in.planMember(&r, &r.changes[len(r.changes)-1], m, primary)
	}
	in.checkCounts(&r, primary)
	r.conflicts = append(r.conflicts, in.leaderSizeProblems(primary)...)
	in.planActive(&r, primary)
	return r
}

// leaderSizeProblems checks, when an update changes the plan of an existing
// primary or of a member whose kind needs a plan at least its leader's
// (an OpenSearch follower), that the member's plan is still no smaller
// than the primary's afterwards: upgrading a leader alone would leave its
// follower too small.
func (in *groupInput) leaderSizeProblems(primary *LiveService) []located {
	g := in.group
	if primary == nil {
		return nil // a primary ccr creates is checked with each member
	}
	primaryAfter := cmp.Or(g.Primary.Plan, primary.Plan)
	var out []located
	for _, m := range g.Members {
		rule, ok := g.Link(m)
		live := in.idx.get(m.Name)
		if !ok || !rule.Member.AtLeastPrimary || live == nil {
			continue
		}
		memberAfter := cmp.Or(m.Plan, live.Plan)
		if primaryAfter == primary.Plan && memberAfter == live.Plan {
			continue // nothing this plan changes
		}
		smaller := smallerPlan(in.catalog.Plans(g.Primary.Type), memberAfter, primaryAfter)
		if smaller == "" {
			continue
		}
		pos := cmpPos(m.PlanPos, m.Pos)
		if primaryAfter != primary.Plan {
			pos = g.Primary.PlanPos
		}
		out = append(out, in.located(KindReplication, pos, []string{g.Primary.Name, m.Name}, fmt.Sprintf(
			"%s's plan %s would be smaller than %s's plan %s (%s): a %s needs a plan at least its leader's; "+
				"change both plans in the file", m.Name, memberAfter, g.Primary.Name, primaryAfter, smaller, rule.Title)))
	}
	return out
}

// groupMembers lists the group's services, primary first.
func (in *groupInput) groupMembers() []schema.Member {
	return append([]schema.Member{in.group.Primary}, in.group.Members...)
}

// declared is the change for a group's service from the file and, when it
// exists, its live state.
func (in *groupInput) declared(m schema.Member, live *LiveService) Change {
	g, index := in.group, in.index
	c := Change{
		Project: in.project, Service: m.Name, Action: NoOp, Group: &index, Type: g.Primary.Type,
		Cloud: m.Cloud, Plan: m.Plan, DiskSpaceMB: m.DiskSpaceMB, ProjectVPCID: m.ProjectVPCID,
		Kind: m.Kind, TerminationProtection: g.TerminationProtection, Live: copyLive(live),
	}
	if m.Kind != "" {
		c.Source = g.Primary.Name
	} else {
		c.Version = m.Version
	}
	if len(g.Tags) > 0 {
		c.Tags = maps.Clone(g.Tags)
	}
	if live != nil {
		if c.Plan == "" {
			c.Plan = live.Plan
		}
		if c.DiskSpaceMB == 0 {
			c.DiskSpaceMB = live.DiskSpaceMB
		}
	}
	return c
}

// planPrimary plans the group's primary: create it when it is missing,
// otherwise check that it is what the file says and can have members.
func (in *groupInput) planPrimary(r *groupPlan, live *LiveService) {
	c := &r.changes[0]
	p := in.group.Primary
	if live == nil {
		if p.Plan == "" {
			r.conflict(in, KindReplication, in.group.Pos, in.group.Names(),
				"plan is required to create "+p.Name+", which does not exist")
			return
		}
		c.Action = Create
		r.conflicts = append(r.conflicts, in.preflightCreate(c, p)...)
		if c.Version == "" {
			c.Version = in.catalog.Types[p.Type].DefaultVersion
		}
		return
	}
	if live.Type != p.Type {
		r.conflict(in, KindReplication, p.TypePos, in.group.Names(), typeMismatch(live, p.Type))
		return
	}
	r.drift = append(r.drift, serviceDrift(in.project, p, live)...)
	in.updates(r, c, p, live, schema.LinkRule{})
	if p.Version != "" && live.Version != "" && p.Version != live.Version {
		r.drift = append(r.drift, Drift{Project: in.project, Service: live.Name, Field: "version", Want: p.Version, Got: live.Version})
	}
}

// planMember plans one member c (declared as m) of a group whose primary
// is primary (nil when it is to be created).
func (in *groupInput) planMember(r *groupPlan, c *Change, m *schema.Member, primary *LiveService) {
	rule, ok := in.group.Link(*m)
	if !ok {
		return // the schema refuses a kind the primary's type lacks
	}
	live := in.idx.get(m.Name)
	switch {
	case live == nil:
		in.planMemberCreate(r, c, m, rule, primary)
	case live.Type != m.Type:
		r.conflict(in, KindReplication, m.Pos, []string{in.group.Primary.Name, m.Name}, typeMismatch(live, m.Type))
	default:
		in.planExistingMember(r, c, m, rule, live, primary)
	}
}

// planMemberCreate creates a missing member linked to the primary, once the
// primary reaches what the kind awaits.
func (in *groupInput) planMemberCreate(r *groupPlan, c *Change, m *schema.Member, rule schema.LinkRule, primary *LiveService) {
	if c.Plan == "" {
		c.Plan = in.primaryPlan(primary)
	}
	c.Version = in.primaryVersion(primary)
	problems := in.memberProblems(m, rule, c.Plan, primary)
	r.conflicts = append(r.conflicts, problems...)
	r.conflicts = append(r.conflicts, in.preflightCreate(c, *m)...)
	if len(problems) > 0 {
		return
	}
	c.Action, c.DependsOn, c.Await = Create, in.group.Primary.Name, rule.Await
	r.nextSteps = append(r.nextSteps, memberNextSteps(in.project, m, rule)...)
}

// planExistingMember leaves a member linked as declared alone, links one
// that can be linked, and refuses one linked elsewhere or promoted.
func (in *groupInput) planExistingMember(r *groupPlan, c *Change, m *schema.Member, rule schema.LinkRule, live, primary *LiveService) {
	p := in.group.Primary.Name
	if _, linked := live.LinkedTo(m.Kind, p); linked {
		r.drift = append(r.drift, serviceDrift(in.project, *m, live)...)
		in.updates(r, c, *m, live, rule)
		return
	}
	if msg := linkedElsewhere(live, m.Kind, p); msg != "" {
		r.conflict(in, KindReplication, m.Pos, []string{p, m.Name}, msg)
		return
	}
	if !rule.LinkExisting {
		r.conflict(in, KindReplication, m.KindPos, []string{p, m.Name}, promotedMessage(live.Name, p, rule))
		return
	}
	problems := in.memberProblems(m, rule, live.Plan, primary)
	if primary != nil && rule.SameVersion && live.Version != "" && primary.Version != "" && live.Version != primary.Version {
		problems = append(problems, in.located(KindReplication, m.Pos, []string{p, m.Name},
			versionMismatch(live.Name, live.Version, p, primary.Version, rule)))
	}
	r.conflicts = append(r.conflicts, problems...)
	if len(problems) > 0 {
		return
	}
	c.Action, c.DependsOn, c.Await = Link, p, schema.AwaitRunning
	r.drift = append(r.drift, serviceDrift(in.project, *m, live)...)
	in.updates(r, c, *m, live, rule)
	r.nextSteps = append(r.nextSteps, memberNextSteps(in.project, m, rule)...)
}

// primaryPlan is the plan the primary has or will have.
func (in *groupInput) primaryPlan(primary *LiveService) string {
	if primary != nil {
		return primary.Plan
	}
	return in.group.Primary.Plan
}

// primaryVersion is the version the primary has or will be created with.
func (in *groupInput) primaryVersion(primary *LiveService) string {
	if primary != nil && primary.Version != "" {
		return primary.Version
	}
	if v := in.group.Primary.Version; v != "" {
		return v
	}
	return in.catalog.Types[in.group.Primary.Type].DefaultVersion
}

func (in *groupInput) located(kind string, pos schema.Pos, services []string, msg string) located {
	return newConflict(in.file, kind, in.project, pos, services, msg)
}

func (r *groupPlan) conflict(in *groupInput, kind string, pos schema.Pos, services []string, msg string) {
	r.conflicts = append(r.conflicts, in.located(kind, pos, services, msg))
}

// updates plans the in-place updates of an existing service m of the group
// (rule is its kind's, the zero rule for the primary): each service on its
// own, its plan kept within what its kind allows.
func (in *groupInput) updates(r *groupPlan, c *Change, m schema.Member, live *LiveService, rule schema.LinkRule) {
	g := in.group
	u := updateInput{file: in.file, project: in.project, typ: g.Primary.Type, plans: in.catalog.Plans(g.Primary.Type)}
	want := sized{plan: m.Plan, planPos: m.PlanPos, disk: m.DiskSpaceMB, diskPos: m.DiskPos, fallback: m.Pos,
		allow: g.AllowDowngrade || in.allowDowngrade}
	ups, conflicts := u.sizeUpdates(live, want, []string{m.Name})
	r.conflicts = append(r.conflicts, conflicts...)
	if m.Plan != "" && m.Plan != live.Plan {
		r.conflicts = append(r.conflicts, in.planRuleProblems(m, rule)...)
	}
	ups = append(ups, settingUpdates(live, g.TerminationProtection, g.Tags)...)
	applyUpdates(c, ups, func(w Warning) { r.warnings = append(r.warnings, w) })
}

// planRuleProblems checks a new plan of m against its kind's plan rule, or,
// for the primary, against the rule of every kind of member it has.
func (in *groupInput) planRuleProblems(m schema.Member, rule schema.LinkRule) []located {
	g := in.group
	var out []located
	if m.Kind != "" {
		if !rule.Member.Allows(m.Plan) {
			out = append(out, in.located(KindReplication, m.PlanPos, []string{g.Primary.Name, m.Name}, fmt.Sprintf(
				"%s's plan %s is not allowed for a %s: Aiven needs %s", m.Name, m.Plan, rule.Title, rule.Member)))
		}
		return out
	}
	seen := map[string]bool{}
	for _, member := range g.Members {
		r, ok := g.Link(member)
		if !ok || seen[r.Kind] || r.Primary.Allows(m.Plan) {
			continue
		}
		seen[r.Kind] = true
		out = append(out, in.located(KindReplication, m.PlanPos, []string{m.Name, member.Name}, fmt.Sprintf(
			"%s's plan %s cannot have a %s: Aiven needs %s for the primary", m.Name, m.Plan, r.Title, r.Primary)))
	}
	return out
}
