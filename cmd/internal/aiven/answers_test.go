package aiven_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// tamper serves sim, except that the answer to GET path is decoded, changed
// by edit and encoded again.
func tamper(t *testing.T, sim http.Handler, path string, edit func(map[string]any)) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != path {
			sim.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		sim.ServeHTTP(rec, r)
		var body map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Errorf("answer to %s: %v", path, err)
		}
		edit(body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rec.Code)
		_ = json.NewEncoder(w).Encode(body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// answersSpec reads every answer ccr relies on: the service list, the
// clouds, the plans, a plan's specs, a price and the VPCs.
const answersSpec = `version: 1
projects:
  - project: acme-prod
    pairs:
      - services:
          - {name: orders-eu, cloud: google-europe-west1}
          - {name: orders-us, cloud: aws-us-east-1, project_vpc_id: 1f0e3c52-8a4b-4c1d-9e2f-0a1b2c3d4e5f}
        plan: business-8
`

// TestAnswerLackingARequiredFieldIsAnError: a successful answer without a
// field the API marks required, which ccr reads, is an error naming the
// request and the field. The official client decodes such an answer into
// zero values: a service list without "services" read as an empty project,
// and the plan created orders-eu, which exists.
func TestAnswerLackingARequiredFieldIsAnError(t *testing.T) {
	seed := aivensim.SeedFile{Projects: []aivensim.ProjectSeed{{Project: "acme-prod",
		Services: []aivensim.ServiceSeed{cassandra("orders-eu", "business-8", "google-europe-west1", "orders-eu", "")},
		VPCs: []aivensim.VPC{{ProjectVPCID: "1f0e3c52-8a4b-4c1d-9e2f-0a1b2c3d4e5f", CloudName: "aws-us-east-1",
			NetworkCIDR: "10.0.0.0/24", State: "ACTIVE"}}}}}
	drop := func(k string) func(map[string]any) { return func(m map[string]any) { delete(m, k) } }
	inFirst := func(list, k string) func(map[string]any) {
		return func(m map[string]any) { delete(m[list].([]any)[0].(map[string]any), k) }
	}
	for _, tc := range []struct {
		name, path string
		edit       func(map[string]any)
		want       string
	}{
		{"no services", "/v1/project/acme-prod/service", drop("services"), `the answer lacks "services"`},
		{"null services", "/v1/project/acme-prod/service", func(m map[string]any) { m["services"] = nil },
			`the answer lacks "services"`},
		{"a service without a state", "/v1/project/acme-prod/service", inFirst("services", "state"),
			"the answer lacks services[0].state"},
		{"a service without user_config", "/v1/project/acme-prod/service", inFirst("services", "user_config"),
			"the answer lacks services[0].user_config"},
		{"no clouds", "/v1/project/acme-prod/clouds", drop("clouds"), `the answer lacks "clouds"`},
		{"no plans", "/v1/project/acme-prod/service-types/cassandra/plans", drop("service_plans"),
			`the answer lacks "service_plans"`},
		{"no disk in a plan", "/v1/project/acme-prod/service-types/cassandra/plans/business-8", drop("disk_space_mb"),
			`the answer lacks "disk_space_mb"`},
		{"no price", "/v1/project/acme-prod/pricing/service-types/cassandra/plans/business-8/clouds/aws-us-east-1",
			drop("base_price_usd"), `the answer lacks "base_price_usd"`},
		{"no VPCs", "/v1/project/acme-prod/vpcs", drop("vpcs"), `the answer lacks "vpcs"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim, _ := startSim(t, aivensim.Options{}, seed)
			url := tamper(t, sim, tc.path, tc.edit)
			live, err := newClient(t, url, aiven.Config{}).ReadLive(context.Background(), loadSpec(t, answersSpec))
			if err == nil {
				t.Fatalf("read live state: no error; services %+v", live.Projects["acme-prod"].Services)
			}
			want := "GET " + url + tc.path + ": " + tc.want + ", which the Aiven API always sends"
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q, want it to contain %q", err, want)
			}
			if aiven.IsUnavailable(err) {
				t.Errorf("error %v counts as an unavailable API; the same server will answer the same way", err)
			}
		})
	}
}

// TestServiceGetLackingTheServiceIsAnError: the read apply makes of a
// service whose name was taken is held to the same fields.
func TestServiceGetLackingTheServiceIsAnError(t *testing.T) {
	seed := aivensim.SeedFile{Projects: []aivensim.ProjectSeed{{Project: "acme-prod",
		Services: []aivensim.ServiceSeed{cassandra("orders-eu", "business-8", "google-europe-west1", "orders-eu", "")}}}}
	for name, edit := range map[string]func(map[string]any){
		`"service"`:    func(m map[string]any) { delete(m, "service") },
		"service.plan": func(m map[string]any) { delete(m["service"].(map[string]any), "plan") },
	} {
		sim, _ := startSim(t, aivensim.Options{}, seed)
		url := tamper(t, sim, "/v1/project/acme-prod/service/orders-eu", edit)
		_, err := newClient(t, url, aiven.Config{}).GetService(context.Background(), "acme-prod", "orders-eu")
		if want := "the answer lacks " + name; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("GetService: %v, want an error containing %q", err, want)
		}
	}
}
