package aivensim

import (
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"unicode/utf8"
)

// joinTarget is user_config.service_to_join_with, "" when unset.
func joinTarget(uc map[string]any) string {
	s, _ := uc["service_to_join_with"].(string)
	return s
}

// datacenter is user_config.cassandra.datacenter as given, "" when unset.
func datacenter(uc map[string]any) string {
	c, _ := uc["cassandra"].(map[string]any)
	s, _ := c["datacenter"].(string)
	return s
}

// datacenterOf is the datacenter sv's nodes are in: Cassandra's "aiven"
// unless the service was created with another.
func datacenterOf(sv *service) string {
	if dc := datacenter(sv.userConfig); dc != "" {
		return dc
	}
	return defaultDatacenter
}

// checkCreateOnly rejects a PUT that changes a setting that can only be
// set on creation: service_to_join_with and cassandra.datacenter (by their
// descriptions), every key the schema marks create_only, and pg's
// pg_read_replica (devportal#1362: "pg_read_replica can only be set during
// service creation"). Resending the current value is accepted, because the
// Terraform provider resends create-only values in every update.
func checkCreateOnly(schema, current, in map[string]any) error {
	if v, ok := in["service_to_join_with"]; ok && v != any(joinTarget(current)) {
		return badRequest("service_to_join_with can only be set on service creation")
	}
	c, _ := in["cassandra"].(map[string]any)
	if v, ok := c["datacenter"]; ok && v != any(datacenter(current)) && v != any(defaultDatacenterIfUnset(current)) {
		return badRequest("cassandra.datacenter can only be set on service creation")
	}
	props, _ := schema["properties"].(map[string]any)
	for _, key := range slices.Sorted(maps.Keys(in)) {
		prop, _ := props[key].(map[string]any)
		createOnly := prop["create_only"] == true || key == "pg_read_replica" && prop != nil
		if createOnly && !reflect.DeepEqual(in[key], current[key]) {
			return badRequest("%s can only be set during service creation", key)
		}
	}
	return nil
}

// defaultDatacenterIfUnset lets a PUT name the implicit "aiven" datacenter
// of a service created without one.
func defaultDatacenterIfUnset(uc map[string]any) string {
	if datacenter(uc) == "" {
		return defaultDatacenter
	}
	return datacenter(uc)
}

// mergeUserConfig applies a PUT's user_config: keys replace, nested objects
// merge one level deep, null removes a key (back to its default).
func mergeUserConfig(dst, in map[string]any) {
	for k, v := range in {
		sub, isObj := v.(map[string]any)
		cur, curObj := dst[k].(map[string]any)
		switch {
		case v == nil:
			delete(dst, k)
		case isObj && curObj:
			mergeUserConfig(cur, sub)
		case isObj:
			dst[k] = maps.Clone(sub)
		default:
			dst[k] = v
		}
	}
}

// checkUserConfig validates a user_config against the service type's
// JSON schema, covering the keywords Aiven's user-config schemas use for the
// fields ccr relies on: type, properties, additionalProperties, enum,
// pattern, maxLength, minimum, maximum. Messages follow Python jsonschema,
// which Aiven's API is built on.
func checkUserConfig(schema, uc map[string]any) error {
	if len(uc) == 0 || schema == nil {
		return nil
	}
	if err := checkValue("", schema, uc); err != nil {
		return badRequest("Invalid 'user_config': %v", err)
	}
	return nil
}

func checkValue(path string, schema map[string]any, v any) error {
	if v == nil && typeAllows(schema, "null") {
		return nil
	}
	if !typeAllowsValue(schema, v) {
		return fmt.Errorf("%s%v is not of type %v", at(path), jsonRepr(v), schema["type"])
	}
	if enum, ok := schema["enum"].([]any); ok && !slices.Contains(enum, v) {
		return fmt.Errorf("%s%v is not one of %v", at(path), jsonRepr(v), enum)
	}
	switch v := v.(type) {
	case string:
		return checkString(path, schema, v)
	case float64:
		return checkNumber(path, schema, v)
	case map[string]any:
		return checkObject(path, schema, v)
	}
	return nil
}

func checkObject(path string, schema, obj map[string]any) error {
	props, _ := schema["properties"].(map[string]any)
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		sub, known := props[k].(map[string]any)
		if !known {
			if schema["additionalProperties"] == false {
				return fmt.Errorf("%sAdditional properties are not allowed (%q was unexpected)", at(path), k)
			}
			continue
		}
		if err := checkValue(path+"."+k, sub, obj[k]); err != nil {
			return err
		}
	}
	return nil
}

func checkString(path string, schema map[string]any, s string) error {
	if n, ok := schema["maxLength"].(float64); ok && utf8.RuneCountInString(s) > int(n) {
		return fmt.Errorf("%s%q is too long (maximum %d characters)", at(path), s, int(n))
	}
	if p, ok := schema["pattern"].(string); ok {
		re, err := regexp.Compile(p)
		if err == nil && !re.MatchString(s) {
			return fmt.Errorf("%s%q does not match %q", at(path), s, p)
		}
	}
	return nil
}

func checkNumber(path string, schema map[string]any, n float64) error {
	if lo, ok := schema["minimum"].(float64); ok && n < lo {
		return fmt.Errorf("%s%v is less than the minimum of %v", at(path), n, lo)
	}
	if hi, ok := schema["maximum"].(float64); ok && n > hi {
		return fmt.Errorf("%s%v is greater than the maximum of %v", at(path), n, hi)
	}
	return nil
}

func typeAllowsValue(schema map[string]any, v any) bool {
	switch v := v.(type) {
	case nil:
		return typeAllows(schema, "null")
	case string:
		return typeAllows(schema, "string")
	case bool:
		return typeAllows(schema, "boolean")
	case float64:
		return typeAllows(schema, "number") || typeAllows(schema, "integer") && v == float64(int64(v))
	case map[string]any:
		return typeAllows(schema, "object")
	case []any:
		return typeAllows(schema, "array")
	}
	return false
}

// typeAllows reports whether the schema's "type" (a name or a list of names;
// absent means any) admits name.
func typeAllows(schema map[string]any, name string) bool {
	switch t := schema["type"].(type) {
	case nil:
		return true
	case string:
		return t == name
	case []any:
		return slices.Contains(t, any(name))
	}
	return false
}

func at(path string) string {
	if path == "" {
		return ""
	}
	return path[1:] + ": "
}

func jsonRepr(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}
