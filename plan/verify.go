package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// ChangesDiffer compares the changes of a saved plan with those computed
// now from the same file and a fresh read, field by field, and describes the
// first difference, such as
//
//	changes[1] (acme/orders-us): plan is "business-16" in the saved plan, "business-8" now
//
// It returns "" when they are equal. A saved plan is only ever a record of
// what was reviewed: apply executes the plan it computes, and refuses when
// that is not what the saved plan says, so editing the JSON cannot make
// apply create something nobody reviewed.
//
// A change's Live, what the read found, is left out: the fingerprint covers
// every live fact a change depends on, and apply executes with its own read,
// so a saved Live decides nothing. An unrelated edit in the Console (a tag
// on an existing service, its state going from RUNNING to REBUILDING) must
// not refuse a reviewed plan as edited.
func ChangesDiffer(saved, now []Change) string {
	if len(saved) != len(now) {
		return fmt.Sprintf("the saved plan has %d changes, the plan computed now has %d", len(saved), len(now))
	}
	for i := range saved {
		if d := diffValue(reflect.ValueOf(saved[i]), reflect.ValueOf(now[i]), ""); d != "" {
			return fmt.Sprintf("changes[%d] (%s/%s): %s", i, quoted(now[i].Project), quoted(now[i].Service), d)
		}
	}
	return ""
}

// undecided names the fields, as "type.field", that record what the read
// found rather than what apply does, and so never make two plans differ.
var undecided = map[string]bool{"Change.Live": true}

// diffValue compares two values of one type, recursing through structs and
// pointers; path is the JSON path of the value so far.
func diffValue(a, b reflect.Value, path string) string {
	switch a.Kind() {
	case reflect.Pointer:
		switch {
		case a.IsNil() && b.IsNil():
			return ""
		case a.IsNil() || b.IsNil():
			return fmt.Sprintf("%s is %s in the saved plan, %s now", path, shownValue(a), shownValue(b))
		}
		return diffValue(a.Elem(), b.Elem(), path)
	case reflect.Struct:
		t := a.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || undecided[t.Name()+"."+f.Name] {
				continue
			}
			if d := diffValue(a.Field(i), b.Field(i), joinPath(path, jsonName(f))); d != "" {
				return d
			}
		}
		return ""
	case reflect.Map, reflect.Slice:
		if a.Len() == 0 && b.Len() == 0 {
			return "" // nil and empty encode alike
		}
	}
	if reflect.DeepEqual(a.Interface(), b.Interface()) {
		return ""
	}
	return fmt.Sprintf("%s is %s in the saved plan, %s now", path, shownValue(a), shownValue(b))
}

// shownValue renders a value for a message in its JSON form: strings are
// quoted and control characters escaped, so nothing a saved file holds can
// reach a terminal or a log unescaped.
func shownValue(v reflect.Value) string {
	if v.Kind() == reflect.Pointer && v.IsNil() {
		return "absent"
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v.Interface()); err != nil {
		return "(unprintable)"
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
