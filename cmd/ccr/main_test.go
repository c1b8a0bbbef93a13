package main

import (
	"context"
	"flag"
	"os"
	"os/signal"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
	"github.com/ccr-dev/ccr/cmd/internal/cli"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"ccr": func() { os.Exit(cli.Main(os.Args[1:], cli.System())) },
		"aiven-sim": func() {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			os.Exit(aivensim.Main(ctx, os.Args[1:], os.Stdout, os.Stderr))
		},
	})
}

// update rewrites the expected files of scripts whose cmp fails (go test
// ./cmd/ccr -run TestScripts -update), as the golden tests do.
var update = flag.Bool("update", false, "rewrite the cmp files of failing scripts")

// TestScripts runs every testdata/script/*.txtar scenario against the real
// ccr main, in-process, and against aiven-sim started as a real process by
// the sim-start command.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       *update,
		Cmds:                scriptCommands(),
	})
}

// scriptCommands are the custom commands every script may use.
func scriptCommands() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	cmds := map[string]func(ts *testscript.TestScript, neg bool, args []string){}
	for _, set := range []map[string]func(ts *testscript.TestScript, neg bool, args []string){simCommands, waitCommands, gitHubCommands, hangCommands, closedCommands, answerCommands, schemaCommands, jsonEditCommands} {
		for k, v := range set {
			cmds[k] = v
		}
	}
	return cmds
}
