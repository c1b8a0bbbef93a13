package main

import (
	"os"
	"regexp"
	"strconv"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// waitCommands let a script wait on what a command started in the
// background (exec ... &) has written, instead of sleeping.
var waitCommands = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"wait-line": waitLine,
}

// waitLineLimit bounds wait-line. It is no margin a test relies on: a line
// that should come comes much sooner, however busy the machine.
const waitLineLimit = 5 * time.Minute

// waitLine waits until FILE (written by a command started in the background
// with &) has a line matching REGEXP, at least COUNT of them when given:
// wait-line FILE REGEXP [COUNT]. Scripts wait on what ccr prints, never on
// a sleep.
func waitLine(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: wait-line FILE REGEXP [COUNT]")
	}
	re, err := regexp.Compile("(?m)" + args[1])
	ts.Check(err)
	want := 1
	if len(args) == 3 {
		want, err = strconv.Atoi(args[2])
		ts.Check(err)
	}
	deadline := time.Now().Add(waitLineLimit)
	for {
		data, _ := os.ReadFile(ts.MkAbs(args[0]))
		if len(re.FindAllIndex(data, -1)) >= want {
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("%s: no %d lines matching %q after %s; it holds:\n%s", args[0], want, args[1], waitLineLimit, data)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
