package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"
	yaml "gopkg.in/yaml.v3"
)

// piecesID is the $id of ccr.schema.json made piecewise (see pieces).
const piecesID = "https://github.com/ccr-dev/ccr/schema/ccr.pieces.schema.json"

// elementKeywords are the keywords that apply a subschema to each element
// of a list or to each entry of a mapping.
var elementKeywords = []string{"items", "additionalProperties", "propertyNames"}

// pieces is ccr.schema.json compiled so that one validation never looks
// into the elements of a list or the entries of an open mapping: each
// element keyword holding a subschema is renamed "x-" plus its name, which
// JSON Schema ignores, and that subschema is compiled on its own. The file
// is then validated as pieces: the document, then each element, each
// converted to a JSON value only for its own validation, with nils in place
// of its elements.
//
// The validator builds its whole error tree before it returns, at about
// 2.5 KB per failing element, and a whole converted document costs about
// as much as the YAML tree again: validated whole, an 8 MiB file of small
// bad elements held 6 GB. Piece by piece, memory is the YAML tree and one
// piece. TestSchemaPiecewise checks that the schema uses no keyword that
// would look into the nils.
type pieces struct {
	// doc is the piecewise schema. Its keyword locations are those of
	// ccr.schema.json, but for the renamed keywords.
	doc  map[string]any
	root *jsonschema.Schema
	// element maps the JSON pointer of each renamed keyword in doc to its
	// compiled subschema.
	element map[string]*jsonschema.Schema
	// defs maps the JSON pointer of each of doc's $defs to it, for $ref.
	defs map[string]map[string]any
}

// compiled holds the pieces, compiled once per process.
var compiled = sync.OnceValue(func() *pieces {
	var doc map[string]any
	if err := json.Unmarshal(schemaJSON, &doc); err != nil {
		panic(fmt.Sprintf("schema: embedded ccr.schema.json: %v", err))
	}
	var renamed []string
	inert(doc, "", &renamed)
	doc["$id"] = piecesID
	data, err := json.Marshal(doc)
	if err != nil {
		panic(fmt.Sprintf("schema: piecewise ccr.schema.json: %v", err))
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource(piecesID, bytes.NewReader(data)); err != nil {
		panic(fmt.Sprintf("schema: piecewise ccr.schema.json: %v", err))
	}
	// The schema is a constant of the build, checked by tests: failing to
	// compile it is a bug, not an input error.
	p := &pieces{doc: doc, root: c.MustCompile(piecesID), element: make(map[string]*jsonschema.Schema),
		defs: make(map[string]map[string]any)}
	for _, ptr := range renamed {
		p.element[ptr] = c.MustCompile(piecesID + "#" + ptr)
	}
	defs, _ := doc["$defs"].(map[string]any)
	for name, def := range defs {
		p.defs["/$defs/"+escapeToken(name)], _ = def.(map[string]any)
	}
	return p
})

// inert renames the element keywords of schema s, at JSON pointer ptr, and
// of the schemas within it, appending the pointers of the renamed keywords
// to renamed.
func inert(s map[string]any, ptr string, renamed *[]string) {
	// allOf holds only hints for editors (which kinds a primary's type
	// allows its members, as if/then): piecewise, a group's members are
	// nils, so the rule is checkGroup's.
	delete(s, "allOf")
	for _, k := range elementKeywords {
		if sub, ok := s[k].(map[string]any); ok {
			delete(s, k)
			s["x-"+k] = sub
			*renamed = append(*renamed, ptr+"/x-"+k)
		}
	}
	for _, group := range []string{"properties", "$defs"} {
		subs, _ := s[group].(map[string]any)
		for name, sub := range subs {
			if sub, ok := sub.(map[string]any); ok {
				inert(sub, ptr+"/"+group+"/"+escapeToken(name), renamed)
			}
		}
	}
	for _, k := range elementKeywords {
		if sub, ok := s["x-"+k].(map[string]any); ok {
			inert(sub, ptr+"/x-"+k, renamed)
		}
	}
}

// target follows s's $ref, if any, and returns the schema it names with its
// pointer; ptr is s's own. TestSchemaPiecewise checks that a $ref names one
// of the $defs and has no sibling keyword but a description.
func (p *pieces) target(s map[string]any, ptr string) (map[string]any, string) {
	if ref, ok := s["$ref"].(string); ok {
		ptr = strings.TrimPrefix(ref, "#")
		s = p.defs[ptr]
	}
	return s, ptr
}

// value converts node n to the JSON value schema s validates: scalars as
// they are, mappings with the values of s's properties converted the same
// way and nil for every other key, lists as nils. What s leaves as nil it
// does not look at: elements are validated on their own, and the values of
// unknown keys only have their names reported.
func (p *pieces) value(n *yaml.Node, s map[string]any, keys keyIndex) any {
	n = deref(n)
	s, _ = p.target(s, "")
	switch n.Kind {
	case yaml.MappingNode:
		props, _ := s["properties"].(map[string]any)
		m := make(map[string]any, len(n.Content)/2)
		keys.fields(n, func(key string, v *yaml.Node) {
			m[key] = nil
			if sub, ok := props[key].(map[string]any); ok {
				m[key] = p.value(v, sub, keys)
			}
		})
		return m
	case yaml.SequenceNode:
		return make([]any, len(n.Content))
	case yaml.ScalarNode:
		return scalarValue(n)
	}
	return nil
}

// escapeToken escapes a key as a JSON pointer token the way the validator
// writes instance locations (RFC 6901, then URL path escaping).
func escapeToken(key string) string {
	return url.PathEscape(strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1"))
}
