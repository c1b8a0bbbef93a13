package main

import (
	"bytes"
	"encoding/json"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// schemaCommands check JSON documents against a JSON Schema file, such as
// one `ccr schema --plan` printed, so that scripts hold real output to the
// published schemas.
var schemaCommands = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"json-valid": jsonValid,
}

// jsonValid (json-valid SCHEMA DOC...) passes when every DOC is one JSON
// value that the draft 2020-12 schema in the file SCHEMA accepts, formats
// asserted; with ! it passes when one is not.
func jsonValid(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: json-valid SCHEMA DOC...")
	}
	schema := compileSchemaFile(ts, args[0])
	var failures []string
	for _, name := range args[1:] {
		if err := validateFile(ts, schema, name); err != nil {
			failures = append(failures, name+": "+err.Error())
		}
	}
	switch {
	case !neg && len(failures) > 0:
		ts.Fatalf("%s", failures)
	case neg && len(failures) == 0:
		ts.Fatalf("every document matches %s", args[0])
	}
	for _, f := range failures {
		ts.Logf("%s", f)
	}
}

func compileSchemaFile(ts *testscript.TestScript, name string) *jsonschema.Schema {
	data := []byte(ts.ReadFile(name))
	var doc struct {
		ID string `json:"$id"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || doc.ID == "" {
		ts.Fatalf("%s: not a JSON Schema with an $id (%v)", name, err)
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	if err := c.AddResource(doc.ID, bytes.NewReader(data)); err != nil {
		ts.Fatalf("%s: %v", name, err)
	}
	s, err := c.Compile(doc.ID)
	if err != nil {
		ts.Fatalf("%s: %v", name, err)
	}
	return s
}

func validateFile(ts *testscript.TestScript, s *jsonschema.Schema, name string) error {
	dec := json.NewDecoder(bytes.NewReader([]byte(ts.ReadFile(name))))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return err
	}
	if dec.More() {
		return &json.SyntaxError{Offset: dec.InputOffset()}
	}
	return s.Validate(v)
}
