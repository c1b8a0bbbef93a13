package apply

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/plan/schematest"
)

// The schema describes exactly what WriteJSON writes: a field added to the
// JSON form without the schema fails here.
func TestJSONSchemaDescribesTheResultType(t *testing.T) {
	schematest.Describes(t, JSONSchema(), reflect.TypeFor[jsonResult]())
	schematest.Documented(t, JSONSchema())
}

// Every enum of the schema lists exactly the values the code has.
func TestJSONSchemaEnums(t *testing.T) {
	outcomes := []string{}
	for _, o := range []Outcome{Created, AlreadyPresent, Linked, SwitchedOver, Updated, Failed, Skipped, NotStarted, Interrupted} {
		outcomes = append(outcomes, string(o))
	}
	statuses := []string{}
	for _, s := range []FieldStatus{FieldSent, FieldFound, FieldByPeer, FieldNotSent, FieldRefused} {
		statuses = append(statuses, string(s))
	}
	for ptr, want := range map[string][]string{
		"#/$defs/outcome":                        outcomes,
		"#/$defs/field_update/properties/status": statuses,
		"#/$defs/refusal/properties/reason": {
			RefusedPullRequest, RefusedFlags, RefusedSetup, RefusedInvalidFile, RefusedPlanFile, RefusedFileMismatch,
			RefusedStale, RefusedChanged, RefusedConflicts, RefusedNotApproved, RefusedUnavailable, RefusedAPI, RefusedOther,
		},
	} {
		if got := schematest.Consts(t, JSONSchema(), ptr); !slices.Equal(got, want) {
			t.Errorf("%s lists %v, want %v", ptr, got, want)
		}
	}
	if got := schematest.Const(t, JSONSchema(), "#/properties/format_version"); got != strconv.Quote(FormatVersion) {
		t.Errorf("format_version is const %s, want %q", got, FormatVersion)
	}
}

// The definitions the result shares with the plan (a refusal lists the
// plan's conflicts) are the plan's, word for word.
func TestJSONSchemaSharesThePlansDefinitions(t *testing.T) {
	defs := func(schema []byte) map[string]any {
		var doc struct {
			Defs map[string]any `json:"$defs"`
		}
		if err := json.Unmarshal(schema, &doc); err != nil {
			t.Fatal(err)
		}
		return doc.Defs
	}
	mine, plans := defs(JSONSchema()), defs(plan.JSONSchema())
	for _, name := range []string{"conflict", "conflict_kind", "service_state", "usd", "next_step"} {
		if !reflect.DeepEqual(mine[name], plans[name]) {
			t.Errorf("$defs/%s differs from the plan schema's", name)
		}
	}
}
