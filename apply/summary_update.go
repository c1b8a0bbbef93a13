package apply

import (
	"fmt"
	"strings"

	"github.com/ccr-dev/ccr/plan"
)

// updateLine describes a service whose update got as far as its values
// (Updated, or AlreadyPresent with them found set): what changed and
// whether it is RUNNING with the new values, e.g.
//
//	acme/orders-us plan startup-4 → startup-8 (with orders-eu's request), RUNNING with the new values after 6m0s
func updateLine(s ServiceResult) string {
	name := s.Project + "/" + s.Service
	fields := DescribeFields(s.Updates)
	switch {
	case s.Outcome == AlreadyPresent:
		return fmt.Sprintf("%s has %s as planned", name, valuesLine(s.Updates))
	case s.Running:
		return fmt.Sprintf("%s %s, RUNNING with the new values after %s", name, fields, formatElapsed(s.Elapsed))
	case s.Error != "":
		return fmt.Sprintf("%s %s, not RUNNING with them (%s): %s", name, fields, orUnseen(s.State), s.Error)
	}
	return fmt.Sprintf("%s %s, not yet RUNNING with the new values (%s)", name, fields, orUnseen(s.State))
}

// DescribeFields lists an update's fields, before → after, saying how each got
// its value when this run's own request did not set it: "plan startup-4 →
// startup-8 (with orders-eu's request), tags.team (none) → orders".
// Turning termination protection off is called out: the service can then
// be deleted.
func DescribeFields(fs []FieldResult) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		before := "(none)"
		if f.Before != nil {
			before = *f.Before
		}
		p := fmt.Sprintf("%s %s → %s", f.Field, before, f.After)
		switch f.Status {
		case FieldByPeer:
			p += fmt.Sprintf(" (with %s's request)", f.Via)
		case FieldFound:
			p += " (already set)"
		case FieldNotSent:
			p += " (not sent)"
		case FieldRefused:
			p += " (refused)"
		}
		if f.Field == plan.FieldProtection && f.After == "false" && f.Status != FieldNotSent && f.Status != FieldRefused {
			p += " (protection off: the service can now be deleted)"
		}
		parts[i] = p
	}
	return strings.Join(parts, ", ")
}

// updateSuffix is what a link or switchover row adds for the update that
// rode on it: "; updated plan a → b".
func updateSuffix(s ServiceResult) string {
	if len(s.Updates) == 0 || !s.Outcome.Done() {
		return ""
	}
	return "; updated " + DescribeFields(s.Updates)
}

// valuesLine lists the values an update sets: "plan startup-8, tags.team
// orders".
func valuesLine(fs []FieldResult) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.Field + " " + f.After
	}
	return strings.Join(parts, ", ")
}
