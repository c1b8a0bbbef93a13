package schema

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	yaml "gopkg.in/yaml.v3"
)

// patternPhrases says in words what each pattern of ccr.schema.json accepts.
// A test keeps it in step with the schema.
var patternPhrases = map[string]string{
	`^[a-z][-a-z0-9]{0,62}$`:            "a lower-case letter, then up to 62 lower-case letters, digits or hyphens",
	`^[a-z][-a-z0-9]{0,63}$`:            "a lower-case letter, then up to 63 lower-case letters, digits or hyphens",
	`^[a-z][-a-z0-9]{0,127}$`:           "an Aiven plan name such as business-8",
	`^[a-z][a-z0-9]*-[-a-z0-9]{1,126}$`: "an Aiven cloud name such as google-europe-west1",
	`^[A-Za-z0-9_-]{1,128}$`:            "1 to 128 letters, digits, hyphens or underscores",
	`^[a-zA-Z][a-zA-Z0-9_]{0,47}$`:      "a letter, then up to 47 letters, digits or underscores (an unquoted CQL identifier)",
	`^[0-9]+(\.[0-9]+)?$`:               "a version number such as 17 or 8.1",
	`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`: "a UUID such as 1f0e3c52-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
}

// typeNames names JSON Schema types as a YAML author knows them.
var typeNames = map[string]string{
	"object":  "a mapping",
	"array":   "a list",
	"string":  "a string",
	"integer": "an integer",
	"number":  "a number",
	"boolean": "true or false",
	"null":    "empty",
}

// describe words one violation as "must be ...; got ...".
func describe(v violation) string {
	subject := v.loc.node
	if v.onName && v.loc.key != nil {
		subject = v.loc.key
	}
	got := source(subject)
	var msg string
	switch v.keyword {
	case "type":
		msg = fmt.Sprintf("must be %s; got %s", expectedType(v.rule), got)
		if v.rule == "string" && isBareScalar(deref(subject)) {
			msg += fmt.Sprintf(" (quote it: %q)", deref(subject).Value)
		}
	case "const":
		msg = fmt.Sprintf("must be %s; got %s", number(v.rule), got)
	case "pattern":
		msg = fmt.Sprintf("must be %s; got %s", patternPhrases[fmt.Sprint(v.rule)], got)
	case "minimum":
		if number(v.rule) == "1" {
			msg = "must be a positive integer; got " + got
		} else {
			msg = fmt.Sprintf("must be at least %s; got %s", number(v.rule), got)
		}
	case "maximum":
		msg = fmt.Sprintf("must be at most %s; got %s", number(v.rule), got)
	case "minItems", "maxItems":
		msg = itemCount(v)
	case "minLength":
		msg = "must not be empty"
	case "maxLength":
		msg = fmt.Sprintf("must be at most %s characters; got %d", number(v.rule), len([]rune(deref(subject).Value)))
	case "enum":
		msg = fmt.Sprintf("must be %s; got %s", orList(quotedAll(v.rule)), got)
	default:
		msg = v.message
	}
	if v.onName {
		msg = "name " + msg
	}
	return msg
}

// itemCount words a minItems or maxItems violation, naming the items after
// the list's key ("must list exactly 2 services; got 3").
func itemCount(v violation) string {
	n := len(deref(v.loc.node).Content)
	lo, hi := number(v.subschema["minItems"]), number(v.subschema["maxItems"])
	noun := "items"
	if v.loc.key != nil {
		noun = v.loc.key.Value
	}
	switch {
	case lo == hi:
		return fmt.Sprintf("must list exactly %s %s; got %d", lo, noun, n)
	case v.keyword == "minItems" && n == 0:
		return "must not be empty"
	case v.keyword == "minItems":
		return fmt.Sprintf("must list at least %s %s; got %d", lo, noun, n)
	}
	return fmt.Sprintf("must list at most %s %s; got %d", hi, noun, n)
}

// unknownFields reports each key of the mapping that the schema does not
// allow, suggesting the allowed name it was probably meant to be. Suggested
// names go into suggested (keyed by instance pointer and name) so that the
// missing-field report does not repeat the same mistake.
func (l *loader) unknownFields(v violation, suggested map[string]bool) {
	props, _ := v.subschema["properties"].(map[string]any)
	allowed := make([]string, 0, len(props))
	for name := range props {
		allowed = append(allowed, name)
	}
	slices.Sort(allowed)
	n := deref(v.loc.node)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := deref(n.Content[i])
		if _, ok := props[k.Value]; ok || k.Kind != yaml.ScalarNode {
			continue
		}
		path := formatPath(append(slices.Clip(v.loc.segs), segment{key: k.Value, index: -1}))
		pos := nodePos(n.Content[i])
		if v.loc.alias != nil {
			pos = nodePos(v.loc.alias)
		}
		if s := closest(k.Value, allowed); s != "" {
			suggested[v.instance+"/"+s] = true
			l.errorf(pos, path, "unknown field %q; did you mean %q?", k.Value, s)
			continue
		}
		l.errorf(pos, path, "unknown field %q; allowed: %s", k.Value, strings.Join(allowed, ", "))
	}
}

// missingFields reports each required key absent from the mapping, at the
// mapping.
func (l *loader) missingFields(v violation, suggested map[string]bool) {
	required, _ := v.rule.([]any)
	n := deref(v.loc.node)
	if hasMergeKey(n) {
		// The fields probably come from the merge, reported on its own.
		return
	}
	if len(v.oneOfFields) > 0 {
		// Every alternative gives the same diagnostic; Load keeps one.
		l.errorf(v.loc.pos(false), v.loc.path, "missing a required field: one of %s", orList(v.oneOfFields))
		return
	}
	var missing []string
	for _, r := range required {
		name := fmt.Sprint(r)
		if _, ok := scanKey(n, name); !ok && !suggested[v.instance+"/"+name] {
			missing = append(missing, name)
		}
	}
	if l.unshown(v.loc.pos(false), len(missing)) {
		return
	}
	for _, name := range missing {
		l.errorf(v.loc.pos(false), v.loc.path, "missing required field %q", name)
	}
}

// hasMergeKey reports whether mapping n has a merge key (<<).
func hasMergeKey(n *yaml.Node) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if deref(n.Content[i]).ShortTag() == "!!merge" {
			return true
		}
	}
	return false
}

// closest returns the allowed name within two edits of s, or "".
func closest(s string, allowed []string) string {
	best, bestDist := "", 3
	for _, a := range allowed {
		if d := EditDistance(strings.ToLower(s), a); d < bestDist {
			best, bestDist = a, d
		}
	}
	return best
}

// EditDistance is the Levenshtein distance between a and b, in bytes: the
// names it compares (field, cloud and plan names) are ASCII. Messages use it
// to suggest the name a typo meant.
func EditDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// source shows a value as written: strings quoted, other scalars as they
// are, collections by kind.
func source(n *yaml.Node) string {
	n = deref(n)
	switch {
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.ShortTag() == "!!null":
		return "nothing"
	case n.ShortTag() == "!!str":
		return strconv.Quote(n.Value)
	}
	return n.Value
}

// isBareScalar reports whether n is an unquoted scalar that YAML read as
// something other than a string (a number, a boolean, a date).
func isBareScalar(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Style == 0 && n.ShortTag() != "!!str" && n.ShortTag() != "!!null"
}

// quotedAll quotes each value of a JSON array from the schema.
func quotedAll(rule any) []string {
	values, _ := rule.([]any)
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = strconv.Quote(fmt.Sprint(v))
	}
	return out
}

func expectedType(rule any) string {
	if name, ok := typeNames[fmt.Sprint(rule)]; ok {
		return name
	}
	return fmt.Sprint(rule)
}

// number formats a JSON number from the schema without an exponent.
func number(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}
