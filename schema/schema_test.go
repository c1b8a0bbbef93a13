package schema

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// walkSchema calls fn for every subschema of doc with its JSON pointer.
func walkSchema(ptr string, doc any, fn func(ptr string, s map[string]any)) {
	switch v := doc.(type) {
	case map[string]any:
		fn(ptr, v)
		for k, c := range v {
			walkSchema(ptr+"/"+k, c, fn)
		}
	case []any:
		for i, c := range v {
			walkSchema(fmt.Sprintf("%s/%d", ptr, i), c, fn)
		}
	}
}

// TestSchemaContract checks what editors rely on: an $id and a title, a
// description on every property, and no object that accepts unknown keys.
func TestSchemaContract(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(JSONSchema(), &doc); err != nil {
		t.Fatalf("ccr.schema.json: %v", err)
	}
	if doc["$id"] != schemaID || doc["title"] == nil || doc["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$id, title, $schema = %v, %v, %v", doc["$id"], doc["title"], doc["$schema"])
	}
	walkSchema("", doc, func(ptr string, s map[string]any) {
		if props, ok := s["properties"].(map[string]any); ok {
			for name, p := range props {
				if d, _ := p.(map[string]any)["description"].(string); d == "" {
					t.Errorf("%s/properties/%s has no description", ptr, name)
				}
			}
		}
		if s["type"] == "object" && s["additionalProperties"] == nil {
			t.Errorf("%s: object without additionalProperties", ptr)
		}
	})
}

// TestPatternPhrases keeps the worded patterns in step with the schema: a
// pattern without a phrase would produce "must be ; got ...".
func TestPatternPhrases(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(JSONSchema(), &doc); err != nil {
		t.Fatal(err)
	}
	used := make(map[string]bool)
	walkSchema("", doc, func(ptr string, s map[string]any) {
		if p, ok := s["pattern"].(string); ok {
			used[p] = true
			if patternPhrases[p] == "" {
				t.Errorf("%s: pattern %s has no phrase in patternPhrases", ptr, p)
			}
		}
	})
	for p := range patternPhrases {
		if !used[p] {
			t.Errorf("patternPhrases has %s, which the schema does not use", p)
		}
	}
}

func TestLoadTooLarge(t *testing.T) {
	data := []byte(valid + "# " + strings.Repeat("x", MaxFileSize) + "\n")
	_, ds := Load("big.yaml", data)
	want := "big.yaml:1:1: file is larger than 8 MiB, the limit for ccr files"
	if len(ds) != 1 || ds[0].String() != want {
		t.Errorf("diagnostics = %q; want [%q]", ds.Error(), want)
	}
}

// TestLoadManyProblems checks that a file with thousands of errors yields
// MaxDiagnostics of them, in order, and one line counting the rest.
func TestLoadManyProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString(valid + "        tags:\n")
	for i := range 1500 {
		fmt.Fprintf(&b, "          t%d: %d\n", i, i)
	}
	_, ds := Load("ccr.yaml", []byte(b.String()))
	if len(ds) != MaxDiagnostics+1 {
		t.Fatalf("got %d diagnostics; want %d", len(ds), MaxDiagnostics+1)
	}
	first := `ccr.yaml:9:15: projects[0].pairs[0].tags.t0: must be a string; got 0 (quote it: "0")`
	last := "ccr.yaml:1009:18: 500 more problems not shown"
	if ds[0].String() != first || ds[MaxDiagnostics].String() != last {
		t.Errorf("first, last = %q, %q; want %q, %q", ds[0], ds[MaxDiagnostics], first, last)
	}
}

// piecewiseKeywords are the keywords validateSchema supports: it validates
// each element of a list or an open mapping on its own and shows the
// validator nils in its place elsewhere (see pieces), so a keyword that
// looks into elements (prefixItems, contains, uniqueItems,
// patternProperties, unevaluated*, …) or applies schemas to the same value
// (allOf, if, …) would silently check nils. Extend pieces before this list.
var piecewiseKeywords = map[string]bool{
	"$schema": true, "$id": true, "$defs": true, "$ref": true, "title": true, "description": true,
	"type": true, "const": true, "pattern": true, "minimum": true, "maximum": true,
	"minLength": true, "maxLength": true, "minItems": true, "maxItems": true,
	"properties": true, "required": true, "additionalProperties": true, "items": true, "propertyNames": true,
	// enum checks one value; an anyOf of required only checks which keys
	// a mapping has, which its piece keeps; allOf (if/then hints for
	// editors) is removed from the pieces and its rule checked in Go.
	"enum": true, "anyOf": true, "allOf": true,
}

// TestSchemaPiecewise checks that ccr.schema.json uses only keywords that
// piecewise validation supports, and that the piecewise schema renamed
// every subschema of an element keyword and compiled it.
func TestSchemaPiecewise(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(JSONSchema(), &doc); err != nil {
		t.Fatal(err)
	}
	elements := 0
	var check func(ptr string, s map[string]any)
	check = func(ptr string, s map[string]any) {
		for k, v := range s {
			if !piecewiseKeywords[k] {
				t.Errorf("%s: keyword %s is not supported by piecewise validation", ptr, k)
			}
			switch k {
			case "$ref":
				if len(s) > 2 || len(s) == 2 && s["description"] == nil {
					t.Errorf("%s: $ref with keywords beside it, which pieces.target ignores", ptr)
				}
				if ref, _ := v.(string); compiled().defs[strings.TrimPrefix(ref, "#")] == nil {
					t.Errorf("%s: $ref %v names none of the $defs, which pieces.target follows", ptr, v)
				}
			case "const":
				if _, ok := v.(map[string]any); ok {
					t.Errorf("%s: const compares a mapping, which piece values leave as nils", ptr)
				}
			case "properties", "$defs":
				for name, sub := range v.(map[string]any) {
					check(ptr+"/"+k+"/"+name, sub.(map[string]any))
				}
			case "items", "additionalProperties", "propertyNames":
				if sub, ok := v.(map[string]any); ok {
					elements++
					check(ptr+"/"+k, sub)
				}
			}
		}
	}
	check("", doc)
	if p := compiled(); len(p.element) != elements || elements == 0 {
		t.Errorf("compiled %d element schemas; the schema has %d", len(p.element), elements)
	}
}
