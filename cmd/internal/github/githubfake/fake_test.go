package githubfake_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/cmd/internal/github/githubfake"
)

func get(t *testing.T, url, token string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestPaginationLinks(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	pr := f.AddPullRequest("main", false)
	for range 5 {
		f.AddComment(pr, "octocat", "hi")
	}
	f.SetPageSize(2)
	resp := get(t, f.URL()+"repos/acme/infra/issues/1/comments?page=2&per_page=100", githubfake.Token)
	var page []map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		t.Fatal(err)
	}
	link := resp.Header.Get("Link")
	for _, want := range []string{`page=3&per_page=2>; rel="next"`, `page=3&per_page=2>; rel="last"`, `page=1&per_page=2>; rel="prev"`} {
		if !strings.Contains(link, want) {
			t.Errorf("Link %q lacks %q", link, want)
		}
	}
	if len(page) != 2 {
		t.Errorf("page 2 has %d comments, want 2", len(page))
	}
}

func TestUnexpectedRoutesAndTokensAreRecorded(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	if got := get(t, f.URL()+"user", githubfake.Token).StatusCode; got != http.StatusNotFound {
		t.Errorf("GET /user = %d, want 404", got)
	}
	if got := get(t, f.URL()+"repos/acme/infra/issues", "wrong").StatusCode; got != http.StatusUnauthorized {
		t.Errorf("bad token = %d, want 401", got)
	}
	want := []string{"GET /user", "unauthenticated GET /repos/acme/infra/issues"}
	if got := f.Unexpected(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("unexpected = %v, want %v", got, want)
	}
}
