package render

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/plan/schematest"
)

// Every golden JSON plan is a document the plan schema accepts, and together
// they hold every optional field, so that the closed schema checks each one.
func TestGoldenJSONMatchesPlanSchema(t *testing.T) {
	s := schematest.Compile(t, plan.JSONSchema())
	cov := schematest.NewCoverage(t, plan.JSONSchema())
	files, err := filepath.Glob(filepath.Join("testdata", "*.json.golden"))
	if err != nil || len(files) != len(scenarios) {
		t.Fatalf("%d golden JSON plans (%v), want one per scenario (%d)", len(files), err, len(scenarios))
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		schematest.Validate(t, s, name, data)
		cov.Add(t, data)
	}
	if missing := cov.Missing(); len(missing) > 0 {
		t.Errorf("no golden plan holds %v: give a scenario one", missing)
	}
}
