package plan

import "testing"

// A blocked change shows the plan and disk the service has or would get, as
// an unblocked one does: from the file, else from the service itself when it
// exists, else from its existing peer. Only a plan nothing names stays "".
func TestBlockedChangesCarryTheirPlan(t *testing.T) {
	retired := func(services ...LiveService) Live {
		live := testLive(services...)
		ps := live.Projects["acme-prod"]
		setOffered(&ps.Catalog, CassandraType, false)
		live.Projects["acme-prod"] = ps
		return live
	}
	eu16 := running("orders-eu", euCloud, "business-16", 1200000)
	cases := []struct {
		name string
		live Live
		want []changeView
	}{
		{
			name: "both exist, not paired: each its own",
			live: testLive(eu16, running("orders-us", usCloud, "business-8", 660000)),
			want: []changeView{
				{Service: "orders-eu", Action: Blocked, Plan: "business-16", Disk: 1200000, Exists: true},
				{Service: "orders-us", Action: Blocked, Plan: "business-8", Disk: 660000, Exists: true},
			},
		},
		{
			name: "the existing peer is paired with a third service: the peer's",
			live: testLive(eu16, joined(running("orders-old", usCloud, "business-16", 1200000), "orders-eu")),
			want: []changeView{
				{Service: "orders-eu", Action: Blocked, Plan: "business-16", Disk: 1200000, Exists: true},
				{Service: "orders-us", Action: Blocked, Plan: "business-16", Disk: 1200000},
			},
		},
		{
			name: "the new service would be in its peer's cloud: the peer's",
			live: testLive(running("orders-eu", usCloud, "business-16", 1200000)),
			want: []changeView{
				{Service: "orders-eu", Action: Blocked, Plan: "business-16", Disk: 1200000, Exists: true},
				{Service: "orders-us", Action: Blocked, Plan: "business-16", Disk: 1200000},
			},
		},
		{
			name: "the project no longer offers cassandra: the peer's",
			live: retired(eu16),
			want: []changeView{
				{Service: "orders-eu", Action: Blocked, Plan: "business-16", Disk: 1200000, Exists: true},
				{Service: "orders-us", Action: Blocked, Plan: "business-16", Disk: 1200000},
			},
		},
		{
			name: "neither exists: no plan to use, the conflict says so",
			live: testLive(),
			want: []changeView{
				{Service: "orders-eu", Action: Blocked},
				{Service: "orders-us", Action: Blocked},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pair := testPair()
			pair.Plan = ""
			p := Compute(testSpec(pair), tc.live)
			if p.Applyable() {
				t.Fatal("plan has no conflict")
			}
			equal(t, "changes", viewChanges(p.Changes), tc.want)
		})
	}
}

// A project that was not read blocks its services with the plan and disk
// the file gives: nothing else is known.
func TestBlockedUnreadProjectKeepsTheFilesPlan(t *testing.T) {
	pair := testPair()
	pair.DiskSpaceMB = 660000
	p := Compute(testSpec(pair), Live{})
	equal(t, "changes", viewChanges(p.Changes), []changeView{
		{Service: "orders-eu", Action: Blocked, Plan: "business-8", Disk: 660000},
		{Service: "orders-us", Action: Blocked, Plan: "business-8", Disk: 660000},
	})
}
