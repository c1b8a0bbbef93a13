package plan

import (
	"slices"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/schema"
)

// pairedLive is acme-prod with orders-eu existing unpaired, an unmanaged
// Postgres and an unmanaged Cassandra service.
func pairedLive() []LiveService {
	return []LiveService{
		named(running("orders-eu", euCloud, "business-8", 600000)),
		{Name: "billing-pg", Type: "pg", Plan: "startup-4", Cloud: euCloud, State: StateRunning},
		running("legacy", usCloud, "startup-4", 80000),
	}
}

func TestFingerprintTracksOnlyFactsThePlanUses(t *testing.T) {
	spec := testSpec(testPair())
	cases := []struct {
		name string
		// before edits the live state the plan was made from (default:
		// pairedLive as it is).
		before  func(s []LiveService) []LiveService
		edit    func(s []LiveService) []LiveService
		changed bool
		reasons []string
	}{
		{name: "unchanged", edit: func(s []LiveService) []LiveService { return s }},
		{name: "unmanaged service changes plan and state", edit: func(s []LiveService) []LiveService {
			s[1].Plan, s[2].State = "business-4", StatePoweroff
			return s
		}},
		{name: "unmanaged service added", edit: func(s []LiveService) []LiveService {
			return append(s, running("analytics", usCloud, "startup-4", 80000))
		}},
		{name: "declared service settles from REBUILDING", edit: func(s []LiveService) []LiveService {
			s[0].State = StateRebuilding
			return s
		}},
		{name: "declared service changes plan", changed: true, edit: func(s []LiveService) []LiveService {
			s[0].Plan = "business-16"
			return s
		}, reasons: []string{"acme-prod: service orders-eu changed plan business-8 → business-16"}},
		{name: "declared service powered off", changed: true, edit: func(s []LiveService) []LiveService {
			s[0].State = StatePoweroff
			return s
		}, reasons: []string{"acme-prod: service orders-eu changed powered_off false → true"}},
		{name: "declared service appears", changed: true, edit: func(s []LiveService) []LiveService {
			return append(s, joined(running("orders-us", usCloud, "business-8", 600000), "orders-eu"))
		}, reasons: []string{
			"acme-prod: service orders-eu changed joined_by (none) → orders-us",
			"acme-prod: service orders-us now exists",
		}},
		{name: "declared service disappears", changed: true, edit: func(s []LiveService) []LiveService {
			return s[1:]
		}, reasons: []string{"acme-prod: service orders-eu no longer exists"}},
		{name: "third service joins a declared one", changed: true, edit: func(s []LiveService) []LiveService {
			s[2].JoinedWith = "orders-eu"
			return s
		}, reasons: []string{"acme-prod: service orders-eu changed joined_by (none) → legacy"}},
		{name: "undeclared join target is deleted", changed: true, before: func(s []LiveService) []LiveService {
			// orders-eu joined legacy, which the file does not name: once
			// legacy is gone orders-eu is unpaired and may gain a peer.
			s[0].JoinedWith = "legacy"
			return s
		}, edit: func(s []LiveService) []LiveService {
			return slices.Delete(s, 2, 3)
		}, reasons: []string{"acme-prod: service orders-eu changed joined_with_exists true → false"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := pairedLive()
			if tc.before != nil {
				before = tc.before(before)
			}
			live := testLive(tc.edit(slices.Clone(before))...)
			base := Fingerprint(spec, testLive(before...))
			if got := Fingerprint(spec, live); (got != base) != tc.changed {
				t.Fatalf("fingerprint changed = %v, want %v", got != base, tc.changed)
			}
			old, now := Compute(spec, testLive(before...)), Compute(spec, live)
			if now.Fingerprint != Fingerprint(spec, live) {
				t.Error("Compute and Fingerprint disagree on the same input")
			}
			equal(t, "stale reasons", StaleReasons(old, now), tc.reasons)
		})
	}
}

func TestFingerprintTracksCatalogFactsUsed(t *testing.T) {
	spec := testSpec(testPair())
	base := Compute(spec, testLive())
	if !strings.HasPrefix(base.Fingerprint, "sha256:") || len(base.Fingerprint) != len("sha256:")+64 {
		t.Fatalf("fingerprint %q is not sha256:<64 hex>", base.Fingerprint)
	}
	cases := []struct {
		name    string
		edit    func(c *Catalog)
		reasons []string
	}{
		{name: "unused plan changes", edit: func(c *Catalog) { delete(c.Plans(CassandraType), "startup-4") }},
		{name: "unused cloud disappears", edit: func(c *Catalog) { delete(c.Clouds, "azure-westeurope") }},
		{name: "used cloud disappears", edit: func(c *Catalog) { delete(c.Clouds, usCloud) },
			reasons: []string{"acme-prod: cloud aws-us-east-1 changed offered true → false"}},
		{name: "used plan's step changes", edit: func(c *Catalog) { c.Plans(CassandraType)["business-8"] = PlanSpec{DiskSpaceMB: 600000} },
			reasons: []string{
				"acme-prod: plan business-8 changed disk_space_cap_mb 1200000 → 0",
				"acme-prod: plan business-8 changed disk_space_step_mb 30000 → 0",
			}},
		{name: "cassandra retired", edit: func(c *Catalog) { setOffered(c, CassandraType, false) },
			reasons: []string{"acme-prod: project changed cassandra_offered true → false"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			live := testLive()
			ps := live.Projects["acme-prod"]
			tc.edit(&ps.Catalog)
			live.Projects["acme-prod"] = ps
			equal(t, "stale reasons", StaleReasons(base, Compute(spec, live)), tc.reasons)
		})
	}
}

func TestStaleReasonsWithoutFacts(t *testing.T) {
	old := Compute(testSpec(testPair()), testLive())
	old.Facts = nil
	old.Fingerprint = "sha256:0"
	got := StaleReasons(old, Compute(testSpec(testPair()), testLive()))
	equal(t, "stale reasons", got, []string{"the live facts differ from those the plan was computed from"})
}

func TestSpecDigestIgnoresLayout(t *testing.T) {
	base := SpecDigest(testSpec(testPair()))
	moved := testSpec(testPair())
	moved.File = "other/ccr.yaml"
	moved.Projects[0].Pos.Line += 4
	moved.Projects[0].Pairs[0].PlanPos.Col = 1
	implicit := testPair()
	implicit.Services[0].Datacenter = "" // the default, spelled out or not
	if d := SpecDigest(moved); d != base {
		t.Error("moving the file or its lines changed the digest")
	}
	if d := SpecDigest(testSpec(implicit)); d != base {
		t.Error("leaving the default datacenter implicit changed the digest")
	}
	edits := map[string]func(p *schema.Pair){
		"plan":      func(p *schema.Pair) { p.Plan = "business-16" },
		"disk":      func(p *schema.Pair) { p.DiskSpaceMB = 630000 },
		"cloud":     func(p *schema.Pair) { p.Services[1].Cloud = "aws-us-west-2" },
		"keyspaces": func(p *schema.Pair) { p.Keyspaces[0].ReplicationFactor = 2 },
		"tags":      func(p *schema.Pair) { p.Tags = map[string]string{"team": "x"} },
	}
	for name, edit := range edits {
		p := testPair()
		edit(&p)
		if SpecDigest(testSpec(p)) == base {
			t.Errorf("changing %s kept the digest", name)
		}
	}
}

// TestStaleReasonsQuoteWhatIsNotPlain: the values in a stale reason come
// from the API and from the saved plan; one that is not a plain word is
// quoted, so no control character reaches the message.
func TestStaleReasonsQuoteWhatIsNotPlain(t *testing.T) {
	spec := testSpec(testPair())
	eu := named(running("orders-eu", euCloud, "business-8", 600000))
	old := Compute(spec, testLive(eu))
	eu.Datacenter = "a\x1b[31mRED\n::error::forged"
	reasons := StaleReasons(old, Compute(spec, testLive(eu)))
	equal(t, "stale reasons", reasons, []string{
		`acme-prod: service orders-eu changed datacenter orders-eu → "a\x1b[31mRED\n::error::forged"`,
	})
}
