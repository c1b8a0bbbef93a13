package githubfake_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/cmd/internal/github/githubfake"
)

// call sends an authenticated request and returns the status and the body.
func call(t *testing.T, f *githubfake.Fake, method, path, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, f.URL()+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+githubfake.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestLabelCreateAndGetAnswerAsGitHub(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	steps := []struct {
		method, path, body string
		status             int
		contains           string
	}{
		{"GET", "repos/acme/infra/labels/ccr:create", "", 404, `"Not Found"`},
		{"POST", "repos/acme/infra/labels", `{"name":"ccr:create","color":"1d76db","description":"d"}`, 201, `"color":"1d76db"`},
		{"GET", "repos/acme/infra/labels/CCR:Create", "", 200, `"name":"ccr:create"`},
		{"POST", "repos/acme/infra/labels", `{"name":"CCR:CREATE","color":"000000"}`, 422, `"code":"already_exists"`},
		{"POST", "repos/acme/infra/labels", `{"name":"x","color":"#1d76db"}`, 422, `"field":"color"`},
		{"POST", "repos/acme/infra/labels", `{"name":"y","description":"` + strings.Repeat("é", 101) + `"}`, 422, `"field":"description"`},
		{"POST", "repos/acme/infra/labels", `{"color":"ffffff"}`, 422, `"code":"missing_field"`},
	}
	for _, s := range steps {
		status, body := call(t, f, s.method, s.path, s.body)
		if status != s.status || !strings.Contains(body, s.contains) {
			t.Errorf("%s %s = %d %s, want %d containing %s", s.method, s.path, status, body, s.status, s.contains)
		}
	}
	if got := f.RepoLabels(); len(got) != 1 || got[0].Color != "1d76db" {
		t.Errorf("repository labels = %+v, want only ccr:create", got)
	}
}

func TestAddingAnUnknownLabelCreatesItGrey(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	pr := f.AddPullRequest("main", false)
	f.AddLabel("bug", "d73a4a", "")
	status, body := call(t, f, "POST", "repos/acme/infra/issues/1/labels", `["zeta","Bug"]`)
	if status != 200 || !strings.Contains(body, `"name":"bug"`) || !strings.Contains(body, `"name":"zeta"`) {
		t.Fatalf("add labels = %d %s", status, body)
	}
	if got := strings.Join(f.IssueLabels(pr), ","); got != "bug,zeta" {
		t.Errorf("issue labels = %s, want bug,zeta (sorted, in the repository's spelling)", got)
	}
	labels := f.RepoLabels()
	if len(labels) != 2 || labels[1].Name != "zeta" || labels[1].Color != githubfake.DefaultLabelColor {
		t.Errorf("repository labels = %+v, want zeta created in %s", labels, githubfake.DefaultLabelColor)
	}
}

func TestRemoveLabel(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	pr := f.AddPullRequest("main", false)
	f.LabelIssue(pr, "ccr:create", "needs-review")
	status, body := call(t, f, "DELETE", "repos/acme/infra/issues/1/labels/ccr:create", "")
	if status != 200 || strings.Contains(body, "ccr:create") || !strings.Contains(body, "needs-review") {
		t.Errorf("remove = %d %s, want 200 with the remaining label", status, body)
	}
	status, body = call(t, f, "DELETE", "repos/acme/infra/issues/1/labels/ccr:create", "")
	if status != 404 || !strings.Contains(body, "Label does not exist") {
		t.Errorf("second remove = %d %s, want 404 Label does not exist", status, body)
	}
}

func TestLabelWritesRefusedWithoutPermission(t *testing.T) {
	cases := map[string]struct {
		set     func(*githubfake.Fake)
		refused []string // "METHOD path" answered 403
		allowed []string
	}{
		"create forbidden (triage role)": {
			set:     func(f *githubfake.Fake) { f.SetLabelCreateForbidden(true) },
			refused: []string{"POST repos/acme/infra/labels"},
			allowed: []string{"POST repos/acme/infra/issues/1/labels", "DELETE repos/acme/infra/issues/1/labels/old"},
		},
		"read-only token": {
			set: func(f *githubfake.Fake) { f.SetReadOnly(true) },
			refused: []string{"POST repos/acme/infra/labels", "POST repos/acme/infra/issues/1/labels",
				"DELETE repos/acme/infra/issues/1/labels/old"},
			allowed: []string{"GET repos/acme/infra/issues/1/labels", "GET repos/acme/infra/labels/old"},
		},
	}
	bodies := map[string]string{"POST repos/acme/infra/labels": `{"name":"n","color":"ffffff"}`,
		"POST repos/acme/infra/issues/1/labels": `["old"]`}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			f := githubfake.New()
			defer f.Close()
			pr := f.AddPullRequest("main", false)
			f.LabelIssue(pr, "old")
			c.set(f)
			for _, r := range c.refused {
				method, path, _ := strings.Cut(r, " ")
				status, body := call(t, f, method, path, bodies[r])
				if status != 403 || !strings.Contains(body, "Resource not accessible by integration") {
					t.Errorf("%s = %d %s, want 403", r, status, body)
				}
			}
			for _, r := range c.allowed {
				method, path, _ := strings.Cut(r, " ")
				if status, body := call(t, f, method, path, bodies[r]); status != 200 {
					t.Errorf("%s = %d %s, want 200", r, status, body)
				}
			}
		})
	}
}

func TestIssueLabelsArePaginated(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	pr := f.AddPullRequest("main", false)
	f.LabelIssue(pr, "a", "b", "c")
	f.SetPageSize(2)
	resp := get(t, f.URL()+"repos/acme/infra/issues/1/labels?per_page=100", githubfake.Token)
	var page []map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		t.Fatal(err)
	}
	if len(page) != 2 || !strings.Contains(resp.Header.Get("Link"), `page=2&per_page=2>; rel="next"`) {
		t.Errorf("page 1 = %v, Link %q: want 2 labels and a next page", page, resp.Header.Get("Link"))
	}
}

func TestRaceLabelCreate(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	f.RaceLabelCreate("ccr:create", "123456")
	status, body := call(t, f, "POST", "repos/acme/infra/labels", `{"name":"ccr:create","color":"1d76db"}`)
	if status != 422 || !strings.Contains(body, "already_exists") {
		t.Fatalf("create during a race = %d %s, want 422 already_exists", status, body)
	}
	if l := f.RepoLabels(); len(l) != 1 || l[0].Color != "123456" {
		t.Errorf("repository labels = %+v, want the other client's", l)
	}
}

func TestRaceLabelRemove(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	pr := f.AddPullRequest("main", false)
	f.LabelIssue(pr, "ccr:create", "keep")
	f.RaceLabelRemove(pr, "ccr:create")
	if status, body := call(t, f, "DELETE", "repos/acme/infra/issues/1/labels/ccr:create", ""); status != 404 {
		t.Fatalf("remove during a race = %d %s, want 404", status, body)
	}
	if got := f.IssueLabels(pr); len(got) != 1 || got[0] != "keep" {
		t.Errorf("labels = %v, want only keep", got)
	}
}
