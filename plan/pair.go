package plan

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/ccr-dev/ccr/schema"
)

// pairInput is everything planning one pair needs.
type pairInput struct {
	file    string
	project string
	index   int
	pair    *schema.Pair
	idx     *serviceIndex
	catalog Catalog
	// preflight is false when the project failed preflight as a whole, so
	// per-service catalog checks would only add noise.
	preflight bool
	// allowDowngrade is --allow-downgrade.
	allowDowngrade bool
}

// pairPlan is the outcome for one pair.
type pairPlan struct {
	changes       [2]Change
	conflicts     []located
	drift         []Drift
	warnings      []Warning
	prerequisites []Prerequisite
	nextSteps     []NextStep
}

// planPair dispatches on which of the pair's services exist.
func planPair(in *pairInput) pairPlan {
	a := in.idx.get(in.pair.Services[0].Name)
	b := in.idx.get(in.pair.Services[1].Name)
	var r pairPlan
	for i, s := range in.pair.Services {
		r.changes[i] = declaredChange(in.project, in.index, in.pair, s)
	}
	r.changes[0].Live, r.changes[1].Live = copyLive(a), copyLive(b)
	for i, live := range [2]*LiveService{a, b} {
		if live != nil && !datacenterExplicit(in.pair.Services[i]) {
			r.changes[i].Datacenter = live.datacenter()
		}
	}
	switch {
	case a == nil && b == nil:
		planNew(in, &r)
	case a != nil && b != nil:
		planExisting(in, &r, a, b)
	case a != nil:
		planJoin(in, &r, 0, a)
	default:
		planJoin(in, &r, 1, b)
	}
	if len(r.conflicts) == 0 {
		r.nextSteps = nextSteps(in.project, in.pair, [2]string{
			effectiveDatacenter(in.pair.Services[0], a), effectiveDatacenter(in.pair.Services[1], b),
		})
	}
	return r
}

// planNew creates the first service, then the second joined to it.
func planNew(in *pairInput, r *pairPlan) {
	if in.pair.Plan == "" {
		r.conflict(in, KindPairing, in.pair.Pos, in.names(), "plan is required when neither service exists")
		return
	}
	first := in.pair.Services[0].Name
	r.changes[0].Action = Create
	r.changes[1].Action = Create
	r.changes[1].JoinWith = first
	r.changes[1].DependsOn = first
	r.conflicts = append(r.conflicts, preflightPair(in, in.pair.Plan)...)
	for i := range r.changes {
		r.conflicts = append(r.conflicts, preflightService(in, i, &r.changes[i])...)
		in.planDisk(&r.changes[i])
	}
}

// planJoin creates the missing service joined to the existing one, e
// (Services[ei]), inheriting plan and disk when the file omits them.
func planJoin(in *pairInput, r *pairPlan, ei int, e *LiveService) {
	ni := 1 - ei
	existing, created := &r.changes[ei], &r.changes[ni]
	existing.Action = NoOp
	inheritSize(in.pair, existing, e)
	inheritSize(in.pair, created, e)
	if msgs := peerProblems(in, e); len(msgs) > 0 {
		for _, msg := range msgs {
			r.conflict(in, KindPairing, in.pair.Services[ei].Pos, []string{e.Name}, msg)
		}
		return
	}
	r.conflicts = append(r.conflicts, placementConflicts(in, ei, e)...)
	r.conflicts = append(r.conflicts, joinConflicts(in, ni, e)...)
	if len(r.conflicts) > 0 {
		return
	}
	created.Action = Create
	created.JoinWith = e.Name
	created.DependsOn = e.Name
	applyUpdates(existing, settingUpdates(e, in.pair.TerminationProtection, in.pair.Tags),
		func(w Warning) { r.warnings = append(r.warnings, w) })
	r.conflicts = append(r.conflicts, preflightPair(in, created.Plan)...)
	r.conflicts = append(r.conflicts, preflightService(in, ni, created)...)
	in.planDisk(created)
	r.prerequisites = append(r.prerequisites, keyspacePrerequisite(in, e, created.Service))
}

// planExisting leaves a pair alone when its services are paired to each
// other and reports how they drifted from the file.
func planExisting(in *pairInput, r *pairPlan, a, b *LiveService) {
	// Where the file omits plan or disk, each service shows its own, also
	// when a conflict blocks the pair: a change never shows an empty plan
	// for a service that has one.
	inheritSize(in.pair, &r.changes[0], a)
	inheritSize(in.pair, &r.changes[1], b)
	if !pairedWith(a, b) {
		msg := fmt.Sprintf("Aiven cannot join two existing services; %s and %s both exist but are not paired with each other "+
			"(delete one and let ccr create it joined to the other, or name a new service in the file)", a.Name, b.Name)
		for _, s := range []*LiveService{a, b} {
			if p := in.idx.partners(s); len(p) > 0 {
				msg += fmt.Sprintf("; %s is paired with %s", s.Name, strings.Join(p, ", "))
			}
		}
		r.conflict(in, KindPairing, in.pair.Pos, in.names(), msg)
		return
	}
	r.changes[0].Action, r.changes[1].Action = NoOp, NoOp
	in.pairUpdates(r, a, b)
	for i, s := range []*LiveService{a, b} {
		r.drift = append(r.drift, placementDrift(in, i, s)...)
		if s.State != StateRunning {
			r.drift = append(r.drift, Drift{Project: in.project, Service: s.Name, Field: "state", Want: StateRunning, Got: s.State})
		}
	}
}

// pairUpdates plans the updates of a pair that exists: its plan and disk
// as one request on the first member that differs, which Aiven applies to
// both (the other member's change shows it via that one), and each
// member's termination protection and declared tags on its own.
func (in *pairInput) pairUpdates(r *pairPlan, a, b *LiveService) {
	p := in.pair
	u := updateInput{file: in.file, project: in.project, typ: CassandraType, plans: in.catalog.Plans(CassandraType)}
	want := sized{plan: p.Plan, planPos: p.PlanPos, disk: p.DiskSpaceMB, diskPos: p.DiskPos, fallback: p.Pos,
		allow: p.AllowDowngrade || in.allowDowngrade}
	upsA, conflictsA := u.sizeUpdates(a, want, in.names())
	upsB, conflictsB := u.sizeUpdates(b, want, in.names())
	sender, ups, peerUps := 0, upsA, upsB
	if len(upsA) == 0 {
		sender, ups, peerUps = 1, upsB, nil
	}
	// One request changes both members, so what it would take from either
	// stops it; members of the same size would only say the same twice.
	r.conflicts = append(r.conflicts, conflictsA...)
	if a.Plan != b.Plan || a.DiskSpaceMB != b.DiskSpaceMB {
		for _, c := range conflictsB {
			if !slices.ContainsFunc(conflictsA, func(seen located) bool { return seen.Message == c.Message }) {
				r.conflicts = append(r.conflicts, c)
			}
		}
	}
	warn := func(w Warning) { r.warnings = append(r.warnings, w) }
	applyUpdates(&r.changes[sender], ups, warn)
	for i := range peerUps {
		peerUps[i].Via = r.changes[sender].Service
	}
	applyUpdates(&r.changes[1-sender], peerUps, warn)
	for i, s := range []*LiveService{a, b} {
		applyUpdates(&r.changes[i], settingUpdates(s, p.TerminationProtection, p.Tags), warn)
	}
}

// peerProblems says why e cannot gain a peer: wrong type, already paired,
// powered off.
func peerProblems(in *pairInput, e *LiveService) []string {
	if e.Type != CassandraType {
		return []string{fmt.Sprintf("%s is a %s service, not %s: only Cassandra services can form a CCR pair", e.Name, e.Type, CassandraType)}
	}
	var msgs []string
	for _, p := range in.idx.partners(e) {
		msgs = append(msgs, fmt.Sprintf("%s is already paired with %s: a Cassandra service has at most one CCR peer "+
			"and Aiven cannot re-pair it", e.Name, p))
	}
	if e.State == StatePoweroff {
		msgs = append(msgs, fmt.Sprintf("%s is powered off (POWEROFF): power it on before a peer can join it", e.Name))
	}
	return msgs
}

// joinConflicts checks the file against the existing service a new one
// joins: identical plan and disk, distinct datacenter and cloud.
func joinConflicts(in *pairInput, ni int, e *LiveService) []located {
	p, n := in.pair, in.pair.Services[ni]
	both := in.names()
	var out []located
	if p.Plan != "" && p.Plan != e.Plan {
		out = append(out, in.located(KindPairing, p.PlanPos, both, fmt.Sprintf(
			"plan %s (%s) differs from %s's live plan %s: CCR peers must use an identical plan",
			p.Plan, position(in.file, p.PlanPos), e.Name, e.Plan)))
	}
	if p.DiskSpaceMB != 0 && p.DiskSpaceMB != e.DiskSpaceMB {
		out = append(out, in.located(KindPairing, p.DiskPos, both, fmt.Sprintf(
			"disk_space_mb %d (%s) differs from %s's live disk_space_mb %d: CCR peers must have the same disk space",
			p.DiskSpaceMB, position(in.file, p.DiskPos), e.Name, e.DiskSpaceMB)))
	}
	if dc := serviceDatacenter(n); dc == e.datacenter() {
		pos := n.DatacenterPos
		if pos == (schema.Pos{}) {
			pos = n.Pos // the datacenter was defaulted to the name
		}
		out = append(out, in.located(KindPairing, pos, both, fmt.Sprintf(
			"%s would use datacenter %q, which %s already uses (live datacenter %q): the datacenters of a pair must differ",
			n.Name, dc, e.Name, e.datacenter())))
	}
	if n.Cloud == e.Cloud {
		out = append(out, in.located(KindPairing, n.CloudPos, both, fmt.Sprintf(
			"%s would be created in %s, where %s already runs: the services of a pair must be in different clouds",
			n.Name, n.Cloud, e.Name)))
	}
	return out
}

// inheritSize fills the plan and disk the file omits from live service s.
func inheritSize(p *schema.Pair, c *Change, s *LiveService) {
	if p.Plan == "" {
		c.Plan = s.Plan
	}
	if p.DiskSpaceMB == 0 {
		c.DiskSpaceMB = s.DiskSpaceMB
	}
}

// placementConflicts compares where the file says Services[i] is with where
// the existing service e is, before a new service joins e: a join makes the
// pair permanent, so a cloud, datacenter or VPC that differs from the file
// is a conflict at the file's value, never a warning. Either the file is
// wrong about e, or e is not the service the file means.
func placementConflicts(in *pairInput, i int, e *LiveService) []located {
	want := in.pair.Services[i]
	var out []located
	add := func(pos schema.Pos, field, w, g string) {
		out = append(out, in.located(KindPairing, pos, in.names(), fmt.Sprintf(
			"%s %s (%s) differs from %s's live %s %s: joining %s cannot be undone, so the file must say where it is "+
				"(or name another service)", field, quoted(w), position(in.file, pos), e.Name, field, shown(g), e.Name)))
	}
	if want.Cloud != e.Cloud {
		add(want.CloudPos, "cloud", want.Cloud, e.Cloud)
	}
	if dc := serviceDatacenter(want); datacenterExplicit(want) && dc != e.datacenter() {
		add(want.DatacenterPos, "datacenter", dc, e.datacenter())
	}
	if want.ProjectVPCID != "" && !strings.EqualFold(want.ProjectVPCID, e.ProjectVPCID) {
		add(cmpPos(want.ProjectVPCIDPos, want.Pos), "project_vpc_id", want.ProjectVPCID, e.ProjectVPCID)
	}
	return out
}

// cmpPos is pos, or fallback when pos is unknown (a hand-built Spec).
func cmpPos(pos, fallback schema.Pos) schema.Pos {
	if pos == (schema.Pos{}) {
		return fallback
	}
	return pos
}

// placementDrift compares where the file says Services[i] is with where the
// live service s is: cloud, datacenter, and the VPC when the file sets one.
func placementDrift(in *pairInput, i int, s *LiveService) []Drift {
	want := in.pair.Services[i]
	var out []Drift
	add := func(field, w, g string) {
		out = append(out, Drift{Project: in.project, Service: s.Name, Field: field, Want: w, Got: g})
	}
	if want.Cloud != s.Cloud {
		add("cloud", want.Cloud, s.Cloud)
	}
	if dc := serviceDatacenter(want); datacenterExplicit(want) && dc != s.datacenter() {
		add("datacenter", dc, s.datacenter())
	}
	if want.ProjectVPCID != "" && !strings.EqualFold(want.ProjectVPCID, s.ProjectVPCID) {
		add("project_vpc_id", want.ProjectVPCID, s.ProjectVPCID)
	}
	return out
}

// declaredChange is the change for a declared service before any live state
// is considered: everything comes from the file.
func declaredChange(project string, index int, p *schema.Pair, s schema.Service) Change {
	c := Change{
		Project: project, Service: s.Name, Pair: index,
		Cloud: s.Cloud, Plan: p.Plan, DiskSpaceMB: p.DiskSpaceMB,
		Datacenter: serviceDatacenter(s), ProjectVPCID: s.ProjectVPCID,
		TerminationProtection: p.TerminationProtection,
	}
	if len(p.Tags) > 0 {
		c.Tags = maps.Clone(p.Tags)
	}
	return c
}

// datacenterExplicit reports whether the file names s's datacenter. The
// default (the service name) applies to services ccr creates; an existing
// service keeps whatever datacenter it has without that being drift.
func datacenterExplicit(s schema.Service) bool { return s.DatacenterPos != (schema.Pos{}) }

// serviceDatacenter is the datacenter the file asks for; schema.Load fills
// it, but a hand-built Spec may leave the default (the name) implicit.
func serviceDatacenter(s schema.Service) string {
	if s.Datacenter == "" {
		return s.Name
	}
	return s.Datacenter
}

// effectiveDatacenter is the datacenter a service has (live) or will have
// (file): CQL must name the real one.
func effectiveDatacenter(s schema.Service, live *LiveService) string {
	if live != nil {
		return live.datacenter()
	}
	return serviceDatacenter(s)
}

// copyLive keeps the plan from aliasing the caller's Live.
func copyLive(s *LiveService) *LiveService {
	if s == nil {
		return nil
	}
	c := *s
	return &c
}

// planDisk records on a create the disk its plan includes, when the
// catalog says: what the service gets without DiskSpaceMB.
func (in *pairInput) planDisk(c *Change) {
	if ps, ok := in.catalog.Plans(CassandraType)[c.Plan]; ok {
		c.PlanDiskSpaceMB = ps.DiskSpaceMB
	}
}

func (in *pairInput) names() []string {
	return []string{in.pair.Services[0].Name, in.pair.Services[1].Name}
}

func (in *pairInput) located(kind string, pos schema.Pos, services []string, msg string) located {
	return newConflict(in.file, kind, in.project, pos, services, msg)
}

// creates reports whether the pair needs a service created: one of its
// services does not exist, whether or not a conflict blocks the create.
func (r *pairPlan) creates() bool {
	return r.changes[0].Live == nil || r.changes[1].Live == nil
}

func (r *pairPlan) conflict(in *pairInput, kind string, pos schema.Pos, services []string, msg string) {
	r.conflicts = append(r.conflicts, in.located(kind, pos, services, msg))
}
