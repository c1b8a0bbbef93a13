package apply_test

import (
	"slices"
	"testing"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
)

// A replica group's services have Pair 0, the first pair's index too: a
// powered-off Valkey replica must not hold back the CQL of a Cassandra pair
// whose two services are RUNNING, and a group member's step follows that
// member alone.
func TestNextStepsKeepGroupsApartFromPairs(t *testing.T) {
	group := 0
	running := &plan.LiveService{State: plan.StateRunning}
	p := &plan.Plan{
		Changes: []plan.Change{
			{Project: "acme", Service: "orders-eu", Pair: 0, Action: plan.NoOp, Live: running},
			{Project: "acme", Service: "orders-us", Pair: 0, Action: plan.Create, JoinWith: "orders-eu"},
			{Project: "acme", Service: "sessions-vk", Group: &group, Type: "valkey", Action: plan.NoOp, Live: running},
			{Project: "acme", Service: "sessions-vk-us", Group: &group, Type: "valkey", Action: plan.NoOp,
				Live: &plan.LiveService{State: plan.StatePoweroff}},
			{Project: "acme", Service: "search-os", Group: &group, Type: "opensearch", Action: plan.NoOp, Live: running},
			{Project: "acme", Service: "search-os-fol", Group: &group, Type: "opensearch", Action: plan.Create},
			{Project: "acme", Service: "search-os-eu", Group: &group, Type: "opensearch", Action: plan.Create},
		},
		NextSteps: []plan.NextStep{
			{Project: "acme", Service: "orders-eu", Keyspace: "orders", CQL: "ALTER KEYSPACE orders WITH replication = {}"},
			{Project: "acme", Service: "search-os-fol", Message: "start replication on search-os-fol"},
			{Project: "acme", Service: "search-os-eu", Message: "start replication on search-os-eu"},
		},
	}
	res := &apply.Result{Services: []apply.ServiceResult{
		{Project: "acme", Service: "orders-us", Outcome: apply.Created, Running: true},
		{Project: "acme", Service: "search-os-fol", Outcome: apply.Created, Running: true},
		{Project: "acme", Service: "search-os-eu", Outcome: apply.Created, Running: false},
	}}
	got := res.NextSteps(p)
	want := []plan.NextStep{p.NextSteps[0], p.NextSteps[1]}
	if !slices.Equal(got, want) {
		t.Errorf("NextSteps = %+v, want %+v", got, want)
	}
}
