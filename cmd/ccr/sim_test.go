package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// simCommands are the testscript commands that drive aiven-sim processes.
var simCommands = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"sim-start":   simStart,
	"sim-get":     simGet,
	"sim-do":      simDo,
	"sim-stats":   simStats,
	"sim-advance": simAdvance,
	"sim-link-id": simLinkID,
}

// simToken is the token scripts' aiven-sim accepts; AIVEN_TOKEN is set to it.
const simToken = "sim-secret-token-0123"

// simStart starts aiven-sim as a real process on a free loopback port with
// the given extra flags, waits for its "listening on" line and points
// AIVEN_WEB_URL and AIVEN_TOKEN at it. The process is stopped when the
// script ends.
func simStart(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! sim-start")
	}
	path, err := exec.LookPath("aiven-sim")
	ts.Check(err)
	argv := append([]string{"--addr", "127.0.0.1:0", "--token", simToken}, args...)
	for i, a := range argv {
		argv[i] = ts.MkAbs(a)
		if !strings.Contains(a, "/") && !strings.HasSuffix(a, ".json") {
			argv[i] = a
		}
	}
	cmd := exec.Command(path, argv...)
	cmd.Dir = ts.Getenv("WORK")
	cmd.Env = append(cmd.Environ(), "PATH="+ts.Getenv("PATH"))
	stdout, err := cmd.StdoutPipe()
	ts.Check(err)
	cmd.Stderr = io.Discard
	ts.Check(cmd.Start())
	ts.Defer(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	line, err := readFirstLine(stdout, simStartLimit)
	if err != nil {
		ts.Fatalf("aiven-sim did not start: %v", err)
	}
	url, ok := strings.CutPrefix(line, "listening on ")
	if !ok {
		ts.Fatalf("aiven-sim's first line is %q, want \"listening on http://ADDR\"", line)
	}
	ts.Setenv("AIVEN_WEB_URL", url)
	ts.Setenv("AIVEN_TOKEN", simToken)
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
}

// simStartLimit bounds the wait for aiven-sim's first line: long enough
// for a start on a machine other jobs keep busy (a start needs a fraction
// of a second of CPU and can wait seconds for it), short enough to end a
// hung one.
const simStartLimit = 2 * time.Minute

func readFirstLine(r io.Reader, timeout time.Duration) (string, error) {
	lines := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(r)
		s.Scan()
		lines <- s.Text()
	}()
	select {
	case l := <-lines:
		return l, nil
	case <-time.After(timeout):
		return "", fmt.Errorf("no output after %s", timeout)
	}
}

// simGet prints the body of GET AIVEN_WEB_URL+PATH (sent with the token) on
// stdout, so scripts can match on the emulator's state.
func simGet(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: sim-get PATH")
	}
	simRequest(ts, neg, http.MethodGet, args[0], "")
}

// simDo sends METHOD PATH with an optional JSON body to aiven-sim, as
// another client of the API would (an operator in the console, a second
// tool), and prints the response body: sim-do METHOD PATH [BODY].
func simDo(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: sim-do METHOD PATH [BODY]")
	}
	body := ""
	if len(args) == 3 {
		body = args[2]
	}
	simRequest(ts, neg, args[0], args[1], body)
}

func simRequest(ts *testscript.TestScript, neg bool, method, path, body string) {
	req, err := http.NewRequest(method, ts.Getenv("AIVEN_WEB_URL")+path, strings.NewReader(body))
	ts.Check(err)
	req.Header.Set("Authorization", "aivenv1 "+ts.Getenv("AIVEN_TOKEN"))
	req.Header.Set("Content-Type", "application/json")
	client := &http.Client{Timeout: time.Minute} // ends a hung emulator, not a slow one
	resp, err := client.Do(req)
	ts.Check(err)
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	ts.Check(err)
	if failed := resp.StatusCode >= 300; failed != neg {
		ts.Fatalf("%s %s: %s: %s", method, path, resp.Status, out)
	}
	_, _ = ts.Stdout().Write(out)
}

// simStats prints /_sim/stats as sorted "KEY COUNT" lines, one request kind
// (or create of a named service) per line, so scripts can pin exact call
// counts with cmp or stdout.
func simStats(ts *testscript.TestScript, neg bool, args []string) {
	resp, err := http.Get(ts.Getenv("AIVEN_WEB_URL") + "/_sim/stats")
	ts.Check(err)
	defer resp.Body.Close()
	var stats map[string]any
	ts.Check(json.NewDecoder(resp.Body).Decode(&stats))
	var lines []string
	flatten("", stats, &lines)
	sort.Strings(lines)
	fmt.Fprintln(ts.Stdout(), strings.Join(lines, "\n"))
}

func flatten(prefix string, v any, lines *[]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, sub := range v {
			key := k
			if prefix != "" {
				key = prefix + " " + k
			}
			flatten(key, sub, lines)
		}
	default:
		*lines = append(*lines, fmt.Sprintf("%s = %v", prefix, v))
	}
}

// simAdvance moves aiven-sim's clock forward: sim-advance DURATION. A script
// starts it with a provisioning delay no machine can outrun (1h) and ends
// that delay here, once ccr has shown it saw the service provisioning.
func simAdvance(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: sim-advance DURATION")
	}
	simRequest(ts, false, http.MethodPost, "/_sim/advance-clock?by="+url.QueryEscape(args[0]), "")
}

// replicationKinds are the integration types of a replication link.
var replicationKinds = []string{"read_replica", "disaster_recovery", "opensearch_cross_cluster_replication"}

// simLinkID (sim-link-id VAR PROJECT SERVICE) sets VAR to the id of the one
// replication integration SERVICE is the member (dest_service) of, as GET
// /v1/project/PROJECT/service/SERVICE/integration lists it, so that a
// script can act on a link ccr made, as an operator would in the console:
// sim-do DELETE /v1/project/PROJECT/integration/$VAR promotes the member.
func simLinkID(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: sim-link-id VAR PROJECT SERVICE")
	}
	project, service := args[1], args[2]
	req, err := http.NewRequest(http.MethodGet, ts.Getenv("AIVEN_WEB_URL")+"/v1/project/"+project+"/service/"+service+"/integration", nil)
	ts.Check(err)
	req.Header.Set("Authorization", "aivenv1 "+ts.Getenv("AIVEN_TOKEN"))
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	ts.Check(err)
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		ts.Fatalf("integrations of %s/%s: %s", project, service, resp.Status)
	}
	var body struct {
		Integrations []struct {
			ID   string `json:"service_integration_id"`
			Type string `json:"integration_type"`
			Dest string `json:"dest_service"`
		} `json:"service_integrations"`
	}
	ts.Check(json.NewDecoder(resp.Body).Decode(&body))
	var ids []string
	for _, in := range body.Integrations {
		if in.Dest == service && slices.Contains(replicationKinds, in.Type) {
			ids = append(ids, in.ID)
		}
	}
	if len(ids) != 1 {
		ts.Fatalf("%s/%s is the member of %d replication links, want 1: %v", project, service, len(ids), ids)
	}
	ts.Setenv(args[0], ids[0])
}
