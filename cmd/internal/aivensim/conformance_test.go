package aivensim_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	aiven "github.com/aiven/go-client-codegen"

	"github.com/aiven/go-client-codegen/handler/project"
	"github.com/aiven/go-client-codegen/handler/service"
	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// These tests drive the emulator with the official Go client, so a field
// name or envelope that differs from the real API fails to decode.

func TestServiceListAndGet(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	ctx := context.Background()
	list, err := h.client.ServiceList(ctx, "p1")
	if err != nil {
		t.Fatalf("ServiceList: %v", err)
	}
	var names []string
	for _, s := range list {
		names = append(names, s.ServiceName)
	}
	if want := []string{"cass-eu", "cass-off", "pair-a", "pair-b", "pg-1"}; !slices.Equal(names, want) {
		t.Fatalf("ServiceList names = %v, want %v", names, want)
	}
	got, err := h.client.ServiceGet(ctx, "p1", "cass-eu", service.ServiceGetIncludeSecrets(true))
	if err != nil {
		t.Fatalf("ServiceGet: %v", err)
	}
	if got.CloudName != "google-europe-west1" || got.Plan != "business-8" || got.State != service.ServiceStateTypeRunning ||
		*got.NodeCount != 3 || *got.DiskSpaceMb != 720000 || got.ProjectVpcId != "" ||
		got.CreateTime.IsZero() || !strings.HasPrefix(got.ServiceUri, "cassandra://avnadmin:AVNS_") ||
		!slices.Equal(got.GroupList, []string{"default"}) || len(got.ConnectionInfo.Cassandra) != 1 {
		t.Fatalf("ServiceGet = %+v", got)
	}
	if dc := got.UserConfig["cassandra"].(map[string]any)["datacenter"]; dc != "cass-eu" {
		t.Fatalf("datacenter = %v, want cass-eu", dc)
	}
	if got.CloudDescription == nil || !strings.Contains(*got.CloudDescription, "Belgium") {
		t.Fatalf("cloud_description = %v", got.CloudDescription)
	}
}

// TestServiceObjectRequiredFields reads the raw JSON: every field the API
// marks required is present, and project_vpc_id is null outside a VPC.
func TestServiceObjectRequiredFields(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	body := h.get(t, "/v1/project/p1/service/cass-eu?limit=999", "aivenv1 "+testToken)
	var raw struct {
		Service map[string]any `json:"service"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"cloud_name", "create_time", "group_list", "plan", "project_vpc_id",
		"service_integrations", "service_name", "service_type", "service_uri", "state",
		"termination_protection", "update_time", "user_config", "node_count", "disk_space_mb", "tags"} {
		if _, ok := raw.Service[f]; !ok {
			t.Errorf("service object lacks %q", f)
		}
	}
	if v, ok := raw.Service["project_vpc_id"]; !ok || v != nil {
		t.Errorf("project_vpc_id = %v, want null", v)
	}
	if _, ok := raw.Service["cloud"]; ok {
		t.Errorf("service object has input field \"cloud\"; the API answers cloud_name")
	}
}

func TestCreatePair(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	ctx := context.Background()
	first, err := h.client.ServiceCreate(ctx, "p1", &service.ServiceCreateIn{
		ServiceName: "orders-eu", ServiceType: "cassandra", Plan: "business-8",
		Cloud: ptr("google-europe-west1"), Tags: &map[string]string{"team": "orders"},
		TerminationProtection: ptr(true),
		UserConfig:            &map[string]any{"cassandra": map[string]any{"datacenter": "orders-eu"}},
	})
	if err != nil {
		t.Fatalf("create first: %v", err)
	}
	if first.CloudName != "google-europe-west1" || first.Tags["team"] != "orders" || !first.TerminationProtection {
		t.Fatalf("create first = %+v", first)
	}
	second, err := h.client.ServiceCreate(ctx, "p1", &service.ServiceCreateIn{
		ServiceName: "orders-us", ServiceType: "cassandra", Plan: "business-8", Cloud: ptr("aws-us-east-1"),
		UserConfig: &map[string]any{"service_to_join_with": "orders-eu",
			"cassandra": map[string]any{"datacenter": "orders-us"}},
	})
	if err != nil {
		t.Fatalf("create joiner: %v", err)
	}
	if second.UserConfig["service_to_join_with"] != "orders-eu" || *second.DiskSpaceMb != 720000 {
		t.Fatalf("joiner = %+v", second)
	}
	if got := h.srv.Stats().Creates; got["p1/orders-eu"] != 1 || got["p1/orders-us"] != 1 {
		t.Fatalf("creates = %v", got)
	}
}

func TestCreateConflictAndNotFound(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	ctx := context.Background()
	_, err := h.client.ServiceCreate(ctx, "p1", &service.ServiceCreateIn{
		ServiceName: "cass-eu", ServiceType: "cassandra", Plan: "business-8"})
	wantAPIError(t, err, http.StatusConflict, "Service name is already in use in this project")
	if aiven.IsAlreadyExists(err) {
		t.Errorf("IsAlreadyExists = true; the real message says \"in use\", which the client does not match")
	}
	_, err = h.client.ServiceGet(ctx, "p1", "nope")
	wantAPIError(t, err, http.StatusNotFound, "Service nope does not exist")
	if !aiven.IsNotFound(err) {
		t.Errorf("IsNotFound = false for %v", err)
	}
	_, err = h.client.ServiceList(ctx, "no-such-project")
	wantAPIError(t, err, http.StatusNotFound, "Project does not exist")
	_, err = h.client.ServiceList(ctx, "hidden")
	wantAPIError(t, err, http.StatusForbidden, "Not authorized")
	_, err = h.client.ServiceCreate(ctx, "p1", &service.ServiceCreateIn{
		ServiceName: "Orders", ServiceType: "cassandra", Plan: "business-8"})
	wantAPIError(t, err, http.StatusBadRequest, "Service name must consist of 1-64 alphanumerical characters")
}

func TestAuth(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	ctx := context.Background()
	_, err := newClient(t, h.url, "wrong").ServiceList(ctx, "p1")
	wantAPIError(t, err, http.StatusForbidden, "Authentication failed")
	if st := h.status(t, "GET", "/v1/project/p1/service", ""); st != http.StatusUnauthorized {
		t.Errorf("no Authorization: status %d, want 401", st)
	}
	if st := h.status(t, "GET", "/v1/project/p1/service", "Bearer "+testToken); st != http.StatusOK {
		t.Errorf("Bearer token: status %d, want 200", st)
	}
	if st := h.status(t, "GET", "/v1/clouds", ""); st != http.StatusOK {
		t.Errorf("GET /v1/clouds without a token: status %d, want 200", st)
	}
}

// TestProjects decodes into the client's own types: ProjectGet and
// ProjectList are deprecated in the Go client but still used by older tools.
func TestProjects(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	var got struct {
		Project project.ProjectGetOut `json:"project"`
	}
	if err := json.Unmarshal(h.get(t, "/v1/project/p1", "aivenv1 "+testToken), &got); err != nil ||
		got.Project.ProjectName != "p1" || got.Project.DefaultCloud != "google-europe-west1" {
		t.Fatalf("GET /v1/project/p1 = %+v, %v", got, err)
	}
	var list project.ProjectListOut
	if err := json.Unmarshal(h.get(t, "/v1/project", "aivenv1 "+testToken), &list); err != nil {
		t.Fatalf("GET /v1/project: %v", err)
	}
	var names []string
	for _, p := range list.Projects {
		names = append(names, p.ProjectName)
	}
	if want := []string{"p1", "p2", "r1", "today"}; !slices.Equal(names, want) {
		t.Fatalf("projects = %v, want %v (without the forbidden project)", names, want)
	}
	if st := h.status(t, "GET", "/v1/project/hidden", "aivenv1 "+testToken); st != http.StatusForbidden {
		t.Fatalf("GET a forbidden project: status %d, want 403", st)
	}
}

func TestClouds(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	ctx := context.Background()
	all, err := h.client.ListClouds(ctx)
	if err != nil {
		t.Fatalf("ListClouds: %v", err)
	}
	providers := map[string]bool{}
	for _, c := range all {
		if c.CloudDescription == nil || c.GeoLatitude == nil || c.GeoRegion == "" {
			t.Errorf("cloud %s lacks description or geo fields", c.CloudName)
		}
		providers[*c.Provider] = true
	}
	if !providers["google"] || !providers["aws"] || !providers["azure"] {
		t.Errorf("providers = %v, want google, aws and azure", providers)
	}
	// The client builds /v1/project//clouds for an empty project; ServeMux
	// alone would redirect it.
	empty, err := h.client.ListProjectClouds(ctx, "")
	if err != nil || len(empty) != len(all) {
		t.Fatalf("ListProjectClouds(\"\") = %d clouds, %v; want %d", len(empty), err, len(all))
	}
	inProject, err := h.client.ListProjectClouds(ctx, "p1")
	if err != nil || len(inProject) != len(all) {
		t.Fatalf("ListProjectClouds(p1) = %d clouds, %v", len(inProject), err)
	}
	if st := h.status(t, "GET", "/v1/project//service", "aivenv1 "+testToken); st != http.StatusNotFound {
		t.Errorf("other empty segments: status %d, want 404 (never a redirect)", st)
	}
}

func TestServiceTypesAndPlans(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	ctx := context.Background()
	types, err := h.client.ListProjectServiceTypes(ctx, "p1")
	if err != nil || types.PG == nil {
		t.Fatalf("ListProjectServiceTypes = %+v, %v", types, err)
	}
	flat, err := h.client.ProjectServiceTypesList(ctx, "p1")
	if err != nil || flat.PG == nil || flat.Kafka == nil {
		t.Fatalf("ProjectServiceTypesList = %+v, %v", flat, err)
	}
	body := h.get(t, "/v1/project/p1/service_types", "aivenv1 "+testToken)
	if !strings.Contains(string(body), `"cassandra":`) {
		t.Errorf("service_types of p1 lacks cassandra")
	}
	ct, err := h.client.ProjectServiceTypesGet(ctx, "p1", "cassandra")
	if err != nil {
		t.Fatalf("ProjectServiceTypesGet: %v", err)
	}
	props := ct.UserConfigSchema["properties"].(map[string]any)
	join := props["service_to_join_with"].(map[string]any)
	dc := props["cassandra"].(map[string]any)["properties"].(map[string]any)["datacenter"].(map[string]any)
	if join["pattern"] != "^[a-z][-a-z0-9]{0,63}$" || dc["maxLength"] != 128.0 {
		t.Errorf("schema: service_to_join_with = %v, datacenter = %v", join, dc)
	}
	plans, err := h.client.ProjectServicePlanList(ctx, "p1", "cassandra")
	if err != nil || len(plans) < 6 {
		t.Fatalf("ProjectServicePlanList = %d plans, %v", len(plans), err)
	}
	spec, err := h.client.ProjectServicePlanSpecsGet(ctx, "p1", "cassandra", "business-8")
	if err != nil {
		t.Fatalf("ProjectServicePlanSpecsGet: %v", err)
	}
	if spec.NodeCount != 3 || spec.DiskSpaceMb != 720000 || *spec.DiskSpaceCapMb != 2160000 || *spec.DiskSpaceStepMb != 30000 {
		t.Errorf("business-8 = %+v", spec)
	}
	_, err = h.client.ProjectServicePlanSpecsGet(ctx, "p1", "cassandra", "gold-1")
	wantAPIError(t, err, http.StatusNotFound, "gold-1")
}

// TestProjectWithoutCassandra models Aiven today: the type is not offered.
func TestProjectWithoutCassandra(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	ctx := context.Background()
	body := h.get(t, "/v1/project/today/service_types", "aivenv1 "+testToken)
	if strings.Contains(string(body), `"cassandra"`) || !strings.Contains(string(body), `"pg"`) {
		t.Errorf("service_types of today = %s", body)
	}
	_, err := h.client.ProjectServiceTypesGet(ctx, "today", "cassandra")
	wantAPIError(t, err, http.StatusNotFound, "cassandra")
	_, err = h.client.ServiceCreate(ctx, "today", &service.ServiceCreateIn{
		ServiceName: "c1", ServiceType: "cassandra", Plan: "business-8"})
	wantAPIError(t, err, http.StatusBadRequest, `Service type "cassandra" is not available`)
}

func TestVPCsAndTags(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	ctx := context.Background()
	vpcs, err := h.client.VpcList(ctx, "p1")
	if err != nil || len(vpcs) != 1 || vpcs[0].CloudName != "aws-us-east-1" {
		t.Fatalf("VpcList = %+v, %v", vpcs, err)
	}
	if err := h.client.ProjectServiceTagsReplace(ctx, "p1", "cass-eu",
		&service.ProjectServiceTagsReplaceIn{Tags: map[string]string{"env": "prod"}}); err != nil {
		t.Fatalf("ProjectServiceTagsReplace: %v", err)
	}
	if err := h.client.ProjectServiceTagsUpdate(ctx, "p1", "cass-eu",
		&service.ProjectServiceTagsUpdateIn{Tags: map[string]string{"team": "orders"}}); err != nil {
		t.Fatalf("ProjectServiceTagsUpdate: %v", err)
	}
	tags, err := h.client.ProjectServiceTagsList(ctx, "p1", "cass-eu")
	if err != nil || len(tags) != 2 || tags["env"] != "prod" || tags["team"] != "orders" {
		t.Fatalf("ProjectServiceTagsList = %v, %v", tags, err)
	}
}

// TestBodilessOctetStream: some clients label bodiless requests as
// application/octet-stream; the API does not care.
func TestBodilessOctetStream(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	req, _ := http.NewRequest("DELETE", h.url+"/v1/project/p1/service/pg-1?limit=999", nil)
	req.Header.Set("Authorization", "aivenv1 "+testToken)
	req.Header.Set("Content-Type", "application/octet-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("DELETE with octet-stream: status %d", resp.StatusCode)
	}
}

// noRedirect shows redirects to the test instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}}

func (h *harness) status(t *testing.T, method, path, auth string) int {
	t.Helper()
	req, _ := http.NewRequest(method, h.url+path, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (h *harness) get(t *testing.T, path, auth string) []byte {
	t.Helper()
	req, _ := http.NewRequest("GET", h.url+path, nil)
	req.Header.Set("Authorization", auth)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s %v", path, resp.StatusCode, b, err)
	}
	return b
}
