package secret_test

import (
	"testing"

	"github.com/ccr-dev/ccr/cmd/internal/secret"
)

func TestMask(t *testing.T) {
	cases := []struct {
		name    string
		in      string
		secrets []string
		want    string
	}{
		{"each occurrence", "a=s3cret b=s3cret", []string{"s3cret"}, "a=*** b=***"},
		{"longer secret first", "uri=postgres://u:pw@h", []string{"pw", "postgres://u:pw@h"}, "uri=***"},
		{"empty secret ignored", "plain", []string{"", ""}, "plain"},
		{"duplicates", "x tok y", []string{"tok", "tok"}, "x *** y"},
		{"no secrets", "plain", nil, "plain"},
		// A secret with characters JSON escapes, as encoding/json writes it
		// with HTML escaping (the default) and without.
		{"json", `{"error":"token a\"b<c>&d\\e refused"}`, []string{`a"b<c>&d\e`}, `{"error":"token *** refused"}`},
		{"json, html escaped", `"a\"b\u003cc\u003e\u0026d\\e"`, []string{`a"b<c>&d\e`}, `"***"`},
		{"json, control character", `"x\u0007y"`, []string{"x\ay"}, `"***"`},
	}
	for _, c := range cases {
		if got := secret.Mask(c.in, c.secrets); got != c.want {
			t.Errorf("%s: Mask(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}
