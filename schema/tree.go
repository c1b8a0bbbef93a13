package schema

import (
	"math"
	"strconv"
	"unicode/utf8"

	yaml "gopkg.in/yaml.v3"
)

// maxAliasValues caps the values that alias expansion may produce in one
// file. Anchors are useful for sharing tags between pairs, but a few lines of
// nested aliases ("billion laughs") expand exponentially; values written out
// in full are already bounded by MaxFileSize.
const maxAliasValues = 100_000

// checker walks a yaml.v3 node tree once, before the schema, and reports
// what JSON cannot represent (keys that are not strings, merge keys,
// unsupported tags), repeated keys, control characters and alias bombs. It
// builds no value: the schema validation converts one piece at a time
// (pieces.value), so that the file is never held twice in memory.
type checker struct {
	l    *loader
	path []segment
	// aliasDepth > 0 while expanding an alias; aliasValues counts the values
	// visited in all expansions.
	aliasDepth  int
	aliasValues int
	bomb        bool
	keys        keyIndex
}

// checkTree checks root, and fails only on an alias bomb: every other
// problem is reported and the walk goes on, so that the schema still sees
// the rest of the file.
func (l *loader) checkTree(root *yaml.Node) bool {
	c := &checker{l: l, keys: make(keyIndex)}
	c.node(root)
	return !c.bomb
}

func (c *checker) node(n *yaml.Node) {
	if c.bomb {
		return
	}
	if c.aliasDepth > 0 {
		if c.aliasValues++; c.aliasValues > maxAliasValues {
			c.bomb = true
			return
		}
	}
	switch n.Kind {
	case yaml.MappingNode:
		c.mapping(n)
	case yaml.SequenceNode:
		c.sequence(n)
	case yaml.AliasNode:
		c.alias(n)
	case yaml.ScalarNode:
		c.scalar(n)
	}
}

func (c *checker) alias(n *yaml.Node) {
	c.aliasDepth++
	c.node(n.Alias)
	c.aliasDepth--
	if c.bomb && c.aliasDepth == 0 {
		// Reported once, at the outermost alias: the one the author wrote
		// where the expansion started.
		c.l.errorf(nodePos(n), formatPath(c.path), "aliases expand to more than %d values; ccr does not expand alias bombs", maxAliasValues)
	}
}

func (c *checker) mapping(n *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, ok := c.key(n, i)
		if !ok {
			continue
		}
		c.path = append(c.path, segment{key: key, index: -1})
		if first, _ := c.keys.lookup(n, key); first != i {
			c.l.errorf(nodePos(n.Content[i]), formatPath(c.path), "duplicate key %q; first defined at line %d", key, n.Content[first].Line)
		} else {
			c.node(n.Content[i+1])
		}
		c.path = c.path[:len(c.path)-1]
	}
}

// key returns the i-th key of mapping n as a JSON object key, reporting keys
// that are not plain scalars.
func (c *checker) key(n *yaml.Node, i int) (string, bool) {
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
	c.invisible(n.Content[i], k.Value, k.Value)
	return k.Value, true
}

// invisible reports the first character of s that InvisibleAt refuses, in a
// string of the file at node n: a value, or the key named key ("" for a
// value). YAML lets quoted strings spell any character and block scalars
// hold newlines, but ccr prints these values in terminals, CI logs and pull
// requests, where a newline could start a forged workflow command, an
// escape repaint the screen and a bidirectional override show a reviewer
// another text than the one applied. The path is only built for a report:
// this runs on every string of the file.
func (c *checker) invisible(n *yaml.Node, s, key string) {
	i := InvisibleAt(s)
	if i < 0 {
		return
	}
	path := c.path
	if key != "" {
		path = append(path[:len(path):len(path)], segment{key: key, index: -1})
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	c.l.errorf(nodePos(n), formatPath(path), "%s %s (%U) is not allowed in a string: "+
		"ccr prints these values in terminals, CI logs and pull requests", invisibleKind(r), strconv.QuoteRune(r), r)
}

// stringTag reports whether a scalar with tag reads as a string: JSON has
// no timestamps or binary, and ccr keeps their text.
func stringTag(tag string) bool {
	return tag == "!!str" || tag == "!!timestamp" || tag == "!!binary"
}

func (c *checker) sequence(n *yaml.Node) {
	for i, item := range n.Content {
		c.path = append(c.path, segment{index: i})
		c.node(item)
		c.path = c.path[:len(c.path)-1]
	}
}

// scalar reports a string's control characters and a tag ccr does not read.
func (c *checker) scalar(n *yaml.Node) {
	switch tag := n.ShortTag(); {
	case stringTag(tag):
		c.invisible(n, n.Value, "")
	case !knownTag(tag):
		c.l.errorf(nodePos(n), formatPath(c.path), "YAML tag %s is not supported; remove it", n.Tag)
	}
}

// knownTag reports whether scalarValue reads a scalar with tag.
func knownTag(tag string) bool {
	switch tag {
	case "!!null", "!!bool", "!!int", "!!float":
		return true
	}
	return stringTag(tag)
}

// scalarValue resolves a scalar the way YAML 1.2's core schema does, to the
// JSON value the schema validator reads (string, int64, float64, bool,
// nil). Values JSON has no form for (timestamps, binary, .inf, .nan) and
// values of unknown tags stay strings: the schema then reports them against
// the type it expects.
func scalarValue(n *yaml.Node) any {
	switch tag := n.ShortTag(); {
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
