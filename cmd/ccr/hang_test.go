package main

import (
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"
)

// hangCommands start servers that accept requests and never answer them.
var hangCommands = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"hang-start":  hangStart,
	"proxy-start": proxyStart,
}

// hangStart listens on a free loopback port, accepts every connection and
// never writes a byte, and points the variable named by its argument
// (AIVEN_WEB_URL by default, or GITHUB_API_URL) at it: hang-start [VAR].
func hangStart(ts *testscript.TestScript, _ bool, args []string) {
	name := "AIVEN_WEB_URL"
	if len(args) == 1 {
		name = args[0]
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	ts.Defer(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	ts.Setenv(name, "http://"+ln.Addr().String())
}

// proxyStart puts a proxy in front of AIVEN_WEB_URL that forwards every
// request except the ones matching METHOD PATH after the first N, which it
// holds without answering until the client gives up: proxy-start N METHOD
// PATH. It models an API that stops answering part-way through an apply.
func proxyStart(ts *testscript.TestScript, _ bool, args []string) {
	if len(args) != 3 {
		ts.Fatalf("usage: proxy-start N METHOD PATH")
	}
	free, err := strconv.Atoi(args[0])
	ts.Check(err)
	target, err := url.Parse(ts.Getenv("AIVEN_WEB_URL"))
	ts.Check(err)
	forward := httputil.NewSingleHostReverseProxy(target)
	var mu sync.Mutex
	seen := 0
	done := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == args[1] && r.URL.Path == args[2] {
			mu.Lock()
			seen++
			hang := seen > free
			mu.Unlock()
			if hang {
				select {
				case <-r.Context().Done():
				case <-done:
				}
				return
			}
		}
		forward.ServeHTTP(w, r)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	ts.Defer(func() {
		close(done)
		srv.Close()
	})
	ts.Setenv("AIVEN_WEB_URL", "http://"+ln.Addr().String())
}
