package aivensim_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aiven/go-client-codegen/handler/cloud"
	"github.com/aiven/go-client-codegen/handler/project"
	"github.com/aiven/go-client-codegen/handler/service"
	"github.com/aiven/go-client-codegen/handler/staticip"
	"github.com/aiven/go-client-codegen/handler/vpc"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// routeCall is one request and the official client's output type for its
// answer (with the client's unexported envelope spelled out).
type routeCall struct {
	method, path, body string
	out                func() any
}

// routeCalls exercise every route against the fixture, in an order where
// each call still finds what it needs (the create before the delete).
var routeCalls = []routeCall{
	{"GET", "/v1/clouds", "", func() any { return new(struct{ Clouds []cloud.CloudOut }) }},
	{"GET", "/v1/project", "", func() any { return new(project.ProjectListOut) }},
	{"GET", "/v1/project/p1", "", func() any { return new(struct{ Project project.ProjectGetOut }) }},
	{"GET", "/v1/project/p1/clouds", "", func() any { return new(struct{ Clouds []cloud.CloudOut }) }},
	{"POST", "/v1/project/p1/service", `{"service_name":"new-peer","service_type":"cassandra","plan":"business-8",
		"cloud":"aws-us-east-1","project_vpc_id":null,
		"user_config":{"service_to_join_with":"cass-eu","cassandra":{"datacenter":"new-peer"}}}`,
		func() any { return new(struct{ Service service.ServiceCreateOut }) }},
	{"GET", "/v1/project/p1/service?include_secrets=true", "", func() any { return new(struct{ Services []service.ServiceOut }) }},
	{"GET", "/v1/project/p1/service/new-peer", "", func() any { return new(struct{ Service service.ServiceGetOut }) }},
	{"PUT", "/v1/project/p1/service/cass-eu", `{"termination_protection":false}`,
		func() any { return new(struct{ Service service.ServiceUpdateOut }) }},
	{"DELETE", "/v1/project/p1/service/pg-1", "", func() any { return new(struct{}) }},
	{"GET", "/v1/project/p1/service/cass-eu/tags", "", func() any { return new(struct{ Tags map[string]string }) }},
	{"PUT", "/v1/project/p1/service/cass-eu/tags", `{"tags":{"env":"prod"}}`, func() any { return new(struct{ Message string }) }},
	{"PATCH", "/v1/project/p1/service/cass-eu/tags", `{"tags":{"team":"x"}}`, func() any { return new(struct{ Message string }) }},
	{"GET", "/v1/project/p1/service/cass-eu/backups", "", func() any { return new(service.ServiceBackupsGetOut) }},
	// The client has no type for cassandra any more; every service type
	// has the shape of PGOut, so p1's map decodes into that.
	{"GET", "/v1/project/p1/service_types", "", func() any {
		return new(struct {
			ServiceTypes map[string]service.PGOut `json:"service_types"`
		})
	}},
	{"GET", "/v1/project/today/service_types", "", func() any {
		return new(struct {
			ServiceTypes service.ListProjectServiceTypesOut `json:"service_types"`
		})
	}},
	{"GET", "/v1/project/p1/service-types", "", func() any { return new(map[string]project.PGOut) }},
	{"GET", "/v1/project/today/service-types", "", func() any { return new(project.ProjectServiceTypesListOut) }},
	{"GET", "/v1/project/p1/service-types/cassandra", "", func() any { return new(project.ProjectServiceTypesGetOut) }},
	{"GET", "/v1/project/p1/service-types/cassandra/plans", "", func() any {
		return new(struct {
			ServicePlans []project.ServicePlanOut `json:"service_plans"`
		})
	}},
	{"GET", "/v1/project/p1/service-types/cassandra/plans/business-8", "", func() any { return new(project.ProjectServicePlanSpecsGetOut) }},
	{"GET", "/v1/project/p1/pricing/service-types/cassandra/plans/business-8/clouds/aws-us-east-1", "",
		func() any { return new(project.ProjectServicePlanPriceGetOut) }},
	{"GET", "/v1/project/p1/vpcs", "", func() any { return new(struct{ Vpcs []vpc.VpcOut }) }},
	{"GET", "/v1/project/r1/static-ips", "", func() any {
		return new(struct {
			StaticIps []staticip.StaticIPOut `json:"static_ips"`
		})
	}},
	// The replication kinds: r1's services carry their links on both ends,
	// and the disaster recovery pair its roles, which the client does not
	// declare (see withRole).
	{"GET", "/v1/project/r1/service", "", func() any { return new(struct{ Services []serviceWithRole }) }},
	{"GET", "/v1/project/r1/service/pg-dr?include_secrets=true", "", func() any {
		return new(struct{ Service serviceGetWithRole })
	}},
	{"POST", "/v1/project/r1/service", `{"service_name":"pg-ro2","service_type":"pg","plan":"startup-4",
		"cloud":"aws-us-east-1","project_vpc_id":null,"user_config":{"pg_version":"17"},
		"service_integrations":[{"integration_type":"read_replica","source_service":"pg-main","user_config":{}}]}`,
		func() any { return new(struct{ Service service.ServiceCreateOut }) }},
	{"PUT", "/v1/project/r1/service/pg-dr", `{"plan":"business-4","user_config":{},"disaster_recovery_role":"active"}`,
		func() any { return new(struct{ Service serviceUpdateWithRole }) }},
	{"POST", "/v1/project/r1/integration", `{"source_endpoint_id":null,"source_service":"os-leader","dest_endpoint_id":null,
		"dest_service":"os-spare","integration_type":"opensearch_cross_cluster_replication","user_config":{}}`,
		func() any {
			return new(struct {
				ServiceIntegration service.ServiceIntegrationCreateOut `json:"service_integration"`
			})
		}},
	{"GET", "/v1/project/r1/integration/" + idOSFollower, "", func() any {
		return new(struct {
			ServiceIntegration service.ServiceIntegrationGetOut `json:"service_integration"`
		})
	}},
	{"GET", "/v1/project/r1/service/os-leader/integration", "", func() any {
		return new(struct {
			ServiceIntegrations []service.ServiceIntegrationOut `json:"service_integrations"`
		})
	}},
	{"DELETE", "/v1/project/r1/integration/" + idOSFollower, "", func() any { return new(struct{}) }},
	{"GET", "/v1/project/r1/integration_types", "", func() any {
		return new(struct {
			IntegrationTypes []service.IntegrationTypeOut `json:"integration_types"`
		})
	}},
	{"GET", "/_sim/stats", "", func() any { return new(aivensim.Stats) }},
	{"POST", "/_sim/reset-stats", "", func() any { return new(aivensim.Stats) }},
	{"POST", "/_sim/advance-clock?by=1s", "", func() any { return new(struct{ Now string }) }},
}

// serviceWithRole, serviceGetWithRole and serviceUpdateWithRole are the
// client's service objects plus disaster_recovery_role, a top-level field
// that Aiven documents (avn service get --json) and go-client-codegen does
// not declare: the only field aiven-sim answers beyond the client's types.
type serviceWithRole struct {
	service.ServiceOut
	DisasterRecoveryRole string `json:"disaster_recovery_role"`
}

type serviceGetWithRole struct {
	service.ServiceGetOut
	DisasterRecoveryRole string `json:"disaster_recovery_role"`
}

type serviceUpdateWithRole struct {
	service.ServiceUpdateOut
	DisasterRecoveryRole string `json:"disaster_recovery_role"`
}

// TestEveryRouteDecodesStrictly decodes every emulated answer into the
// official client's output type with unknown fields disallowed, and checks
// that the calls cover every route the emulator serves.
func TestEveryRouteDecodesStrictly(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	covered := map[string]bool{}
	for _, c := range routeCalls {
		before := h.srv.Stats().Requests
		status, body := h.raw(t, c.method, c.path, c.body)
		if status != http.StatusOK {
			t.Fatalf("%s %s: status %d: %s", c.method, c.path, status, body)
		}
		strictDecode(t, body, c.out())
		for pattern, n := range h.srv.Stats().Requests {
			if n > before[pattern] {
				covered[pattern] = true
			}
		}
	}
	for _, route := range []string{"GET /_sim/stats", "POST /_sim/reset-stats", "POST /_sim/advance-clock"} {
		covered[route] = true // not counted in stats
	}
	for _, route := range h.srv.Routes() {
		if !covered[route] {
			t.Errorf("route %s is not covered by routeCalls", route)
		}
	}
}

// TestErrorsDecodeStrictly: each kind of failure answers in Aiven's error
// shape and nothing else.
func TestErrorsDecodeStrictly(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	for _, c := range []struct {
		method, path, body string
		status             int
	}{
		{"GET", "/v1/project/nope/service", "", http.StatusNotFound},
		{"GET", "/v1/project/hidden/service", "", http.StatusForbidden},
		{"GET", "/v1/project/p1/service/nope", "", http.StatusNotFound},
		{"POST", "/v1/project/p1/service", `{"service_name":"cass-eu","service_type":"cassandra","plan":"business-8"}`, http.StatusConflict},
		{"POST", "/v1/project/p1/service", `{`, http.StatusBadRequest},
		{"GET", "/v1/project/p1/service-types/cassandra/plans/gold-1", "", http.StatusNotFound},
		{"GET", "/v1/project/p1/pricing/service-types/cassandra/plans/business-8/clouds/mars-1", "", http.StatusNotFound},
		{"GET", "/v1/project/p1/service/cass-eu/metrics", "", http.StatusNotFound},
		{"DELETE", "/v1/project/p1/service", "", http.StatusMethodNotAllowed},
	} {
		status, body := h.raw(t, c.method, c.path, c.body)
		var e apiErrorBody
		strictDecode(t, body, &e)
		if status != c.status || e.Message == "" || len(e.Errors) != 1 || e.Errors[0].Status != c.status ||
			e.Errors[0].Message != e.Message {
			t.Errorf("%s %s = %d %+v, want %d in Aiven's error shape", c.method, c.path, status, e, c.status)
		}
	}
}

// raw sends an authenticated request and returns the status and body.
func (h *harness) raw(t *testing.T, method, path, body string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, h.url+path, strings.NewReader(body))
	req.Header.Set("Authorization", "aivenv1 "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// strictDecode decodes an API answer into v, failing on any field v's type
// does not declare: the emulator answers nothing a client would not expect.
func strictDecode(t *testing.T, body []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decode into %T: %v\n%s", v, err, body)
	}
}
