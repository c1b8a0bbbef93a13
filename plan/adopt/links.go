package adopt

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// links groups a project's services by their replication integrations
// (read_replica, disaster_recovery, opensearch_cross_cluster_replication):
// two services are in one group when an integration links them, directly
// or through others. An integration with an end in another project, or
// with an end the project no longer lists, joins no two services; it is
// remembered on the end that is here.
type links struct {
	byName map[string]*plan.LiveService
	// local are the integrations between two services of the project,
	// once each, sorted by source, destination and kind.
	local []plan.Integration
	// fromAway names, by service, the source of an integration whose
	// source is not in the project ("project/name").
	fromAway map[string][]string
	// toAway names, by service, the destinations of its integrations that
	// are not in the project ("project/name").
	toAway map[string][]string
	parent map[string]string
}

func newLinks(g *graph, project string) *links {
	l := &links{byName: g.byName, fromAway: map[string][]string{}, toAway: map[string][]string{}, parent: map[string]string{}}
	seen := map[string]bool{}
	for _, s := range g.sorted {
		for _, in := range s.Integrations {
			if !slices.Contains(schema.ReplicaKinds(), in.Kind) || seen[linkKey(in)] {
				continue
			}
			seen[linkKey(in)] = true
			l.add(in, project)
		}
	}
	slices.SortFunc(l.local, func(a, b plan.Integration) int {
		return strings.Compare(a.Source+"\x00"+a.Dest+"\x00"+a.Kind, b.Source+"\x00"+b.Dest+"\x00"+b.Kind)
	})
	return l
}

// linkKey identifies an integration: its ID, or its ends and kind when the
// API gave none.
func linkKey(in plan.Integration) string {
	if in.ID != "" {
		return in.ID
	}
	return strings.Join([]string{in.Kind, in.SourceProject, in.Source, in.DestProject, in.Dest}, "\x00")
}

// add files one integration as local, or on the end that is here.
func (l *links) add(in plan.Integration, project string) {
	_, src := l.byName[in.Source]
	_, dst := l.byName[in.Dest]
	src = src && in.SourceProject == ""
	dst = dst && in.DestProject == ""
	switch {
	case src && dst:
		l.local = append(l.local, in)
		l.union(in.Source, in.Dest)
	case dst:
		l.fromAway[in.Dest] = append(l.fromAway[in.Dest], away(in.SourceProject, in.Source, project))
		l.union(in.Dest, in.Dest)
	case src:
		l.toAway[in.Source] = append(l.toAway[in.Source], away(in.DestProject, in.Dest, project))
		l.union(in.Source, in.Source)
	}
}

// away names a service of another project, or one the project no longer
// lists.
func away(otherProject, name, project string) string {
	if otherProject == "" {
		otherProject = project
	}
	return otherProject + "/" + name
}

func (l *links) find(name string) string {
	for {
		p := l.parent[name]
		if p == name {
			return name
		}
		l.parent[name] = l.parent[p] // path halving
		name = p
	}
}

// union links a and b; union(a, a) records a service with a link.
func (l *links) union(a, b string) {
	for _, n := range []string{a, b} {
		if _, ok := l.parent[n]; !ok {
			l.parent[n] = n
		}
	}
	if ra, rb := l.find(a), l.find(b); ra != rb {
		l.parent[ra] = rb
	}
}

// linked reports whether the service called name has any replication link.
func (l *links) linked(name string) bool {
	_, ok := l.parent[name]
	return ok
}

// components returns the groups of linked services, each sorted by name,
// ordered by their first service.
func (l *links) components(sorted []*plan.LiveService) [][]*plan.LiveService {
	index := map[string]int{}
	var out [][]*plan.LiveService
	for _, s := range sorted {
		if !l.linked(s.Name) {
			continue
		}
		root := l.find(s.Name)
		i, ok := index[root]
		if !ok {
			i = len(out)
			index[root] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], s)
	}
	return out
}

// within returns the local integrations among members.
func (l *links) within(members []*plan.LiveService) []plan.Integration {
	in := map[string]bool{}
	for _, s := range members {
		in[s.Name] = true
	}
	var out []plan.Integration
	for _, link := range l.local {
		if in[link.Source] {
			out = append(out, link)
		}
	}
	return out
}

// groupOf returns the primary and the links to each member of a component
// that is one replica group a ccr file can declare, or why it is not one.
func (l *links) groupOf(project string, members []*plan.LiveService) (*plan.LiveService, []plan.Integration, string) {
	for _, s := range members {
		if from := l.fromAway[s.Name]; len(from) > 0 {
			return nil, nil, fmt.Sprintf("%s replicates from %s, which is not in project %s: a ccr file declares a "+
				"replica group within one project", Quote(s.Name), quoteAll(from)[0], Quote(project))
		}
	}
	edges := l.within(members)
	if len(edges) == 0 { // a service whose only links go to other projects
		s := members[0]
		return nil, nil, fmt.Sprintf("%s replicates to %s only, which is not in project %s: a ccr file declares a "+
			"replica group within one project", Quote(s.Name), strings.Join(quoteAll(l.toAway[s.Name]), ", "), Quote(project))
	}
	if why := shapeProblem(edges); why != "" {
		return nil, nil, why
	}
	primary := l.byName[edges[0].Source]
	if why := typeProblem(primary, members, edges); why != "" {
		return nil, nil, why
	}
	for _, s := range members {
		if why := nameProblem(s); why != "" {
			return nil, nil, why
		}
	}
	return primary, edges, ""
}

// shapeProblem says why links are not one primary and its members: a
// service linked to itself, a member of two primaries (or linked twice),
// or a member with members of its own.
func shapeProblem(edges []plan.Integration) string {
	into := map[string][]plan.Integration{}
	for _, e := range edges {
		if e.Source == e.Dest {
			return fmt.Sprintf("%s is linked to itself (%s)", Quote(e.Source), Quote(e.Kind))
		}
		into[e.Dest] = append(into[e.Dest], e)
	}
	for _, e := range edges {
		if in := into[e.Dest]; len(in) > 1 {
			return fmt.Sprintf("%s is linked to more than one primary (%s): a service replicates from one",
				Quote(e.Dest), describeLinks(in))
		}
	}
	for _, e := range edges {
		if in := into[e.Source]; len(in) > 0 {
			return fmt.Sprintf("%s replicates from %s and has members of its own (%s): a ccr file declares a "+
				"primary and its members, not a chain", Quote(e.Source), Quote(in[0].Source), describeLinks([]plan.Integration{e}))
		}
	}
	return ""
}

// typeProblem says why a primary and its members cannot be one group of
// the file: services of two types, a type or kind the file has no group
// for, more members of a kind than a file allows.
func typeProblem(primary *plan.LiveService, members []*plan.LiveService, edges []plan.Integration) string {
	if !slices.Contains(schema.ReplicaTypes(), primary.Type) {
		return fmt.Sprintf("%s is %s, and a ccr file declares replica groups of %s only",
			Quote(primary.Name), aService(primary.Type), strings.Join(schema.ReplicaTypes(), ", "))
	}
	for _, s := range members {
		if s.Type != primary.Type {
			return fmt.Sprintf("%s is %s and its primary %s is %s", Quote(s.Name), aService(s.Type),
				Quote(primary.Name), aService(primary.Type))
		}
	}
	count := map[string]int{}
	for _, e := range edges {
		rule, ok := schema.LookupLink(primary.Type, e.Kind)
		if !ok || e.Kind == schema.KindCCR {
			t, _ := schema.LookupType(primary.Type) // a replica type, checked above
			return fmt.Sprintf("%s links %s to %s, a kind %s primary does not have in a ccr file",
				Quote(e.Kind), Quote(e.Dest), Quote(primary.Name), t.WithArticle())
		}
		if count[e.Kind]++; rule.MaxMembers > 0 && count[e.Kind] > rule.MaxMembers {
			return fmt.Sprintf("%s has more than %d %s members (%s), more than a ccr file declares",
				Quote(primary.Name), rule.MaxMembers, Quote(e.Kind), describeLinks(edges))
		}
	}
	return ""
}

// nameProblem says why a file cannot name s: its name or its cloud.
func nameProblem(s *plan.LiveService) string {
	if !fileLimits.name.MatchString(s.Name) {
		return fmt.Sprintf("%s is not a service name a ccr file accepts (a lower-case letter, then up to 63 "+
			"lower-case letters, digits or hyphens)", Quote(s.Name))
	}
	if !fileLimits.cloud.MatchString(s.Cloud) {
		return fmt.Sprintf("%s runs in cloud %s, which is not a cloud name a ccr file accepts", s.Name, Quote(s.Cloud))
	}
	return ""
}

// describeLinks is "b is a read_replica of a, c is a follower of a".
func describeLinks(edges []plan.Integration) string {
	parts := make([]string, len(edges))
	for i, e := range edges {
		parts[i] = fmt.Sprintf("%s is a %s of %s", Quote(e.Dest), Quote(e.Kind), Quote(e.Source))
	}
	return strings.Join(parts, ", ")
}
