package adopt

import (
	"bytes"
	"errors"
	"fmt"

	yaml "gopkg.in/yaml.v3"

	"github.com/ccr-dev/ccr/schema"
)

// Merged is the outcome of Merge.
type Merged struct {
	// Data is the new file, nil when nothing was added.
	Data []byte
	// Added are the pairs appended to the file.
	Added []PairRef
	// Present are the pairs the file declares already.
	Present []PairRef
	// Refused are the pairs not added, each with the reason.
	Refused []Refusal
	// AddedGroups, PresentGroups and RefusedGroups are the same for
	// replica groups.
	AddedGroups   []GroupRef
	PresentGroups []GroupRef
	RefusedGroups []GroupRefusal
}

// GroupRef names a replica group of a project: its services, primary
// first.
type GroupRef struct {
	Project  string
	Services []string
}

// GroupRefusal is a replica group Merge did not add.
type GroupRefusal struct {
	GroupRef
	// Reason is a sentence; every value in it is quoted safely.
	Reason string
}

// PairRef names a pair of a project.
type PairRef struct {
	Project  string
	Services [2]string
}

// Refusal is a pair Merge did not add.
type Refusal struct {
	PairRef
	// Reason is a sentence; every value in it is quoted safely.
	Reason string
}

// Merge adds to a ccr file the pairs and replica groups of r it lacks and
// leaves everything it has (values, order, comments) as it is, by editing
// the file's yaml.v3 node tree: a missing project is appended to projects,
// a missing pair to its project's pairs, a missing group to its project's
// replicas, with the comments Encode writes. spec is data loaded with
// schema.Load. A pair or group whose services the file already declares in
// another way is refused, never rewritten. The result is checked with
// schema.Load; yaml.v3 re-indents it to two spaces, and its line breaks
// (CRLF or LF) and a leading "---" are kept.
func Merge(spec *schema.Spec, data []byte, r *Result, m Meta) (*Merged, error) {
	var doc yaml.Node
	// yaml.v3 reads a CRLF comment as a comment and a blank line; YAML
	// reads every line break as LF anyway, and restore puts CRLF back.
	if err := yaml.Unmarshal(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), &doc); err != nil {
		return nil, fmt.Errorf("parse %s: %w", spec.File, err)
	}
	projects, err := projectsNode(&doc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", spec.File, err)
	}
	mg := &merger{spec: spec, out: &Merged{}, meta: m, skipped: r.Skipped}
	for _, p := range r.Projects {
		if len(p.Pairs)+len(p.Groups) == 0 {
			continue
		}
		if err := mg.project(projects, p); err != nil {
			return nil, err
		}
	}
	if len(mg.out.Added)+len(mg.out.AddedGroups) == 0 {
		return mg.out, nil
	}
	if mg.out.Data, err = encodeNode(&doc); err != nil {
		return nil, err
	}
	mg.out.Data = layoutOf(data).restore(mg.out.Data)
	return mg.out, check(spec.File+" with the imported pairs and groups", mg.out.Data)
}

// projectsNode finds the "projects" list that Merge appends to.
func projectsNode(doc *yaml.Node) (*yaml.Node, error) {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, errors.New("not a YAML document")
	}
	projects := value(doc.Content[0], "projects")
	if projects == nil || projects.Kind != yaml.SequenceNode {
		return nil, errors.New("projects is not a list written in the file (an alias cannot be extended)")
	}
	return projects, nil
}

// merger accumulates one Merge.
type merger struct {
	spec    *schema.Spec
	out     *Merged
	meta    Meta
	skipped []Skip
}

// project merges one project's pairs into the projects list.
func (mg *merger) project(projects *yaml.Node, p Project) error {
	if !ValidProjectName(p.Name) {
		return fmt.Errorf("project %s cannot be named in a ccr file", Quote(p.Name))
	}
	item, declared := findProject(projects, p.Name), mg.declared(p.Name)
	if item == nil {
		n := projectNode(p, mg.skipped, mg.meta, "added")
		n.HeadComment = comment([]string{fmt.Sprintf("Project %s: added by ccr import at %s.", p.Name, mg.meta.stamp())})
		projects.Content = append(projects.Content, n)
		for _, pair := range p.Pairs {
			mg.out.Added = append(mg.out.Added, ref(p.Name, pair))
		}
		for _, g := range p.Groups {
			mg.out.AddedGroups = append(mg.out.AddedGroups, GroupRef{Project: p.Name, Services: g.names()})
		}
		return nil
	}
	mg.groups(item, p, declared)
	pairs := listOf(item, "pairs")
	for _, pair := range p.Pairs {
		why, present := declared.check(pair)
		if present {
			mg.out.Present = append(mg.out.Present, ref(p.Name, pair))
			continue
		}
		if why == "" && pairs.shared() {
			why = fmt.Sprintf("the pairs of project %s are an alias or an anchor in %s, which an addition would "+
				"change in every place that uses it; add the pair by hand", p.Name, mg.spec.File)
		}
		if why != "" {
			mg.out.Refused = append(mg.out.Refused, Refusal{PairRef: ref(p.Name, pair), Reason: why})
			continue
		}
		pairs.add(pairNode(p.Name, pair, mg.skipped, mg.meta, "added"))
		mg.out.Added = append(mg.out.Added, ref(p.Name, pair))
	}
	return nil
}

func ref(project string, p Pair) PairRef {
	return PairRef{Project: project, Services: [2]string{p.Services[0].Name, p.Services[1].Name}}
}

// declaredServices maps the services a project of the file declares to the
// pair or replica group each is in.
type declaredServices struct {
	file   string
	pairs  map[string]schema.Pair
	groups map[string]*schema.Group
}

func (mg *merger) declared(project string) declaredServices {
	d := declaredServices{file: mg.spec.File, pairs: map[string]schema.Pair{}, groups: map[string]*schema.Group{}}
	for _, p := range mg.spec.Projects {
		if p.Name != project {
			continue
		}
		for _, pair := range p.Pairs {
			for _, s := range pair.Services {
				d.pairs[s.Name] = pair
			}
		}
		for i := range p.Replicas {
			for _, name := range p.Replicas[i].Names() {
				d.groups[name] = &p.Replicas[i]
			}
		}
	}
	return d
}

// check reports whether the file declares pair already (in either order),
// or why it cannot be added: one of its services is declared with another.
func (d declaredServices) check(pair Pair) (why string, present bool) {
	a, b := pair.Services[0].Name, pair.Services[1].Name
	for _, name := range []string{a, b} {
		fp, ok := d.pairs[name]
		if !ok {
			continue
		}
		other := fp.Services[0]
		if other.Name == name {
			other = fp.Services[1]
		}
		if other.Name == a || other.Name == b {
			return "", true
		}
		return fmt.Sprintf("%s is declared already in %s:%d:%d, paired with %s", name, d.file,
			fp.Pos.Line, fp.Pos.Col, Quote(other.Name)), false
	}
	for _, name := range []string{a, b} {
		if g, ok := d.groups[name]; ok {
			return fmt.Sprintf("%s is declared already in %s:%d:%d, in the replica group of %s", name, d.file,
				g.Pos.Line, g.Pos.Col, Quote(g.Primary.Name)), false
		}
	}
	return "", false
}

// list is a project's pairs or replicas, as the file has them or, when it
// has none, to be added to its mapping with the first item.
type list struct {
	project *yaml.Node
	key     string
	node    *yaml.Node // nil until the file has the key
}

func listOf(project *yaml.Node, key string) *list {
	return &list{project: project, key: key, node: value(project, key)}
}

// shared reports whether the list cannot be extended in place: it is an
// alias or an anchor (an addition would change every place that uses it),
// or the project itself is one.
func (l *list) shared() bool {
	if l.node == nil {
		return l.project.Kind != yaml.MappingNode
	}
	return l.node.Kind != yaml.SequenceNode || l.node.Anchor != ""
}

// add appends n, adding the key to the project first when it has none.
func (l *list) add(n *yaml.Node) {
	if l.node == nil {
		l.node = &yaml.Node{Kind: yaml.SequenceNode}
		l.project.Content = append(l.project.Content, str(l.key), l.node)
	}
	l.node.Content = append(l.node.Content, n)
}

// findProject returns the mapping of the project called name, nil when the
// list has none. An aliased entry counts as found, so that it is never
// declared twice; value then finds no "pairs" to extend in it.
func findProject(projects *yaml.Node, name string) *yaml.Node {
	for _, item := range projects.Content {
		n := item
		if n.Kind == yaml.AliasNode {
			n = n.Alias
		}
		if v := value(n, "project"); v != nil && deref(v).Value == name {
			return item
		}
	}
	return nil
}

// value returns the value of key in mapping n as written (an alias stays
// an alias), nil when n is not a mapping written in place or lacks key.
func value(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if deref(n.Content[i]).Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}
