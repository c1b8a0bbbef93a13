package aivensim_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// avn's own flows, replayed byte for byte against the emulator. The
// requests are what aiven-client 292dcdb (aiven/client/cli.py, client.py)
// sends, worked out from its source: AivenClientBase._execute encodes a
// dict body with json.dumps (", " and ": " separators, keys in insertion
// order) as content-type application/json, sends a bodiless request as
// application/octet-stream, authenticates with "aivenv1 TOKEN", and
// _process_response fails on a non-2xx status or a body with an "error"
// key. Each step checks the keys avn then reads with [] (a KeyError would
// crash it).

// avnRequest is one request avn sends and what it reads from the answer.
type avnRequest struct {
	method, path, body string
	status             int
	reads              []string // keys avn indexes in the answer ("a.b": in a nested object, "a[].b": in every item)
}

func (h *harness) replayAvn(t *testing.T, flow string, steps []avnRequest) []map[string]any {
	t.Helper()
	var answers []map[string]any
	for _, step := range steps {
		req, _ := http.NewRequest(step.method, h.url+"/v1"+step.path, strings.NewReader(step.body))
		req.Header.Set("authorization", "aivenv1 "+testToken)
		req.Header.Set("content-type", "application/octet-stream")
		if step.body != "" {
			req.Header.Set("content-type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %s %s: %v", flow, step.method, step.path, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var answer map[string]any
		if err := json.Unmarshal(b, &answer); err != nil || resp.StatusCode != step.status || answer["error"] != nil {
			t.Fatalf("%s: %s %s = %d %s, want %d and a JSON object without \"error\"", flow, step.method, step.path,
				resp.StatusCode, b, step.status)
		}
		for _, key := range step.reads {
			if !hasKey(answer, key) {
				t.Errorf("%s: %s %s: avn reads %q, absent from %s", flow, step.method, step.path, key, b)
			}
		}
		answers = append(answers, answer)
	}
	return answers
}

// hasKey reports whether path ("a.b", "a[].b") is present in v.
func hasKey(v any, path string) bool {
	head, rest, nested := strings.Cut(path, ".")
	if name, ok := strings.CutSuffix(head, "[]"); ok {
		items, isList := v.(map[string]any)[name].([]any)
		for _, item := range items {
			if !hasKey(item, rest) {
				return false
			}
		}
		return isList && len(items) > 0
	}
	m, _ := v.(map[string]any)
	val, ok := m[head]
	if !nested {
		return ok
	}
	return ok && hasKey(val, rest)
}

// serviceLinks renders an answer's service.service_integrations.
func serviceLinks(answer map[string]any) []string {
	var out []string
	sv, _ := answer["service"].(map[string]any)
	items, _ := sv["service_integrations"].([]any)
	for _, it := range items {
		l := it.(map[string]any)
		out = append(out, l["integration_type"].(string)+" "+l["source_service"].(string)+"->"+l["dest_service"].(string))
	}
	return out
}

// TestAvnCreateReadReplica: `avn service create pg-eu-ro -t pg -p startup-4
// --read-replica-for pg-main` takes the legacy pg path (cli.py:3943-3946):
// GET the type's user_config_schema, then a POST with pg_read_replica and
// service_to_fork_from in user_config and no service_integrations, which
// the emulator turns into the read_replica link. Before the primary's first
// backup it gets Aiven's 403.
func TestAvnCreateReadReplica(t *testing.T) {
	h := newHarness(t, aivensim.Options{ProvisionDelay: 20 * time.Minute})
	create := func(name, primary string, status int) avnRequest {
		return avnRequest{"POST", "/project/r1/service", `{"cloud": null, "plan": "startup-4", "service_integrations": [], ` +
			`"service_name": "` + name + `", "service_type": "pg", "user_config": {"pg_read_replica": true, "service_to_fork_from": "` +
			primary + `"}, "termination_protection": false, "static_ips": []}`, status, nil}
	}
	schema := avnRequest{"GET", "/project/r1/service-types/pg", "", 200, []string{"user_config_schema.properties.pg_read_replica"}}
	answers := h.replayAvn(t, "--read-replica-for", []avnRequest{schema, create("pg-eu-ro", "pg-main", 200)})
	if got := serviceLinks(answers[1]); len(got) != 1 || got[0] != "read_replica pg-main->pg-eu-ro" {
		t.Fatalf("avn's replica has links %v", got)
	}
	if got := h.links(t, "r1", "pg-main"); len(got) != 3 {
		t.Fatalf("the primary lists %v, want its replica's link too", got)
	}
	answers = h.replayAvn(t, "--read-replica-for a new primary", []avnRequest{
		{"POST", "/project/r1/service", `{"cloud": null, "plan": "business-4", "service_integrations": [], "service_name": "new-pg", ` +
			`"service_type": "pg", "user_config": {}, "termination_protection": false, "static_ips": []}`, 200, []string{"service.state"}},
		schema, create("new-pg-ro", "new-pg", 403),
	})
	if msg := answers[2]["message"]; msg != "Creation of a read replica not allowed under current plan" {
		t.Fatalf("avn prints %v", msg)
	}
}

// TestAvnCreateMembers: `--read-replica-for` for valkey and mysql, and
// `--disaster-recovery-copy-for`, send service_integrations
// (cli.py:3947-3960); with --cloud avn first lists the project's VPCs
// (_validate_using_cloud_vpc).
func TestAvnCreateMembers(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	for _, c := range []struct{ name, typ, plan, cloud, kind, source string }{
		{"vk-ro2", "valkey", "startup-4", "aws-eu-west-1", "read_replica", "vk-main"},
		{"mysql-ro", "mysql", "startup-4", "aws-eu-west-1", "read_replica", "mysql-main"},
		{"pg-solo-dr", "pg", "business-4", "google-europe-north1", "disaster_recovery", "pg-solo"},
	} {
		answers := h.replayAvn(t, c.name, []avnRequest{
			{"GET", "/project/r1/vpcs", "", 200, []string{"vpcs"}},
			{"GET", "/project/r1/service-types/" + c.typ, "", 200, []string{"user_config_schema"}},
			{"POST", "/project/r1/service", `{"cloud": "` + c.cloud + `", "plan": "` + c.plan + `", "service_integrations": ` +
				`[{"integration_type": "` + c.kind + `", "source_service": "` + c.source + `"}], "service_name": "` + c.name +
				`", "service_type": "` + c.typ + `", "user_config": {}, "termination_protection": false, "static_ips": []}`, 200, nil},
		})
		if got := serviceLinks(answers[2]); len(got) != 1 || got[0] != c.kind+" "+c.source+"->"+c.name {
			t.Errorf("%s: links %v", c.name, got)
		}
	}
}

// TestAvnIntegrationCommands: `avn service integration-create -t T -s SRC
// -d DST` posts all six keys with explicit nulls (client.py:495-517);
// `integration-list [-v]` reads id, source, dest, type, enabled, active,
// description, source_project and dest_project by key (cli.py:2207-2237);
// `integration-delete ID` sends a bodiless DELETE.
func TestAvnIntegrationCommands(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	answers := h.replayAvn(t, "integration-create", []avnRequest{{"POST", "/project/r1/integration",
		`{"source_endpoint_id": null, "source_service": "os-leader", "dest_endpoint_id": null, "dest_service": "os-spare", ` +
			`"integration_type": "opensearch_cross_cluster_replication", "user_config": {}}`, 200,
		[]string{"service_integration.service_integration_id"}}})
	id := answers[0]["service_integration"].(map[string]any)["service_integration_id"].(string)
	list := []string{"service_integration_id", "source_service", "dest_service", "integration_type", "enabled", "active",
		"description", "source_project", "dest_project"}
	for i := range list {
		list[i] = "service_integrations[]." + list[i]
	}
	answers = h.replayAvn(t, "integration-list -v", []avnRequest{{"GET", "/project/r1/service/os-spare/integration", "", 200, list}})
	items := answers[0]["service_integrations"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["service_integration_id"] != id {
		t.Fatalf("integration-list os-spare = %v, want %s", items, id)
	}
	h.replayAvn(t, "integration-delete", []avnRequest{{"DELETE", "/project/r1/integration/" + id, "", 200, nil}})
	if got := h.links(t, "r1", "os-spare"); len(got) != 0 {
		t.Fatalf("after integration-delete os-spare lists %v", got)
	}
	h.replayAvn(t, "integration-delete again", []avnRequest{{"DELETE", "/project/r1/integration/" + id, "", 404, []string{"message"}}})
}

// TestAvnDisasterRecoveryRole: `avn service update pg-dr
// --disaster-recovery-role active` GETs the service (for its plan and
// type), GETs the type's schema, then PUTs plan, an empty user_config and
// the role (cli.py:4179-4240, client.py:1422-1466).
func TestAvnDisasterRecoveryRole(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	answers := h.replayAvn(t, "--disaster-recovery-role", []avnRequest{
		{"GET", "/project/r1/service/pg-dr", "", 200, []string{"service.plan", "service.service_type"}},
		{"GET", "/project/r1/service-types/pg", "", 200, []string{"user_config_schema"}},
		{"PUT", "/project/r1/service/pg-dr", `{"plan": "business-4", "user_config": {}, "disaster_recovery_role": "active"}`,
			200, []string{"service.disaster_recovery_role"}},
	})
	if role := answers[2]["service"].(map[string]any)["disaster_recovery_role"]; role != "active" {
		t.Fatalf("after the switchover pg-dr is %v", role)
	}
	if roles := h.roles(t, "r1"); roles["pg-main"] != "passive" {
		t.Fatalf("pg-main is %q after the switchover", roles["pg-main"])
	}
	answers = h.replayAvn(t, "--disaster-recovery-role on a service without a pair", []avnRequest{
		{"PUT", "/project/r1/service/pg-solo", `{"plan": "business-4", "user_config": {}, "disaster_recovery_role": "active"}`,
			400, []string{"message"}},
	})
	if msg := answers[0]["message"]; msg != `Service "pg-solo" has no disaster recovery integration` {
		t.Fatalf("avn prints %v", msg)
	}
}

// TestAvnServiceGetVerboseWhileBuilding: `avn service get NAME -v` prints
// each node's progress_updates and reads max, min and current of every one
// with [] (cli.py:1261-1266), then phase: a member still being built must
// carry the three keys, null when there is no figure, or avn dies with a
// KeyError.
func TestAvnServiceGetVerboseWhileBuilding(t *testing.T) {
	h := newHarness(t, aivensim.Options{ProvisionDelay: 20 * time.Minute})
	h.replayAvn(t, "create", []avnRequest{{"POST", "/project/r1/service", `{"cloud": "aws-eu-west-1", "plan": "startup-4", ` +
		`"service_integrations": [{"integration_type": "read_replica", "source_service": "vk-main"}], "service_name": "vk-ro2", ` +
		`"service_type": "valkey", "user_config": {}, "termination_protection": false, "static_ips": []}`, 200, nil}})
	var reads []string
	for _, key := range []string{"name", "state", "progress_updates[].max", "progress_updates[].min",
		"progress_updates[].current", "progress_updates[].phase"} {
		reads = append(reads, "service.node_states[]."+key)
	}
	answers := h.replayAvn(t, "service get -v", []avnRequest{{"GET", "/project/r1/service/vk-ro2", "", 200,
		append(reads, "service.service_type")}})
	if state := answers[0]["service"].(map[string]any)["state"]; state != "REBUILDING" {
		t.Fatalf("vk-ro2 is %v; the test needs it still being built", state)
	}
}
