package schematest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

// recorder is a testing.TB that keeps what a check reports.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Error(args ...any) { r.errs = append(r.errs, fmt.Sprint(args...)) }
func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

// run runs check against a recorder, surviving its Fatalf.
func run(t *testing.T, check func(testing.TB)) []string {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		check(r)
	}()
	<-done
	return r.errs
}

type inner struct {
	Count int `json:"count"`
}

type embedded struct {
	Shared string `json:"shared"`
}

type sample struct {
	Name  string            `json:"name"`
	Disk  int               `json:"disk,omitempty"`
	When  *time.Time        `json:"when"`
	Sub   *inner            `json:"sub,omitempty"`
	List  []inner           `json:"list"`
	Tags  map[string]string `json:"tags,omitempty"`
	Ratio float64           `json:"ratio"`
	embedded
	Skipped string `json:"-"`
}

// sampleSchema describes sample exactly; edit mutates it before encoding.
func sampleSchema(t *testing.T, edit func(root, defs map[string]any)) []byte {
	t.Helper()
	inner := map[string]any{"description": "inner", "type": "object", "additionalProperties": false,
		"required": []any{"count"}, "properties": map[string]any{"count": map[string]any{"description": "n", "type": "integer"}}}
	root := map[string]any{
		"$id": "https://example.com/sample.json", "description": "sample", "type": "object", "additionalProperties": false,
		"required": []any{"name", "when", "list", "ratio", "shared"},
		"properties": map[string]any{
			"name": map[string]any{"description": "name", "type": "string",
				"oneOf": []any{map[string]any{"const": "a", "description": "A"}, map[string]any{"const": "b", "description": "B"}}},
			"disk": map[string]any{"description": "disk", "type": "integer"},
			"when": map[string]any{"description": "when", "oneOf": []any{
				map[string]any{"type": "string", "format": "date-time"}, map[string]any{"type": "null"}}},
			"sub":    map[string]any{"description": "sub", "$ref": "#/$defs/inner"},
			"list":   map[string]any{"description": "list", "type": "array", "items": map[string]any{"$ref": "#/$defs/inner"}},
			"tags":   map[string]any{"description": "tags", "type": "object", "additionalProperties": map[string]any{"type": "string"}},
			"ratio":  map[string]any{"description": "ratio", "type": "number"},
			"shared": map[string]any{"description": "shared", "type": "string"},
		},
		"$defs": map[string]any{"inner": inner},
	}
	if edit != nil {
		edit(root, root["$defs"].(map[string]any))
	}
	b, err := json.Marshal(root)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func props(root map[string]any) map[string]any { return root["properties"].(map[string]any) }

func TestDescribesAnExactSchema(t *testing.T) {
	errs := run(t, func(tb testing.TB) {
		Describes(tb, sampleSchema(t, nil), reflect.TypeFor[sample]())
		Documented(tb, sampleSchema(t, nil))
	})
	if len(errs) > 0 {
		t.Errorf("exact schema reported: %v", errs)
	}
}

func TestDescribesReportsEachMismatch(t *testing.T) {
	cases := map[string]struct {
		edit func(root, defs map[string]any)
		want string
	}{
		"a Go field the schema lacks": {func(root, _ map[string]any) { delete(props(root), "ratio") }, "schema properties"},
		"a property Go lacks":         {func(root, _ map[string]any) { props(root)["extra"] = map[string]any{"type": "string"} }, "schema properties"},
		"an open object": {func(_, defs map[string]any) { delete(defs["inner"].(map[string]any), "additionalProperties") },
			"additionalProperties is not false"},
		"an omitempty field required": {func(root, _ map[string]any) {
			root["required"] = append(root["required"].([]any), "disk")
		}, "schema requires"},
		"a nil pointer without null": {func(root, _ map[string]any) {
			props(root)["when"] = map[string]any{"type": "string"}
		}, "does not allow null"},
		"an omitted pointer that allows null": {func(root, _ map[string]any) {
			props(root)["sub"] = map[string]any{"oneOf": []any{map[string]any{"$ref": "#/$defs/inner"}, map[string]any{"type": "null"}}}
		}, "omitted when nil"},
		"a wrong type":    {func(root, _ map[string]any) { props(root)["disk"].(map[string]any)["type"] = "string" }, "Go encodes integer"},
		"a dangling $ref": {func(root, _ map[string]any) { props(root)["sub"].(map[string]any)["$ref"] = "#/$defs/nope" }, "does not resolve"},
		"a map of the wrong": {func(root, _ map[string]any) {
			props(root)["tags"].(map[string]any)["additionalProperties"] = map[string]any{"type": "integer"}
		}, "Go encodes string"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			schema := sampleSchema(t, tc.edit)
			errs := run(t, func(tb testing.TB) { Describes(tb, schema, reflect.TypeFor[sample]()) })
			if !strings.Contains(strings.Join(errs, "\n"), tc.want) {
				t.Errorf("errors %q, want one containing %q", errs, tc.want)
			}
		})
	}
}

func TestDocumentedReportsWhatIsNotDescribed(t *testing.T) {
	cases := map[string]struct {
		edit func(root, defs map[string]any)
		want string
	}{
		"a property": {func(root, _ map[string]any) { delete(props(root)["disk"].(map[string]any), "description") }, "#/properties/disk: no description"},
		"a def":      {func(_, defs map[string]any) { delete(defs["inner"].(map[string]any), "description") }, "#/$defs/inner: no description"},
		"a const": {func(root, _ map[string]any) {
			delete(props(root)["name"].(map[string]any)["oneOf"].([]any)[1].(map[string]any), "description")
		}, "enum value b"},
		"a bare enum": {func(root, _ map[string]any) { props(root)["disk"].(map[string]any)["enum"] = []any{1, 2} }, "enum values without descriptions"},
		"a nested property": {func(_, defs map[string]any) {
			delete(defs["inner"].(map[string]any)["properties"].(map[string]any)["count"].(map[string]any), "description")
		}, "#/$defs/inner/properties/count: no description"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			schema := sampleSchema(t, tc.edit)
			errs := run(t, func(tb testing.TB) { Documented(tb, schema) })
			if !strings.Contains(strings.Join(errs, "\n"), tc.want) {
				t.Errorf("errors %q, want one containing %q", errs, tc.want)
			}
		})
	}
}

func TestValidateAndCoverage(t *testing.T) {
	schema := sampleSchema(t, nil)
	good := `{"name": "a", "when": null, "list": [{"count": 1}], "ratio": 0.5, "shared": "x"}`
	bad := `{"name": "c", "when": "yesterday", "list": [], "ratio": 1, "shared": "x", "more": 1}`
	errs := run(t, func(tb testing.TB) {
		s := Compile(tb, schema)
		Validate(tb, s, "good", []byte(good))
		Validate(tb, s, "bad", []byte(bad))
		Validate(tb, s, "two values", []byte(good+good))
	})
	if len(errs) != 2 || !strings.HasPrefix(errs[0], "bad does not match") || !strings.HasPrefix(errs[1], "two values") {
		t.Errorf("errors %q, want bad and two values reported", errs)
	}
	for _, want := range []string{"yesterday", "more", `value must be "a"`} {
		if len(errs) > 0 && !strings.Contains(errs[0], want) {
			t.Errorf("%q does not name %s", errs[0], want)
		}
	}

	cov := NewCoverage(t, schema)
	cov.Add(t, []byte(good))
	if got, want := cov.Missing(), []string{"#/properties/disk", "#/properties/sub", "#/properties/tags"}; !reflect.DeepEqual(got, want) {
		t.Errorf("missing %v, want %v", got, want)
	}
	cov.Add(t, []byte(`{"disk": 1, "sub": {"count": 2}, "tags": {}}`))
	if got := cov.Missing(); len(got) != 0 {
		t.Errorf("missing %v after a document with every field", got)
	}
}

func TestConstsAndConst(t *testing.T) {
	schema := sampleSchema(t, func(root, _ map[string]any) { props(root)["ratio"].(map[string]any)["const"] = 0.5 })
	if got := Consts(t, schema, "#/properties/name"); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("Consts = %v", got)
	}
	if got := Const(t, schema, "#/properties/ratio"); got != "0.5" {
		t.Errorf("Const = %s", got)
	}
}
