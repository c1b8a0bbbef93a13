package plan

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
)

// factKey identifies what a Fact is about, without its field.
type factKey struct{ project, kind, name string }

// StaleReasons explains why a saved plan (old) no longer matches a plan
// computed from a fresh read (new), one line per changed fact, such as
// "acme-prod: service orders-eu changed plan startup-4 → business-8". It
// returns nil when both saw the same live facts.
func StaleReasons(old, new *Plan) []string {
	if old.Fingerprint == new.Fingerprint {
		return nil
	}
	was, now := groupFacts(old.Facts), groupFacts(new.Facts)
	var reasons []string
	// A subject seen by only one plan follows from another change (a service
	// moved to a plan not used before) or from a changed file, which
	// SpecDigest reports; its own facts would only be noise.
	for _, k := range sharedKeys(was, now) {
		reasons = append(reasons, describeChange(k, was[k], now[k])...)
	}
	if len(reasons) == 0 {
		// The saved plan's facts were lost or edited; the hash still differs.
		reasons = []string{"the live facts differ from those the plan was computed from"}
	}
	return reasons
}

// describeChange lists how one subject's fields changed. A service that
// appeared or disappeared is one line, not one per field.
func describeChange(k factKey, was, now map[string]string) []string {
	subject := k.kind
	if k.name != "" {
		subject += " " + shown(k.name)
	}
	if k.kind == FactService && was["exists"] != now["exists"] {
		if now["exists"] == "true" {
			return []string{fmt.Sprintf("%s: %s now exists", k.project, subject)}
		}
		return []string{fmt.Sprintf("%s: %s no longer exists", k.project, subject)}
	}
	var out []string
	for _, field := range unionFields(was, now) {
		if was[field] != now[field] {
			out = append(out, fmt.Sprintf("%s: %s changed %s %s → %s",
				k.project, subject, field, shown(was[field]), shown(now[field])))
		}
	}
	return out
}

// plainValue matches a value that reads safely as it is.
var plainValue = regexp.MustCompile(`^[A-Za-z0-9._:,/+ -]+$`)

// quoted shows a value from the API or a saved plan in a message: as it is
// when plain, quoted otherwise, so no control character reaches the message.
func quoted(v string) string {
	if plainValue.MatchString(v) {
		return v
	}
	return strconv.Quote(v)
}

// shown is quoted with an empty value made visible.
func shown(v string) string {
	if v == "" {
		return "(none)"
	}
	return quoted(v)
}

func groupFacts(facts []Fact) map[factKey]map[string]string {
	out := make(map[factKey]map[string]string)
	for _, f := range facts {
		k := factKey{f.Project, f.Kind, f.Name}
		if out[k] == nil {
			out[k] = make(map[string]string)
		}
		out[k][f.Field] = f.Value
	}
	return out
}

// sharedKeys lists the subjects both groups have facts about, sorted.
func sharedKeys(a, b map[factKey]map[string]string) []factKey {
	var keys []factKey
	for k := range a {
		if b[k] != nil {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(x, y factKey) int {
		return compareFacts(Fact{Project: x.project, Kind: x.kind, Name: x.name},
			Fact{Project: y.project, Kind: y.kind, Name: y.name})
	})
	return keys
}

func unionFields(a, b map[string]string) []string {
	var fields []string
	for f := range a {
		fields = append(fields, f)
	}
	for f := range b {
		if _, ok := a[f]; !ok {
			fields = append(fields, f)
		}
	}
	sort.Strings(fields)
	return fields
}
