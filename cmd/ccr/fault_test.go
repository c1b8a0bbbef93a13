package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The fault suite runs the real ccr and aiven-sim binaries (put on PATH by
// testscript.Main in TestMain) against testdata/fault: faults injected by
// the emulator, an apply killed with SIGKILL, two applies at once. Every
// scenario ends with exactly the intended services, each created once, with
// the right join target and datacenter.

// faultToken is distinctive so that the suite can prove ccr never prints it.
const faultToken = "fault-secret-token-4b8e2a"

// faultSeeds are the seeds each scenario runs with; -short keeps the first.
var faultSeeds = []uint64{1, 2, 3}

// maxRuns bounds the applies a scenario may need to converge.
const maxRuns = 4

// wantService is what one service must look like once the file is applied.
type wantService struct {
	project, name, join, datacenter string
	seeded                          bool // exists before apply: never created
}

// wantServices is testdata/fault/ccr.yaml applied to testdata/fault/seed.json,
// the unmanaged pg service included.
var wantServices = []wantService{
	{"acme-prod", "orders-eu", "", "orders-eu", false},
	{"acme-prod", "orders-us", "orders-eu", "orders-us", false},
	{"acme-prod", "users-eu", "", "eu", false},
	{"acme-prod", "users-us", "users-eu", "us", false},
	{"acme-prod", "billing-eu", "", "billing-eu", true},
	{"acme-prod", "billing-ap", "billing-eu", "billing-ap", false},
	{"acme-prod", "search-eu", "", "search-eu", true},
	{"acme-prod", "search-us", "search-eu", "search-dc2", false},
	{"acme-prod", "billing-db", "", "", true},
	{"acme-dr", "ledger-a", "", "ledger-a", false},
	{"acme-dr", "ledger-b", "ledger-a", "ledger-b", false},
}

func seeds(t *testing.T) []uint64 {
	if testing.Short() {
		return faultSeeds[:1]
	}
	return faultSeeds
}

func TestFaultsConverge(t *testing.T) {
	faults := []struct{ name, flags string }{
		{"5xx", "--fault-5xx 0.2"},
		{"429", "--fault-429 0.1"},
		{"drop", "--fault-drop-after-commit 0.3"},
		{"all", "--fault-5xx 0.2 --fault-429 0.1 --fault-drop-after-commit 0.3"},
	}
	for _, f := range faults {
		for _, seed := range seeds(t) {
			t.Run(fmt.Sprintf("%s/seed=%d", f.name, seed), func(t *testing.T) {
				t.Parallel()
				sim := startFaultSim(t, append(strings.Fields(f.flags), "--fault-seed", fmt.Sprint(seed))...)
				runs := applyUntilDone(t, sim, 0)
				t.Logf("converged after %d apply runs", runs)
				sim.checkConverged(t)
			})
		}
	}
}

// TestKilledApplyConverges kills an apply at a seeded random moment (before,
// during or after a create, while retrying one, while waiting) and re-runs
// it.
func TestKilledApplyConverges(t *testing.T) {
	for _, seed := range seeds(t) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(seed, 0x5eed))
			// A longer provision delay leaves room to kill while waiting;
			// lost responses leave room to kill while a create that may
			// have been committed is being retried.
			sim := startFaultSim(t, "--provision-delay", "2s",
				"--fault-drop-after-commit", "0.3", "--fault-seed", fmt.Sprint(seed))
			after := time.Duration(rng.Int64N(int64(3 * time.Second)))
			cmd, out := sim.apply()
			if err := cmd.Start(); err != nil {
				t.Fatalf("start ccr: %v", err)
			}
			time.Sleep(after)
			_ = cmd.Process.Kill() // SIGKILL: nothing is cleaned up
			_ = cmd.Wait()
			t.Logf("killed after %v; output so far:\n%s", after, out)
			runs := applyUntilDone(t, sim, 1)
			t.Logf("converged after %d apply runs, the killed one included", runs)
			sim.checkConverged(t)
		})
	}
}

// TestConcurrentApplies starts two applies of the same file, the second
// after a seeded delay, and expects both to succeed: each create the other
// made first meets "already in use" and is recognised as intended.
func TestConcurrentApplies(t *testing.T) {
	for _, seed := range seeds(t) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(seed, 0xc0c0))
			sim := startFaultSim(t)
			first, out1 := sim.apply()
			second, out2 := sim.apply()
			if err := first.Start(); err != nil {
				t.Fatalf("start first ccr: %v", err)
			}
			time.Sleep(time.Duration(rng.Int64N(int64(300 * time.Millisecond))))
			if err := second.Start(); err != nil {
				t.Fatalf("start second ccr: %v", err)
			}
			for i, run := range []struct {
				cmd *exec.Cmd
				out *bytes.Buffer
			}{{first, out1}, {second, out2}} {
				if err := run.cmd.Wait(); err != nil {
					t.Errorf("apply %d: %v\n%s", i+1, err, run.out)
				}
				checkNoToken(t, run.out.String())
			}
			sim.checkRunning(t)
			sim.checkConverged(t)
		})
	}
}

// TestConcurrentAppliesCountEachServiceOnce starts two applies at once, with
// --format json, against an API that loses a share of its answers to
// creates (the 409 a loser meets included). Between them the two results
// must count each service the emulator created exactly once: at most one
// run says created (the one whose create the API answered), and a service
// neither claims was made by a create whose answer was lost, which a run
// reports as maybe created by it. Counting a 409 after a lost answer as
// this run's creation made both runs claim one service: 36 created for 24.
func TestConcurrentAppliesCountEachServiceOnce(t *testing.T) {
	for _, seed := range seeds(t) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			t.Parallel()
			sim := startFaultSim(t, "--fault-drop-after-commit", "0.3", "--fault-seed", fmt.Sprint(seed))
			var runs [2]struct {
				cmd      *exec.Cmd
				out, err *bytes.Buffer
			}
			for i := range runs {
				runs[i].cmd, runs[i].out, runs[i].err = sim.applyJSON()
				if err := runs[i].cmd.Start(); err != nil {
					t.Fatalf("start ccr: %v", err)
				}
			}
			created, maybe := map[string]int{}, map[string]int{}
			for i, run := range runs {
				_ = run.cmd.Wait() // a run may end incomplete; its counts must still be true
				checkNoToken(t, run.out.String()+run.err.String())
				var res struct {
					Summary struct {
						Created      int
						MaybeCreated int `json:"maybe_created"`
					}
					Services []struct {
						Project, Service, Outcome string
						MaybeCreated              bool `json:"maybe_created"`
					}
				}
				if err := json.Unmarshal(run.out.Bytes(), &res); err != nil {
					t.Fatalf("apply %d: %v\n%s\n%s", i+1, err, run.out, run.err)
				}
				n := 0
				for _, s := range res.Services {
					k := s.Project + "/" + s.Service
					if s.Outcome == "created" {
						created[k]++
						n++
					}
					if s.MaybeCreated {
						maybe[k]++
					}
				}
				if n != res.Summary.Created {
					t.Errorf("apply %d: summary.created %d, services created %d", i+1, res.Summary.Created, n)
				}
			}
			var stats struct{ Creates map[string]int }
			sim.get(t, "/_sim/stats", &stats)
			unclaimed := 0
			for k := range stats.Creates {
				switch {
				case created[k] > 1:
					t.Errorf("%s: both runs count it created", k)
				case created[k] == 0 && maybe[k] == 0:
					t.Errorf("%s: the emulator created it, and neither run says it did or may have", k)
				case created[k] == 0:
					unclaimed++
				}
			}
			total := 0
			for k, n := range created {
				total += n
				if stats.Creates[k] == 0 {
					t.Errorf("%s: counted created, the emulator never created it", k)
				}
			}
			t.Logf("%d services created: %d counted created by one run, %d only maybe created (answer lost)",
				len(stats.Creates), total, unclaimed)
			if total+unclaimed != len(stats.Creates) {
				t.Errorf("the runs count %d created and %d maybe created, for %d services created",
					total, unclaimed, len(stats.Creates))
			}
			sim.checkConverged(t)
		})
	}
}

// faultSim is an aiven-sim process seeded with testdata/fault/seed.json.
type faultSim struct {
	url  string
	file string // the ccr file, absolute
}

// startFaultSim starts aiven-sim on a free loopback port with a 1s provision
// delay and extra flags (a later --provision-delay wins), and stops it when
// the test ends.
func startFaultSim(t *testing.T, flags ...string) *faultSim {
	t.Helper()
	path, err := exec.LookPath("aiven-sim")
	if err != nil {
		t.Fatalf("aiven-sim is not on PATH (TestMain puts it there): %v", err)
	}
	dir, err := filepath.Abs("testdata/fault")
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"--addr", "127.0.0.1:0", "--token", faultToken,
		"--seed", filepath.Join(dir, "seed.json"), "--provision-delay", "1s"}, flags...)
	cmd := exec.Command(path, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start aiven-sim: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	line, err := readFirstLine(stdout, simStartLimit)
	url, ok := strings.CutPrefix(line, "listening on ")
	if err != nil || !ok {
		t.Fatalf("aiven-sim did not start: %q, %v", line, err)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return &faultSim{url: url, file: filepath.Join(dir, "ccr.yaml")}
}

// apply prepares "ccr apply --auto-approve" against the emulator, with an
// environment of its own (no GITHUB_*), and returns its combined output. The
// client's retry waits are shortened through the official client's own
// AIVEN_CLIENT_RETRY_* knobs: the faults are the same, the suite is faster.
func (s *faultSim) apply() (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.Command("ccr", "apply", "-f", s.file, "--auto-approve", "--poll-interval", "50ms")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "NO_COLOR=1",
		"AIVEN_WEB_URL=" + s.url, "AIVEN_TOKEN=" + faultToken,
		"AIVEN_CLIENT_RETRY_WAIT_MIN=20ms", "AIVEN_CLIENT_RETRY_WAIT_MAX=200ms"}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd, &out
}

// applyJSON is apply with --format json: the result document on stdout,
// progress on stderr.
func (s *faultSim) applyJSON() (cmd *exec.Cmd, stdout, stderr *bytes.Buffer) {
	cmd, _ = s.apply()
	cmd.Args = append(cmd.Args, "--format", "json")
	stdout, stderr = &bytes.Buffer{}, &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	return cmd, stdout, stderr
}

// applyUntilDone runs ccr apply until it exits 0, at most maxRuns times
// counting the prior runs a scenario made itself, and returns how many runs
// it took. Every run's output is checked for the
// token. Only a first run's exit 0 is held to "every service RUNNING": a
// re-run that finds nothing to create exits 0 without waiting for services
// an earlier run left provisioning (a known gap of ccr apply).
func applyUntilDone(t *testing.T, s *faultSim, prior int) int {
	t.Helper()
	for run := prior + 1; run <= maxRuns; run++ {
		// A hung apply ends here; a slow one on a busy machine must not.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		cmd, out := s.apply()
		start := time.Now()
		err := runWithContext(ctx, cmd)
		cancel()
		checkNoToken(t, out.String())
		if err == nil {
			t.Logf("run %d: exit 0 in %v", run, time.Since(start).Round(time.Millisecond))
			if run == 1 {
				s.checkRunning(t)
			}
			return run
		}
		t.Logf("run %d: %v in %v:\n%s", run, err, time.Since(start).Round(time.Millisecond), out)
	}
	t.Fatalf("ccr apply did not converge in %d runs", maxRuns)
	return maxRuns
}

func runWithContext(ctx context.Context, cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		_ = cmd.Process.Kill()
		<-done
		return ctx.Err()
	}
}

func checkNoToken(t *testing.T, output string) {
	t.Helper()
	if strings.Contains(output, faultToken) {
		t.Errorf("ccr printed the API token:\n%s", output)
	}
}

// checkConverged compares the emulator with wantServices: the same services
// in each project, each new one created exactly once, with its join target
// and its datacenter.
func (s *faultSim) checkConverged(t *testing.T) {
	t.Helper()
	var stats struct{ Creates map[string]int }
	s.get(t, "/_sim/stats", &stats)
	byProject := map[string][]string{}
	created := 0
	for _, w := range wantServices {
		byProject[w.project] = append(byProject[w.project], w.name)
		want := 1
		if w.seeded {
			want = 0
		}
		created += want
		if n := stats.Creates[w.project+"/"+w.name]; n != want {
			t.Errorf("%s/%s created %d times, want %d", w.project, w.name, n, want)
		}
		s.checkService(t, w)
	}
	if len(stats.Creates) != created {
		t.Errorf("creates = %v, want exactly the %d new services", stats.Creates, created)
	}
	for project, want := range byProject {
		var list struct {
			Services []struct {
				ServiceName string `json:"service_name"`
			}
		}
		s.get(t, "/v1/project/"+project+"/service", &list)
		var got []string
		for _, sv := range list.Services {
			got = append(got, sv.ServiceName)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("project %s has services %v, want %v", project, got, want)
		}
	}
}

// serviceOut is the part of the API's service object the suite checks.
type serviceOut struct {
	State      string `json:"state"`
	UserConfig struct {
		Join      string `json:"service_to_join_with"`
		Cassandra struct {
			Datacenter string `json:"datacenter"`
		} `json:"cassandra"`
	} `json:"user_config"`
}

func (s *faultSim) service(t *testing.T, w wantService) serviceOut {
	t.Helper()
	var out struct{ Service serviceOut }
	s.get(t, "/v1/project/"+w.project+"/service/"+w.name, &out)
	return out.Service
}

func (s *faultSim) checkService(t *testing.T, w wantService) {
	t.Helper()
	sv := s.service(t, w)
	if sv.UserConfig.Join != w.join || sv.UserConfig.Cassandra.Datacenter != w.datacenter {
		t.Errorf("%s/%s: join %q, datacenter %q; want join %q, datacenter %q",
			w.project, w.name, sv.UserConfig.Join, sv.UserConfig.Cassandra.Datacenter, w.join, w.datacenter)
	}
}

// checkRunning checks what exit status 0 promises: every declared service
// is RUNNING.
func (s *faultSim) checkRunning(t *testing.T) {
	t.Helper()
	for _, w := range wantServices {
		if w.name == "billing-db" {
			continue // unmanaged
		}
		if state := s.service(t, w).State; state != "RUNNING" {
			t.Errorf("ccr apply exited 0 while %s/%s is %s", w.project, w.name, state)
		}
	}
}

// get decodes GET path into v. Injected 5xx and 429 answer the suite's own
// reads too, so they are retried.
func (s *faultSim) get(t *testing.T, path string, v any) {
	t.Helper()
	var err error
	for range 50 {
		if err = s.tryGet(path, v); err == nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("GET %s: %v", path, err)
}

var errRetry = errors.New("injected fault")

func (s *faultSim) tryGet(path string, v any) error {
	req, err := http.NewRequest(http.MethodGet, s.url+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "aivenv1 "+faultToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return fmt.Errorf("%w: %s", errRetry, resp.Status)
	case resp.StatusCode != http.StatusOK:
		body, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("%s: %s", resp.Status, body)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}
