package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ccr-dev/ccr/cmd/internal/github/githubfake"
)

// fakes holds each script's fake GitHub API; it runs in the test process, so
// the ccr processes a script starts reach it over loopback.
var fakes sync.Map // *testscript.TestScript → *githubfake.Fake

// gitHubCommands drive a fake GitHub API from scripts.
var gitHubCommands = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"gh-start":      ghStart,
	"gh-pr":         ghPullRequest,
	"gh-push":       ghPush,
	"gh-comment":    ghAddComment,
	"gh-readonly":   func(ts *testscript.TestScript, _ bool, _ []string) { fake(ts).SetReadOnly(true) },
	"gh-pagesize":   ghPageSize,
	"gh-ratelimit":  ghRateLimit,
	"gh-fault":      ghFault,
	"gh-comments":   ghComments,
	"gh-issues":     ghIssues,
	"gh-writes":     ghWrites,
	"gh-unexpected": ghUnexpected,
	"gh-labels":     ghLabels,
	"gh-requests":   ghRequests,
	"gh-label":      ghLabelIssue,
	"gh-repo-label": ghRepoLabel,
	"gh-no-label-create": func(ts *testscript.TestScript, _ bool, _ []string) {
		fake(ts).SetLabelCreateForbidden(true)
	},
}

func fake(ts *testscript.TestScript) *githubfake.Fake {
	f, ok := fakes.Load(ts)
	if !ok {
		ts.Fatalf("no fake GitHub: run gh-start first")
	}
	return f.(*githubfake.Fake)
}

// ghStart starts a fake GitHub API and sets the Actions environment that
// points ccr at it, with the step summary at $WORK/summary.md.
func ghStart(ts *testscript.TestScript, _ bool, _ []string) {
	f := githubfake.New()
	fakes.Store(ts, f)
	ts.Defer(func() { f.Close(); fakes.Delete(ts) })
	for k, v := range f.Env() {
		ts.Setenv(k, v)
	}
	ts.Setenv("GITHUB_ACTIONS", "true")
	ts.Setenv("GITHUB_STEP_SUMMARY", ts.MkAbs("summary.md"))
}

// ghPullRequest opens pull request N at head SHA (from FORK when given) and
// makes the run a pull_request event for it: gh-pr SHA [FORK].
func ghPullRequest(ts *testscript.TestScript, _ bool, args []string) {
	if len(args) < 1 {
		ts.Fatalf("usage: gh-pr SHA [FORK-REPO]")
	}
	fork := ""
	if len(args) > 1 {
		fork = args[1]
	}
	n := fake(ts).AddPullRequest("main", false, args[0])
	writeEvent(ts, "pull_request", githubfake.PullRequestEvent(n, args[0], fork))
	fmt.Fprintf(ts.Stdout(), "pull request #%d\n", n)
}

// ghPush merges pull request N (or a new one) as commit SHA and makes the
// run a push of main to it: gh-push SHA [N].
func ghPush(ts *testscript.TestScript, _ bool, args []string) {
	if len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: gh-push SHA [N]")
	}
	var n int
	if len(args) == 2 {
		n = atoi(ts, args[1])
		fake(ts).MergePullRequest(n, args[0])
	} else {
		n = fake(ts).AddPullRequest("main", true, args[0])
	}
	writeEvent(ts, "push", githubfake.PushEvent("refs/heads/main", args[0]))
	fmt.Fprintf(ts.Stdout(), "merged pull request #%d\n", n)
}

func writeEvent(ts *testscript.TestScript, name string, payload []byte) {
	path := ts.MkAbs("event.json")
	ts.Check(os.WriteFile(path, payload, 0o600))
	ts.Setenv("GITHUB_EVENT_NAME", name)
	ts.Setenv("GITHUB_EVENT_PATH", path)
}

// ghAddComment seeds a comment: gh-comment N AUTHOR FILE (body read from FILE).
func ghAddComment(ts *testscript.TestScript, _ bool, args []string) {
	if len(args) != 3 {
		ts.Fatalf("usage: gh-comment N AUTHOR BODYFILE")
	}
	fake(ts).AddComment(atoi(ts, args[0]), args[1], ts.ReadFile(args[2]))
}

// ghRateLimit makes the next requests hit a rate limit: gh-ratelimit
// secondary|429|primary SECONDS.
func ghRateLimit(ts *testscript.TestScript, _ bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: gh-ratelimit secondary|429|primary SECONDS")
	}
	d := time.Duration(atoi(ts, args[1])) * time.Second
	switch args[0] {
	case "secondary":
		fake(ts).Inject(githubfake.SecondaryRateLimit(d))
	case "429":
		fake(ts).Inject(githubfake.TooManyRequests(d))
	case "primary":
		fake(ts).Inject(githubfake.PrimaryRateLimit(time.Now().Add(d)))
	default:
		ts.Fatalf("unknown rate limit %q", args[0])
	}
}

// ghFault answers the next request with STATUS and MESSAGE, a Go string
// literal so that it can hold newlines: gh-fault STATUS "MESSAGE".
func ghFault(ts *testscript.TestScript, _ bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf(`usage: gh-fault STATUS "MESSAGE"`)
	}
	msg, err := strconv.Unquote(args[1])
	ts.Check(err)
	fake(ts).Inject(githubfake.ErrorAnswer(atoi(ts, args[0]), msg))
}

func ghPageSize(ts *testscript.TestScript, _ bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: gh-pagesize N")
	}
	fake(ts).SetPageSize(atoi(ts, args[0]))
}

// ghComments prints pull request N's comments, each as "--- #ID by AUTHOR"
// and its body, and writes them to $WORK/comments.txt.
func ghComments(ts *testscript.TestScript, _ bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: gh-comments N")
	}
	var b strings.Builder
	for _, c := range fake(ts).Comments(atoi(ts, args[0])) {
		fmt.Fprintf(&b, "--- #%d by %s\n%s\n", c.ID, c.Author, c.Body)
	}
	fmt.Fprint(ts.Stdout(), b.String())
}

// ghIssues prints every issue that is not a pull request.
func ghIssues(ts *testscript.TestScript, _ bool, _ []string) {
	for _, is := range fake(ts).Issues() {
		if is.PullRequest {
			continue
		}
		fmt.Fprintf(ts.Stdout(), "--- issue #%d %s by %s: %s\n%s\n", is.Number, is.State, is.Author, is.Title, is.Body)
	}
}

// ghWrites prints the write requests the fake received, one per line.
func ghWrites(ts *testscript.TestScript, _ bool, _ []string) {
	for _, r := range fake(ts).Writes() {
		fmt.Fprintln(ts.Stdout(), r.Method, r.Path)
	}
}

// ghRequests prints every request the fake received, one per line.
func ghRequests(ts *testscript.TestScript, _ bool, _ []string) {
	for _, r := range fake(ts).Requests() {
		fmt.Fprintln(ts.Stdout(), r.Method, r.Path)
	}
}

// ghUnexpected fails when the fake received a request it does not model.
func ghUnexpected(ts *testscript.TestScript, neg bool, _ []string) {
	if u := fake(ts).Unexpected(); len(u) > 0 != neg {
		ts.Fatalf("unexpected requests: %v", u)
	}
}

func atoi(ts *testscript.TestScript, s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		ts.Fatalf("not a number: %q", s)
	}
	return n
}

// ghLabels prints pull request N's labels, one "pr-label NAME" line each,
// then the repository's, one "repo-label NAME #COLOR DESCRIPTION" line each.
func ghLabels(ts *testscript.TestScript, _ bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: gh-labels N")
	}
	f := fake(ts)
	for _, name := range f.IssueLabels(atoi(ts, args[0])) {
		fmt.Fprintf(ts.Stdout(), "pr-label %s\n", name)
	}
	for _, l := range f.RepoLabels() {
		fmt.Fprintf(ts.Stdout(), "repo-label %s #%s %s\n", l.Name, l.Color, l.Description)
	}
}

// ghLabelIssue puts labels on pull request N as a person would: gh-label N
// NAME... (a label the repository lacks is created grey, as on GitHub).
func ghLabelIssue(ts *testscript.TestScript, _ bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: gh-label N NAME...")
	}
	fake(ts).LabelIssue(atoi(ts, args[0]), args[1:]...)
}

// ghRepoLabel creates a repository label as a maintainer would: gh-repo-label
// NAME COLOR [DESCRIPTION...].
func ghRepoLabel(ts *testscript.TestScript, _ bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: gh-repo-label NAME COLOR [DESCRIPTION...]")
	}
	fake(ts).AddLabel(args[0], args[1], strings.Join(args[2:], " "))
}
