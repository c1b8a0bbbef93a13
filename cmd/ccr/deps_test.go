package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The import policy, in the style of go/build/deps_test.go: the core
// (schema, plan, apply) is pure and knows nothing of the network, processes,
// the CLI or the adapters, and dependencies between core packages point one
// way, schema ← plan ← apply.
const module = "github.com/ccr-dev/ccr"

// forbidden lists, per core package prefix, the import path prefixes that
// none of its packages may depend on, directly or not.
var forbidden = map[string][]string{
	module + "/schema": {module + "/plan", module + "/apply"},
	module + "/plan":   {module + "/apply"},
}

// forbiddenEverywhere applies to every core package.
var forbiddenEverywhere = []string{
	"net/http",
	"os/exec",
	"github.com/spf13/cobra",
	module + "/cmd/",
	"github.com/google/go-github",
	"github.com/aiven/go-client-codegen",
}

// forbiddenDirect lists, per core package, imports it may not name itself
// although its dependencies do (fmt imports os): plan/adopt writes ccr files
// as bytes and never touches a file system or a network itself.
var forbiddenDirect = map[string][]string{
	module + "/plan/adopt": {"os", "io/fs", "path/filepath", "net"},
}

var corePatterns = []string{"./schema/...", "./plan/...", "./apply/..."}

func TestImportPolicy(t *testing.T) {
	deps := listDeps(t, corePatterns...)
	for _, root := range []string{"schema", "plan", "plan/adopt", "apply"} {
		if _, ok := deps[module+"/"+root]; !ok {
			t.Errorf("go list found no package %s/%s; the policy would check nothing", module, root)
		}
	}
	for _, v := range violations(deps) {
		t.Error(v)
	}
	imports := goList(t, "{{.ImportPath}} {{join .Imports \" \"}}", corePatterns...)
	for pkg, banned := range forbiddenDirect {
		for _, imp := range imports[pkg] {
			if slices.Contains(banned, imp) {
				t.Errorf("%s imports %s", pkg, imp)
			}
		}
	}
}

// TestImportPolicyCatches checks the checker on made-up packages, so that a
// policy that never fires cannot pass unnoticed.
func TestImportPolicyCatches(t *testing.T) {
	deps := map[string][]string{
		module + "/schema":      {"net/http", module + "/plan"},
		module + "/plan/render": {"github.com/google/go-github/v60/github", module + "/apply"},
		module + "/apply":       {"os/exec", module + "/cmd/internal/aiven", module + "/plan"},
		module + "/plan":        {"encoding/json", module + "/schema"},
	}
	want := []string{
		module + "/apply imports " + module + "/cmd/internal/aiven",
		module + "/apply imports os/exec",
		module + "/plan/render imports " + module + "/apply",
		module + "/plan/render imports github.com/google/go-github/v60/github",
		module + "/schema imports " + module + "/plan",
		module + "/schema imports net/http",
	}
	if got := violations(deps); !slices.Equal(got, want) {
		t.Errorf("violations:\n got %q\nwant %q", got, want)
	}
}

// violations returns "pkg imports dep" for every dependency the policy
// forbids, sorted.
func violations(deps map[string][]string) []string {
	var out []string
	for pkg, ds := range deps {
		banned := forbiddenEverywhere
		for prefix, extra := range forbidden {
			if pkg == prefix || strings.HasPrefix(pkg, prefix+"/") {
				banned = slices.Concat(banned, extra)
			}
		}
		for _, d := range ds {
			if slices.ContainsFunc(banned, func(b string) bool { return d == b || strings.HasPrefix(d, strings.TrimSuffix(b, "/")+"/") }) {
				out = append(out, pkg+" imports "+d)
			}
		}
	}
	slices.Sort(out)
	return out
}

// listDeps runs "go list" from the module root and returns each package
// matched by patterns with its transitive dependencies (tests excluded).
func listDeps(t *testing.T, patterns ...string) map[string][]string {
	t.Helper()
	return goList(t, `{{.ImportPath}} {{join .Deps " "}}`, patterns...)
}

// goList runs "go list -f format" from the module root, where format prints
// a package's path and then a list of packages, and maps one to the other.
func goList(t *testing.T, format string, patterns ...string) map[string][]string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the import policy needs the go command: %v", err)
	}
	args := append([]string{"list", "-f", format}, patterns...)
	cmd := exec.Command(gobin, args...)
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("go list: %v\n%s", err, stderr)
	}
	deps := make(map[string][]string)
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if len(fields) > 0 {
			deps[fields[0]] = fields[1:]
		}
	}
	return deps
}
