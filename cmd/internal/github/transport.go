package github

import (
	"net/http"

	"github.com/ccr-dev/ccr/cmd/internal/wire"
)

// MaxResponseBytes bounds the body ccr reads of one GitHub response. The
// largest answer ccr asks for, a page of 100 comments of at most 65,536
// characters each, stays under it; an API that answers without end fails
// the call with a wire.ResponseTooLarge instead of filling memory.
const MaxResponseBytes = 32 << 20

// apiTransport adds the token to requests for the API's own origin only, so
// that a redirect to another host, port or scheme never carries it
// (go-github's WithAuthToken adds it to every request, redirects
// included), and caps every response body at MaxResponseBytes.
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
	resp, err := base.RoundTrip(req)
	wire.CapBody(resp, req, MaxResponseBytes)
	return resp, err
}
