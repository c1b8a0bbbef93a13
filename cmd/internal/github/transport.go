package github

import (
	"net/http"

	"github.com/ccr-dev/ccr/cmd/internal/wire"
)

// apiTransport adds the token to requests for the API's own origin only, so
// that a redirect to another host, port or scheme never carries it
// (go-github's WithAuthToken adds it to every request, redirects
// included).
type apiTransport struct {
	base   http.RoundTripper // nil: http.DefaultTransport
	origin string
	token  string
}

func (t *apiTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.token != "" && wire.Origin(req.URL) == t.origin {
		req = req.Clone(req.Context())
		req.Header.Set("Authorization", "Bearer "+t.token)
	}
	base := t.base
	if base == nil {
		base = http.DefaultTransport
	}
	return base.RoundTrip(req)
}
