package schema

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// checkRules applies the rules that relate values to each other, which JSON
// Schema cannot express. Empty values are skipped: the schema has already
// reported them, and comparing blanks would only repeat that.
func (l *loader) checkRules(spec *Spec) {
	l.checkBudget(spec.Budget, "")
	projects := make(map[string][]occurrence)
	for i, p := range spec.Projects {
		l.checkBudget(p.Budget, fmt.Sprintf("projects[%d]", i))
		if p.Name != "" {
			o := occurrence{p.Pos, fmt.Sprintf("projects[%d].project", i)}
			projects[p.Name] = append(projects[p.Name], o)
			l.repeated(projects[p.Name], "project "+p.Name, "list each project once")
		}
		services := make(map[string][]occurrence)
		for j, pair := range p.Pairs {
			path := fmt.Sprintf("projects[%d].pairs[%d]", i, j)
			l.checkPair(pair, path)
			for k, s := range pair.Services {
				if s.Name == "" || k == 1 && s.Name == pair.Services[0].Name {
					continue
				}
				o := occurrence{s.Pos, fmt.Sprintf("%s.services[%d].name", path, k)}
				services[s.Name] = append(services[s.Name], o)
				l.repeated(services[s.Name], "service "+s.Name, oncePerProject)
			}
		}
		for j := range p.Replicas {
			path := fmt.Sprintf("projects[%d].replicas[%d]", i, j)
			l.checkGroup(&p.Replicas[j], path)
			l.groupNames(&p.Replicas[j], path, services)
		}
	}
}

// oncePerProject is why a service name may not repeat within a project.
const oncePerProject = "a service belongs to at most one pair or replica group"

// groupNames records the names of a replica group's services, reporting a
// name already used in the project.
func (l *loader) groupNames(g *Group, path string, services map[string][]occurrence) {
	add := func(m Member, field string) {
		if m.Name == "" {
			return
		}
		o := occurrence{m.Pos, path + "." + field}
		services[m.Name] = append(services[m.Name], o)
		l.repeated(services[m.Name], "service "+m.Name, oncePerProject)
	}
	add(g.Primary, "primary.name")
	for k, m := range g.Members {
		add(m, fmt.Sprintf("members[%d].name", k))
	}
}

// checkGroup checks what a replica group's file alone decides: how many
// members of each kind one primary may have, and the active service.
// Which kinds a type has is the schema's (if/then per primary type).
func (l *loader) checkGroup(g *Group, path string) {
	counts := map[string]int{}
	for k, m := range g.Members {
		rule, ok := g.Link(m)
		if !ok {
			l.checkKind(g, m, fmt.Sprintf("%s.members[%d].kind", path, k))
			continue
		}
		counts[m.Kind]++
		if n := counts[m.Kind]; rule.MaxMembers > 0 && n == rule.MaxMembers+1 {
			l.errorf(m.KindPos, fmt.Sprintf("%s.members[%d].kind", path, k),
				"%s primary has at most %d %s; %s is the %s", primaryOf(g), rule.MaxMembers,
				plural(rule.MaxMembers, rule.Title), m.Name, ordinal(n))
		}
	}
	l.checkActive(g, path)
}

// checkKind reports a member whose kind its primary's type does not have,
// such as a disaster_recovery member of a mysql primary. A kind or type the
// schema does not know it reports itself.
func (l *loader) checkKind(g *Group, m Member, path string) {
	kinds := kindsOf(g.Primary.Type)
	if len(kinds) == 0 || !slices.Contains(ReplicaKinds(), m.Kind) {
		return
	}
	quoted := make([]string, len(kinds))
	for i, k := range kinds {
		quoted[i] = strconv.Quote(k)
	}
	l.errorf(m.KindPos, path, "must be %s for %s primary; got %q", orList(quoted), primaryOf(g), m.Kind)
}

// primaryOf names the type of g's primary with its article, "a PostgreSQL",
// for messages about its members. Only a type the table has has members.
func primaryOf(g *Group) string {
	t, _ := LookupType(g.Primary.Type)
	return t.WithArticle()
}

// checkActive checks that active names the primary or its disaster
// recovery member, and only in a group that has one.
func (l *loader) checkActive(g *Group, path string) {
	if g.Active == "" {
		return
	}
	var dr []string
	for _, m := range g.Members {
		if m.Kind == KindDisasterRecovery {
			dr = append(dr, m.Name)
		}
	}
	switch {
	case len(dr) == 0:
		l.errorf(g.ActivePos, path+".active", "active chooses between a primary and its disaster_recovery member; "+
			"this group has none (remove active, or add a member of kind disaster_recovery)")
	case g.Active != g.Primary.Name && !slices.Contains(dr, g.Active):
		l.errorf(g.ActivePos, path+".active", "active must name %s", orList(append([]string{g.Primary.Name}, dr...)))
	}
}

// plural is "1 read replica" or "5 read replicas", without the number.
func plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

// ordinal is "2nd", "6th".
func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

// occurrence is where a name that must be unique was written.
type occurrence struct {
	pos  Pos
	path string
}

// repeated reports the latest of seen when it is not the first: at the
// repeat, naming the first line, and at the first, naming the repeat, so
// that both places are marked in an editor or a pull request.
func (l *loader) repeated(seen []occurrence, what, why string) {
	if len(seen) < 2 {
		return
	}
	first, again := seen[0], seen[len(seen)-1]
	l.errorf(again.pos, again.path, "%s is already declared at line %d; %s", what, first.pos.Line, why)
	l.errorf(first.pos, first.path, "%s is declared again at line %d", what, again.pos.Line)
}

// checkPair checks that the two services of a pair differ in name, cloud and
// datacenter, and that keyspace names are distinct in CQL.
func (l *loader) checkPair(p Pair, path string) {
	a, b := p.Services[0], p.Services[1]
	if a.Name != "" && a.Name == b.Name {
		l.errorf(b.Pos, path+".services[1].name", "name must differ from services[0] (both %s)", a.Name)
	}
	if a.Cloud != "" && a.Cloud == b.Cloud {
		l.errorf(b.CloudPos, path+".services[1].cloud", "cloud must differ from services[0] (both %s)", a.Cloud)
	}
	l.checkDatacenters(a, b, path)
	l.checkKeyspaces(p.Keyspaces, path)
}

// checkDatacenters reports two services in one Cassandra datacenter, at the
// datacenter that was written out (a defaulted one has no position). Equal
// names are reported by checkPair already.
func (l *loader) checkDatacenters(a, b Service, path string) {
	if a.Datacenter == "" || a.Datacenter != b.Datacenter || a.Name == b.Name {
		return
	}
	switch {
	case b.DatacenterPos != (Pos{}) && a.DatacenterPos != (Pos{}):
		l.errorf(b.DatacenterPos, path+".services[1].datacenter", "datacenter must differ from services[0] (both %s)", a.Datacenter)
	case b.DatacenterPos != (Pos{}):
		l.errorf(b.DatacenterPos, path+".services[1].datacenter", "datacenter must differ from services[0], whose datacenter defaults to its name (both %s)", a.Datacenter)
	default:
		l.errorf(a.DatacenterPos, path+".services[0].datacenter", "datacenter must differ from services[1], whose datacenter defaults to its name (both %s)", a.Datacenter)
	}
}

// checkKeyspaces reports keyspace names that differ only in case: CQL folds
// unquoted identifiers to lower case, so they name one keyspace.
func (l *loader) checkKeyspaces(ks []Keyspace, path string) {
	// Keyspaces are sorted by name; the one written first is the original.
	ks = slices.Clone(ks)
	slices.SortStableFunc(ks, func(a, b Keyspace) int { return cmp.Or(a.Pos.Line-b.Pos.Line, a.Pos.Col-b.Pos.Col) })
	seen := make(map[string]Keyspace, len(ks))
	for _, k := range ks {
		folded := strings.ToLower(k.Name)
		if first, dup := seen[folded]; dup {
			l.errorf(k.Pos, path+"."+formatPath([]segment{{key: "keyspaces", index: -1}, {key: k.Name, index: -1}}), "keyspace %s is keyspace %s (line %d): CQL ignores the case of unquoted names", k.Name, first.Name, first.Pos.Line)
			continue
		}
		seen[folded] = k
	}
}
