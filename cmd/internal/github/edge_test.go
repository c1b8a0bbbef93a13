package github_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/ccr-dev/ccr/cmd/internal/github"
)

// edgeConfig is a pull_request run on #1 of acme/infra against apiURL.
func edgeConfig(apiURL string) github.Config {
	return github.Config{
		Owner: "acme", Repo: "infra", APIURL: apiURL, Token: "ghs_0123456789",
		CommentAuthor: github.DefaultCommentAuthor,
		Event:         github.Event{Name: "pull_request", PR: 1, HeadSHA: "4f2c9e1"},
	}
}

// TestTokenStaysOnOrigin pins that the token is never sent to another
// origin on a redirect: the API redirects to another port of the same host,
// and the request that follows the redirect carries no token, where
// go-github's WithAuthToken would add it to every request.
func TestTokenStaysOnOrigin(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]string{}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen["other"] = r.Header.Get("Authorization")
		mu.Unlock()
		http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
	}))
	defer other.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen["api"] = r.Header.Get("Authorization")
		mu.Unlock()
		http.Redirect(w, r, other.URL+r.URL.RequestURI(), http.StatusFound)
	}))
	defer api.Close()
	_, err := github.UpsertPlanComment(context.Background(), edgeConfig(api.URL), "ccr.yaml", github.Meta{}, "plan")
	if err == nil {
		t.Fatal("the comment was posted through a redirect to a server that refuses it")
	}
	mu.Lock()
	defer mu.Unlock()
	if seen["api"] != "Bearer ghs_0123456789" || seen["other"] != "" {
		t.Errorf("Authorization: the API got %q, the other origin %q; want the token at the API only", seen["api"], seen["other"])
	}
}
