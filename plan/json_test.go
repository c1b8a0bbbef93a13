package plan

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestEncodeDecodeRoundTrip(t *testing.T) {
	live := testLive(running("orders-eu", euCloud, "business-8", 600000),
		LiveService{Name: "billing-pg", Type: "pg", State: StateRunning})
	p := Compute(testSpec(testPair()), live)
	data, err := p.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if !reflect.DeepEqual(got, p) {
		t.Errorf("round trip changed the plan:\n got  %+v\n want %+v", got, p)
	}
	again, _ := got.Encode()
	if string(again) != string(data) {
		t.Error("re-encoding a decoded plan changed its bytes")
	}
}

func TestEncodeWritesEmptyListsNotNull(t *testing.T) {
	data, err := (&Plan{FormatVersion: FormatVersion, Conflicts: []Conflict{{Kind: KindPairing}}}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"changes", "drift", "prerequisites", "next_steps", "unmanaged", "facts"} {
		if list, ok := raw[key].([]any); !ok || len(list) != 0 {
			t.Errorf("%s = %#v, want []", key, raw[key])
		}
	}
	if s := raw["conflicts"].([]any)[0].(map[string]any)["services"]; s == nil {
		t.Error("conflict services encoded as null")
	}
	if !strings.HasSuffix(string(data), "}\n") || raw["format_version"] != FormatVersion {
		t.Errorf("encoded plan lacks its version or final newline: %q", data)
	}
}

func TestEncodeHoldsNoSecrets(t *testing.T) {
	// LiveService is the only type copied from the API; it must stay free of
	// URIs, passwords and tokens so a saved plan can be uploaded anywhere.
	for _, f := range reflect.VisibleFields(reflect.TypeFor[LiveService]()) {
		name := strings.ToLower(f.Name)
		for _, secret := range []string{"uri", "password", "token", "secret", "cert", "key"} {
			if strings.Contains(name, secret) {
				t.Errorf("LiveService.%s looks like a secret", f.Name)
			}
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	valid := func() map[string]any {
		data, err := Compute(testSpec(testPair()), testLive()).Encode()
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	cases := []struct {
		name string
		edit func(m map[string]any)
		want string
	}{
		{"newer major version", func(m map[string]any) { m["format_version"] = "2.0" },
			"decode plan: format_version 2.0 is not supported (this ccr reads 1.x)"},
		{"no version", func(m map[string]any) { delete(m, "format_version") },
			"decode plan: format_version: missing required field"},
		{"no fingerprint", func(m map[string]any) { delete(m, "fingerprint") },
			`decode plan: fingerprint "": missing required field (sha256:…)`},
		{"no changes", func(m map[string]any) { delete(m, "changes") },
			"decode plan: changes: missing required field"},
		{"unknown action", func(m map[string]any) { change(m)["action"] = "delete" },
			`decode plan: changes[0]: unknown action "delete"`},
		{"create without plan", func(m map[string]any) { change(m)["plan"] = "" },
			"decode plan: changes[0]: create orders-eu: plan and cloud: missing required field"},
		{"file digest not a sha256", func(m map[string]any) { m["file_digest"] = "sha256:x\n::error::y" },
			`decode plan: file_digest "sha256:x\n::error::y": want "sha256:" and 64 lowercase hex digits`},
		{"facts edited", func(m map[string]any) { m["facts"] = []any{} },
			"decode plan: fingerprint does not match the plan's facts: the file was edited"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := valid()
			tc.edit(m)
			data, _ := json.Marshal(m)
			_, err := Decode(data)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error = %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := Decode([]byte("{")); err == nil || !strings.HasPrefix(err.Error(), "decode plan: ") {
		t.Errorf("truncated JSON: error = %v", err)
	}
	m := valid()
	change(m)["project"] = ""
	data, _ := json.Marshal(m)
	if _, err := Decode(data); !errors.Is(err, errMissing) {
		t.Errorf("missing project: error = %v, want it to wrap errMissing", err)
	}
}

func TestDecodeAcceptsNewerMinorVersion(t *testing.T) {
	p := Compute(testSpec(testPair()), testLive())
	p.FormatVersion = "1.7"
	data, _ := p.Encode()
	data = []byte(strings.Replace(string(data), "{", `{"added_in_1_7": true,`, 1))
	got, err := Decode(data)
	if err != nil || got.FormatVersion != "1.7" || len(got.Changes) != 2 {
		t.Fatalf("decode 1.7 plan: %v, %+v", err, got)
	}
}

func change(m map[string]any) map[string]any {
	return m["changes"].([]any)[0].(map[string]any)
}
