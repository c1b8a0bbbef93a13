package aiven_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/ccr-dev/ccr/cmd/internal/aiven"
)

// TestTokenStaysOnOrigin pins that the token is never sent to another
// origin on a redirect: the API redirects to another port of the same host
// (net/http alone keeps Authorization for it), and the request that
// follows the redirect carries no token; the API itself got it.
func TestTokenStaysOnOrigin(t *testing.T) {
	const token = "tok-0123456789"
	var mu sync.Mutex
	seen := map[string]string{}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen["other"] = r.Header.Get("Authorization")
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"services": []}`)
	}))
	defer other.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen["api"] = r.Header.Get("Authorization")
		mu.Unlock()
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
	}))
	defer api.Close()
	c := newClient(t, api.URL, aiven.Config{Token: token})
	if _, err := c.ListServices(context.Background(), "acme"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if seen["api"] != "aivenv1 "+token || seen["other"] != "" {
		t.Errorf("Authorization: the API got %q, the other origin %q; want the token at the API only", seen["api"], seen["other"])
	}
}
