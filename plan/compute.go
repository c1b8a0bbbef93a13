package plan

import (
	"fmt"
	"sort"

	"github.com/ccr-dev/ccr/schema"
)

// Conflict kinds.
const (
	// KindPreflight is a conflict with what the project offers (service
	// type, cloud, plan, disk, VPC) or a project that was not read.
	KindPreflight = "preflight"
	// KindPairing is a conflict with Aiven's CCR rules.
	KindPairing = "pairing"
)

// KindReplication (group.go) and KindBudget (budget.go) are the others.

// located is a conflict with the source position it is sorted by.
type located struct {
	Conflict
	pos schema.Pos
}

// builder accumulates a Plan project by project.
type builder struct {
	spec      *schema.Spec
	opts      Options
	plan      *Plan
	conflicts []located
}

// Compute diffs spec against live per DESIGN.md "Plan semantics". It never
// fails: whatever cannot be applied becomes a Conflict, and the result is
// deterministic (changes in file order, conflicts in file-position order,
// drift sorted by project, service and field).
func Compute(spec *schema.Spec, live Live) *Plan {
	return ComputeWith(spec, live, Options{})
}

// ComputeWith is Compute with the inputs the command line gives: a plan
// whose monthly increase is over a budget of the file or of opts, or cannot
// be checked against one, has a KindBudget conflict.
func ComputeWith(spec *schema.Spec, live Live, opts Options) *Plan {
	b := &builder{spec: spec, opts: opts, plan: &Plan{
		FormatVersion: FormatVersion,
		File:          spec.File,
		FileDigest:    spec.FileDigest,
		SpecDigest:    SpecDigest(spec),
		JoinAfter:     JoinAfterCreated,
	}}
	for i := range spec.Projects {
		b.project(&spec.Projects[i], live)
	}
	b.plan.Cost = costOf(b.plan.Changes, projectNames(spec), live)
	b.checkBudgets(b.plan.Cost, opts)
	p := b.finish()
	p.Facts = liveFacts(spec, live)
	p.Fingerprint = fingerprintOf(p.Facts)
	return p
}

// project plans every pair of one project.
func (b *builder) project(proj *schema.Project, live Live) {
	ps, ok := live.Projects[proj.Name]
	if !ok {
		b.conflict(KindPreflight, proj.Name, proj.Pos, projectServices(proj),
			fmt.Sprintf("project %q was not read", proj.Name))
		b.blockProject(proj)
		return
	}
	// A project that no longer offers cassandra can create nothing, but
	// pairs that exist and are paired need nothing created: only the pairs
	// that need a create are stopped.
	retired := !ps.Catalog.Offered(CassandraType)
	idx := newServiceIndex(ps.Services)
	creates := false
	for i := range proj.Pairs {
		in := pairInput{
			file: b.spec.File, project: proj.Name, index: i, pair: &proj.Pairs[i],
			idx: idx, catalog: ps.Catalog, preflight: !retired, allowDowngrade: b.opts.AllowDowngrade,
		}
		r := planPair(&in)
		if retired && r.creates() {
			creates = true
			r.conflict(&in, KindPreflight, in.pair.Pos, in.names(), retiredMessage(proj.Name))
		}
		b.addPair(r, false)
	}
	if retired && !creates && len(proj.Pairs) > 0 {
		b.plan.Warnings = append(b.plan.Warnings, Warning{Project: proj.Name, Message: retiredWarning(proj.Name)})
	}
	for i := range proj.Replicas {
		in := groupInput{file: b.spec.File, project: proj.Name, index: i, group: &proj.Replicas[i], idx: idx,
			catalog: ps.Catalog, allowDowngrade: b.opts.AllowDowngrade}
		b.addGroup(planGroup(&in))
	}
	if n := unmanagedCount(proj, ps.Services); n > 0 {
		b.plan.Unmanaged = append(b.plan.Unmanaged, Unmanaged{Project: proj.Name, Count: n})
	}
}

// addPair merges one pair's outcome. A pair with any conflict, or in a
// blocked project, is blocked as a whole: creating half a pair helps no one.
func (b *builder) addPair(r pairPlan, projectBlocked bool) {
	blocked := projectBlocked || len(r.conflicts) > 0
	for _, c := range r.changes {
		if blocked {
			// A blocked change executes nothing, so it carries no join.
			c.Action, c.JoinWith, c.DependsOn, c.Updates = Blocked, "", "", nil
		}
		b.plan.Changes = append(b.plan.Changes, c)
	}
	b.conflicts = append(b.conflicts, r.conflicts...)
	b.plan.Drift = append(b.plan.Drift, r.drift...)
	if !blocked {
		b.plan.Warnings = append(b.plan.Warnings, r.warnings...)
		b.plan.Prerequisites = append(b.plan.Prerequisites, r.prerequisites...)
		b.plan.NextSteps = append(b.plan.NextSteps, r.nextSteps...)
	}
}

// addGroup merges one replica group's outcome. A group with any conflict
// is blocked as a whole, like a pair: its members depend on its primary.
func (b *builder) addGroup(r groupPlan) {
	blocked := len(r.conflicts) > 0
	for _, c := range r.changes {
		if blocked {
			// A blocked change executes nothing, so it waits for nothing.
			c.Action, c.DependsOn, c.Await, c.Updates = Blocked, "", "", nil
		}
		b.plan.Changes = append(b.plan.Changes, c)
	}
	b.conflicts = append(b.conflicts, r.conflicts...)
	b.plan.Drift = append(b.plan.Drift, r.drift...)
	b.plan.Warnings = append(b.plan.Warnings, r.warnings...)
	if !blocked {
		b.plan.NextSteps = append(b.plan.NextSteps, r.nextSteps...)
	}
}

// blockProject lists every service of an unread project as blocked.
func (b *builder) blockProject(proj *schema.Project) {
	for i, pair := range proj.Pairs {
		for _, s := range pair.Services {
			c := declaredChange(proj.Name, i, &pair, s)
			c.Action = Blocked
			b.plan.Changes = append(b.plan.Changes, c)
		}
	}
	for i := range proj.Replicas {
		in := groupInput{file: b.spec.File, project: proj.Name, index: i, group: &proj.Replicas[i]}
		for _, m := range in.groupMembers() {
			c := in.declared(m, nil)
			c.Action = Blocked
			b.plan.Changes = append(b.plan.Changes, c)
		}
	}
}

// conflict records a conflict located at pos in the spec file.
func (b *builder) conflict(kind, project string, pos schema.Pos, services []string, msg string) {
	b.conflicts = append(b.conflicts, newConflict(b.spec.File, kind, project, pos, services, msg))
}

// finish sorts what is sorted, counts the summary and replaces nil slices so
// the JSON form always has [] rather than null.
func (b *builder) finish() *Plan {
	p := b.plan
	sort.SliceStable(b.conflicts, func(i, j int) bool { return conflictLess(b.conflicts[i], b.conflicts[j]) })
	for _, c := range b.conflicts {
		p.Conflicts = append(p.Conflicts, c.Conflict)
	}
	sort.SliceStable(p.Drift, func(i, j int) bool { return driftLess(p.Drift[i], p.Drift[j]) })
	p.Summary = summarize(p)
	p.normalize()
	return p
}

func conflictLess(a, b located) bool {
	if a.pos.Line != b.pos.Line {
		return a.pos.Line < b.pos.Line
	}
	if a.pos.Col != b.pos.Col {
		return a.pos.Col < b.pos.Col
	}
	if a.Project != b.Project {
		return a.Project < b.Project
	}
	return a.Message < b.Message
}

func driftLess(a, b Drift) bool {
	if a.Project != b.Project {
		return a.Project < b.Project
	}
	if a.Service != b.Service {
		return a.Service < b.Service
	}
	return a.Field < b.Field
}

func summarize(p *Plan) Summary {
	s := Summary{Conflicts: len(p.Conflicts), ConflictsByKind: CountConflicts(p.Conflicts), Drift: len(p.Drift)}
	for _, c := range p.Changes {
		if len(c.Updates) > 0 && c.Action != Blocked {
			s.Update++
			if turnsProtectionOff(c.Updates) {
				s.ProtectionOff++
			}
		}
		switch c.Action {
		case Create:
			s.Create++
		case Link:
			s.Link++
		case Switchover:
			s.Switchover++
		case NoOp:
			s.Unchanged++
		case Blocked:
			s.Blocked++
		}
	}
	return s
}

// newConflict builds a located conflict; pos is rendered as file:line:col.
func newConflict(file, kind, project string, pos schema.Pos, services []string, msg string) located {
	if services == nil {
		services = []string{}
	}
	return located{pos: pos, Conflict: Conflict{
		Kind: kind, Project: project, Services: services,
		Position: position(file, pos), Message: msg,
	}}
}

// position renders pos as "file:line:col".
func position(file string, pos schema.Pos) string {
	return fmt.Sprintf("%s:%d:%d", file, pos.Line, pos.Col)
}

// projectNames lists the spec's projects in file order.
func projectNames(spec *schema.Spec) []string {
	names := make([]string, len(spec.Projects))
	for i, p := range spec.Projects {
		names[i] = p.Name
	}
	return names
}

// projectServices lists the names of every service a project declares.
func projectServices(proj *schema.Project) []string {
	names := make([]string, 0, 2*len(proj.Pairs)+2*len(proj.Replicas))
	for _, pair := range proj.Pairs {
		names = append(names, pair.Services[0].Name, pair.Services[1].Name)
	}
	for i := range proj.Replicas {
		names = append(names, proj.Replicas[i].Names()...)
	}
	return names
}

// unmanagedCount counts live services of any type the project does not
// declare.
func unmanagedCount(proj *schema.Project, services []LiveService) int {
	declared := make(map[string]bool, 2*len(proj.Pairs)+2*len(proj.Replicas))
	for _, name := range projectServices(proj) {
		declared[name] = true
	}
	n := 0
	for _, s := range services {
		if !declared[s.Name] {
			n++
		}
	}
	return n
}
