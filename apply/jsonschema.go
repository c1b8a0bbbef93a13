package apply

import _ "embed"

//go:embed result.schema.json
var schemaJSON []byte

// JSONSchema returns the JSON Schema (draft 2020-12) of the result's JSON
// form (WriteJSON), as `ccr schema --result` prints it: every field
// described, every enum value listed, closed wherever the form is. Tests hold
// it to the Go types field by field and validate every golden result
// against it.
func JSONSchema() []byte { return schemaJSON }
