package schema

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
	yaml "gopkg.in/yaml.v3"
)

// schemaID is the $id of ccr.schema.json.
const schemaID = "https://github.com/ccr-dev/ccr/schema/ccr.schema.json"

// violation is one leaf error of the validator, resolved to the YAML source
// and to the keyword that failed.
type violation struct {
	// instance is the validator's JSON pointer to the value.
	instance string
	loc      location
	keyword  string
	// rule is the keyword's value in the schema; subschema the object
	// holding it.
	rule      any
	subschema map[string]any
	// onName is set when the keyword applies to a property name
	// (propertyNames) rather than to a value.
	onName bool
	// message is the validator's own wording, used for keywords that
	// describe does not know.
	message string
	// oneOfFields lists, for a "required" inside an anyOf of required
	// fields, every field that would do.
	oneOfFields []string
}

// validateSchema checks the document against the schema and reports each
// precise cause, positioned at the YAML node it concerns: first the
// document, then each element of its lists and mappings, one at a time (see
// pieces).
func (l *loader) validateSchema(root *yaml.Node) {
	p := compiled()
	v := &validation{l: l, root: root, p: p, keys: make(keyIndex)}
	v.check(p.root, p.value(root, p.doc, v.keys), "")
	v.elements(root, p.doc, "", "")
}

// validation is the state of one validateSchema.
type validation struct {
	l    *loader
	root *yaml.Node
	p    *pieces
	keys keyIndex
}

// elements validates, each on its own, the elements of the lists and
// mappings in node n (at instance pointer inst) that schema s (at ptr in
// the piecewise schema) applies a renamed element keyword to, and theirs in
// turn. The values of s's properties were validated with n; they are only
// searched for elements.
func (v *validation) elements(n *yaml.Node, s map[string]any, ptr, inst string) {
	s, ptr = v.p.target(s, ptr)
	n = deref(n)
	switch n.Kind {
	case yaml.MappingNode:
		props, _ := s["properties"].(map[string]any)
		names, named := v.p.element[ptr+"/x-propertyNames"]
		entries, open := v.p.element[ptr+"/x-additionalProperties"]
		entry, _ := s["x-additionalProperties"].(map[string]any)
		v.keys.fields(n, func(key string, e *yaml.Node) {
			sub, known := props[key].(map[string]any)
			if !named && !open && (!known || deref(e).Kind == yaml.ScalarNode) {
				// Nothing to validate, nor any element below.
				return
			}
			at := inst + "/" + escapeToken(key)
			if named {
				v.check(names, key, at)
			}
			switch {
			case known:
				v.elements(e, sub, ptr+"/properties/"+escapeToken(key), at)
			case open:
				v.element(entries, e, entry, ptr+"/x-additionalProperties", at)
			}
		})
	case yaml.SequenceNode:
		items, ok := v.p.element[ptr+"/x-items"]
		if !ok {
			return
		}
		item, _ := s["x-items"].(map[string]any)
		for i, e := range n.Content {
			v.element(items, e, item, ptr+"/x-items", inst+"/"+strconv.Itoa(i))
		}
	}
}

// element validates node n, an element at instance pointer inst, against
// its compiled schema, then its own elements.
func (v *validation) element(compiled *jsonschema.Schema, n *yaml.Node, s map[string]any, ptr, inst string) {
	v.check(compiled, v.p.value(n, s, v.keys), inst)
	v.elements(n, s, ptr, inst)
}

// check validates value, found at instance pointer inst of the document,
// against s and reports what fails.
func (v *validation) check(s *jsonschema.Schema, value any, inst string) {
	err := s.Validate(value)
	var ve *jsonschema.ValidationError
	switch {
	case err == nil:
		return
	case !errors.As(err, &ve):
		// Only a value outside the JSON data model gets here, which the
		// piece values never hold; say so rather than pass the file.
		v.l.errorf(Pos{1, 1}, "", "cannot validate: %v", err)
		return
	}
	v.report(violations(v.root, v.p.doc, v.keys, inst, ve))
}

// report turns the violations of one value into diagnostics.
func (v *validation) report(vs []violation) {
	l := v.l
	suggested := make(map[string]bool)
	for _, v := range vs {
		if v.keyword == "additionalProperties" {
			l.unknownFields(v, suggested)
		}
	}
	for _, v := range vs {
		switch v.keyword {
		case "additionalProperties":
		case "required":
			l.missingFields(v, suggested)
		default:
			// A list's length is a property of the key that holds it.
			atKey := v.onName || v.keyword == "minItems" || v.keyword == "maxItems"
			if !l.unshown(v.loc.pos(atKey), 1) {
				l.errorf(v.loc.pos(atKey), v.loc.path, "%s", describe(v))
			}
		}
	}
}

// violations flattens the validator's error tree to its leaves, the precise
// causes, and keeps only the type error where a value has the wrong type:
// the other keywords at that spot would only repeat it.
func violations(root *yaml.Node, doc map[string]any, keys keyIndex, inst string, ve *jsonschema.ValidationError) []violation {
	var leaves []*jsonschema.ValidationError
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			leaves = append(leaves, e)
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	wrongType := make(map[string]bool)
	var vs []violation
	for _, e := range leaves {
		_, frag, _ := strings.Cut(e.AbsoluteKeywordLocation, "#")
		toks := splitPointer(frag)
		if len(toks) == 0 {
			continue
		}
		sub, _ := resolve(doc, toks[:len(toks)-1]).(map[string]any)
		instance := inst + e.InstanceLocation
		v := violation{
			instance:  instance,
			message:   e.Message,
			loc:       keys.locate(root, instance),
			keyword:   toks[len(toks)-1],
			rule:      resolve(doc, toks),
			subschema: sub,
			onName:    slices.Contains(toks, "x-propertyNames"),
		}
		if v.keyword == "required" && len(toks) >= 3 && toks[len(toks)-3] == "anyOf" {
			v.oneOfFields = requiredAlternatives(resolve(doc, toks[:len(toks)-2]))
		}
		if v.keyword == "type" && !v.onName {
			wrongType[instance] = true
		}
		vs = append(vs, v)
	}
	return slices.DeleteFunc(vs, func(v violation) bool {
		return v.keyword != "type" && wrongType[v.instance]
	})
}

// requiredAlternatives lists the fields an anyOf of required fields asks
// for, one of which is enough.
func requiredAlternatives(anyOf any) []string {
	branches, _ := anyOf.([]any)
	var names []string
	for _, b := range branches {
		req, _ := resolve(b, []string{"required"}).([]any)
		for _, r := range req {
			if name, ok := r.(string); ok {
				names = append(names, strconv.Quote(name))
			}
		}
	}
	return names
}

// resolve follows toks through a decoded JSON document, through objects
// and arrays (anyOf/0, allOf/1).
func resolve(doc any, toks []string) any {
	for _, t := range toks {
		switch v := doc.(type) {
		case map[string]any:
			doc = v[t]
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(v) {
				return nil
			}
			doc = v[i]
		default:
			return nil
		}
	}
	return doc
}
