package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/plan/adopt"
	"github.com/ccr-dev/ccr/schema"
)

var importSeed = flag.Uint64("import.seed", 1, "seed of the live states TestImportThenPlanShowsNoChanges generates")

// TestImportThenPlanShowsNoChanges is the guarantee of ccr import, checked
// over generated live states against aiven-sim: for each state, the file
// import writes validates, declares exactly the pairs and replica groups
// the state holds with exactly the fields it can, and `ccr plan` on it (the
// real adapter and plan.Compute) creates, links and switches over nothing,
// blocks nothing, has no conflict and reports drift only for services that
// are not RUNNING.
func TestImportThenPlanShowsNoChanges(t *testing.T) {
	n := 200
	if testing.Short() {
		n = 40
	}
	rng := rand.New(rand.NewPCG(*importSeed, 13))
	states := make([]genState, n)
	for i := range states {
		states[i] = generate(rng, i)
	}
	start := time.Now()
	var pairs, groups, empty atomic.Int64
	// Workers share the states by index; each state has its own emulator,
	// so the order they run in cannot change an outcome.
	t.Run("states", func(t *testing.T) {
		for w := range importWorkers {
			t.Run(fmt.Sprint(w), func(t *testing.T) {
				t.Parallel()
				for i := w; i < n && !t.Failed(); i += importWorkers {
					k, n := checkImport(t, i, states[i])
					pairs.Add(int64(k))
					groups.Add(int64(n))
					if k+n == 0 {
						empty.Add(1)
					}
				}
			})
		}
	})
	if t.Failed() {
		t.Fatalf("rerun with -import.seed %d -v to see the failing state", *importSeed)
	}
	t.Logf("tried %d generated live states (seed %d, %d pairs, %d replica groups, %d states with neither) in %s",
		n, *importSeed, pairs.Load(), groups.Load(), empty.Load(), time.Since(start).Round(time.Millisecond))
}

// importWorkers run states at once: each state waits on loopback round
// trips, so a few more workers than cores keep the cores busy.
const importWorkers = 4

// checkImport runs import, then plan, for one state and returns the number
// of pairs and groups imported.
func checkImport(t *testing.T, i int, st genState) (int, int) {
	t.Helper()
	sim := aivensim.New(aivensim.Options{Token: "sim-secret-token"})
	if err := sim.Seed(st.seed); err != nil {
		t.Fatalf("state %d: seed: %v", i, err)
	}
	hs := httptest.NewServer(sim)
	defer hs.Close()
	env := map[string]string{"AIVEN_TOKEN": "sim-secret-token", "AIVEN_WEB_URL": hs.URL,
		"AIVEN_CLIENT_RETRY_MAX": "0", "SOURCE_DATE_EPOCH": "1767225600"}
	args := []string{"import"}
	for _, p := range st.projects {
		args = append(args, "--project", p)
	}
	code, out, errOut := run(env, args...)
	want, wantGroups := 0, 0
	for _, ps := range st.want {
		want += len(ps)
	}
	for _, gs := range st.groups {
		wantGroups += len(gs)
	}
	checkReport(t, i, st, env, args)
	if want+wantGroups == 0 {
		if code != 1 || !strings.Contains(errOut, "no CCR pair or replica group to import") || out != "" {
			t.Errorf("state %d has no pair or group: exit %d, stdout %q, stderr %q", i, code, out, errOut)
		}
		return 0, 0
	}
	if code != 0 {
		t.Fatalf("state %d: import exit %d\n%s", i, code, errOut)
	}
	spec, diags := schema.Load("imported.yaml", []byte(out))
	if len(diags) > 0 {
		t.Fatalf("state %d: the imported file does not validate: %v\n%s", i, diags, out)
	}
	checkDeclared(t, i, st, spec, out)
	checkPlan(t, i, st, env, out)
	if i%5 == 0 {
		checkMerge(t, i, st, env, args, spec)
	}
	return want, wantGroups
}

// checkMerge merges the import into a hand-written file that declares one
// of the pairs already: the file keeps its comments and its pair first,
// gains every other pair, and plans with no changes either.
func checkMerge(t *testing.T, i int, st genState, env map[string]string, args []string, imported *schema.Spec) {
	t.Helper()
	p := imported.Projects[0]
	if len(p.Pairs) == 0 {
		checkMergeGroups(t, i, st, env, args, imported)
		return
	}
	a, b := p.Pairs[0].Services[0], p.Pairs[0].Services[1]
	hand := fmt.Sprintf("# hand-written; keep this comment\nversion: 1\nprojects:\n  - project: %s   # mine\n"+
		"    pairs:\n      - services:\n          - {name: %s, cloud: %s}\n          - {name: %s, cloud: %s}\n",
		p.Name, b.Name, b.Cloud, a.Name, a.Cloud)
	path := filepath.Join(t.TempDir(), "ccr.yaml")
	if err := os.WriteFile(path, []byte(hand), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run(env, append(args, "--merge", path)...); code != 0 {
		t.Fatalf("state %d: import --merge exit %d\n%s", i, code, errOut)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	merged, diags := schema.Load("merged.yaml", data)
	if len(diags) > 0 {
		t.Fatalf("state %d: the merged file does not validate: %v\n%s", i, diags, data)
	}
	first := merged.Projects[0].Pairs[0].Services
	if !strings.HasPrefix(string(data), "# hand-written; keep this comment\n") || !strings.Contains(string(data), "# mine") ||
		first[0].Name != b.Name || first[1].Name != a.Name || pairCount(merged) != pairCount(imported) ||
		groupCount(merged) != groupCount(imported) {
		t.Errorf("state %d: merged file lost what it had or lacks pairs:\n%s", i, data)
	}
	checkPlan(t, i, st, env, string(data))
}

func pairCount(spec *schema.Spec) int {
	n := 0
	for _, p := range spec.Projects {
		n += len(p.Pairs)
	}
	return n
}

// checkDeclared compares the file with what the generator built.
func checkDeclared(t *testing.T, i int, st genState, spec *schema.Spec, out string) {
	t.Helper()
	var projects []string
	for _, p := range st.projects {
		if len(st.want[p])+len(st.groups[p]) > 0 {
			projects = append(projects, p)
		}
	}
	var got []string
	for _, p := range spec.Projects {
		got = append(got, p.Name)
	}
	if !slices.Equal(got, projects) {
		t.Fatalf("state %d: projects %v, want %v (the order given, those with pairs)", i, got, projects)
	}
	for _, p := range spec.Projects {
		want := st.want[p.Name]
		if len(p.Pairs) != len(want) {
			t.Fatalf("state %d: project %s has %d pairs, want %d\n%s", i, p.Name, len(p.Pairs), len(want), out)
		}
		for j, pair := range p.Pairs {
			checkPair(t, i, p.Name, pair, want[j])
		}
		groups := st.groups[p.Name]
		if len(p.Replicas) != len(groups) {
			t.Fatalf("state %d: project %s has %d replica groups, want %d\n%s", i, p.Name, len(p.Replicas), len(groups), out)
		}
		for j := range p.Replicas {
			checkGroup(t, i, p.Name, &p.Replicas[j], groups[j])
		}
	}
}

func checkPair(t *testing.T, i int, project string, got schema.Pair, w wantPair) {
	t.Helper()
	where := project + "/" + w.target
	if got.Services[0].Name != w.target || got.Services[1].Name != w.joiner {
		t.Errorf("state %d: %s: services %s, %s; want %s, then its joiner %s", i, where,
			got.Services[0].Name, got.Services[1].Name, w.target, w.joiner)
		return
	}
	if got.Plan != w.plan || got.DiskSpaceMB != w.disk {
		t.Errorf("state %d: %s: plan %q disk %d, want %q %d", i, where, got.Plan, got.DiskSpaceMB, w.plan, w.disk)
	}
	if tp := got.TerminationProtection != nil && *got.TerminationProtection; tp != w.protection {
		t.Errorf("state %d: %s: termination_protection %v, want %v", i, where, tp, w.protection)
	}
	if !maps.Equal(orEmpty(got.Tags), w.tags) {
		t.Errorf("state %d: %s: tags %q, want %q", i, where, got.Tags, w.tags)
	}
	for k, s := range got.Services {
		if s.ProjectVPCID != w.vpcs[k] {
			t.Errorf("state %d: %s: %s project_vpc_id %q, want %q", i, where, s.Name, s.ProjectVPCID, w.vpcs[k])
		}
		explicit := ""
		if s.DatacenterPos != (schema.Pos{}) {
			explicit = s.Datacenter
		}
		if w.datacenters[k] != "?" && explicit != w.datacenters[k] {
			t.Errorf("state %d: %s: %s datacenter %q, want %q", i, where, s.Name, explicit, w.datacenters[k])
		}
	}
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// checkPlan runs `ccr plan --format json` on the file and checks that it
// creates and blocks nothing, has no conflict, keeps every declared service,
// and that its only drift is the state of members that are not RUNNING.
func checkPlan(t *testing.T, i int, st genState, env map[string]string, file string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ccr.yaml")
	if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(env, "plan", "-f", path, "--format", "json")
	if code != 0 {
		t.Fatalf("state %d: plan exit %d\n%s\n%s", i, code, errOut, file)
	}
	p, err := plan.Decode([]byte(out))
	if err != nil {
		t.Fatalf("state %d: decode plan: %v", i, err)
	}
	var wantDrift []string
	declared := 0
	for _, project := range st.projects {
		for _, w := range st.want[project] {
			declared += 2
			for k, name := range []string{w.target, w.joiner} {
				if w.states[k] != plan.StateRunning {
					wantDrift = append(wantDrift, project+"/"+name+" state "+w.states[k])
				}
			}
		}
		for _, w := range st.groups[project] {
			for _, name := range append([]string{w.primary}, w.members...) {
				declared++
				if w.states[name] != plan.StateRunning {
					wantDrift = append(wantDrift, project+"/"+name+" state "+w.states[name])
				}
			}
		}
	}
	var gotDrift []string
	for _, d := range p.Drift {
		gotDrift = append(gotDrift, d.Project+"/"+d.Service+" "+d.Field+" "+d.Got)
	}
	slices.Sort(wantDrift)
	slices.Sort(gotDrift)
	s := p.Summary
	if p.HasChanges() || s.Blocked != 0 || s.Conflicts != 0 || s.Unchanged != declared {
		t.Errorf("state %d: plan summary %+v, want %d unchanged and nothing else\nconflicts: %+v\n%s",
			i, s, declared, p.Conflicts, file)
	}
	if !slices.Equal(gotDrift, wantDrift) {
		t.Errorf("state %d: drift %q, want %q\n%s", i, gotDrift, wantDrift, file)
	}
}

// checkReport runs the same import with --format json and checks that it
// reports what the generator built: the pairs, the unpaired services and
// the services of broken groups.
func checkReport(t *testing.T, i int, st genState, env map[string]string, args []string) {
	t.Helper()
	code, out, errOut := run(env, append(args, "--format", "json")...)
	if code != 0 {
		t.Fatalf("state %d: import --format json exit %d\n%s", i, code, errOut)
	}
	var rep struct {
		FormatVersion string `json:"format_version"`
		Projects      []struct {
			Project  string `json:"project"`
			Pairs    []struct{ Services []struct{ Name string } }
			Groups   []struct{ Primary struct{ Name string } }
			Unpaired []struct{ Name string }
			Broken   []struct{ Services []string }
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.FormatVersion != adopt.FormatVersion {
		t.Fatalf("state %d: report format_version %q, err %v", i, rep.FormatVersion, err)
	}
	for k, p := range rep.Projects {
		if p.Project != st.projects[k] {
			t.Errorf("state %d: report project %d is %s, want %s", i, k, p.Project, st.projects[k])
		}
		var unpaired, broken []string
		for _, u := range p.Unpaired {
			unpaired = append(unpaired, u.Name)
		}
		for _, b := range p.Broken {
			broken = append(broken, b.Services...)
		}
		if len(p.Pairs) != len(st.want[p.Project]) || len(p.Groups) != len(st.groups[p.Project]) ||
			!sameSet(unpaired, st.unpaired[p.Project]) || !sameSet(broken, st.broken[p.Project]) {
			t.Errorf("state %d: %s: report has %d pairs, %d groups, unpaired %v, broken %v; want %d, %d, %v, %v", i,
				p.Project, len(p.Pairs), len(p.Groups), unpaired, broken, len(st.want[p.Project]),
				len(st.groups[p.Project]), st.unpaired[p.Project], st.broken[p.Project])
		}
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
