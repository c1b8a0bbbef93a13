package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
	"github.com/ccr-dev/ccr/cmd/internal/cli"
)

// avn's read commands against a project ccr built, replayed as avn sends
// them. Worked out from aiven-client 292dcdb (as
// cmd/internal/aivensim/avn_test.go replays its create flows):
//
//   - `avn service list` GETs /v1/project/P/service (client.py:1669-1674,
//     result key "services"); `avn service get S` GETs
//     /v1/project/P/service/S (client.py:304-309, "service");
//     `avn service integration-list S` GETs /v1/project/P/service/S/integration
//     (client.py:487-489, "service_integrations"). Each is bodiless: the
//     content-type is application/octet-stream and the token goes as
//     "aivenv1 TOKEN" (client.py:122-139); a non-2xx status or an "error"
//     key in the body fails the command (client.py:247-272).
//   - The table prints a column heading only if some row has the key
//     (pretty.py:167 indexes widths[f]: a KeyError otherwise): list and get
//     show service_name, service_type, state, cloud_name, plan, create_time
//     and update_time (cli.py:825-836); integration-list shows
//     service_integration_id, source, dest, integration_type, enabled,
//     active and description (cli.py:2207-2237).
//   - Keys read with [] (a KeyError kills avn): a service's service_type
//     and, with -v, each node state's name, state and progress_updates, and
//     each phase's max, min, current and phase (cli.py:1204-1280); an
//     integration's service_integration_id, source_service and
//     dest_service, and source_endpoint_id or dest_endpoint_id when the
//     service is empty (cli.py:2213-2216).
//
// disaster_recovery_role is in no table: `avn service get S --json` shows it.

// avnServiceKeys are the keys avn's service table and -v read of a service.
var avnServiceKeys = []string{"service_name", "service_type", "state", "cloud_name", "plan", "create_time", "update_time"}

// avnIntegrationKeys are the keys integration-list [-v] reads of each link.
var avnIntegrationKeys = []string{"service_integration_id", "source_service", "dest_service", "integration_type",
	"enabled", "active", "description", "source_project", "dest_project"}

// ccrBuiltFile declares a member of every replication kind, each with a
// new primary.
const ccrBuiltFile = `version: 1
projects:
  - project: acme
    replicas:
      - primary: {name: pay-pg, type: pg, cloud: google-europe-west1, plan: business-4}
        members:
          - {name: pay-pg-ro, kind: read_replica, cloud: aws-us-east-1, plan: startup-4}
          - {name: pay-pg-dr, kind: disaster_recovery, cloud: google-europe-north1}
        active: pay-pg
      - primary: {name: shop-mysql, type: mysql, cloud: google-europe-west1, plan: business-4}
        members:
          - {name: shop-mysql-ro, kind: read_replica, cloud: aws-us-east-1, plan: startup-4}
      - primary: {name: cache-vk, type: valkey, cloud: google-europe-west1, plan: business-4}
        members:
          - {name: cache-vk-ro, kind: read_replica, cloud: aws-us-east-1, plan: startup-4}
      - primary: {name: logs-os, type: opensearch, cloud: google-europe-west1, plan: business-4}
        members:
          - {name: logs-os-us, kind: opensearch_cross_cluster_replication, cloud: aws-us-east-1}
`

// TestAvnReadsAProjectCcrBuilt: ccr apply builds a member of every kind
// against aiven-sim, then avn's list, get -v and integration-list -v read
// every service without a missing key, and show each link on both ends.
func TestAvnReadsAProjectCcrBuilt(t *testing.T) {
	const token = "avn-read-token-7c1d"
	srv := aivensim.New(aivensim.Options{Token: token, ProvisionDelay: 200 * time.Millisecond})
	if err := srv.AddProject(aivensim.ProjectSeed{Project: "acme"}); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	file := filepath.Join(t.TempDir(), "ccr.yaml")
	if err := os.WriteFile(file, []byte(ccrBuiltFile), 0o600); err != nil {
		t.Fatal(err)
	}
	streams, _, errOut := cli.Test(map[string]string{"AIVEN_WEB_URL": hs.URL, "AIVEN_TOKEN": token})
	if code := cli.Main([]string{"apply", "-f", file, "--auto-approve", "--poll-interval", "20ms"}, streams); code != 0 {
		t.Fatalf("ccr apply exit %d: %s", code, errOut)
	}
	avn := avnClient{t: t, url: hs.URL, token: token}

	list := avn.get("service list", "/v1/project/acme/service")
	services := items(t, list, "services")
	var names []string
	for _, sv := range services {
		avn.wantKeys("service list", sv, avnServiceKeys)
		names = append(names, fmt.Sprintf("%s %s %s", sv["service_name"], sv["service_type"], sv["state"]))
	}
	slices.Sort(names)
	want := []string{"cache-vk valkey RUNNING", "cache-vk-ro valkey RUNNING", "logs-os opensearch RUNNING",
		"logs-os-us opensearch RUNNING", "pay-pg pg RUNNING", "pay-pg-dr pg RUNNING", "pay-pg-ro pg RUNNING",
		"shop-mysql mysql RUNNING", "shop-mysql-ro mysql RUNNING"}
	if !slices.Equal(names, want) {
		t.Fatalf("avn service list shows %q, want %q", names, want)
	}

	links := map[string][]string{}
	for _, sv := range services {
		name := sv["service_name"].(string)
		got := avn.get("service get -v "+name, "/v1/project/acme/service/"+name)["service"].(map[string]any)
		avn.wantKeys("service get -v "+name, got, avnServiceKeys)
		avn.wantNodeStates(name, got)
		for _, l := range items(t, avn.get("integration-list -v "+name, "/v1/project/acme/service/"+name+"/integration"),
			"service_integrations") {
			avn.wantKeys("integration-list -v "+name, l, avnIntegrationKeys)
			links[name] = append(links[name], fmt.Sprintf("%s %s>%s enabled=%v active=%v",
				l["integration_type"], l["source_service"], l["dest_service"], l["enabled"], l["active"]))
		}
		slices.Sort(links[name])
	}
	wantLinks := map[string][]string{
		"pay-pg": {"disaster_recovery pay-pg>pay-pg-dr enabled=true active=true",
			"read_replica pay-pg>pay-pg-ro enabled=true active=true"},
		"pay-pg-ro":     {"read_replica pay-pg>pay-pg-ro enabled=true active=true"},
		"pay-pg-dr":     {"disaster_recovery pay-pg>pay-pg-dr enabled=true active=true"},
		"shop-mysql":    {"read_replica shop-mysql>shop-mysql-ro enabled=true active=true"},
		"shop-mysql-ro": {"read_replica shop-mysql>shop-mysql-ro enabled=true active=true"},
		"cache-vk":      {"read_replica cache-vk>cache-vk-ro enabled=true active=true"},
		"cache-vk-ro":   {"read_replica cache-vk>cache-vk-ro enabled=true active=true"},
		"logs-os":       {"opensearch_cross_cluster_replication logs-os>logs-os-us enabled=true active=true"},
		"logs-os-us":    {"opensearch_cross_cluster_replication logs-os>logs-os-us enabled=true active=true"},
	}
	for name, w := range wantLinks {
		if !slices.Equal(links[name], w) {
			t.Errorf("avn service integration-list %s shows %q, want %q", name, links[name], w)
		}
	}

	for name, role := range map[string]string{"pay-pg": "active", "pay-pg-dr": "passive"} {
		got := avn.get("service get --json "+name, "/v1/project/acme/service/"+name)["service"].(map[string]any)
		if got["disaster_recovery_role"] != role {
			t.Errorf("avn service get %s --json: disaster_recovery_role %v, want %s", name, got["disaster_recovery_role"], role)
		}
	}
}

// avnClient sends requests as avn does.
type avnClient struct {
	t          *testing.T
	url, token string
}

// get sends a bodiless GET as avn does and returns the JSON object, failing
// the test where avn would fail the command.
func (a avnClient) get(command, path string) map[string]any {
	a.t.Helper()
	req, err := http.NewRequest(http.MethodGet, a.url+path, nil)
	if err != nil {
		a.t.Fatal(err)
	}
	req.Header.Set("content-type", "application/octet-stream")
	req.Header.Set("authorization", "aivenv1 "+a.token)
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		a.t.Fatalf("avn %s: GET %s: %v", command, path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var answer map[string]any
	if err := json.Unmarshal(body, &answer); err != nil || resp.StatusCode != http.StatusOK || answer["error"] != nil {
		a.t.Fatalf("avn %s: GET %s = %d %s: avn fails on it", command, path, resp.StatusCode, body)
	}
	return answer
}

// wantKeys fails for every key of keys that obj lacks.
func (a avnClient) wantKeys(command string, obj map[string]any, keys []string) {
	a.t.Helper()
	for _, k := range keys {
		if _, ok := obj[k]; !ok {
			a.t.Errorf("avn %s reads %q, absent from %v", command, k, obj)
		}
	}
}

// wantNodeStates checks what `service get -v` reads of each node state.
func (a avnClient) wantNodeStates(name string, sv map[string]any) {
	a.t.Helper()
	command := "service get -v " + name
	states, _ := sv["node_states"].([]any)
	if len(states) == 0 {
		a.t.Errorf("avn %s: no node_states; a RUNNING service has one per node", command)
	}
	for _, ns := range states {
		node := ns.(map[string]any)
		a.wantKeys(command, node, []string{"name", "state", "progress_updates"})
		phases, _ := node["progress_updates"].([]any)
		for _, p := range phases {
			a.wantKeys(command, p.(map[string]any), []string{"max", "min", "current", "phase"})
		}
	}
}

// items returns answer[key] as a list of objects.
func items(t *testing.T, answer map[string]any, key string) []map[string]any {
	t.Helper()
	list, ok := answer[key].([]any)
	if !ok {
		t.Fatalf("answer has no %q list: avn reads it with [] (%s)", key, strings.Join(slices.Sorted(maps.Keys(answer)), ", "))
	}
	out := make([]map[string]any, len(list))
	for i, it := range list {
		out[i] = it.(map[string]any)
	}
	return out
}
