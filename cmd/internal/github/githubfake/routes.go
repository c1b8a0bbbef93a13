package githubfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

const repoPath = "/repos/" + Owner + "/" + Repo

// routes is the modelled API. Handlers run with f.mu held.
func (f *Fake) routes() http.Handler {
	mux := http.NewServeMux()
	handle := func(pattern string, h func(w http.ResponseWriter, r *http.Request, body []byte)) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			body, _ := r.Context().Value(bodyKey{}).([]byte)
			f.mu.Lock()
			defer f.mu.Unlock()
			h(w, r, body)
		})
	}
	handle("GET "+repoPath+"/issues/{number}/comments", f.listComments)
	handle("POST "+repoPath+"/issues/{number}/comments", f.createComment)
	handle("PATCH "+repoPath+"/issues/comments/{id}", f.editComment)
	handle("GET "+repoPath+"/issues", f.listIssues)
	handle("POST "+repoPath+"/issues", f.createIssue)
	handle("PATCH "+repoPath+"/issues/{number}", f.editIssue)
	handle("GET "+repoPath+"/commits/{sha}/pulls", f.commitPulls)
	handle("GET "+repoPath+"/issues/{number}/labels", f.listIssueLabels)
	handle("POST "+repoPath+"/issues/{number}/labels", f.addIssueLabels)
	handle("DELETE "+repoPath+"/issues/{number}/labels/{name}", f.removeIssueLabel)
	handle("GET "+repoPath+"/labels/{name}", f.getLabel)
	handle("POST "+repoPath+"/labels", f.createLabel)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		f.locked(func() { f.unexpected = append(f.unexpected, r.Method+" "+r.URL.Path) })
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "Not Found (route not modelled by githubfake)"})
	})
	return f.intercept(mux)
}

type bodyKey struct{}

// intercept records each request, checks the token and replays queued
// faults before the route runs.
func (f *Fake) intercept(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var fault *Fault
		authorized := r.Header.Get("Authorization") == "Bearer "+Token
		f.locked(func() {
			f.requests = append(f.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Body: string(body)})
			if !authorized {
				f.unexpected = append(f.unexpected, "unauthenticated "+r.Method+" "+r.URL.Path)
			} else if len(f.faults) > 0 {
				fault = &f.faults[0]
				f.faults = f.faults[1:]
			}
		})
		switch {
		case !authorized:
			writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "Bad credentials"})
		case fault != nil:
			fault.write(w)
		default:
			next.ServeHTTP(w, r.WithContext(contextWithBody(r, body)))
		}
	})
}

func (f *Fake) listComments(w http.ResponseWriter, r *http.Request, _ []byte) {
	n, ok := f.issueFromPath(w, r)
	if !ok {
		return
	}
	var all []map[string]any
	for _, c := range f.comments {
		if c.Issue == n {
			all = append(all, f.commentJSON(c))
		}
	}
	writeJSON(w, http.StatusOK, f.page(w, r, all))
}

func (f *Fake) createComment(w http.ResponseWriter, r *http.Request, body []byte) {
	n, ok := f.issueFromPath(w, r)
	if !ok {
		return
	}
	in, ok := f.decodeWrite(w, body, "IssueComment")
	if !ok {
		return
	}
	writeJSON(w, http.StatusCreated, f.commentJSON(f.addComment(n, Login, deref(in.Body))))
}

func (f *Fake) editComment(w http.ResponseWriter, r *http.Request, body []byte) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var c *Comment
	for _, x := range f.comments {
		if x.ID == id {
			c = x
		}
	}
	if c == nil {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "Not Found"})
		return
	}
	in, ok := f.decodeWrite(w, body, "IssueComment")
	if !ok {
		return
	}
	if c.Author != Login {
		// GitHub lets a token edit only its own comments (bar admins).
		writeJSON(w, http.StatusForbidden, map[string]any{"message": "Must have admin rights to Repository."})
		return
	}
	c.Body = deref(in.Body)
	writeJSON(w, http.StatusOK, f.commentJSON(c))
}

func (f *Fake) listIssues(w http.ResponseWriter, r *http.Request, _ []byte) {
	state := r.URL.Query().Get("state")
	if state == "" {
		state = "open"
	}
	var all []map[string]any
	// GitHub lists newest first by default.
	issues := f.sortedIssues()
	for i := len(issues) - 1; i >= 0; i-- {
		if is := issues[i]; state == "all" || is.State == state {
			all = append(all, f.issueJSON(is))
		}
	}
	writeJSON(w, http.StatusOK, f.page(w, r, all))
}

func (f *Fake) createIssue(w http.ResponseWriter, _ *http.Request, body []byte) {
	in, ok := f.decodeWrite(w, body, "Issue")
	if !ok {
		return
	}
	n := f.addIssue(&Issue{Author: Login, Title: deref(in.Title), Body: deref(in.Body), State: "open"})
	writeJSON(w, http.StatusCreated, f.issueJSON(f.issues[n]))
}

func (f *Fake) editIssue(w http.ResponseWriter, r *http.Request, body []byte) {
	n, ok := f.issueFromPath(w, r)
	if !ok {
		return
	}
	in, ok := f.decodeWrite(w, body, "Issue")
	if !ok {
		return
	}
	is := f.issues[n]
	for dst, src := range map[*string]*string{&is.Title: in.Title, &is.Body: in.Body, &is.State: in.State, &is.StateReason: in.StateReason} {
		if src != nil {
			*dst = *src
		}
	}
	writeJSON(w, http.StatusOK, f.issueJSON(is))
}

func (f *Fake) commitPulls(w http.ResponseWriter, r *http.Request, _ []byte) {
	var all []map[string]any
	for _, n := range f.commits[r.PathValue("sha")] {
		is := f.issues[n]
		pr := map[string]any{
			"number": is.Number, "state": is.State, "html_url": strings.Replace(f.htmlURL(n, 0), "/issues/", "/pull/", 1),
			"base": map[string]any{"ref": is.BaseRef}, "merged_at": nil,
		}
		if is.Merged {
			pr["merged_at"] = "2026-03-02T14:00:00Z"
		}
		all = append(all, pr)
	}
	writeJSON(w, http.StatusOK, f.page(w, r, all))
}

// writeInput is the union of the fields ccr writes to comments and issues.
type writeInput struct {
	Body        *string `json:"body"`
	Title       *string `json:"title"`
	State       *string `json:"state"`
	StateReason *string `json:"state_reason"`
}

// decodeWrite applies what GitHub checks on every write: the token may
// write, the JSON parses, the body fits.
func (f *Fake) decodeWrite(w http.ResponseWriter, body []byte, resource string) (writeInput, bool) {
	var in writeInput
	switch {
	case f.readOnly:
		writeJSON(w, http.StatusForbidden, map[string]any{
			"message":           "Resource not accessible by integration",
			"documentation_url": "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
		})
	case json.Unmarshal(body, &in) != nil:
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Problems parsing JSON"})
	case in.Body != nil && utf8.RuneCountInString(*in.Body) > f.maxBody:
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
			"message": "Validation Failed",
			"errors": []map[string]any{{
				"resource": resource, "code": "unprocessable", "field": "data",
				"message": fmt.Sprintf("Body is too long (maximum is %d characters)", f.maxBody),
			}},
		})
	default:
		return in, true
	}
	return in, false
}

func (f *Fake) issueFromPath(w http.ResponseWriter, r *http.Request) (int, bool) {
	n, _ := strconv.Atoi(r.PathValue("number"))
	if _, ok := f.issues[n]; !ok {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "Not Found"})
		return 0, false
	}
	return n, true
}

func (f *Fake) commentJSON(c *Comment) map[string]any {
	return map[string]any{
		"id": c.ID, "node_id": fmt.Sprintf("IC_%d", c.ID), "body": c.Body,
		"user":     map[string]any{"login": c.Author},
		"html_url": f.htmlURL(c.Issue, c.ID),
	}
}

func (f *Fake) issueJSON(is *Issue) map[string]any {
	m := map[string]any{
		"number": is.Number, "title": is.Title, "body": is.Body, "state": is.State,
		"user": map[string]any{"login": is.Author}, "html_url": f.htmlURL(is.Number, 0),
	}
	if is.StateReason != "" {
		m["state_reason"] = is.StateReason
	}
	if is.PullRequest {
		m["pull_request"] = map[string]any{"url": fmt.Sprintf("%s/pulls/%d", repoPath, is.Number)}
	}
	return m
}

// page cuts one page out of all and sets the Link header GitHub sends:
// next and last while there are more pages, first and prev after the first.
func (f *Fake) page(w http.ResponseWriter, r *http.Request, all []map[string]any) []map[string]any {
	q := r.URL.Query()
	size := atoiOr(q.Get("per_page"), 30)
	size = min(size, 100)
	if f.pageSize > 0 {
		size = min(size, f.pageSize)
	}
	last := max(1, (len(all)+size-1)/size)
	p := min(max(atoiOr(q.Get("page"), 1), 1), last+1)
	link := func(n int, rel string) string {
		q.Set("page", strconv.Itoa(n))
		q.Set("per_page", strconv.Itoa(size))
		return fmt.Sprintf(`<http://%s%s?%s>; rel="%s"`, r.Host, r.URL.Path, q.Encode(), rel)
	}
	var links []string
	if p < last {
		links = append(links, link(p+1, "next"), link(last, "last"))
	}
	if p > 1 {
		links = append(links, link(1, "first"), link(p-1, "prev"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	lo, hi := min((p-1)*size, len(all)), min(p*size, len(all))
	out := all[lo:hi]
	if out == nil {
		out = []map[string]any{} // GitHub sends [], never null
	}
	return out
}

func atoiOr(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return n
	}
	return def
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
