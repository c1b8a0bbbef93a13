package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// jsonEditCommands edit a JSON document in place, as someone with write
// access to a saved plan would, so that scripts can show what apply does
// with a plan edited by hand.
var jsonEditCommands = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"json-set": jsonSet,
	"json-del": jsonDel,
}

// jsonSet (json-set FILE PATH VALUE) sets the member at PATH (dotted: keys
// and array indexes, such as cost.budgets.0.max_monthly_increase) of the
// JSON document in FILE to VALUE, itself JSON.
func jsonSet(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: json-set FILE PATH VALUE")
	}
	var value any
	if err := decodeNumbers([]byte(args[2]), &value); err != nil {
		ts.Fatalf("json-set: value %s: %v", args[2], err)
	}
	editJSON(ts, args[0], args[1], func(parent any, key string) {
		switch p := parent.(type) {
		case map[string]any:
			p[key] = value
		case []any:
			p[index(ts, key, len(p))] = value
		}
	})
}

// jsonDel (json-del FILE PATH) removes the object member at PATH.
func jsonDel(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: json-del FILE PATH")
	}
	editJSON(ts, args[0], args[1], func(parent any, key string) {
		p, ok := parent.(map[string]any)
		if !ok {
			ts.Fatalf("json-del %s: not an object member", args[1])
		}
		if _, ok := p[key]; !ok {
			ts.Fatalf("json-del %s: no such member", args[1])
		}
		delete(p, key)
	})
}

// editJSON reads FILE, walks to the parent of path and lets edit change
// the last step, then writes the document back, indented.
func editJSON(ts *testscript.TestScript, file, path string, edit func(parent any, key string)) {
	name := ts.MkAbs(file)
	var doc any
	if err := decodeNumbers([]byte(ts.ReadFile(file)), &doc); err != nil {
		ts.Fatalf("%s: %v", file, err)
	}
	steps := strings.Split(path, ".")
	parent := doc
	for _, step := range steps[:len(steps)-1] {
		switch p := parent.(type) {
		case map[string]any:
			parent = p[step]
		case []any:
			parent = p[index(ts, step, len(p))]
		default:
			ts.Fatalf("%s: %s: no such member", file, path)
		}
	}
	edit(parent, steps[len(steps)-1])
	data, err := json.MarshalIndent(doc, "", "  ")
	ts.Check(err)
	ts.Check(os.WriteFile(name, append(data, '\n'), 0o600))
}

// decodeNumbers decodes JSON keeping numbers as written.
func decodeNumbers(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}

func index(ts *testscript.TestScript, step string, n int) int {
	i, err := strconv.Atoi(step)
	if err != nil || i < 0 || i >= n {
		ts.Fatalf("index %q: want 0 to %d", step, n-1)
	}
	return i
}
