package github

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	gh "github.com/google/go-github/v60/github"
)

// TestListAllStopsAtMaxPages: a server that names a next page on every
// answer cannot hold a run forever.
func TestListAllStopsAtMaxPages(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		w.Header().Set("Link", fmt.Sprintf(`<%s%s?page=%d&per_page=100>; rel="next"`, "http://"+r.Host, r.URL.Path, page+1))
		w.Write([]byte("[]"))
	}))
	defer srv.Close()
	s, err := newSession(Config{APIURL: srv.URL, Token: "t", HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	err = listAll(context.Background(), s, func(c *gh.Client, opts gh.ListOptions) ([]*gh.IssueComment, *gh.Response, error) {
		return c.Issues.ListComments(context.Background(), "o", "r", 1, &gh.IssueListCommentsOptions{ListOptions: opts})
	}, func(*gh.IssueComment) {})
	if err == nil || !strings.Contains(err.Error(), "still more after 500 pages") {
		t.Fatalf("listAll = %v, want it to give up after %d pages", err, maxPages)
	}
	if n := served.Load(); n != maxPages {
		t.Errorf("served %d pages, want %d", n, maxPages)
	}
}
