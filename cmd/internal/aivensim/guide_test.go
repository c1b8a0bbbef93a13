package aivensim_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// guideCreate is the body of one of the CCR guide's creates.
func guideCreate(name, cloud, dc, join string) string {
	uc := `{"cassandra":{"datacenter":"` + dc + `"}}`
	if join != "" {
		uc = `{"cassandra":{"datacenter":"` + dc + `"},"service_to_join_with":"` + join + `"}`
	}
	return `{"service_name":"` + name + `","service_type":"cassandra","cloud":"` + cloud +
		`","plan":"startup-4","user_config":` + uc + `}`
}

// TestCCRGuideFlow follows Aiven's CCR guide over plain net/http: create
// service-1, create service-2 joined to it at once, wait; both become
// RUNNING after one provisioning time, and they are a pair.
func TestCCRGuideFlow(t *testing.T) {
	h := newHarness(t, aivensim.Options{ProvisionDelay: 10 * time.Minute})
	for _, c := range []struct{ name, cloud, dc, join string }{
		{"service-1", "google-europe-west1", "dc1", ""},
		{"service-2", "aws-us-east-1", "dc2", "service-1"},
	} {
		if status, body := h.raw(t, "POST", "/v1/project/p2/service", guideCreate(c.name, c.cloud, c.dc, c.join)); status != 200 ||
			!strings.Contains(string(body), `"state":"REBUILDING"`) {
			t.Fatalf("create %s: %d %s", c.name, status, body)
		}
	}
	state := func(name string) string {
		body := string(h.get(t, "/v1/project/p2/service/"+name, "aivenv1 "+testToken))
		for _, s := range []string{"REBUILDING", "RUNNING"} {
			if strings.Contains(body, `"state":"`+s+`"`) {
				return s
			}
		}
		return body
	}
	h.clock.Advance(10*time.Minute - time.Second)
	if s1, s2 := state("service-1"), state("service-2"); s1 != "REBUILDING" || s2 != "REBUILDING" {
		t.Fatalf("before one provisioning time: %s, %s", s1, s2)
	}
	h.clock.Advance(time.Second)
	if s1, s2 := state("service-1"), state("service-2"); s1 != "RUNNING" || s2 != "RUNNING" {
		t.Fatalf("after one provisioning time: %s, %s; want both RUNNING", s1, s2)
	}
	status, got := h.do(t, "POST", "/v1/project/p2/service", guideCreate("service-3", "azure-westeurope", "dc3", "service-1"))
	if status != http.StatusBadRequest || !strings.Contains(got.Message, `already in a cross-cluster replication pair with "service-2"`) {
		t.Fatalf("a third service joining service-1: %d %q", status, got.Message)
	}
}

// runGuide runs examples/ccr-guide.sh, the same flow with curl, against an
// aiven-sim started with simArgs, and returns what it printed.
func runGuide(t *testing.T, simArgs ...string) (string, error) {
	t.Helper()
	needTools(t, "bash", "curl")
	seed := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(seed, []byte(`{"projects": [{"project": "guide"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startMain(t, append([]string{"--seed", seed}, simArgs...)...)
	return runScript(t, "ccr-guide.sh", s.url)
}

func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not available: %v", tool, err)
		}
	}
}

// runScript runs examples/NAME against the emulator at url, project
// "guide", polling without pause (the emulator's clock decides), within a
// minute of wall time.
func runScript(t *testing.T, name, url string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", filepath.Join("..", "..", "..", "examples", name))
	cmd.Env = append(os.Environ(), "AIVEN_WEB_URL="+url, "AIVEN_TOKEN="+testToken, "PROJECT=guide",
		"WAIT_SECONDS=50", "POLL_SECONDS=0.01")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// steppedSim serves an emulator whose clock moves forward by step on every
// API request and never on its own, so a script that polls sees the same
// states at the same requests however busy the machine is.
func steppedSim(t *testing.T, opts aivensim.Options, step time.Duration) string {
	t.Helper()
	clock := newClock()
	opts.Token, opts.Clock = testToken, clock.Now
	srv := aivensim.New(opts)
	if err := srv.AddProject(aivensim.ProjectSeed{Project: "guide"}); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		clock.Advance(step)
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	return hs.URL
}

// TestCCRGuideScript: the guide's creates are 10 minutes of emulator time
// apart, so service-1 is still REBUILDING (1 hour) when service-2 joins.
func TestCCRGuideScript(t *testing.T) {
	needTools(t, "bash", "curl")
	out, err := runScript(t, "ccr-guide.sh", steppedSim(t, aivensim.Options{ProvisionDelay: time.Hour}, 10*time.Minute))
	want := "created service-1: REBUILDING\n" +
		"created service-2 joined to service-1: REBUILDING\n" +
		"service-1 meanwhile: REBUILDING\n" +
		"both RUNNING\n" +
		"paired: service-2 joined service-1, which takes no other peer\n"
	if err != nil || out != want {
		t.Fatalf("ccr-guide.sh: %v, printed:\n%s\nwant:\n%s", err, out, want)
	}
}

// TestCCRGuideScriptUnderJoinRequiresRunning: with the stricter rule, the
// guide's second create is refused with the stable phrase.
func TestCCRGuideScriptUnderJoinRequiresRunning(t *testing.T) {
	out, err := runGuide(t, "--provision-delay", "1h", "--join-requires-running")
	if err == nil || !strings.Contains(out, "FAIL: create service-2 joined to service-1:") ||
		!strings.Contains(out, `Service to join with \"service-1\" is not running yet (state REBUILDING)`) {
		t.Fatalf("ccr-guide.sh under --join-requires-running: %v\n%s", err, out)
	}
}
