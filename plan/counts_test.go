package plan

import "testing"

func TestConflictCountsString(t *testing.T) {
	for _, tc := range []struct {
		kinds []string
		want  string
	}{
		{nil, "0 conflicts"},
		{[]string{KindPairing}, "1 pairing conflict"},
		{[]string{KindPreflight, KindPreflight, KindPreflight}, "3 preflight conflicts"},
		{[]string{KindBudget}, "1 budget conflict"},
		{[]string{KindPairing, KindPreflight, KindPairing}, "3 conflicts (1 preflight, 2 pairing)"},
		{[]string{KindBudget, KindPreflight}, "2 conflicts (1 preflight, 1 budget)"},
	} {
		cs := make([]Conflict, len(tc.kinds))
		for i, k := range tc.kinds {
			cs[i] = Conflict{Kind: k}
		}
		n := CountConflicts(cs)
		if got := n.String(); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.kinds, got, tc.want)
		}
		if n.Total() != len(cs) {
			t.Errorf("%v: total %d, want %d", tc.kinds, n.Total(), len(cs))
		}
	}
}

// The summary counts every conflict, and splits the same count by kind.
func TestSummaryCountsEveryKindOfConflict(t *testing.T) {
	bad := testPair()
	bad.Services[1].Cloud = "aws-moon-1" // preflight
	pay := testPair()
	pay.Plan = "" // pairing: neither exists
	pay.Services[0] = testService("pay-eu", euCloud, 21)
	pay.Services[1] = testService("pay-us", usCloud, 24)
	p := Compute(testSpec(bad, pay), testLive())
	want := ConflictCounts{Preflight: 1, Pairing: 1}
	if p.Summary.ConflictsByKind != want || p.Summary.Conflicts != len(p.Conflicts) || len(p.Conflicts) != 2 {
		t.Errorf("summary %+v for %d conflicts, want %+v of 2", p.Summary, len(p.Conflicts), want)
	}
}
