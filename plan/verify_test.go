package plan

import (
	"encoding/json"
	"strings"
	"testing"
)

// savedRoundTrip is p as `ccr apply PLAN.json` reads it back: encoded,
// then decoded.
func savedRoundTrip(t *testing.T, p *Plan) *Plan {
	t.Helper()
	data, err := p.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

func TestChangesDifferAcceptsTheSamePlan(t *testing.T) {
	tags := testPair()
	tags.Tags = map[string]string{"team": "orders"}
	for name, live := range map[string]Live{
		"new pair":      testLive(),
		"join existing": testLive(named(running("orders-eu", euCloud, "business-8", 600000))),
	} {
		p := Compute(testSpec(tags), live)
		if d := ChangesDiffer(savedRoundTrip(t, p).Changes, p.Changes); d != "" {
			t.Errorf("%s: a saved plan differs from itself after a round trip: %s", name, d)
		}
	}
}

// TestChangesDifferIgnoresWhatTheReadFound: a target that went from
// RUNNING to REBUILDING, or gained a tag in the Console, changes nothing
// apply does; the saved plan still holds.
func TestChangesDifferIgnoresWhatTheReadFound(t *testing.T) {
	eu := named(running("orders-eu", euCloud, "business-8", 600000))
	saved := Compute(testSpec(testPair()), testLive(eu))
	eu.State, eu.Tags, eu.TerminationProtection = StateRebuilding, map[string]string{"owner": "someone"}, true
	now := Compute(testSpec(testPair()), testLive(eu))
	if d := ChangesDiffer(saved.Changes, now.Changes); d != "" {
		t.Errorf("live facts that decide nothing made the plans differ: %s", d)
	}
	if StaleReasons(saved, now) != nil {
		t.Error("live facts that decide nothing made the plan stale")
	}
}

// TestChangesDifferNamesTheFirstEditedField edits a saved plan the way an
// attacker with write access to the artifact would, leaving its facts (and so
// its fingerprint) alone.
func TestChangesDifferNamesTheFirstEditedField(t *testing.T) {
	pair := testPair()
	pair.Tags = map[string]string{"team": "orders"}
	p := Compute(testSpec(pair), testLive())
	cases := []struct {
		name string
		edit func(c []Change) []Change
		want string
	}{
		{"plan", func(c []Change) []Change { c[1].Plan = "business-16"; return c },
			`changes[1] (acme-prod/orders-us): plan is "business-16" in the saved plan, "business-8" now`},
		{"tags", func(c []Change) []Change { c[0].Tags = map[string]string{"team": "x\n::error::pwned"}; return c },
			`changes[0] (acme-prod/orders-eu): tags is {"team":"x\n::error::pwned"} in the saved plan, {"team":"orders"} now`},
		{"join target", func(c []Change) []Change { c[1].JoinWith = "elsewhere"; return c },
			`changes[1] (acme-prod/orders-us): join_with is "elsewhere" in the saved plan, "orders-eu" now`},
		{"termination protection added", func(c []Change) []Change { on := true; c[0].TerminationProtection = &on; return c },
			`changes[0] (acme-prod/orders-eu): termination_protection is true in the saved plan, absent now`},
		{"action", func(c []Change) []Change { c[0].Action = NoOp; return c },
			`changes[0] (acme-prod/orders-eu): action is "no-op" in the saved plan, "create" now`},
		{"extra change", func(c []Change) []Change { return append(c, c[1]) },
			"the saved plan has 3 changes, the plan computed now has 2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			saved := savedRoundTrip(t, p)
			saved.Changes = tc.edit(saved.Changes)
			got := ChangesDiffer(saved.Changes, p.Changes)
			if !strings.HasPrefix(got, tc.want) {
				t.Errorf("ChangesDiffer =\n  %s\nwant a message starting\n  %s", got, tc.want)
			}
			if strings.ContainsAny(got, "\n\r\x1b") {
				t.Errorf("the message carries a raw control character: %q", got)
			}
		})
	}
}

// TestDecodedEditKeepsFingerprint shows why ChangesDiffer is needed: the
// edit above leaves the plan decodable with a valid fingerprint.
func TestDecodedEditKeepsFingerprint(t *testing.T) {
	p := Compute(testSpec(testPair()), testLive())
	var raw map[string]any
	data, _ := p.Encode()
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	raw["changes"].([]any)[0].(map[string]any)["plan"] = "business-16"
	edited, _ := json.Marshal(raw)
	back, err := Decode(edited)
	if err != nil {
		t.Fatalf("an edited change made Decode fail (%v); the fingerprint covers only facts", err)
	}
	if back.Fingerprint != p.Fingerprint || StaleReasons(back, p) != nil {
		t.Fatal("an edited change changed the fingerprint or made the plan stale")
	}
	if ChangesDiffer(back.Changes, p.Changes) == "" {
		t.Fatal("ChangesDiffer accepts a plan whose change was edited")
	}
}
