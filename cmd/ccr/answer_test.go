package main

import (
	"encoding/json"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// answerCommands start servers that answer every request the same way.
var answerCommands = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"answer-start": answerStart,
}

// answerStart serves every request with STATUS and the content of FILE, as
// JSON when it starts with "{", and points the variable VAR (AIVEN_WEB_URL
// by default, or GITHUB_API_URL) at it: answer-start STATUS FILE [VAR]. It
// models a wrong address that is some other web server, and an API whose
// answers are hostile. "{{token}}" in FILE is replaced by the token the
// request was sent with, JSON-escaped: an API that echoes it.
func answerStart(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: answer-start STATUS FILE [VAR]")
	}
	status, err := strconv.Atoi(args[0])
	ts.Check(err)
	body, err := os.ReadFile(ts.MkAbs(args[1]))
	ts.Check(err)
	name := "AIVEN_WEB_URL"
	if len(args) == 3 {
		name = args[2]
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		quoted, _ := json.Marshal(token)
		out := strings.ReplaceAll(string(body), "{{token}}", strings.Trim(string(quoted), `"`))
		if strings.HasPrefix(out, "{") {
			w.Header().Set("Content-Type", "application/json")
		} else {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(out))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	ts.Defer(func() { srv.Close() })
	ts.Setenv(name, "http://"+ln.Addr().String())
}
