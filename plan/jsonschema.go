package plan

import _ "embed"

//go:embed plan.schema.json
var schemaJSON []byte

// JSONSchema returns the JSON Schema (draft 2020-12) of the plan's JSON form
// (Encode), as `ccr schema --plan` prints it: every field described, every
// enum value listed, closed wherever the form is. Tests hold it to the Go
// types field by field and validate every golden plan against it.
func JSONSchema() []byte { return schemaJSON }
