package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
)

func TestExitCodeFor(t *testing.T) {
	cases := []struct {
		err  error
		want ExitCode
	}{
		{nil, ExitOK},
		{errors.New("boom"), ExitError},
		{silentExit(ExitChanges), ExitChanges},
		{fmt.Errorf("wrapped: %w", silentExit(ExitPartial)), ExitPartial},
		{withExit(ExitError, errors.New("x")), ExitError},
	}
	for _, tc := range cases {
		if got := exitCodeFor(tc.err); got != tc.want {
			t.Errorf("exitCodeFor(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}

func TestColorEnabled(t *testing.T) {
	cases := []struct {
		env  map[string]string
		tty  bool
		want bool
	}{
		{nil, true, true},
		{nil, false, false},
		{map[string]string{"NO_COLOR": "1"}, true, false},
		{map[string]string{"CLICOLOR": "0"}, true, false},
		{map[string]string{"CLICOLOR_FORCE": "1"}, false, true},
		{map[string]string{"CLICOLOR_FORCE": "1", "NO_COLOR": "1"}, true, false},
	}
	for _, tc := range cases {
		io, _, _ := Test(tc.env)
		if got := io.ColorEnabled(tc.tty); got != tc.want {
			t.Errorf("ColorEnabled(tty=%v) with %v = %v, want %v", tc.tty, tc.env, got, tc.want)
		}
	}
}

func TestMaskHidesEverySecret(t *testing.T) {
	io, _, _ := Test(map[string]string{"AIVEN_TOKEN": "aiven-secret-1", "GITHUB_TOKEN": "ghs_secret2", "NO_COLOR": "x"})
	got := mask(io, "token aiven-secret-1 and ghs_secret2 and aiven-secret-1")
	if got != "token *** and *** and ***" {
		t.Fatalf("mask = %q", got)
	}
	short, _, _ := Test(map[string]string{"AIVEN_TOKEN": "ab"})
	if got := mask(short, "a tab"); got != "a tab" {
		t.Fatalf("a trivially short secret must not shred output, got %q", got)
	}
}

func TestAivenConfigFromEnv(t *testing.T) {
	io, _, _ := Test(map[string]string{
		"AIVEN_TOKEN": "t0ken", "AIVEN_WEB_URL": "http://127.0.0.1:1",
		"AIVEN_CLIENT_RETRY_MAX": "0", "AIVEN_CLIENT_RETRY_WAIT_MIN": "20ms", "AIVEN_CLIENT_RETRY_WAIT_MAX": "1s",
	})
	cfg, err := aivenConfig(io, networkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Token != "t0ken" || cfg.URL != "http://127.0.0.1:1" || cfg.RetryMax != -1 ||
		cfg.RetryWaitMin != 20*time.Millisecond || cfg.RetryWaitMax != time.Second {
		t.Fatalf("config = %+v", cfg)
	}
	// Creates are sent once by the client and retried by apply: the
	// first wait between tries is the same knob's.
	if got := applyRetryBase(io); got != 20*time.Millisecond {
		t.Errorf("apply's retry base = %v, want AIVEN_CLIENT_RETRY_WAIT_MIN's 20ms", got)
	}
	if unset, _, _ := Test(nil); applyRetryBase(unset) != 0 {
		t.Error("apply's retry base is set without AIVEN_CLIENT_RETRY_WAIT_MIN")
	}
	for k, v := range map[string]string{"AIVEN_CLIENT_RETRY_MAX": "many", "AIVEN_CLIENT_RETRY_WAIT_MIN": "-1s"} {
		bad, _, _ := Test(map[string]string{k: v})
		if _, err := aivenConfig(bad, networkOptions{}); err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("%s=%s: want an error naming the variable, got %v", k, v, err)
		}
	}
}

// run executes ccr with args and env, returning exit code, stdout and stderr.
func run(env map[string]string, args ...string) (int, string, string) {
	io, out, errOut := Test(env)
	code := Main(args, io)
	return code, out.String(), errOut.String()
}

func TestFlagErrorsExitOneWithoutCallingAiven(t *testing.T) {
	cases := [][]string{
		{"plan", "--format", "yaml"},
		{"apply", "--format", "markdown"},
		{"apply", "--parallelism", "0", "--auto-approve"},
		{"apply", "plan.json", "-f", "ccr.yaml"},
		{"plan", "a.yaml", "b.yaml"},
		{"plan", "a.yaml", "-f", "b.yaml"},
		{"bogus"},
	}
	for _, args := range cases {
		// No AIVEN_WEB_URL: a request would go to the real API and fail
		// differently; each case must stop at the flags.
		code, out, errOut := run(map[string]string{"AIVEN_TOKEN": "t0ken"}, args...)
		if code != int(ExitError) || out != "" || !strings.HasPrefix(errOut, "Error: ") {
			t.Errorf("ccr %v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}

func TestApplyRefusesPullRequestEvents(t *testing.T) {
	for _, ev := range []string{"pull_request", "pull_request_target"} {
		code, _, errOut := run(map[string]string{"GITHUB_EVENT_NAME": ev, "AIVEN_TOKEN": "t0ken"}, "apply", "--auto-approve")
		if code != 1 || !strings.Contains(errOut, "does not run for "+ev+" events") {
			t.Errorf("%s: exit %d, stderr %q", ev, code, errOut)
		}
	}
}

func TestErrorsAreMasked(t *testing.T) {
	// The token leaks into an error only through a hostile URL; the mask
	// must still hold on the way out.
	code, _, errOut := run(map[string]string{"AIVEN_TOKEN": "s3cr3t-token"}, "plan", "--format", "s3cr3t-token")
	if code != 1 || strings.Contains(errOut, "s3cr3t-token") || !strings.Contains(errOut, "***") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestApplyMarkdown(t *testing.T) {
	// orders-us joins orders-eu, which exists and is RUNNING.
	p := &plan.Plan{
		Changes: []plan.Change{
			{Project: "acme", Service: "orders-eu", Action: plan.NoOp, Live: &plan.LiveService{State: plan.StateRunning}},
			{Project: "acme", Service: "orders-us", Action: plan.Create, JoinWith: "orders-eu", DependsOn: "orders-eu"},
		},
		NextSteps: []plan.NextStep{{Project: "acme", Service: "orders-eu", Keyspace: "orders",
			CQL: "ALTER KEYSPACE orders WITH replication = {};"}},
	}
	done := &apply.Result{Services: []apply.ServiceResult{
		{Project: "acme", Service: "orders-us", Cloud: "aws-us-east-1", Outcome: apply.Created, State: "RUNNING", Running: true},
	}}
	md := applyMarkdown("ccr.yaml", p, done)
	for _, want := range []string{
		"### ✅ ccr apply · `ccr.yaml` · Apply complete: 1 created, 0 already present, 0 failed.",
		"| ✅ | `acme` | `orders-us` | `aws-us-east-1` | created | `RUNNING` |",
		"```sql\nALTER KEYSPACE orders",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	failed := &apply.Result{Services: []apply.ServiceResult{
		{Project: "acme", Service: "orders-us", Outcome: apply.Failed, Error: "bad | pipe\nand newline"},
	}}
	md = applyMarkdown("ccr.yaml", p, failed)
	if !strings.Contains(md, "### ❌") || !strings.Contains(md, `bad \| pipe and newline`) || strings.Contains(md, "ALTER") {
		t.Errorf("failed apply markdown:\n%s", md)
	}
}

func TestRefusalAndFailureMarkdownKeepFencesClosed(t *testing.T) {
	p := &plan.Plan{Conflicts: []plan.Conflict{{Position: "ccr.yaml:3:5", Message: "nope ~~~ sneaky"}}}
	for _, md := range []string{
		refusalMarkdown("ccr.yaml", p, "apply refused"),
		failureMarkdown("ccr.yaml", "invalid file", []string{"ccr.yaml:1:1: x ~~~ y"}),
	} {
		if n := strings.Count(md, "~~~"); n != 2 {
			t.Errorf("want exactly one fence pair, got %d markers:\n%s", n, md)
		}
	}
}

// A --comment run outside GitHub Actions and without AIVEN_TOKEN (a
// Dependabot pull request gets no secrets) validates, says why, and exits 0:
// never a crash whose exit status could read as "changes".
func TestPlanCommentWithoutGitHubOrToken(t *testing.T) {
	dir := t.TempDir()
	file := dir + "/ccr.yaml"
	spec := "version: 1\nprojects:\n  - project: acme\n    pairs:\n      - services:\n" +
		"          - {name: orders-eu, cloud: google-europe-west1}\n          - {name: orders-us, cloud: aws-us-east-1}\n        plan: startup-4\n"
	if err := os.WriteFile(file, []byte(spec), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(nil, "plan", "--comment", "-f", file)
	if code != 0 || out != "" || !strings.Contains(errOut, "Notice: AIVEN_TOKEN is not set") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
