// Package githubfake is an in-memory GitHub REST API for tests of ccr's
// GitHub adapter and CLI: issue and pull request comments, issues, labels,
// the pull requests of a commit. It paginates with Link headers, attributes
// what the client writes to one login, refuses oversized bodies with 422 and
// writes from a read-only token with 403, answers label routes with GitHub's
// status codes (404 for a missing label, 422 already_exists on a create
// race), and replays injected rate limits.
// Requests to any route it does not model are answered 404 and recorded, so
// tests can assert there were none.
package githubfake

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
)

// Defaults of a new Fake.
const (
	Owner = "acme"
	Repo  = "infra"
	Token = "ghs_fake_token_for_tests"
	Login = "github-actions[bot]"

	// MaxBodyRunes is GitHub's limit on comment and issue bodies.
	MaxBodyRunes = 65536
)

// Fake is a running fake GitHub API for the repository Owner/Repo.
type Fake struct {
	server *httptest.Server

	mu         sync.Mutex
	pageSize   int
	maxBody    int
	readOnly   bool
	nextID     int64
	nextNumber int
	issues     map[int]*Issue // pull requests too: they share numbers
	comments   []*Comment
	commits    map[string][]int // sha → pull request numbers
	faults     []Fault
	requests   []Request
	unexpected []string

	labels               []*Label      // repository labels, oldest first
	labelRace            *Label        // made by "another client" just before the next create of it
	unlabelRace          *labelRemoval // taken off by "another client" just before the next removal
	labelCreateForbidden bool          // 403 on label creates only
}

// Comment is an issue or pull request comment.
type Comment struct {
	ID     int64
	Issue  int
	Author string
	Body   string
}

// Issue is an issue, or a pull request when PullRequest is set.
type Issue struct {
	Number      int
	Author      string
	Title       string
	Body        string
	State       string // "open" or "closed"
	StateReason string
	PullRequest bool
	Merged      bool   // pull requests only
	BaseRef     string // pull requests only, e.g. "main"
	Labels      []string
}

// Request is one request the fake received.
type Request struct {
	Method string
	Path   string
	Query  string
	Body   string
}

// String is "METHOD /path?query".
func (r Request) String() string {
	if r.Query == "" {
		return r.Method + " " + r.Path
	}
	return r.Method + " " + r.Path + "?" + r.Query
}

// New starts a fake with no data. Close it when done.
func New() *Fake {
	f := &Fake{
		maxBody:    MaxBodyRunes,
		nextID:     1000,
		nextNumber: 1,
		issues:     map[int]*Issue{},
		commits:    map[string][]int{},
	}
	f.server = httptest.NewServer(f.routes())
	return f
}

// URL is the API base URL, with the trailing slash go-github requires.
func (f *Fake) URL() string { return f.server.URL + "/" }

// Close stops the server.
func (f *Fake) Close() { f.server.Close() }

// Env is the GitHub Actions environment that points ccr at the fake; add
// GITHUB_EVENT_NAME and GITHUB_EVENT_PATH for the event under test.
func (f *Fake) Env() map[string]string {
	return map[string]string{
		"GITHUB_API_URL":    f.server.URL,
		"GITHUB_REPOSITORY": Owner + "/" + Repo,
		"GITHUB_TOKEN":      Token,
		"GITHUB_SERVER_URL": "https://github.example",
		"GITHUB_RUN_ID":     "4242",
	}
}

// SetPageSize caps the page size of every list, whatever per_page asks for.
func (f *Fake) SetPageSize(n int) { f.locked(func() { f.pageSize = n }) }

// SetMaxBodyRunes lowers the body limit, to reach the 422 path with small
// bodies.
func (f *Fake) SetMaxBodyRunes(n int) { f.locked(func() { f.maxBody = n }) }

// SetReadOnly makes every write fail as with a fork's token: 403 "Resource
// not accessible by integration".
func (f *Fake) SetReadOnly(ro bool) { f.locked(func() { f.readOnly = ro }) }

// Inject queues faults; each answers one request, in order, before any
// route runs.
func (f *Fake) Inject(faults ...Fault) { f.locked(func() { f.faults = append(f.faults, faults...) }) }

// AddPullRequest seeds a pull request and returns its number. A merged one
// is listed for each of commits by GET /repos/{o}/{r}/commits/{sha}/pulls.
func (f *Fake) AddPullRequest(baseRef string, merged bool, commits ...string) int {
	var n int
	f.locked(func() {
		n = f.addIssue(&Issue{Author: "octocat", Title: "change pairs", State: "open", PullRequest: true, Merged: merged, BaseRef: baseRef})
		if merged {
			f.issues[n].State = "closed"
		}
		for _, sha := range commits {
			f.commits[sha] = append(f.commits[sha], n)
		}
	})
	return n
}

// MergePullRequest merges pull request n as commit sha, as GitHub does when
// the merge button is pressed: it is closed, merged, and listed for sha.
func (f *Fake) MergePullRequest(n int, sha string) {
	f.locked(func() {
		pr := f.issues[n]
		pr.State, pr.Merged = "closed", true
		f.commits[sha] = append(f.commits[sha], n)
	})
}

// AddIssue seeds an open issue and returns its number.
func (f *Fake) AddIssue(author, title, body string) int {
	var n int
	f.locked(func() { n = f.addIssue(&Issue{Author: author, Title: title, Body: body, State: "open"}) })
	return n
}

// AddComment seeds a comment on issue or pull request number and returns its
// ID.
func (f *Fake) AddComment(number int, author, body string) int64 {
	var id int64
	f.locked(func() { id = f.addComment(number, author, body).ID })
	return id
}

// Comments returns the comments on issue or pull request number, oldest first.
func (f *Fake) Comments(number int) []Comment {
	var out []Comment
	f.locked(func() {
		for _, c := range f.comments {
			if c.Issue == number {
				out = append(out, *c)
			}
		}
	})
	return out
}

// Issue returns issue or pull request number.
func (f *Fake) Issue(number int) (Issue, bool) {
	var is Issue
	var ok bool
	f.locked(func() {
		var p *Issue
		if p, ok = f.issues[number]; ok {
			is = *p
		}
	})
	return is, ok
}

// Issues returns every issue that is not a pull request, by number.
func (f *Fake) Issues() []Issue {
	var out []Issue
	f.locked(func() {
		for _, is := range f.sortedIssues() {
			if !is.PullRequest {
				out = append(out, *is)
			}
		}
	})
	return out
}

// Requests returns every request received, in order.
func (f *Fake) Requests() []Request {
	var out []Request
	f.locked(func() { out = slices.Clone(f.requests) })
	return out
}

// Writes returns the requests that were not GETs, in order.
func (f *Fake) Writes() []Request {
	return slices.DeleteFunc(f.Requests(), func(r Request) bool { return r.Method == http.MethodGet })
}

// Unexpected returns the requests no route modelled; tests assert it is empty.
func (f *Fake) Unexpected() []string {
	var out []string
	f.locked(func() { out = slices.Clone(f.unexpected) })
	return out
}

func (f *Fake) locked(fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn()
}

// addIssue and addComment need f.mu held.
func (f *Fake) addIssue(is *Issue) int {
	is.Number = f.nextNumber
	f.nextNumber++
	f.issues[is.Number] = is
	return is.Number
}

func (f *Fake) addComment(number int, author, body string) *Comment {
	f.nextID++
	c := &Comment{ID: f.nextID, Issue: number, Author: author, Body: body}
	f.comments = append(f.comments, c)
	return c
}

func (f *Fake) sortedIssues() []*Issue {
	out := make([]*Issue, 0, len(f.issues))
	for _, is := range f.issues {
		out = append(out, is)
	}
	slices.SortFunc(out, func(a, b *Issue) int { return a.Number - b.Number })
	return out
}

func (f *Fake) htmlURL(number int, commentID int64) string {
	u := fmt.Sprintf("https://github.example/%s/%s/issues/%d", Owner, Repo, number)
	if commentID != 0 {
		u += fmt.Sprintf("#issuecomment-%d", commentID)
	}
	return u
}
