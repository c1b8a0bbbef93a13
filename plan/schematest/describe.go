package schematest

import (
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

// Describes fails t unless schema describes exactly the JSON form of typ:
// every object is closed (additionalProperties false) and lists exactly
// the fields encoding/json writes, as required unless they are omitempty or
// omitzero; a field nil can leave null allows null, and no other does; and
// every value has the JSON type its Go type encodes to. A type with its own
// MarshalJSON or MarshalText (amounts, times) must be a string.
func Describes(t testing.TB, schema []byte, typ reflect.Type) {
	t.Helper()
	w := &walker{t: t, root: parse(t, schema)}
	w.value("#", w.root, typ)
}

type walker struct {
	t    testing.TB
	root map[string]any
}

func (w *walker) errorf(format string, args ...any) {
	w.t.Helper()
	w.t.Errorf(format, args...)
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// value checks that node n describes a value of type typ.
func (w *walker) value(path string, n map[string]any, typ reflect.Type) {
	w.t.Helper()
	n = w.resolve(path, n)
	if n == nil {
		return
	}
	switch {
	case typ.Implements(jsonMarshaler) || typ.Implements(textMarshaler):
		w.want(path, n, "string")
	case typ.Kind() == reflect.Struct:
		w.object(path, n, typ)
	case typ.Kind() == reflect.Slice:
		w.want(path, n, "array")
		items, _ := n["items"].(map[string]any)
		w.value(path+"[]", items, typ.Elem())
	case typ.Kind() == reflect.Map:
		w.want(path, n, "object")
		values, _ := n["additionalProperties"].(map[string]any)
		w.value(path+"{}", values, typ.Elem())
	default:
		w.want(path, n, scalarType(typ))
	}
}

func scalarType(typ reflect.Type) string {
	switch typ.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	}
	return "unsupported Go kind " + typ.Kind().String()
}

// object checks a closed object against the JSON fields of a struct.
func (w *walker) object(path string, n map[string]any, typ reflect.Type) {
	w.t.Helper()
	w.want(path, n, "object")
	if n["additionalProperties"] != false {
		w.errorf("%s (%s): additionalProperties is not false: a field added to %s would pass unseen", path, typ, typ)
	}
	props, _ := n["properties"].(map[string]any)
	fields := jsonFields(typ)
	var names, required []string
	for _, f := range fields {
		names = append(names, f.name)
		if !f.omit {
			required = append(required, f.name)
		}
	}
	if got := keys(props); !slices.Equal(got, sorted(names)) {
		w.errorf("%s (%s): schema properties %v, Go fields %v", path, typ, got, sorted(names))
	}
	if got := stringList(n["required"]); !slices.Equal(got, sorted(required)) {
		w.errorf("%s (%s): schema requires %v, Go always writes %v", path, typ, got, sorted(required))
	}
	for _, f := range fields {
		if p, ok := props[f.name].(map[string]any); ok {
			w.field(path+"/"+f.name, p, f)
		}
	}
}

// field checks one struct field; a pointer is null exactly when it is nil
// and not omitted.
func (w *walker) field(path string, prop map[string]any, f jsonField) {
	w.t.Helper()
	typ := f.typ
	if typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
		if !f.omit {
			prop = w.nonNull(path, prop)
		} else if _, ok := nullBranch(w.resolve(path, prop)); ok {
			w.errorf("%s: allows null, but the field is omitted when nil", path)
		}
	}
	if prop != nil {
		w.value(path, prop, typ)
	}
}

// nonNull returns the branch of a nullable node that is not null, failing
// when the node does not allow null.
func (w *walker) nonNull(path string, n map[string]any) map[string]any {
	w.t.Helper()
	other, ok := nullBranch(w.resolve(path, n))
	if !ok {
		w.errorf("%s: encodes as null when nil, but the schema does not allow null (oneOf [X, {\"type\": \"null\"}])", path)
	}
	return other
}

// nullBranch finds, in a oneOf of two, the branch that is not null.
func nullBranch(n map[string]any) (map[string]any, bool) {
	branches, _ := n["oneOf"].([]any)
	if len(branches) != 2 {
		return nil, false
	}
	for i, b := range branches {
		if m, _ := b.(map[string]any); m["type"] == "null" {
			other, _ := branches[1-i].(map[string]any)
			return other, other != nil
		}
	}
	return nil, false
}

// resolve follows local $refs ("#/$defs/name").
func (w *walker) resolve(path string, n map[string]any) map[string]any {
	w.t.Helper()
	for n != nil {
		ref, ok := n["$ref"].(string)
		if !ok {
			return n
		}
		target := lookup(w.root, ref)
		if target == nil {
			w.errorf("%s: $ref %s does not resolve", path, ref)
		}
		n = target
	}
	w.errorf("%s: no schema", path)
	return nil
}

func (w *walker) want(path string, n map[string]any, typ string) {
	w.t.Helper()
	if n["type"] != typ {
		w.errorf("%s: schema type %v, Go encodes %s", path, n["type"], typ)
	}
}

// jsonField is a field as encoding/json writes it.
type jsonField struct {
	name string
	typ  reflect.Type
	omit bool
}

// jsonFields lists the fields of a struct that encoding/json writes,
// promoting those of embedded untagged structs. (Go's rules for two
// promoted fields of one name are not needed: no JSON form has any.)
func jsonFields(typ reflect.Type) []jsonField {
	var out []jsonField
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		switch {
		case tag == "-":
			continue
		case f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct:
			out = append(out, jsonFields(f.Type)...)
			continue
		case !f.IsExported():
			continue
		case name == "":
			name = f.Name
		}
		omit := strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")
		out = append(out, jsonField{name: name, typ: f.Type, omit: omit})
	}
	return out
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return sorted(out)
}

func stringList(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, s := range list {
		if s, ok := s.(string); ok {
			out = append(out, s)
		}
	}
	return sorted(out)
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	if s == nil {
		return []string{}
	}
	return s
}
