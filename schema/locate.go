package schema

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"

	yaml "gopkg.in/yaml.v3"
)

// segment is one step of a path: a mapping key, or a list index when
// index >= 0.
type segment struct {
	key   string
	index int
}

var plainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// formatPath renders segments as "projects[0].pairs[1].services[0].cloud";
// keys that are not plain identifiers are quoted: tags["team.name"].
func formatPath(segs []segment) string {
	var b strings.Builder
	for _, s := range segs {
		switch {
		case s.index >= 0:
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
		case plainKey.MatchString(s.key):
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.key)
		default:
			b.WriteString("[" + strconv.Quote(s.key) + "]")
		}
	}
	return b.String()
}

// location is where a JSON pointer lands in the YAML source.
type location struct {
	node *yaml.Node
	// key is the mapping key the pointer's last token named, nil for the
	// root and for list items.
	key  *yaml.Node
	segs []segment
	path string
	// alias is the first alias the walk went through: an error inside an
	// expansion is shown where the author wrote the alias, not at the anchor
	// that may serve many places.
	alias *yaml.Node
}

// pos returns where to report a problem with the value (or, with atKey, with
// the key naming it).
func (loc location) pos(atKey bool) Pos {
	switch {
	case loc.alias != nil:
		return nodePos(loc.alias)
	case atKey && loc.key != nil:
		return nodePos(loc.key)
	}
	return nodePos(loc.node)
}

// locate walks root along a JSON pointer as the schema validator writes
// instance locations: "/projects/0/pairs" with RFC 6901 and URL escaping. The
// walk stops early, at the deepest node found, if the pointer leaves the tree.
func (ix keyIndex) locate(root *yaml.Node, ptr string) location {
	loc := location{node: root}
	for _, tok := range splitPointer(ptr) {
		n := loc.node
		if n.Kind == yaml.AliasNode {
			if loc.alias == nil {
				loc.alias = n
			}
			n = deref(n)
		}
		switch n.Kind {
		case yaml.MappingNode:
			i, ok := ix.lookup(n, tok)
			if !ok {
				return loc
			}
			loc.key, loc.node = n.Content[i], n.Content[i+1]
			loc.segs = append(loc.segs, segment{key: tok, index: -1})
		case yaml.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.Content) {
				return loc
			}
			loc.key, loc.node = nil, n.Content[i]
			loc.segs = append(loc.segs, segment{index: i})
		default:
			return loc
		}
		loc.path = formatPath(loc.segs)
	}
	return loc
}

func splitPointer(ptr string) []string {
	if ptr == "" || ptr == "/" {
		return nil
	}
	toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for i, t := range toks {
		if u, err := url.PathUnescape(t); err == nil {
			t = u
		}
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks
}

// keyIndex finds keys in mappings. Large mappings (a hostile file may hold
// one with a million tags, each with an error) get a map on first use, so
// locating every error stays linear in the file.
type keyIndex map[*yaml.Node]map[string]int

// smallMapping is the size up to which a linear scan beats building a map.
const smallMapping = 16

// lookup returns the index in n.Content of the first key equal to key,
// among the keys ccr reads (see plainKeyNode).
func (ix keyIndex) lookup(n *yaml.Node, key string) (int, bool) {
	if len(n.Content) <= 2*smallMapping {
		return scanKey(n, key)
	}
	m, ok := ix[n]
	if !ok {
		m = make(map[string]int, len(n.Content)/2)
		for i := len(n.Content) - 2; i >= 0; i -= 2 {
			if k, ok := plainKeyNode(n.Content[i]); ok {
				m[k.Value] = i
			}
		}
		ix[n] = m
	}
	i, ok := m[key]
	return i, ok
}

func scanKey(n *yaml.Node, key string) (int, bool) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k, ok := plainKeyNode(n.Content[i]); ok && k.Value == key {
			return i, true
		}
	}
	return 0, false
}

// plainKeyNode returns the scalar a mapping key is, through an alias, and
// whether ccr reads it as a key: merge keys and keys that are collections
// are reported, not read.
func plainKeyNode(k *yaml.Node) (*yaml.Node, bool) {
	k = deref(k)
	return k, k.Kind == yaml.ScalarNode && k.ShortTag() != "!!merge"
}

// fields calls fn for the first entry of each key ccr reads in mapping n
// (through an alias), in order; it does nothing for other nodes. Repeated
// keys are reported by the checker and only the first counts.
func (ix keyIndex) fields(n *yaml.Node, fn func(key string, v *yaml.Node)) {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, ok := plainKeyNode(n.Content[i])
		if !ok {
			continue
		}
		if first, _ := ix.lookup(n, k.Value); first == i {
			fn(k.Value, n.Content[i+1])
		}
	}
}
