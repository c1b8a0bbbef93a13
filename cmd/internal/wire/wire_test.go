package wire

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestCapBody: a body of exactly the limit reads whole; one byte more fails
// with a ResponseTooLarge naming the request, after no more than the limit.
func TestCapBody(t *testing.T) {
	req, _ := http.NewRequest(http.MethodGet, "https://user:pw@api.example/v1/x?token=t", nil)
	for body, fits := range map[string]bool{"0123456789": true, "0123456789a": false, "": true} {
		resp := &http.Response{Body: io.NopCloser(strings.NewReader(body))}
		CapBody(resp, req, 10)
		got, err := io.ReadAll(resp.Body)
		var tooLarge *ResponseTooLarge
		switch {
		case fits && (err != nil || string(got) != body):
			t.Errorf("%q: read %q, %v; want it whole", body, got, err)
		case !fits && (!errors.As(err, &tooLarge) || len(got) != 10):
			t.Errorf("%q: read %d bytes, %v; want 10 and a ResponseTooLarge", body, len(got), err)
		case !fits && err.Error() != "GET https://api.example/v1/x: the answer is longer than 10 bytes, the most ccr reads of one response":
			t.Errorf("%q: error %q", body, err)
		}
	}
}

// TestCapBodyDeclaredLength: a body whose Content-Length is over the limit
// fails before a byte of it is read.
func TestCapBodyDeclaredLength(t *testing.T) {
	req, _ := http.NewRequest(http.MethodGet, "https://api.example/v1/x", nil)
	r := strings.NewReader("0123456789abcdef")
	resp := &http.Response{Body: io.NopCloser(r), ContentLength: 16}
	CapBody(resp, req, 10)
	got, err := io.ReadAll(resp.Body)
	var tooLarge *ResponseTooLarge
	if !errors.As(err, &tooLarge) || len(got) != 0 || r.Len() != 16 {
		t.Errorf("read %q (%d left unread), %v; want nothing read and a ResponseTooLarge", got, r.Len(), err)
	}
}

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
