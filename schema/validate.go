package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"
	yaml "gopkg.in/yaml.v3"
)

// schemaID is the $id of ccr.schema.json.
const schemaID = "https://github.com/ccr-dev/ccr/schema/ccr.schema.json"

// compiled holds the embedded schema, compiled once per process, and its raw
// form, which the messages read keyword values from.
var compiled = sync.OnceValues(func() (*jsonschema.Schema, map[string]any) {
	var doc map[string]any
	if err := json.Unmarshal(schemaJSON, &doc); err != nil {
		panic(fmt.Sprintf("schema: embedded ccr.schema.json: %v", err))
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource(schemaID, bytes.NewReader(schemaJSON)); err != nil {
		panic(fmt.Sprintf("schema: embedded ccr.schema.json: %v", err))
	}
	// The schema is a constant of the build, checked by tests: failing to
	// compile it is a bug, not an input error.
	return c.MustCompile(schemaID), doc
})

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

// validateSchema checks value against the schema and reports each precise
// cause, positioned at the YAML node it concerns.
func (l *loader) validateSchema(root *yaml.Node, value any) {
	s, doc := compiled()
	err := s.Validate(value)
	var ve *jsonschema.ValidationError
	switch {
	case err == nil:
		return
	case !errors.As(err, &ve):
		// Only a value outside the JSON data model gets here, which the
		// converter never produces; say so rather than pass the file.
		l.errorf(Pos{1, 1}, "", "cannot validate: %v", err)
		return
	}
	vs := violations(root, doc, ve)
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
			l.errorf(v.loc.pos(atKey), v.loc.path, "%s", describe(v))
		}
	}
}

// violations flattens the validator's error tree to its leaves, the precise
// causes, and keeps only the type error where a value has the wrong type:
// the other keywords at that spot would only repeat it.
func violations(root *yaml.Node, doc map[string]any, ve *jsonschema.ValidationError) []violation {
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
	keys := make(keyIndex)
	var vs []violation
	for _, e := range leaves {
		_, frag, _ := strings.Cut(e.AbsoluteKeywordLocation, "#")
		toks := splitPointer(frag)
		if len(toks) == 0 {
			continue
		}
		sub, _ := resolve(doc, toks[:len(toks)-1]).(map[string]any)
		v := violation{
			instance:  e.InstanceLocation,
			message:   e.Message,
			loc:       keys.locate(root, e.InstanceLocation),
			keyword:   toks[len(toks)-1],
			rule:      resolve(doc, toks),
			subschema: sub,
			onName:    slices.Contains(toks, "propertyNames"),
		}
		if v.keyword == "required" && len(toks) >= 3 && toks[len(toks)-3] == "anyOf" {
			v.oneOfFields = requiredAlternatives(resolve(doc, toks[:len(toks)-2]))
		}
		if v.keyword == "type" && !v.onName {
			wrongType[e.InstanceLocation] = true
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
			names = append(names, fmt.Sprintf("%q", r))
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
