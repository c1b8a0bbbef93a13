package schema

import (
	"math"
	"slices"
	"strconv"
	"strings"

	yaml "gopkg.in/yaml.v3"
)

// build reads a Spec from the node tree. It is lenient: a value of the wrong
// type is left at its zero value, because the schema has reported it, and
// the rules can still run on everything else.
func build(file string, root *yaml.Node) *Spec {
	spec := &Spec{File: file}
	each(root, func(key string, k, v *yaml.Node) {
		switch key {
		case "version":
			spec.Version, _ = intValue(v)
		case "projects":
			for _, p := range items(v) {
				spec.Projects = append(spec.Projects, buildProject(p))
			}
		case "budget":
			spec.Budget = buildBudget(v)
		}
	})
	return spec
}

func buildProject(n *yaml.Node) Project {
	p := Project{Pos: nodePos(n)}
	each(n, func(key string, k, v *yaml.Node) {
		switch key {
		case "project":
			p.Name, p.Pos = stringValue(v), nodePos(v)
		case "pairs":
			for _, pair := range items(v) {
				p.Pairs = append(p.Pairs, buildPair(pair))
			}
		case "replicas":
			for _, g := range items(v) {
				p.Replicas = append(p.Replicas, buildGroup(g))
			}
		case "budget":
			p.Budget = buildBudget(v)
		}
	})
	return p
}

func buildPair(n *yaml.Node) Pair {
	p := Pair{Pos: nodePos(n)}
	each(n, func(key string, k, v *yaml.Node) {
		switch key {
		case "services":
			for i, s := range items(v) {
				if i < len(p.Services) {
					p.Services[i] = buildService(s)
				}
			}
		case "plan":
			p.Plan, p.PlanPos = stringValue(v), nodePos(v)
		case "disk_space_mb":
			p.DiskSpaceMB, _ = intValue(v)
			p.DiskPos = nodePos(v)
		case "termination_protection":
			if b, ok := boolValue(v); ok {
				p.TerminationProtection = &b
			}
		case "tags":
			p.Tags = buildTags(v)
		case "keyspaces":
			p.Keyspaces = buildKeyspaces(v)
		case "allow_downgrade":
			p.AllowDowngrade, _ = boolValue(v)
		}
	})
	return p
}

func buildService(n *yaml.Node) Service {
	s := Service{Pos: nodePos(n)}
	each(n, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			s.Name, s.Pos = stringValue(v), nodePos(v)
		case "cloud":
			s.Cloud, s.CloudPos = stringValue(v), nodePos(v)
		case "datacenter":
			s.Datacenter, s.DatacenterPos = stringValue(v), nodePos(v)
		case "project_vpc_id":
			s.ProjectVPCID, s.ProjectVPCIDPos = stringValue(v), nodePos(v)
		}
	})
	if s.DatacenterPos == (Pos{}) {
		s.Datacenter = s.Name
	}
	return s
}

func buildGroup(n *yaml.Node) Group {
	g := Group{Pos: nodePos(n)}
	each(n, func(key string, k, v *yaml.Node) {
		switch key {
		case "primary":
			g.Primary = buildMember(v)
		case "members":
			for _, m := range items(v) {
				g.Members = append(g.Members, buildMember(m))
			}
		case "active":
			g.Active, g.ActivePos = stringValue(v), nodePos(v)
		case "termination_protection":
			if b, ok := boolValue(v); ok {
				g.TerminationProtection = &b
			}
		case "tags":
			g.Tags = buildTags(v)
		case "allow_downgrade":
			g.AllowDowngrade, _ = boolValue(v)
		}
	})
	for i := range g.Members {
		g.Members[i].Type = g.Primary.Type
	}
	return g
}

func buildMember(n *yaml.Node) Member {
	m := Member{Pos: nodePos(n)}
	each(n, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			m.Name, m.Pos = stringValue(v), nodePos(v)
		case "type":
			m.Type, m.TypePos = stringValue(v), nodePos(v)
		case "kind":
			m.Kind, m.KindPos = stringValue(v), nodePos(v)
		case "cloud":
			m.Cloud, m.CloudPos = stringValue(v), nodePos(v)
		case "plan":
			m.Plan, m.PlanPos = stringValue(v), nodePos(v)
		case "version":
			m.Version, m.VersionPos = versionValue(v), nodePos(v)
		case "disk_space_mb":
			m.DiskSpaceMB, _ = intValue(v)
			m.DiskPos = nodePos(v)
		case "project_vpc_id":
			m.ProjectVPCID, m.ProjectVPCIDPos = stringValue(v), nodePos(v)
		}
	})
	return m
}

// buildBudget keeps max_monthly_increase_usd as the text of the number the
// file wrote; a budget without one (the schema reports it) is nil.
func buildBudget(n *yaml.Node) *Budget {
	var b *Budget
	each(n, func(key string, k, v *yaml.Node) {
		if key == "max_monthly_increase_usd" && v.Kind == yaml.ScalarNode && numberTag(v.ShortTag()) {
			b = &Budget{MaxMonthlyIncreaseUSD: v.Value, Pos: nodePos(v)}
		}
	})
	return b
}

// versionValue reads a version as written: "17", 17 and 8.10 are the
// versions "17", "17" and "8.10" (a YAML float would lose the 0).
func versionValue(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && (stringTag(n.ShortTag()) || numberTag(n.ShortTag())) {
		return n.Value
	}
	return ""
}

func numberTag(tag string) bool { return tag == "!!int" || tag == "!!float" }

func buildTags(n *yaml.Node) map[string]string {
	tags := make(map[string]string)
	each(n, func(key string, k, v *yaml.Node) { tags[key] = stringValue(v) })
	return tags
}

func buildKeyspaces(n *yaml.Node) []Keyspace {
	var ks []Keyspace
	each(n, func(key string, k, v *yaml.Node) {
		rf, _ := intValue(v)
		ks = append(ks, Keyspace{Name: key, ReplicationFactor: rf, Pos: nodePos(k)})
	})
	slices.SortStableFunc(ks, func(a, b Keyspace) int { return strings.Compare(a.Name, b.Name) })
	return ks
}

// each calls fn for every scalar-keyed entry of mapping n (through aliases);
// it does nothing for other nodes.
func each(n *yaml.Node, fn func(key string, k, v *yaml.Node)) {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := deref(n.Content[i]); k.Kind == yaml.ScalarNode {
			fn(k.Value, n.Content[i], deref(n.Content[i+1]))
		}
	}
}

// items returns the entries of list n, or nil when n is not a list.
func items(n *yaml.Node) []*yaml.Node {
	n = deref(n)
	if n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = deref(c)
	}
	return out
}

func stringValue(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && stringTag(n.ShortTag()) {
		return n.Value
	}
	return ""
}

// intValue reads an integer, accepting an integral float such as 3.0 as
// JSON Schema does, and refusing what does not fit in 32 bits.
func intValue(n *yaml.Node) (int, bool) {
	if n.Kind != yaml.ScalarNode {
		return 0, false
	}
	var f float64
	switch n.ShortTag() {
	case "!!int":
		i, err := strconv.ParseInt(n.Value, 10, 64)
		if err != nil && n.Decode(&i) != nil {
			return 0, false
		}
		f = float64(i)
	case "!!float":
		if n.Decode(&f) != nil {
			return 0, false
		}
	default:
		return 0, false
	}
	if f != math.Trunc(f) || f < math.MinInt32 || f > math.MaxInt32 {
		return 0, false
	}
	return int(f), true
}

func boolValue(n *yaml.Node) (bool, bool) {
	var b bool
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(&b) != nil {
		return false, false
	}
	return b, true
}
