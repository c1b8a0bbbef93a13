package plan

import (
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/ccr-dev/ccr/plan/schematest"
	"github.com/ccr-dev/ccr/schema"
)

// The schema describes exactly what Encode writes: a field added to a type
// of the plan without the schema fails here.
func TestJSONSchemaDescribesThePlanType(t *testing.T) {
	schematest.Describes(t, JSONSchema(), reflect.TypeFor[Plan]())
	schematest.Documented(t, JSONSchema())
}

// Every enum of the schema lists exactly the values the code has.
func TestJSONSchemaEnums(t *testing.T) {
	for ptr, want := range map[string][]string{
		"#/$defs/action":                   {string(Create), string(Link), string(Switchover), string(Update), string(NoOp), string(Blocked)},
		"#/$defs/link_kind":                schema.ReplicaKinds(),
		"#/$defs/dr_role":                  {RoleActive, RolePassive, RoleFailed},
		"#/$defs/await":                    {string(schema.AwaitRunning), string(schema.AwaitBackup)},
		"#/$defs/conflict_kind":            {KindPreflight, KindPairing, KindReplication, KindUpdate, KindBudget},
		"#/$defs/fact_kind":                {FactProject, FactService, FactCloud, FactPlan, FactVPC, FactPrice, FactVersion},
		"#/$defs/join_after":               {JoinAfterCreated, JoinAfterRunning},
		"#/$defs/service_state":            {StateRunning, StateRebuilding, StateRebalancing, StatePoweroff},
		"#/$defs/budget/properties/status": {BudgetWithin, BudgetOver, BudgetUnknown},
		"#/$defs/drift/properties/field":   {"plan", "disk_space_mb", "cloud", "datacenter", "project_vpc_id", "version", "state"},
	} {
		if got := schematest.Consts(t, JSONSchema(), ptr); !slices.Equal(got, want) {
			t.Errorf("%s lists %v, want %v", ptr, got, want)
		}
	}
	for ptr, want := range map[string]string{
		"#/properties/format_version":             strconv.Quote(FormatVersion),
		"#/$defs/cost/properties/currency":        strconv.Quote(Currency),
		"#/$defs/cost/properties/hours_per_month": strconv.Itoa(HoursPerMonth),
	} {
		if got := schematest.Const(t, JSONSchema(), ptr); got != want {
			t.Errorf("%s is const %s, want %s", ptr, got, want)
		}
	}
}
