// Package schematest holds a JSON form to its JSON Schema in tests: every
// document validates (Validate), the schema describes exactly the fields of
// the Go type that writes the form (Describes), every field and enum value is
// described (Documented), and the documents tested hold every optional field
// at least once (Coverage). The plan and apply result schemas use it, so that
// a field added to a Go struct without the schema fails a test.
package schematest

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Compile compiles a draft 2020-12 schema, asserting formats such as
// date-time, and fails t when it does not compile.
func Compile(t testing.TB, schema []byte) *jsonschema.Schema {
	t.Helper()
	root := parse(t, schema)
	id, _ := root["$id"].(string)
	if id == "" {
		t.Fatal("schema has no $id")
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	if err := c.AddResource(id, bytes.NewReader(schema)); err != nil {
		t.Fatalf("add schema %s: %v", id, err)
	}
	s, err := c.Compile(id)
	if err != nil {
		t.Fatalf("compile schema %s: %v", id, err)
	}
	return s
}

// Validate fails t, naming the document, unless doc is one JSON value that
// s accepts.
func Validate(t testing.TB, s *jsonschema.Schema, name string, doc []byte) {
	t.Helper()
	v, err := decode(doc)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("%s does not match its schema: %#v", name, err)
	}
}

// decode reads one JSON value with its numbers kept exact, as the validator
// wants them.
func decode(doc []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, &json.SyntaxError{Offset: dec.InputOffset()}
	}
	return v, nil
}

// parse reads a schema as plain JSON for the structural checks.
func parse(t testing.TB, schema []byte) map[string]any {
	t.Helper()
	var root map[string]any
	if err := json.Unmarshal(schema, &root); err != nil {
		t.Fatalf("schema is not a JSON object: %v", err)
	}
	return root
}
