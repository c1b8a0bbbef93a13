package schema

import (
	"math"
	"strconv"
	"strings"

	yaml "gopkg.in/yaml.v3"
)

// maxAliasValues caps the values that alias expansion may produce in one
// file. Anchors are useful for sharing tags between pairs, but a few lines of
// nested aliases ("billion laughs") expand exponentially; values written out
// in full are already bounded by MaxFileSize.
const maxAliasValues = 100_000

// converter turns a yaml.v3 node tree into the JSON-compatible value the
// schema validator reads (map[string]any, []any, string, int64, float64,
// bool, nil), reporting what JSON cannot represent on the way.
type converter struct {
	l    *loader
	path []segment
	// aliasDepth > 0 while expanding an alias; aliasValues counts the values
	// produced by all expansions.
	aliasDepth  int
	aliasValues int
	bomb        bool
	keys        keyIndex
}

// convert returns the value of root. It fails only on an alias bomb: every
// other problem is reported and the conversion goes on, so that the schema
// still sees the rest of the file.
func (l *loader) convert(root *yaml.Node) (any, bool) {
	c := &converter{l: l, keys: make(keyIndex)}
	v := c.value(root)
	return v, !c.bomb
}

func (c *converter) value(n *yaml.Node) any {
	if c.bomb {
		return nil
	}
	if c.aliasDepth > 0 {
		if c.aliasValues++; c.aliasValues > maxAliasValues {
			c.bomb = true
			return nil
		}
	}
	switch n.Kind {
	case yaml.MappingNode:
		return c.mapping(n)
	case yaml.SequenceNode:
		return c.sequence(n)
	case yaml.AliasNode:
		return c.alias(n)
	case yaml.ScalarNode:
		return c.scalar(n)
	}
	return nil
}

func (c *converter) alias(n *yaml.Node) any {
	c.aliasDepth++
	v := c.value(n.Alias)
	c.aliasDepth--
	if c.bomb && c.aliasDepth == 0 {
		// Reported once, at the outermost alias: the one the author wrote
		// where the expansion started.
		c.l.errorf(nodePos(n), formatPath(c.path), "aliases expand to more than %d values; ccr does not expand alias bombs", maxAliasValues)
	}
	return v
}

func (c *converter) mapping(n *yaml.Node) any {
	m := make(map[string]any, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key, ok := c.key(n, i)
		if !ok {
			continue
		}
		c.path = append(c.path, segment{key: key, index: -1})
		if _, dup := m[key]; dup {
			c.l.errorf(nodePos(k), formatPath(c.path), "duplicate key %q; first defined at line %d", key, c.firstLine(n, key))
		} else {
			m[key] = c.value(v)
		}
		c.path = c.path[:len(c.path)-1]
	}
	return m
}

// key returns the i-th key of mapping n as a JSON object key, reporting keys
// that are not plain scalars.
func (c *converter) key(n *yaml.Node, i int) (string, bool) {
	k := n.Content[i]
	if k.Kind == yaml.AliasNode {
		k = k.Alias
	}
	switch {
	case k.Kind != yaml.ScalarNode:
		c.l.errorf(nodePos(n.Content[i]), formatPath(c.path), "a mapping key must be a plain string, not a %s", kindName(k))
		return "", false
	case k.ShortTag() == "!!merge":
		c.l.errorf(nodePos(n.Content[i]), formatPath(c.path), "merge keys (<<) are not supported; write the fields out")
		return "", false
	}
	c.controls(n.Content[i], k.Value, k.Value)
	return k.Value, true
}

// controls reports the first control character (U+0000 to U+001F, U+007F)
// in s, a string of the file at node n: a value, or the key named key (""
// for a value). YAML lets quoted strings spell them and block scalars hold
// newlines, but ccr prints these values in terminals, CI logs and pull
// requests, where a newline could start a forged workflow command and an
// escape could repaint the screen. The path is only built for a report:
// this runs on every string of the file.
func (c *converter) controls(n *yaml.Node, s, key string) {
	i := strings.IndexFunc(s, isControl)
	if i < 0 {
		return
	}
	path := c.path
	if key != "" {
		path = append(path[:len(path):len(path)], segment{key: key, index: -1})
	}
	r := rune(s[i])
	c.l.errorf(nodePos(n), formatPath(path), "control character %s (%U) is not allowed in a string: "+
		"ccr prints these values in terminals, CI logs and pull requests", strconv.QuoteRune(r), r)
}

// isControl reports whether r is a C0 control character or DEL.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// stringTag reports whether a scalar with tag reads as a string: JSON has
// no timestamps or binary, and ccr keeps their text.
func stringTag(tag string) bool {
	return tag == "!!str" || tag == "!!timestamp" || tag == "!!binary"
}

// firstLine returns the line of the first key of mapping n equal to key.
func (c *converter) firstLine(n *yaml.Node, key string) int {
	i, _ := c.keys.lookup(n, key)
	return n.Content[i].Line
}

func (c *converter) sequence(n *yaml.Node) any {
	s := make([]any, len(n.Content))
	for i, item := range n.Content {
		c.path = append(c.path, segment{index: i})
		s[i] = c.value(item)
		c.path = c.path[:len(c.path)-1]
	}
	return s
}

// scalar resolves a scalar the way YAML 1.2's core schema does. Values JSON
// has no form for (timestamps, binary, .inf, .nan) stay strings: the schema
// then reports them against the type it expects.
func (c *converter) scalar(n *yaml.Node) any {
	switch tag := n.ShortTag(); {
	case stringTag(tag):
		c.controls(n, n.Value, "")
		return n.Value
	case tag == "!!null":
		return nil
	case tag == "!!bool":
		var b bool
		if err := n.Decode(&b); err == nil {
			return b
		}
	case tag == "!!int":
		if i, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
			return i
		}
		var i int64
		if err := n.Decode(&i); err == nil {
			return i
		}
	case tag == "!!float":
		var f float64
		if err := n.Decode(&f); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
	default:
		c.l.errorf(nodePos(n), formatPath(c.path), "YAML tag %s is not supported; remove it", n.Tag)
	}
	return n.Value
}

// deref follows an alias to its anchored node.
func deref(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

func nodePos(n *yaml.Node) Pos { return Pos{n.Line, n.Column} }

// kindName names a node's kind the way a YAML author thinks of it.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	}
	return "scalar"
}
