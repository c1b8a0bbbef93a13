package cli

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/schema"
)

// checkGroup compares a replica group of the imported file with what the
// generator built.
func checkGroup(t *testing.T, i int, project string, got *schema.Group, w wantGroup) {
	t.Helper()
	where := project + "/" + w.primary
	p := got.Primary
	if p.Name != w.primary || p.Type != w.typ || p.Version != w.version {
		t.Errorf("state %d: %s: primary %s %s version %q; want %s %s version %q", i, where, p.Name, p.Type, p.Version,
			w.primary, w.typ, w.version)
	}
	var names []string
	for _, m := range got.Members {
		names = append(names, m.Name)
		if m.Kind != w.kinds[m.Name] {
			t.Errorf("state %d: %s: %s kind %q, want %q", i, where, m.Name, m.Kind, w.kinds[m.Name])
		}
	}
	if !slices.Equal(names, w.members) {
		t.Errorf("state %d: %s: members %v, want %v", i, where, names, w.members)
	}
	for _, m := range append([]schema.Member{p}, got.Members...) {
		if m.Plan != w.plans[m.Name] || m.DiskSpaceMB != w.disks[m.Name] || m.ProjectVPCID != w.vpcs[m.Name] {
			t.Errorf("state %d: %s: %s plan %q disk %d vpc %q; want %q %d %q", i, where, m.Name, m.Plan, m.DiskSpaceMB,
				m.ProjectVPCID, w.plans[m.Name], w.disks[m.Name], w.vpcs[m.Name])
		}
	}
	if got.Active != w.active {
		t.Errorf("state %d: %s: active %q, want %q", i, where, got.Active, w.active)
	}
	if tp := got.TerminationProtection != nil && *got.TerminationProtection; tp != w.protection {
		t.Errorf("state %d: %s: termination_protection %v, want %v", i, where, tp, w.protection)
	}
	if !maps.Equal(orEmpty(got.Tags), w.tags) {
		t.Errorf("state %d: %s: tags %q, want %q", i, where, got.Tags, w.tags)
	}
}

func groupCount(spec *schema.Spec) int {
	n := 0
	for _, p := range spec.Projects {
		n += len(p.Replicas)
	}
	return n
}

// checkMergeGroups merges the import into a hand-written file that
// declares the first project's first group already, members in reverse
// order: the file keeps its comment and its group first, gains every other
// pair and group, and plans with no changes either.
func checkMergeGroups(t *testing.T, i int, st genState, env map[string]string, args []string, imported *schema.Spec) {
	t.Helper()
	p := imported.Projects[0]
	g := p.Replicas[0]
	var members []string
	for _, m := range slices.Backward(g.Members) {
		members = append(members, fmt.Sprintf("          - {name: %s, kind: %s, cloud: %s}\n", m.Name, m.Kind, m.Cloud))
	}
	hand := fmt.Sprintf("# hand-written; keep this comment\nversion: 1\nprojects:\n  - project: %s   # mine\n"+
		"    replicas:\n      - primary: {name: %s, type: %s, cloud: %s}\n        members:\n%s",
		p.Name, g.Primary.Name, g.Primary.Type, g.Primary.Cloud, strings.Join(members, ""))
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
	first := merged.Projects[0].Replicas[0]
	if !strings.HasPrefix(string(data), "# hand-written; keep this comment\n") || !strings.Contains(string(data), "# mine") ||
		first.Primary.Name != g.Primary.Name || groupCount(merged) != groupCount(imported) ||
		pairCount(merged) != pairCount(imported) {
		t.Errorf("state %d: merged file lost what it had or lacks pairs or groups:\n%s", i, data)
	}
	checkPlan(t, i, st, env, string(data))
}
