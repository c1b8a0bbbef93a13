package schematest

import (
	"slices"
	"strconv"
	"testing"
)

// Coverage records which properties the documents it is given hold, so that
// a test can require every optional field of a schema to appear, and so be
// validated, in at least one document: a closed schema only catches a field
// the Go type gained if some document writes it.
type Coverage struct {
	root map[string]any
	seen map[string]bool
}

// NewCoverage starts recording for schema.
func NewCoverage(t testing.TB, schema []byte) *Coverage {
	t.Helper()
	return &Coverage{root: parse(t, schema), seen: map[string]bool{}}
}

// Add records the properties doc holds.
func (c *Coverage) Add(t testing.TB, doc []byte) {
	t.Helper()
	v, err := decode(doc)
	if err != nil {
		t.Fatalf("coverage: %v", err)
	}
	c.walk("#", c.root, v)
}

// Missing lists, sorted, the optional properties no document held, as JSON
// pointers into the schema ("#/$defs/change/properties/live").
func (c *Coverage) Missing() []string {
	var out []string
	for _, p := range optional("#", c.root) {
		if !c.seen[p] {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

func (c *Coverage) walk(ptr string, n map[string]any, v any) {
	for n != nil {
		ref, ok := n["$ref"].(string)
		if !ok {
			break
		}
		ptr, n = ref, lookup(c.root, ref)
	}
	if n == nil || v == nil {
		return
	}
	if other, ok := nullBranch(n); ok {
		c.walk(ptr+"/oneOf/"+strconv.Itoa(branchIndex(n, other)), other, v)
		return
	}
	switch v := v.(type) {
	case map[string]any:
		props, _ := n["properties"].(map[string]any)
		for k, val := range v {
			p := ptr + "/properties/" + k
			c.seen[p] = true
			child, _ := props[k].(map[string]any)
			c.walk(p, child, val)
		}
	case []any:
		items, _ := n["items"].(map[string]any)
		for _, item := range v {
			c.walk(ptr+"/items", items, item)
		}
	}
}

func branchIndex(n, branch map[string]any) int {
	branches, _ := n["oneOf"].([]any)
	for i, b := range branches {
		if m, _ := b.(map[string]any); len(m) == len(branch) && m["$ref"] == branch["$ref"] && m["type"] == branch["type"] {
			return i
		}
	}
	return -1
}

// optional lists the properties, anywhere in the schema, that an object may
// leave out.
func optional(ptr string, n map[string]any) []string {
	var out []string
	props, _ := n["properties"].(map[string]any)
	required := stringList(n["required"])
	for name, p := range props {
		path := ptr + "/properties/" + name
		if !slices.Contains(required, name) {
			out = append(out, path)
		}
		child, _ := p.(map[string]any)
		out = append(out, optional(path, child)...)
	}
	defs, _ := n["$defs"].(map[string]any)
	for name, d := range defs {
		child, _ := d.(map[string]any)
		out = append(out, optional(ptr+"/$defs/"+name, child)...)
	}
	if items, ok := n["items"].(map[string]any); ok {
		out = append(out, optional(ptr+"/items", items)...)
	}
	return out
}
