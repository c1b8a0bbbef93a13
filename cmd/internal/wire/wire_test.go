package wire

import (
	"net/url"
	"testing"
)

// TestOrigin: scheme, host and port, with the default ports filled in.
func TestOrigin(t *testing.T) {
	same := [][2]string{
		{"https://api.aiven.io/v1/x", "https://API.aiven.io:443/y"},
		{"http://127.0.0.1/a", "http://127.0.0.1:80/b"},
	}
	other := [][2]string{
		{"https://api.aiven.io", "http://api.aiven.io"},
		{"https://api.aiven.io", "https://x.api.aiven.io"},
		{"https://api.aiven.io", "https://api.aiven.io:8443"},
		{"http://127.0.0.1:1234", "http://127.0.0.1:1235"},
	}
	origin := func(s string) string { u, _ := url.Parse(s); return Origin(u) }
	for _, p := range same {
		if origin(p[0]) != origin(p[1]) {
			t.Errorf("%s and %s: origins %s and %s, want one", p[0], p[1], origin(p[0]), origin(p[1]))
		}
	}
	for _, p := range other {
		if origin(p[0]) == origin(p[1]) {
			t.Errorf("%s and %s: one origin %s, want two", p[0], p[1], origin(p[0]))
		}
	}
}
