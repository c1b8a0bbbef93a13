package github_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ccr-dev/ccr/cmd/internal/github"
	"github.com/ccr-dev/ccr/cmd/internal/wire"
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

// TestResponseBodyCapped pins that one GitHub response is read no further
// than MaxResponseBytes: a comment list streaming four times that much ends
// the call with an error naming the request, and the server could push
// little more than the limit before the client hung up.
func TestResponseBodyCapped(t *testing.T) {
	const total = 4 * github.MaxResponseBytes
	var written atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		chunk := []byte(strings.Repeat(`{"id":1,"body":"x","user":{"login":"someone"}},`, 1<<10))
		n, _ := w.Write([]byte(`[`))
		written.Add(int64(n))
		for written.Load() < total {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	_, err := github.UpsertPlanComment(context.Background(), edgeConfig(srv.URL), "ccr.yaml", github.Meta{}, "plan")
	want := fmt.Sprintf("GET %s/repos/acme/infra/issues/1/comments: the answer is longer than 32 MiB, the most ccr reads of one response", srv.URL)
	var tooLarge *wire.ResponseTooLarge
	if err == nil || !strings.Contains(err.Error(), want) || !errors.As(err, &tooLarge) {
		t.Fatalf("error %v, want one saying %q", err, want)
	}
	srv.Close() // waits for the handler, so written is final
	if got := written.Load(); got > github.MaxResponseBytes+16<<20 {
		t.Errorf("the server wrote %d MiB before the client hung up, want about the 32 MiB limit", got>>20)
	}
	t.Logf("the server wrote %.1f MiB of %d MiB", float64(written.Load())/(1<<20), total>>20)
}
