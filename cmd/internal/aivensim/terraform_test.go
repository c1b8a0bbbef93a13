package aivensim_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/aiven/go-client-codegen/handler/service"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// TestTerraformReads: what the Terraform provider reads on every refresh of
// an aiven_pg (reference/aiven-replicas.md §6): the project's static IPs,
// connection_info.pg_params with the port as a decimal string,
// metadata.max_connections and maintenance.
func TestTerraformReads(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	ctx := context.Background()
	if body := string(h.get(t, "/v1/project/r1/static-ips?limit=999", "aivenv1 "+testToken)); body != "{\"static_ips\":[]}\n" {
		t.Errorf("GET static-ips = %q, want {\"static_ips\":[]}", body)
	}
	ips, err := h.client.StaticIPList(ctx, "r1")
	if err != nil || ips == nil || len(ips) != 0 {
		t.Errorf("StaticIPList = %#v, %v; want an empty list", ips, err)
	}
	_, err = h.client.StaticIPList(ctx, "nope")
	wantAPIError(t, err, http.StatusNotFound, "Project does not exist")

	for name, wantConns := range map[string]float64{"pg-main": 100, "pg-hobby": 25, "pg-free": 20} {
		got, err := h.client.ServiceGet(ctx, "r1", name, service.ServiceGetIncludeSecrets(true))
		if err != nil {
			t.Fatal(err)
		}
		if len(got.ConnectionInfo.PGParams) != 1 || len(got.ConnectionInfo.PG) != 1 {
			t.Fatalf("%s connection_info = %+v", name, got.ConnectionInfo)
		}
		params := got.ConnectionInfo.PGParams[0]
		port, err := strconv.ParseInt(params.Port, 10, 32)
		if err != nil || strconv.Itoa(int(port)) != got.ServiceUriParams["port"] || params.Host != got.ServiceUriParams["host"] ||
			params.User != "avnadmin" || params.Dbname != "defaultdb" || params.Sslmode != "require" ||
			!strings.HasPrefix(params.Password, "AVNS_") {
			t.Errorf("%s pg_params = %+v (port %v)", name, params, err)
		}
		uri := got.ConnectionInfo.PG[0]
		if !strings.HasPrefix(uri, "postgres://avnadmin:"+params.Password+"@"+params.Host+":"+params.Port+"/defaultdb") ||
			got.ServiceUri != uri {
			t.Errorf("%s pg[0] = %q, service_uri %q", name, uri, got.ServiceUri)
		}
		if got.Metadata["max_connections"] != wantConns {
			t.Errorf("%s metadata = %v, want max_connections %v", name, got.Metadata, wantConns)
		}
		if got.Maintenance == nil || got.Maintenance.Dow == "" || got.Maintenance.Time == "" {
			t.Errorf("%s maintenance = %+v", name, got.Maintenance)
		}
	}
	redacted, _ := h.client.ServiceGet(ctx, "r1", "pg-main")
	if p := redacted.ConnectionInfo.PGParams[0].Password; p != "<redacted>" || strings.Contains(redacted.ConnectionInfo.PG[0], "AVNS_") {
		t.Errorf("without include_secrets: pg_params password %q, pg %q", p, redacted.ConnectionInfo.PG[0])
	}
}
