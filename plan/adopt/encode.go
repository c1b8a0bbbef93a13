package adopt

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"time"

	yaml "gopkg.in/yaml.v3"

	"github.com/ccr-dev/ccr/schema"
)

// DefaultSchemaPath is where the yaml-language-server comment points
// editors: the file `ccr schema > ccr.schema.json` writes beside it.
const DefaultSchemaPath = "./ccr.schema.json"

// ErrNothing is returned by Encode when no project has a pair or a replica
// group: a ccr file declares at least one.
var ErrNothing = errors.New("no CCR pair or replica group to import: a ccr file declares at least one")

// Meta is what a written file says about its making.
type Meta struct {
	// Time is when the live state was read; comments show it in UTC.
	Time time.Time
	// SchemaPath is the $schema of the yaml-language-server comment;
	// empty means DefaultSchemaPath.
	SchemaPath string
}

func (m Meta) stamp() string { return m.Time.UTC().Format(time.RFC3339) }

// Encode writes r as a version-1 ccr file: the yaml-language-server comment
// and a header first, then the projects with pairs or groups in r's order,
// each pair and group with a comment saying when and from what it was
// imported, and everything a file cannot declare as comments. Projects
// with neither appear in the header only. Values go into yaml.v3 nodes,
// never into text, so quoting is the encoder's; the result is checked with
// schema.Load.
func Encode(r *Result, m Meta) ([]byte, error) {
	projects := &yaml.Node{Kind: yaml.SequenceNode}
	var empty []Project
	for _, p := range r.Projects {
		if !ValidProjectName(p.Name) {
			return nil, fmt.Errorf("project %s cannot be named in a ccr file (a lower-case letter, then up to 62 "+
				"lower-case letters, digits or hyphens)", Quote(p.Name))
		}
		if len(p.Pairs)+len(p.Groups) == 0 {
			empty = append(empty, p)
			continue
		}
		projects.Content = append(projects.Content, projectNode(p, r.Skipped, m, "imported"))
	}
	if len(projects.Content) == 0 {
		return nil, ErrNothing
	}
	doc := &yaml.Node{Kind: yaml.DocumentNode, HeadComment: header(r, m, empty),
		Content: []*yaml.Node{mapping("version", intNode(1), "projects", projects)}}
	data, err := encodeNode(doc)
	if err != nil {
		return nil, err
	}
	return data, check("the imported file", data)
}

// encodeNode renders a document with the two-space indent of ccr's examples.
func encodeNode(doc *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode YAML: %w", err)
	}
	return buf.Bytes(), nil
}

// check refuses to hand out a file that ccr validate would reject. It never
// fires unless import has a bug, and then it fails loudly instead of
// writing a file that breaks the next plan.
func check(what string, data []byte) error {
	if _, diags := schema.Load("import.yaml", data); len(diags) > 0 {
		return fmt.Errorf("%s does not validate, which is a bug in ccr import: %v", what, diags.Error())
	}
	return nil
}

// projectNode declares one project's pairs and replica groups; the
// project's notes (unpaired, broken, ignored) are the comment on its first
// key after the name.
func projectNode(p Project, skipped []Skip, m Meta, verb string) *yaml.Node {
	n := mapping("project", str(p.Name))
	if len(p.Pairs) > 0 {
		pairs := &yaml.Node{Kind: yaml.SequenceNode}
		for _, pair := range p.Pairs {
			pairs.Content = append(pairs.Content, pairNode(p.Name, pair, skipped, m, verb))
		}
		n.Content = append(n.Content, str("pairs"), pairs)
	}
	if len(p.Groups) > 0 {
		n.Content = append(n.Content, str("replicas"), groupsNode(p.Name, p.Groups, skipped, m, verb))
	}
	n.Content[2].HeadComment = comment(projectNotes(p))
	return n
}

// groupsNode is the replicas list of groups.
func groupsNode(project string, groups []Group, skipped []Skip, m Meta, verb string) *yaml.Node {
	list := &yaml.Node{Kind: yaml.SequenceNode}
	for _, g := range groups {
		list.Content = append(list.Content, groupNode(project, g, skipped, m, verb))
	}
	return list
}

// groupNode declares one replica group with only the fields it needs.
func groupNode(project string, g Group, skipped []Skip, m Meta, verb string) *yaml.Node {
	members := &yaml.Node{Kind: yaml.SequenceNode}
	for _, mb := range g.Members {
		members.Content = append(members.Content, memberNode(mb))
	}
	n := mapping("primary", memberNode(g.Primary), "members", members)
	if g.Active != "" {
		n.Content = append(n.Content, str("active"), str(g.Active))
	}
	if g.TerminationProtection {
		n.Content = append(n.Content, str("termination_protection"), &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
	}
	if len(g.Tags) > 0 {
		n.Content = append(n.Content, str("tags"), tagsNode(g.Tags))
	}
	n.HeadComment = comment(groupComment(project, g, skipped, m, verb))
	return n
}

// memberNode declares a group's primary (with its type) or a member (with
// its kind).
func memberNode(mb Member) *yaml.Node {
	n := mapping("name", str(mb.Name))
	for _, kv := range [][2]string{{"type", mb.Type}, {"kind", mb.Kind}, {"cloud", mb.Cloud}, {"plan", mb.Plan},
		{"version", mb.Version}} {
		if kv[1] != "" {
			n.Content = append(n.Content, str(kv[0]), str(kv[1]))
		}
	}
	if mb.DiskSpaceMB > 0 {
		n.Content = append(n.Content, str("disk_space_mb"), intNode(mb.DiskSpaceMB))
	}
	if mb.ProjectVPCID != "" {
		n.Content = append(n.Content, str("project_vpc_id"), str(mb.ProjectVPCID))
	}
	return n
}

// tagsNode is a mapping of tags sorted by key.
func tagsNode(tags map[string]string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		n.Content = append(n.Content, str(k), str(tags[k]))
	}
	return n
}

// pairNode declares one pair with only the fields it needs.
func pairNode(project string, p Pair, skipped []Skip, m Meta, verb string) *yaml.Node {
	services := &yaml.Node{Kind: yaml.SequenceNode}
	for _, s := range p.Services {
		n := mapping("name", str(s.Name), "cloud", str(s.Cloud))
		if s.Datacenter != "" {
			n.Content = append(n.Content, str("datacenter"), str(s.Datacenter))
		}
		if s.ProjectVPCID != "" {
			n.Content = append(n.Content, str("project_vpc_id"), str(s.ProjectVPCID))
		}
		services.Content = append(services.Content, n)
	}
	n := mapping("services", services)
	if p.Plan != "" {
		n.Content = append(n.Content, str("plan"), str(p.Plan))
	}
	if p.DiskSpaceMB > 0 {
		n.Content = append(n.Content, str("disk_space_mb"), intNode(p.DiskSpaceMB))
	}
	if p.TerminationProtection {
		n.Content = append(n.Content, str("termination_protection"), &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
	}
	if len(p.Tags) > 0 {
		n.Content = append(n.Content, str("tags"), tagsNode(p.Tags))
	}
	n.HeadComment = comment(pairComment(project, p, skipped, m, verb))
	return n
}

// mapping builds a block mapping from alternating keys and value nodes.
func mapping(kv ...any) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(kv); i += 2 {
		n.Content = append(n.Content, str(kv[i].(string)), kv[i+1].(*yaml.Node))
	}
	return n
}

// str is a string scalar. The !!str tag makes the encoder quote any value
// that YAML 1.2 would read as another type ("true", "123", "null"); values
// that only YAML 1.1 reads so ("yes", "off", "1:20") are quoted too, for the
// readers of a file that still follow 1.1.
func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if yaml11Special.MatchString(s) {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// yaml11Special matches YAML 1.1's booleans and sexagesimal numbers.
var yaml11Special = regexp.MustCompile(`^(?:[yYnN]|[yY]es|YES|[nN]o|NO|[oO]n|ON|[oO]ff|OFF|` +
	`[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$`)

func intNode(v int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(v)}
}
