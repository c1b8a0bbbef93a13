package main

import (
	"net"

	"github.com/rogpeppe/go-internal/testscript"
)

// closedCommands model setup mistakes in the API address.
var closedCommands = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"closed-port": closedPort,
}

// closedPort points AIVEN_WEB_URL at a loopback port nothing listens on: it
// takes a free port and closes it again, so connections are refused.
func closedPort(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: closed-port")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	addr := ln.Addr().String()
	ts.Check(ln.Close())
	ts.Setenv("AIVEN_WEB_URL", "http://"+addr)
}
