package schematest

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// Documented fails t unless the schema, every definition in $defs, every
// property and every enum value (a oneOf branch with a const) has a
// description, and no enum is a bare "enum" list whose values say nothing.
// The subschemas of if/then are conditions, not fields, and are skipped.
func Documented(t testing.TB, schema []byte) {
	t.Helper()
	root := parse(t, schema)
	if desc(root) == "" {
		t.Error("#: the schema has no description")
	}
	documented(t, "#", root)
}

func documented(t testing.TB, path string, n map[string]any) {
	t.Helper()
	if _, ok := n["enum"]; ok {
		t.Errorf("%s: enum values without descriptions; use oneOf with a const and a description each", path)
	}
	for _, section := range []string{"$defs", "properties"} {
		children, _ := n[section].(map[string]any)
		for name, c := range children {
			child, _ := c.(map[string]any)
			p := path + "/" + section + "/" + name
			if desc(child) == "" {
				t.Errorf("%s: no description", p)
			}
			documented(t, p, child)
		}
	}
	for _, key := range []string{"items", "additionalProperties"} {
		if child, ok := n[key].(map[string]any); ok {
			documented(t, path+"/"+key, child)
		}
	}
	branches, _ := n["oneOf"].([]any)
	for i, b := range branches {
		branch, _ := b.(map[string]any)
		p := path + "/oneOf/" + strconv.Itoa(i)
		if _, isConst := branch["const"]; isConst && desc(branch) == "" {
			t.Errorf("%s: enum value %v has no description", p, branch["const"])
		}
		documented(t, p, branch)
	}
}

func desc(n map[string]any) string {
	s, _ := n["description"].(string)
	return strings.TrimSpace(s)
}

// Consts returns the values the oneOf of the subschema at ptr ("#/$defs/
// action", "#/$defs/drift/properties/field") lists, in order, failing t when
// it lists none.
func Consts(t testing.TB, schema []byte, ptr string) []string {
	t.Helper()
	n := lookup(parse(t, schema), ptr)
	branches, _ := n["oneOf"].([]any)
	var out []string
	for _, b := range branches {
		branch, _ := b.(map[string]any)
		if c, ok := branch["const"].(string); ok {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s lists no values", ptr)
	}
	return out
}

// lookup resolves a local JSON pointer such as "#/$defs/change"; nil when
// nothing is there.
func lookup(root map[string]any, ptr string) map[string]any {
	rest, ok := strings.CutPrefix(ptr, "#")
	if !ok {
		return nil
	}
	n := root
	for _, tok := range strings.Split(strings.TrimPrefix(rest, "/"), "/") {
		if tok == "" {
			continue
		}
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		n, _ = n[tok].(map[string]any)
		if n == nil {
			return nil
		}
	}
	return n
}

// Const returns the const of the subschema at ptr as JSON text ("\"1.1\"",
// "730"), failing t when it has none.
func Const(t testing.TB, schema []byte, ptr string) string {
	t.Helper()
	n := lookup(parse(t, schema), ptr)
	c, ok := n["const"]
	if !ok {
		t.Fatalf("%s has no const", ptr)
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
