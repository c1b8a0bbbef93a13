package apply

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ccr-dev/ccr/plan"
)

// liveValue is field's value on s, written as plan.FieldUpdate writes it;
// ok is false for a tag s does not have, or a field ccr does not update.
func liveValue(s plan.LiveService, field string) (string, bool) {
	switch field {
	case plan.FieldPlan:
		return s.Plan, true
	case plan.FieldDisk:
		return strconv.Itoa(s.DiskSpaceMB), true
	case plan.FieldProtection:
		return strconv.FormatBool(s.TerminationProtection), true
	}
	if k, ok := strings.CutPrefix(field, plan.FieldTagPrefix); ok {
		v, ok := s.Tags[k]
		return v, ok
	}
	return "", false
}

// differing lists the updates whose value s does not have yet.
func differing(ups []plan.FieldUpdate, s plan.LiveService) []plan.FieldUpdate {
	var out []plan.FieldUpdate
	for _, u := range ups {
		if v, ok := liveValue(s, u.Field); !ok || v != u.After {
			out = append(out, u)
		}
	}
	return out
}

// moved lists, for the plan and disk that ups change, how s differs from
// both the value the plan was made from and the one it sets: someone
// resized the service since. Sending the planned value then could remove
// capacity nobody reviewed, so such an update is not sent.
func moved(ups []plan.FieldUpdate, s plan.LiveService) []string {
	var out []string
	for _, u := range ups {
		if u.Field != plan.FieldPlan && u.Field != plan.FieldDisk || u.Before == nil {
			continue
		}
		if v, _ := liveValue(s, u.Field); v != *u.Before && v != u.After {
			out = append(out, fmt.Sprintf("%s is %s now, not %s as planned", u.Field, v, *u.Before))
		}
	}
	return out
}

// own lists the updates the service's own request makes: not those of a
// CCR pair's member that its peer's request makes (Via).
func own(ups []plan.FieldUpdate) []plan.FieldUpdate {
	return filterVia(ups, false)
}

// byPeer lists the updates of a CCR pair's member that its peer's request
// makes (Via).
func byPeer(ups []plan.FieldUpdate) []plan.FieldUpdate {
	return filterVia(ups, true)
}

func filterVia(ups []plan.FieldUpdate, peer bool) []plan.FieldUpdate {
	var out []plan.FieldUpdate
	for _, u := range ups {
		if (u.Via != "") == peer {
			out = append(out, u)
		}
	}
	return out
}

// via is the member whose request makes some of ups, "" when none does.
func via(ups []plan.FieldUpdate) string {
	for _, u := range ups {
		if u.Via != "" {
			return u.Via
		}
	}
	return ""
}

// request splits ups into one UpdateService request (plan, disk,
// protection) and the tags to set; check has vetted the values.
func request(ups []plan.FieldUpdate) (ServiceUpdate, map[string]string) {
	var req ServiceUpdate
	var tags map[string]string
	for _, u := range ups {
		switch u.Field {
		case plan.FieldPlan:
			req.Plan = u.After
		case plan.FieldDisk:
			req.DiskSpaceMB, _ = strconv.Atoi(u.After)
		case plan.FieldProtection:
			on := u.After == "true"
			req.TerminationProtection = &on
		default:
			if k, ok := u.IsTag(); ok {
				if tags == nil {
					tags = map[string]string{}
				}
				tags[k] = u.After
			}
		}
	}
	return req, tags
}

// fieldNames lists the fields of ups, for messages: "plan, tags.team".
func fieldNames(ups []plan.FieldUpdate) string {
	names := make([]string, len(ups))
	for i, u := range ups {
		names[i] = u.Field
	}
	return strings.Join(names, ", ")
}

// changeVerb agrees "change" with the fields fieldNames lists.
func changeVerb(ups []plan.FieldUpdate) string {
	if len(ups) == 1 {
		return "changes"
	}
	return "change"
}

var errBadUpdate = errors.New("an update Run cannot send")

// checkField rejects an update Run cannot send as the plan means it.
func checkField(u plan.FieldUpdate) error {
	switch u.Field {
	case plan.FieldPlan:
		if u.After == "" {
			return fmt.Errorf("%w: an empty plan", errBadUpdate)
		}
	case plan.FieldDisk:
		if n, err := strconv.Atoi(u.After); err != nil || n <= 0 {
			return fmt.Errorf("%w: disk_space_mb %q", errBadUpdate, u.After)
		}
	case plan.FieldProtection:
		if u.After != "true" && u.After != "false" {
			return fmt.Errorf("%w: termination_protection %q", errBadUpdate, u.After)
		}
	default:
		if k, ok := u.IsTag(); !ok || k == "" {
			return fmt.Errorf("%w: unknown field %q", errBadUpdate, u.Field)
		}
	}
	if u.Via != "" && u.Field != plan.FieldPlan && u.Field != plan.FieldDisk {
		return fmt.Errorf("%w: %s via %s: only a CCR pair's plan and disk change through the peer", errBadUpdate, u.Field, u.Via)
	}
	return nil
}

// fieldResults are ups as not sent yet, Before as the plan saw it.
func fieldResults(ups []plan.FieldUpdate) []FieldResult {
	out := make([]FieldResult, len(ups))
	for i, u := range ups {
		out[i] = FieldResult{Field: u.Field, Before: u.Before, After: u.After, Via: u.Via, Status: FieldNotSent}
	}
	return out
}
