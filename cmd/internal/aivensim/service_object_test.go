package aivensim_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	aiven "github.com/aiven/go-client-codegen"
	"github.com/aiven/go-client-codegen/handler/service"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// TestServiceObjectForClients reads what Aiven's own clients read from a
// service: nodes with zones, components, the avnadmin user and backups.
func TestServiceObjectForClients(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	ctx := context.Background()
	h.clock.Advance(3*24*time.Hour + time.Hour)
	got, err := h.client.ServiceGet(ctx, "p1", "cass-eu", service.ServiceGetIncludeSecrets(true))
	if err != nil {
		t.Fatal(err)
	}
	var zones []string
	for _, n := range got.NodeStates {
		zones = append(zones, n.AvailabilityZone)
		if n.State != service.NodeStateTypeRunning || len(n.ProgressUpdates) != 0 {
			t.Errorf("node %s = %s %v, want running without progress", n.Name, n.State, n.ProgressUpdates)
		}
	}
	if want := []string{"europe-west1-b", "europe-west1-c", "europe-west1-d"}; !slices.Equal(zones, want) {
		t.Errorf("zones = %v, want %v", zones, want)
	}
	if len(got.Components) != 1 || got.Components[0].Component != "cassandra" || got.Components[0].Port == 0 ||
		got.Components[0].Route != service.RouteTypeDynamic || got.Components[0].Usage != service.UsageTypePrimary {
		t.Errorf("components = %+v", got.Components)
	}
	if len(got.Users) != 1 || got.Users[0].Username != "avnadmin" || !strings.HasPrefix(got.Users[0].Password, "AVNS_") ||
		!strings.Contains(got.ServiceUri, got.Users[0].Password) {
		t.Errorf("users = %+v, service_uri = %s", got.Users, got.ServiceUri)
	}
	// Created at 12:00 on day 0: backups on days 1, 2 and 3; two are kept.
	var times []string
	for _, b := range got.Backups {
		times = append(times, b.BackupTime.Format(time.RFC3339))
		if !strings.HasPrefix(b.BackupName, "cass-eu-2025030") || b.DataSize <= 0 || *b.StorageLocation != "google-europe-west1" {
			t.Errorf("backup = %+v", b)
		}
	}
	if want := []string{"2025-03-03T12:00:00Z", "2025-03-04T12:00:00Z"}; !slices.Equal(times, want) {
		t.Errorf("backup times = %v, want %v", times, want)
	}
	list, err := h.client.ServiceBackupsGet(ctx, "p1", "cass-eu")
	if err != nil || len(list.Backups) != 2 || !list.Backups[1].BackupTime.Equal(got.Backups[1].BackupTime) ||
		*list.ScheduledBackupTime.BackupHour != 12 || *list.ScheduledBackupTime.BackupIntervalHours != 24 {
		t.Fatalf("ServiceBackupsGet = %+v, %v", list, err)
	}
}

// TestNodeStatesAcrossProviders: zones are named as each provider does.
func TestNodeStatesAcrossProviders(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	for name, want := range map[string]string{"cass-far": "us-east-1a", "pair-b": "eu-west-1a"} {
		project := "p1"
		if name == "cass-far" {
			project = "p2"
		}
		got, err := h.client.ServiceGet(context.Background(), project, name)
		if err != nil || got.NodeStates[0].AvailabilityZone != want {
			t.Errorf("%s: first zone = %v, %v; want %s", name, got.NodeStates, err, want)
		}
	}
	if got, _ := h.client.ServiceGet(context.Background(), "p1", "cass-off"); len(got.NodeStates) != 0 {
		t.Errorf("a powered-off service has nodes: %+v", got.NodeStates)
	}
}

// TestSecretsOnlyWithIncludeSecrets: passwords (also inside service_uri)
// are redacted unless a GET asks for include_secrets=true; create and
// update answers always redact, as Aiven documents.
func TestSecretsOnlyWithIncludeSecrets(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	for path, wantSecret := range map[string]bool{
		"/v1/project/p1/service":                              false,
		"/v1/project/p1/service?include_secrets=false":        false,
		"/v1/project/p1/service/cass-eu":                      false,
		"/v1/project/p1/service?include_secrets=true":         true,
		"/v1/project/p1/service/cass-eu?include_secrets=true": true,
	} {
		body := string(h.get(t, path, "aivenv1 "+testToken))
		if got := strings.Contains(body, "AVNS_"); got != wantSecret {
			t.Errorf("GET %s: has a password = %v, want %v", path, got, wantSecret)
		}
		if !wantSecret && !strings.Contains(body, `\u003credacted\u003e`) {
			t.Errorf("GET %s: no <redacted> placeholder", path)
		}
	}
	for _, c := range []struct{ method, path, body string }{
		{"POST", "/v1/project/p1/service?include_secrets=true",
			`{"service_name":"c2","service_type":"cassandra","plan":"business-8","cloud":"aws-us-east-1"}`},
		{"PUT", "/v1/project/p1/service/cass-eu?include_secrets=true", `{"termination_protection":true}`},
	} {
		status, body := h.raw(t, c.method, c.path, c.body)
		if status != http.StatusOK || strings.Contains(string(body), "AVNS_") {
			t.Errorf("%s %s: status %d, password in answer: %v", c.method, c.path, status, strings.Contains(string(body), "AVNS_"))
		}
	}
}

// TestUpdateProjectVPCNull: an absent project_vpc_id keeps the VPC; an
// explicit null moves the service to the public network (and migrates it),
// as the real API does.
func TestUpdateProjectVPCNull(t *testing.T) {
	h := newHarness(t, aivensim.Options{ProvisionDelay: time.Minute})
	const vpcID = "1f0e6b1c-5a5e-4c3e-9a53-2f9c2b9d7a10"
	if err := h.srv.AddService("p1", aivensim.ServiceSeed{ServiceName: "in-vpc", ServiceType: "cassandra",
		Plan: "business-8", CloudName: "aws-us-east-1", ProjectVPCID: vpcID}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if status, body := h.raw(t, "PUT", "/v1/project/p1/service/in-vpc", `{"termination_protection":true}`); status != 200 {
		t.Fatalf("PUT without project_vpc_id: %d %s", status, body)
	}
	if got, _ := h.client.ServiceGet(ctx, "p1", "in-vpc"); got.ProjectVpcId != vpcID || got.State != service.ServiceStateTypeRunning {
		t.Fatalf("absent project_vpc_id: vpc %q state %s, want kept and RUNNING", got.ProjectVpcId, got.State)
	}
	if status, body := h.raw(t, "PUT", "/v1/project/p1/service/in-vpc", `{"project_vpc_id":null}`); status != 200 {
		t.Fatalf("PUT with project_vpc_id null: %d %s", status, body)
	}
	body := string(h.get(t, "/v1/project/p1/service/in-vpc", "aivenv1 "+testToken))
	if !strings.Contains(body, `"project_vpc_id":null`) || !strings.Contains(body, `"state":"REBALANCING"`) {
		t.Fatalf("after project_vpc_id null: %s", body)
	}
	// And back into the VPC, by naming it.
	out, err := h.client.ServiceUpdate(ctx, "p1", "in-vpc", &service.ServiceUpdateIn{ProjectVpcId: ptr(vpcID)})
	if err != nil || out.ProjectVpcId != vpcID {
		t.Fatalf("move back into the VPC: %v, %v", out, err)
	}
}

// TestNotEmulated: an unknown endpoint says the emulator lacks it (404),
// a known path with another method is 405 with Allow, both in Aiven's
// error shape; the official client does not retry either.
func TestNotEmulated(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	status, got := h.do(t, "GET", "/v1/project/p1/service/cass-eu/metrics", "")
	if want := "aiven-sim: GET /v1/project/p1/service/cass-eu/metrics is not emulated"; status != 404 || got.Message != want {
		t.Errorf("unknown endpoint: %d %q, want 404 %q", status, got.Message, want)
	}
	err := h.client.ServiceMaintenanceStart(context.Background(), "p1", "cass-eu")
	wantAPIError(t, err, http.StatusNotFound, "aiven-sim: PUT /v1/project/p1/service/cass-eu/maintenance/start is not emulated")
	if !aiven.IsNotFound(err) {
		t.Errorf("IsNotFound = false for %v", err)
	}

	req, _ := http.NewRequest("DELETE", h.url+"/v1/project/p1/service", nil)
	req.Header.Set("Authorization", "aivenv1 "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD, POST" {
		t.Errorf("DELETE on the service list: %d Allow %q, want 405 \"GET, HEAD, POST\"", resp.StatusCode, resp.Header.Get("Allow"))
	}
	status, got = h.do(t, "POST", "/v1/project/p1/service/cass-eu", "{}")
	if status != 405 || !strings.Contains(got.Message, "POST /v1/project/p1/service/cass-eu is not allowed; allowed: GET, HEAD, PUT, DELETE") {
		t.Errorf("POST on a service: %d %q", status, got.Message)
	}
	if n := h.srv.Stats().Requests["unmatched"]; n != 4 {
		t.Errorf("unmatched requests = %d, want 4", n)
	}
}
