package cli

import (
	"testing"

	"github.com/ccr-dev/ccr/plan"
)

// The approval asks for the updates in place too, and an update alone
// does not read as "create 0".
func TestApprovalWordsCountUpdates(t *testing.T) {
	for _, c := range []struct {
		s    plan.Summary
		want string
	}{
		{plan.Summary{Update: 2}, "update 2 service(s) in place"},
		{plan.Summary{Create: 2, Update: 1}, "create 2 and update 1 service(s) in place"},
		{plan.Summary{Create: 1, Link: 1, Update: 3}, "create 1, link 1 and update 3 service(s) in place"},
		{plan.Summary{}, "create 0 service(s)"},
	} {
		if got := approvalWords(c.s); got != c.want {
			t.Errorf("%+v: approval asks to %q, want %q", c.s, got, c.want)
		}
	}
}
