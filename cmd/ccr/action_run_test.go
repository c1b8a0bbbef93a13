package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestActionRun runs the testdata/action/*.txtar scenarios: the action's
// run.sh driving the real ccr against aiven-sim and the fake GitHub API, as
// the action's run step does on a runner. $ACTION is the directory of the
// action's scripts; RUNNER_TEMP and GITHUB_OUTPUT are set as on a runner.
func TestActionRun(t *testing.T) {
	action, err := filepath.Abs("../../.github/action")
	check(t, err)
	cmds := scriptCommands()
	cmds["outputs"] = printOutputs
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/action",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			temp := filepath.Join(env.WorkDir, "runner-temp")
			env.Setenv("ACTION", action)
			env.Setenv("RUNNER_TEMP", temp)
			env.Setenv("GITHUB_OUTPUT", filepath.Join(env.WorkDir, "github-output"))
			return os.MkdirAll(temp, 0o755)
		},
		Cmds: cmds,
	})
}

// printOutputs prints the step outputs in $GITHUB_OUTPUT as sorted
// NAME=VALUE lines, after checking that every one is written in the
// multi-line form with a fresh random delimiter; then it empties the file
// for the next step.
func printOutputs(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! outputs")
	}
	path := ts.Getenv("GITHUB_OUTPUT")
	data, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		ts.Fatalf("read GITHUB_OUTPUT: %v", err)
	}
	outputs, err := parseOutputs(string(data))
	ts.Check(err)
	names := make([]string, 0, len(outputs))
	for name := range outputs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(ts.Stdout(), "%s=%s\n", name, strings.ReplaceAll(outputs[name], "\n", `\n`))
	}
	ts.Check(os.WriteFile(path, nil, 0o600))
}
