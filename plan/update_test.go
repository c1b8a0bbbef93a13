package plan

import (
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/schema"
)

// tunedPair is orders-eu and orders-us paired, on business-8 with 600000
// MB, with the given tags and protection.
func tunedPair(tags map[string]string, protected bool) Live {
	eu := named(running("orders-eu", euCloud, "business-8", 600000))
	us := joined(running("orders-us", usCloud, "business-8", 600000), "orders-eu")
	for _, s := range []*LiveService{&eu, &us} {
		s.Tags, s.TerminationProtection = tags, protected
	}
	return testLive(eu, us)
}

// updatesOf lists "service field before→after (via X)" for every update.
func updatesOf(p *Plan) []string {
	var out []string
	for _, c := range p.Changes {
		for _, u := range c.Updates {
			before := "null"
			if u.Before != nil {
				before = *u.Before
			}
			line := c.Service + " " + u.Field + " " + before + "→" + u.After
			if u.Via != "" {
				line += " via " + u.Via
			}
			out = append(out, line)
		}
	}
	return out
}

func TestUpdatePairSettings(t *testing.T) {
	pair := testPair()
	off := false
	pair.TerminationProtection = &off
	pair.Tags = map[string]string{"team": "orders", "cost": "eu"}
	p := Compute(testSpec(pair), tunedPair(map[string]string{"team": "billing", "owner": "ops"}, true))
	equal(t, "updates", updatesOf(p), []string{
		"orders-eu termination_protection true→false", "orders-eu tags.cost null→eu", "orders-eu tags.team billing→orders",
		"orders-us termination_protection true→false", "orders-us tags.cost null→eu", "orders-us tags.team billing→orders",
	})
	equal(t, "actions", actionsOf(p), []string{"orders-eu update", "orders-us update"})
	if p.Summary.Update != 2 || p.Summary.ProtectionOff != 2 || p.Summary.Unchanged != 0 || !p.HasChanges() {
		t.Errorf("summary = %+v; want 2 to update, both turning protection off", p.Summary)
	}
	equal(t, "warnings", p.Warnings, []Warning{
		{Project: "acme-prod", Message: "orders-eu: termination protection will be turned off; Aiven will then delete the service when asked"},
		{Project: "acme-prod", Message: "orders-us: termination protection will be turned off; Aiven will then delete the service when asked"},
	})
}

func TestUpdatePairSizeOnceForBothMembers(t *testing.T) {
	pair := testPair()
	pair.Plan, pair.DiskSpaceMB = "business-16", 1260000
	p := Compute(testSpec(pair), tunedPair(nil, false))
	equal(t, "updates", updatesOf(p), []string{
		"orders-eu plan business-8→business-16", "orders-eu disk_space_mb 600000→1260000",
		"orders-us plan business-8→business-16 via orders-eu", "orders-us disk_space_mb 600000→1260000 via orders-eu",
	})
	equal(t, "conflicts", viewConflicts(p.Conflicts), nil)
}

func TestUpdateDowngradeNeedsConsent(t *testing.T) {
	live := func() Live {
		eu := named(running("orders-eu", euCloud, "business-16", 1200000))
		us := joined(running("orders-us", usCloud, "business-16", 1200000), "orders-eu")
		return testLive(eu, us)
	}
	refused := []string{"update ccr.yaml:12:15: orders-eu would lose capacity (plan business-8 after business-16: 600000 MB " +
		"of disk, not 1200000): a downgrade needs allow_downgrade: true in the file or --allow-downgrade"}
	p := Compute(testSpec(testPair()), live())
	equal(t, "conflicts", viewConflicts(p.Conflicts), refused)
	equal(t, "actions", actionsOf(p), []string{"orders-eu blocked", "orders-us blocked"})

	pair := testPair()
	pair.AllowDowngrade = true
	p = Compute(testSpec(pair), live())
	equal(t, "conflicts", viewConflicts(p.Conflicts), nil)
	equal(t, "actions", actionsOf(p), []string{"orders-eu update", "orders-us update"})
	p = ComputeWith(testSpec(testPair()), live(), Options{AllowDowngrade: true})
	equal(t, "actions with --allow-downgrade", actionsOf(p), []string{"orders-eu update", "orders-us update"})

	shrink := testPair()
	shrink.Plan, shrink.DiskSpaceMB = "business-16", 1200000
	eu := named(running("orders-eu", euCloud, "business-16", 1260000))
	us := joined(running("orders-us", usCloud, "business-16", 1260000), "orders-eu")
	p = Compute(testSpec(shrink), testLive(eu, us))
	equal(t, "disk shrink", viewConflicts(p.Conflicts), []string{"update ccr.yaml:13:24: orders-eu would lose capacity " +
		"(disk_space_mb 1200000 after 1260000): a downgrade needs allow_downgrade: true in the file or --allow-downgrade"})

	// One request resizes both members: a disk only the peer would lose
	// stops it too.
	eu = named(running("orders-eu", euCloud, "business-16", 1230000))
	us = joined(running("orders-us", usCloud, "business-16", 1260000), "orders-eu")
	p = Compute(testSpec(shrink), testLive(eu, us))
	equal(t, "peer's disk shrink", viewConflicts(p.Conflicts), []string{
		"update ccr.yaml:13:24: orders-eu would lose capacity (disk_space_mb 1200000 after 1230000): a downgrade " +
			"needs allow_downgrade: true in the file or --allow-downgrade",
		"update ccr.yaml:13:24: orders-us would lose capacity (disk_space_mb 1200000 after 1260000): a downgrade " +
			"needs allow_downgrade: true in the file or --allow-downgrade"})

	// A declared disk is what the service gets: the message quotes it, and
	// the plan's included disk only says which plan is the smaller.
	kept := testPair()
	kept.DiskSpaceMB = 1200000
	p = Compute(testSpec(kept), live())
	equal(t, "declared disk kept", viewConflicts(p.Conflicts), []string{"update ccr.yaml:12:15: orders-eu would lose " +
		"capacity (plan business-8 after business-16: a smaller plan, which includes 600000 MB of disk, not 1200000; " +
		"the file's disk_space_mb 1200000 sets the disk, not the plan's size): a downgrade needs allow_downgrade: " +
		"true in the file or --allow-downgrade"})

	outside := testPair()
	outside.DiskSpaceMB = 610000
	p = Compute(testSpec(outside), tunedPair(nil, false))
	equal(t, "disk off the step", viewConflicts(p.Conflicts), []string{"preflight ccr.yaml:13:24: disk_space_mb 610000 is not " +
		"plan business-8's default 600000 plus a multiple of its step 30000 (nearest valid: 600000 or 630000)"})
}

func TestUpdateGroupServicesEachOnTheirOwn(t *testing.T) {
	file := strings.Replace(pgGroup, "plan: startup-4}", "plan: business-4}", 1) + "        tags: {team: orders}\n"
	live := linked([]LiveService{svc("orders-pg", "pg", euCloud, "business-4"), svc("orders-ro", "pg", usCloud, "startup-4")},
		"read_replica", "orders-pg", "orders-ro", "i1")
	p := Compute(loadGroups(t, file), groupLive(live...))
	equal(t, "conflicts", viewConflicts(p.Conflicts), []string{"replication ccr.yaml:8:79: orders-ro's plan business-4 " +
		"is not allowed for a read replica: Aiven needs a startup plan"})

	file = strings.Replace(pgGroup, "plan: business-4}", "plan: business-8}", 1) + "        tags: {team: orders}\n"
	p = Compute(loadGroups(t, file), groupLive(live...))
	equal(t, "conflicts", viewConflicts(p.Conflicts), nil)
	equal(t, "updates", updatesOf(p), []string{"orders-pg plan business-4→business-8", "orders-pg tags.team null→orders",
		"orders-ro tags.team null→orders"})
	equal(t, "actions", actionsOf(p), []string{"orders-pg update", "orders-ro update", "orders-dr create"})
}

func TestUpdateBeforeValuesAreFacts(t *testing.T) {
	pair := testPair()
	pair.Tags = map[string]string{"team": "orders"}
	spec := testSpec(pair)
	matching := Fingerprint(spec, tunedPair(map[string]string{"team": "orders"}, false))
	untagged := Fingerprint(spec, testLive(named(running("orders-eu", euCloud, "business-8", 600000)),
		joined(running("orders-us", usCloud, "business-8", 600000), "orders-eu")))
	before := Fingerprint(spec, tunedPair(map[string]string{"team": "billing"}, false))
	other := Fingerprint(spec, tunedPair(map[string]string{"team": "sales"}, false))
	plain := testPair()
	if Fingerprint(testSpec(plain), tunedPair(nil, false)) != Fingerprint(testSpec(plain), tunedPair(map[string]string{"x": "y"}, false)) {
		t.Error("a tag the file does not declare changed the fingerprint")
	}
	if before == other || before == matching || matching == untagged {
		t.Errorf("fingerprints %s %s %s %s: a before-value must change the fingerprint", matching, untagged, before, other)
	}
	if matching != Fingerprint(schemaPairSpec(), tunedPair(map[string]string{"team": "orders"}, false)) {
		t.Error("a matching tag adds a fact")
	}
}

// schemaPairSpec is testPair without tags: its fingerprint is what a plan
// made before updates existed saw.
func schemaPairSpec() *schema.Spec { return testSpec(testPair()) }

func TestUpdateCostsItsDelta(t *testing.T) {
	live := func(plan string, disk int) Live {
		l := testLive(named(running("orders-eu", euCloud, plan, disk)),
			joined(running("orders-us", usCloud, plan, disk), "orders-eu"))
		ps := l.Projects["acme-prod"]
		ps.Catalog = pricedCatalog()
		l.Projects["acme-prod"] = ps
		return l
	}
	up := testPair()
	up.Plan = "business-16"
	p := Compute(testSpec(up), live("business-8", 600000))
	// business-8 → business-16 in Belgium: (3.1230 - 1.5620) × 730; the
	// US member's new price is unknown, so the total increase is too.
	eu := p.Cost.Changes[0].Update
	if eu == nil || eu.Delta == nil || eu.Delta.String() != "1139.53" || eu.Monthly.String() != "2279.79" {
		t.Fatalf("orders-eu update cost = %+v; want $2,279.79 after, +$1,139.53", eu)
	}
	if us := p.Cost.Changes[1].Update; us == nil || us.Delta != nil || us.Unknown == "" {
		t.Errorf("orders-us update cost = %+v; want unknown (no business-16 price in AWS)", us)
	}
	if p.Cost.MonthlyIncrease != nil || p.Cost.Unpriced != 1 || p.Cost.KnownMonthlyIncrease.String() != "1139.53" {
		t.Errorf("tally = %+v; want +$1,139.53 known, 1 unpriced", p.Cost.Tally)
	}
	limit := mustUSD("1000")
	p = ComputeWith(testSpec(up), live("business-8", 600000), Options{MaxMonthlyIncrease: &limit})
	if p.Applyable() || CountConflicts(p.Conflicts).Budget != 1 {
		t.Errorf("conflicts = %v; want the budget to count the upgrade", viewConflicts(p.Conflicts))
	}

	down := testPair()
	down.AllowDowngrade = true
	p = Compute(testSpec(down), live("startup-4", 80000))
	// startup-4 ($300.03, $312.00 in AWS) → business-8 ($1,140.26, $1,185.89).
	if p.Cost.MonthlyIncrease == nil || p.Cost.MonthlyIncrease.String() != "1714.12" {
		t.Errorf("upgrade of both = %+v", p.Cost.Tally)
	}
	p = Compute(testSpec(down), live("business-16", 1200000))
	if d := p.Cost.Changes[0].Update; d == nil || d.Delta == nil || !strings.HasPrefix(d.Delta.String(), "-") {
		t.Errorf("a downgrade's delta = %+v; want a saving", d)
	}

	// A disk the new plan cannot hold (1320000 MB over business-8's cap)
	// becomes its default: the update shows it, and the price is the
	// plan's alone, with no extra disk.
	p = Compute(testSpec(down), live("business-16", 1320000))
	equal(t, "the disk the smaller plan gives", updatesOf(p)[:2], []string{"orders-eu plan business-16→business-8",
		"orders-eu disk_space_mb 1320000→600000"})
	if d := p.Cost.Changes[0].Update; d == nil || d.Monthly == nil || d.Monthly.String() != "1140.26" || d.ExtraDiskGiB != 0 {
		t.Errorf("after the downgrade = %+v; want business-8's $1,140.26 with no extra disk", d)
	}
}
