package aivensim_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aiven/go-client-codegen/handler/service"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// replicaIn is a create of name in r1 as a member of source, of kind.
func replicaIn(name, typ, plan, kind, source string) *service.ServiceCreateIn {
	return &service.ServiceCreateIn{ServiceName: name, ServiceType: typ, Plan: plan, Cloud: ptr("aws-us-east-1"),
		ServiceIntegrations: &[]service.ServiceIntegrationIn{{IntegrationType: service.IntegrationType(kind),
			SourceService: &source, UserConfig: &map[string]any{}}}}
}

// links lists a service's service_integrations as "type source->dest active".
func (h *harness) links(t *testing.T, project, name string) []string {
	t.Helper()
	got, err := h.client.ServiceGet(context.Background(), project, name)
	if err != nil {
		t.Fatalf("ServiceGet %s: %v", name, err)
	}
	var out []string
	for _, l := range got.ServiceIntegrations {
		out = append(out, linkString(l))
	}
	return out
}

func linkString(l service.ServiceIntegrationOut) string {
	state := "inactive"
	if l.Active {
		state = "active"
	}
	return string(l.IntegrationType) + " " + l.SourceService + "->" + deref(l.DestService) + " " + state
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

// TestPGReadReplicaWaitsForFirstBackup follows a new pg primary and its
// read replica through time: the documented 403 until the primary's first
// backup (a quarter of the provision delay after RUNNING by default), then
// a replica that is REBUILDING with an inactive link, then RUNNING with the
// link active on both ends; the replica never takes a backup.
func TestPGReadReplicaWaitsForFirstBackup(t *testing.T) {
	h := newHarness(t, aivensim.Options{ProvisionDelay: 20 * time.Minute})
	ctx := context.Background()
	if _, err := h.client.ServiceCreate(ctx, "r1", &service.ServiceCreateIn{ServiceName: "orders-pg", ServiceType: "pg",
		Plan: "business-4", Cloud: ptr("google-europe-west1")}); err != nil {
		t.Fatal(err)
	}
	replica := replicaIn("orders-pg-ro", "pg", "startup-4", "read_replica", "orders-pg")
	for _, step := range []time.Duration{0, 20 * time.Minute, 5*time.Minute - time.Second} {
		h.clock.Advance(step)
		_, err := h.client.ServiceCreate(ctx, "r1", replica)
		wantAPIError(t, err, http.StatusForbidden, "Creation of a read replica not allowed under current plan")
	}
	if _, err := h.client.ServiceGet(ctx, "r1", "orders-pg-ro"); err == nil || h.srv.Stats().Creates["r1/orders-pg-ro"] != 0 {
		t.Fatalf("a refused replica exists: %v, creates %v", err, h.srv.Stats().Creates)
	}
	h.clock.Advance(time.Second)
	if b, err := h.client.ServiceBackupsGet(ctx, "r1", "orders-pg"); err != nil || len(b.Backups) != 1 {
		t.Fatalf("primary backups 25 minutes after create = %+v, %v", b, err)
	}
	out, err := h.client.ServiceCreate(ctx, "r1", replica)
	if err != nil {
		t.Fatalf("replica after the first backup: %v", err)
	}
	want := []string{"read_replica orders-pg->orders-pg-ro inactive"}
	if got := []string{linkString(out.ServiceIntegrations[0])}; out.State != service.ServiceStateTypeRebuilding ||
		!slices.Equal(got, want) || out.UserConfig["pg_version"] != "17" {
		t.Fatalf("created replica: %s %v %v", out.State, got, out.UserConfig)
	}
	if got := h.links(t, "r1", "orders-pg"); !slices.Equal(got, want) {
		t.Fatalf("primary's links = %v, want %v", got, want)
	}
	h.clock.Advance(20 * time.Minute)
	list, err := h.client.ServiceList(ctx, "r1")
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, sv := range list {
		for _, l := range sv.ServiceIntegrations {
			if deref(l.DestService) == "orders-pg-ro" {
				seen++
				if linkString(l) != "read_replica orders-pg->orders-pg-ro active" || l.ServiceIntegrationId != out.ServiceIntegrations[0].ServiceIntegrationId {
					t.Errorf("%s lists %s (%s)", sv.ServiceName, linkString(l), l.ServiceIntegrationId)
				}
			}
		}
		if sv.ServiceName == "orders-pg-ro" && sv.State != service.ServiceStateTypeRunning {
			t.Errorf("replica is %s after its provision delay", sv.State)
		}
	}
	if seen != 2 {
		t.Fatalf("one ServiceList shows the link on %d ends, want 2", seen)
	}
	h.clock.Advance(3 * 24 * time.Hour)
	if b, _ := h.client.ServiceBackupsGet(ctx, "r1", "orders-pg-ro"); len(b.Backups) != 0 {
		t.Fatalf("the replica has backups: %+v", b.Backups)
	}
	if b, _ := h.client.ServiceBackupsGet(ctx, "r1", "orders-pg"); len(b.Backups) != 2 {
		t.Fatalf("the primary keeps %d backups, want 2", len(b.Backups))
	}
}

// TestCreateMemberRules: every rule that refuses a member, with its status
// and message; a refused create creates nothing.
func TestCreateMemberRules(t *testing.T) {
	tests := []struct {
		name   string
		in     *service.ServiceCreateIn
		status int
		want   string
	}{
		{"pg replica on a business plan", replicaIn("x", "pg", "business-4", "read_replica", "pg-main"),
			400, `Plan "business-4" is not available for a pg read replica: read replicas use a startup plan`},
		{"pg replica of a hobbyist primary", replicaIn("x", "pg", "startup-4", "read_replica", "pg-hobby"),
			403, "Creation of a read replica not allowed under current plan"},
		{"pg replica of a free primary", replicaIn("x", "pg", "startup-4", "read_replica", "pg-free"),
			403, "Creation of a read replica not allowed under current plan"},
		{"pg replica of mysql", replicaIn("x", "pg", "startup-4", "read_replica", "mysql-main"),
			400, `Source service "mysql-main" is of type "mysql", not "pg"`},
		{"missing source", replicaIn("x", "pg", "startup-4", "read_replica", "ghost"),
			400, `Source service "ghost" was not found in project "r1"`},
		{"replica of a replica", replicaIn("x", "pg", "startup-4", "read_replica", "pg-ro"),
			400, `Service "pg-ro" is itself the read_replica member of "pg-main"`},
		{"pg replica of another version", withUserConfig(replicaIn("x", "pg", "startup-4", "read_replica", "pg-main"),
			"pg_version", "16"), 400, `pg_version "16" differs from "17" of service "pg-main"`},
		{"mysql replica on a business plan", replicaIn("x", "mysql", "business-4", "read_replica", "mysql-main"),
			400, `Plan "business-4" is not available for a mysql read replica`},
		{"valkey replica on a business plan", replicaIn("x", "valkey", "business-4", "read_replica", "vk-main"),
			400, `Plan "business-4" is not available for a valkey read replica`},
		{"valkey replica of a primary without persistence", replicaIn("x", "valkey", "startup-4", "read_replica", "vk-off"),
			400, `Service "vk-off" has valkey_persistence off: it cannot be replicated`},
		{"opensearch follower on a startup plan", replicaIn("x", "opensearch", "startup-4", kindOS, "os-leader"),
			400, `Cross-cluster replication is not available on plan "startup-4"`},
		{"opensearch follower smaller than its leader", replicaIn("x", "opensearch", "business-4", kindOS, "os-spare"),
			400, `Plan "business-4" is smaller than plan "business-8" of leader "os-spare"`},
		{"opensearch follower of another version", withUserConfig(replicaIn("x", "opensearch", "business-4", kindOS, "os-leader"),
			"opensearch_version", "3.3"), 400, `opensearch_version "3.3" differs from "2.19" of service "os-leader"`},
		{"recovery of a hobbyist primary", replicaIn("x", "pg", "startup-4", "disaster_recovery", "pg-hobby"),
			400, `Disaster recovery is not available on plan "hobbyist" of service "pg-hobby"`},
		{"recovery on a free plan", replicaIn("x", "pg", "free-1-1gb", "disaster_recovery", "pg-solo"),
			400, `Disaster recovery is not available on plan "free-1-1gb" of service "x"`},
		{"second recovery of a primary", replicaIn("x", "pg", "business-4", "disaster_recovery", "pg-main"),
			409, "Only 1 integration(s) of this type allowed per service"},
		{"recovery of mysql", replicaIn("x", "mysql", "business-4", "disaster_recovery", "mysql-main"),
			400, `disaster_recovery links pg services; "x" is of type "mysql"`},
		{"cassandra member", replicaIn("x", "cassandra", "business-8", "read_replica", "cass-eu"),
			400, `read_replica links pg, mysql, valkey services; "x" is of type "cassandra"`},
		{"source in another project", withSourceProject(replicaIn("x", "pg", "startup-4", "read_replica", "pg-1"), "p1"),
			400, `Source project "p1" differs from project "r1"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, aivensim.Options{})
			_, err := h.client.ServiceCreate(context.Background(), "r1", tc.in)
			wantAPIError(t, err, tc.status, tc.want)
			if got := h.srv.Stats().Creates; len(got) != 0 {
				t.Errorf("refused create was committed: %v", got)
			}
			if got := h.links(t, "r1", "pg-main"); len(got) != 2 {
				t.Errorf("pg-main's links changed: %v", got)
			}
		})
	}
}

const kindOS = "opensearch_cross_cluster_replication"

func withUserConfig(in *service.ServiceCreateIn, key, value string) *service.ServiceCreateIn {
	in.UserConfig = &map[string]any{key: value}
	return in
}

func withSourceProject(in *service.ServiceCreateIn, project string) *service.ServiceCreateIn {
	(*in.ServiceIntegrations)[0].SourceProject = &project
	return in
}

// TestCreateEveryKind: one member of each kind passes, inherits its
// source's version and lists the link.
func TestCreateEveryKind(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	for _, c := range []struct {
		in      *service.ServiceCreateIn
		key     string
		version string
	}{
		{replicaIn("pg-ro2", "pg", "startup-4", "read_replica", "pg-main"), "pg_version", "17"},
		{replicaIn("mysql-ro", "mysql", "startup-4", "read_replica", "mysql-main"), "mysql_version", "8.4"},
		{replicaIn("vk-ro2", "valkey", "startup-4", "read_replica", "vk-main"), "valkey_version", "8.1"},
		{replicaIn("pg-solo-dr", "pg", "business-4", "disaster_recovery", "pg-solo"), "pg_version", "17"},
		{replicaIn("os-follower2", "opensearch", "business-8", kindOS, "os-leader"), "opensearch_version", "2.19"},
	} {
		out, err := h.client.ServiceCreate(context.Background(), "r1", c.in)
		if err != nil {
			t.Fatalf("create %s: %v", c.in.ServiceName, err)
		}
		// Without a provision delay the member is RUNNING at once, and so
		// its link is active.
		src := *(*c.in.ServiceIntegrations)[0].SourceService
		want := string((*c.in.ServiceIntegrations)[0].IntegrationType) + " " + src + "->" + c.in.ServiceName + " active"
		if len(out.ServiceIntegrations) != 1 || linkString(out.ServiceIntegrations[0]) != want || out.UserConfig[c.key] != c.version {
			t.Errorf("%s = %v %v, want %q and %s %s", c.in.ServiceName, out.ServiceIntegrations, out.UserConfig, want, c.key, c.version)
		}
		if got := h.links(t, "r1", src); !slices.Contains(got, want) {
			t.Errorf("%s's links %v lack %q", src, got, want)
		}
	}
}

// TestValkeyReplicaLimit: five read replicas per valkey primary, the
// documented maximum.
func TestValkeyReplicaLimit(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	for i := 2; i <= 5; i++ {
		name := "vk-ro" + string(rune('0'+i))
		if _, err := h.client.ServiceCreate(context.Background(), "r1", replicaIn(name, "valkey", "startup-4", "read_replica", "vk-main")); err != nil {
			t.Fatalf("replica %d: %v", i, err)
		}
	}
	_, err := h.client.ServiceCreate(context.Background(), "r1", replicaIn("vk-ro6", "valkey", "startup-4", "read_replica", "vk-main"))
	wantAPIError(t, err, http.StatusBadRequest, `Service "vk-main" already has 5 read replicas, the most a valkey service can have`)
}

// TestMalformedServiceIntegrations: a 400 that names the field, and
// nothing created; explicit nulls and [] are fine.
func TestMalformedServiceIntegrations(t *testing.T) {
	many := strings.Repeat(`{"integration_type":"read_replica","source_service":"pg-main"},`, 65)
	for _, c := range []struct{ integrations, want string }{
		{`{}`, "service_integrations: must be a list of objects, not an object"},
		{`"pg-main"`, "service_integrations: must be a list of objects, not a string"},
		{`[1]`, "service_integrations[0]: must be an object, not a number"},
		{`[{"source_service":"pg-main"}]`, "service_integrations[0].integration_type: required"},
		{`[{"integration_type":5,"source_service":"pg-main"}]`, "service_integrations[0].integration_type: must be a string, not a number"},
		{`[{"integration_type":"replica","source_service":"pg-main"}]`, `service_integrations[0].integration_type: "replica" is not a valid integration type`},
		{`[{"integration_type":"metrics","source_service":"pg-main"}]`, `service_integrations[0].integration_type: "metrics" is not emulated by aiven-sim`},
		{`[{"integration_type":"read_replica"}]`, "service_integrations[0].source_service: required"},
		{`[{"integration_type":"read_replica","source_service":7}]`, "service_integrations[0].source_service: must be a string, not a number"},
		{`[{"integration_type":"read_replica","source_service_name":"pg-main"}]`, `service_integrations[0]: unknown field "source_service_name"`},
		{`[{"integration_type":"read_replica","source_service":"pg-main","dest_service":"other"}]`, "service_integrations[0].dest_service: the destination is the service being created"},
		{`[{"integration_type":"read_replica","source_service":"pg-main","user_config":{"x":1}}]`, `service_integrations[0].user_config: "x" is not a setting of read_replica`},
		{`[{"integration_type":"read_replica","source_service":"pg-main","user_config":[]}]`, "service_integrations[0].user_config: must be an object, not a list"},
		{`[{"integration_type":"read_replica","source_service":"pg-main","source_endpoint_id":"e1"}]`, "service_integrations[0].source_endpoint_id: integration endpoints are not emulated"},
		{`[` + strings.TrimSuffix(many, ",") + `]`, "service_integrations: at most 64 entries, not 65"},
		{`[{"integration_type":"read_replica","source_service":"pg-main"},{"integration_type":"disaster_recovery","source_service":"pg-solo"}]`,
			"service_integrations: a new service is the member of one replication integration, not 2"},
	} {
		h := newHarness(t, aivensim.Options{})
		status, got := h.do(t, "POST", "/v1/project/r1/service", createBody("x", c.integrations))
		if status != http.StatusBadRequest || !strings.Contains(got.Message, c.want) {
			t.Errorf("service_integrations %s: %d %q, want 400 containing %q", c.integrations, status, got.Message, c.want)
		}
		if n := len(h.srv.Stats().Creates); n != 0 {
			t.Errorf("service_integrations %s: %d services created", c.integrations, n)
		}
	}
	h := newHarness(t, aivensim.Options{})
	for i, integrations := range []string{`[]`, `null`, `[{"integration_type":"read_replica","source_service":"pg-main",
		"dest_service":null,"source_project":null,"dest_project":null,"source_endpoint_id":null,"dest_endpoint_id":null,"user_config":null}]`} {
		name := "ok-" + string(rune('a'+i))
		if status, got := h.do(t, "POST", "/v1/project/r1/service", createBody(name, integrations)); status != 200 {
			t.Errorf("service_integrations %s: %d %q, want 200", integrations, status, got.Message)
		}
	}
}

func createBody(name, integrations string) string {
	return `{"service_name":"` + name + `","service_type":"pg","plan":"startup-4","cloud":"aws-us-east-1",
		"project_vpc_id":null,"service_integrations":` + integrations + `}`
}

// TestLenientRules: each inferred rule can be turned off; the documented
// ones stay.
func TestLenientRules(t *testing.T) {
	h := newHarness(t, aivensim.Options{LenientRules: []string{"primary-plan", "replica-of-replica", "same-version",
		"same-project", "integration-unknown-keys", "mysql-replica-startup"}})
	ctx := context.Background()
	for _, in := range []*service.ServiceCreateIn{
		replicaIn("from-hobby", "pg", "startup-4", "read_replica", "pg-hobby"),
		replicaIn("of-replica", "valkey", "startup-4", "read_replica", "vk-ro"),
		withUserConfig(replicaIn("other-version", "pg", "startup-4", "read_replica", "pg-main"), "pg_version", "16"),
		withSourceProject(replicaIn("cross-project", "pg", "startup-4", "read_replica", "pg-1"), "p1"),
		replicaIn("mysql-business", "mysql", "business-4", "read_replica", "mysql-main"),
	} {
		if _, err := h.client.ServiceCreate(ctx, "r1", in); err != nil {
			t.Errorf("lenient create %s: %v", in.ServiceName, err)
		}
	}
	if got := h.links(t, "p1", "pg-1"); !slices.Equal(got, []string{"read_replica pg-1->cross-project active"}) {
		t.Errorf("the cross-project link on its source = %v", got)
	}
	status, got := h.do(t, "POST", "/v1/project/r1/service",
		createBody("named", `[{"integration_type":"read_replica","source_service_name":"pg-main"}]`))
	if status != 400 || !strings.Contains(got.Message, "service_integrations[0].source_service: required") {
		t.Errorf("an ignored source_service_name leaves no source: %d %q", status, got.Message)
	}
	for _, in := range []*service.ServiceCreateIn{
		replicaIn("business", "pg", "business-4", "read_replica", "pg-main"),
		replicaIn("vk-business", "valkey", "business-4", "read_replica", "vk-main"),
	} {
		if _, err := h.client.ServiceCreate(ctx, "r1", in); err == nil {
			t.Errorf("documented rule turned off: %s created", in.ServiceName)
		}
	}
}

// TestMemberWaitsForRebuildingSource: a valkey replica (no backup needed)
// of a primary still being built is accepted and stays REBUILDING, its
// link inactive, until the primary is RUNNING too.
func TestMemberWaitsForRebuildingSource(t *testing.T) {
	h := newHarness(t, aivensim.Options{ProvisionDelay: time.Hour})
	until := h.clock.Now().Add(2 * time.Hour)
	if err := h.srv.AddService("r1", aivensim.ServiceSeed{ServiceName: "vk-slow", ServiceType: "valkey",
		Plan: "business-4", CloudName: r1Cloud, State: "REBUILDING", BusyUntil: &until}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.ServiceCreate(context.Background(), "r1", replicaIn("vk-slow-ro", "valkey", "startup-4", "read_replica", "vk-slow")); err != nil {
		t.Fatalf("a replica of a primary being built: %v", err)
	}
	h.clock.Advance(time.Hour)
	h.wantStatesIn(t, "r1", "after the replica's own delay", map[string]service.ServiceStateType{
		"vk-slow": service.ServiceStateTypeRebuilding, "vk-slow-ro": service.ServiceStateTypeRebuilding})
	if got := h.links(t, "r1", "vk-slow-ro"); len(got) != 1 || got[0] != "read_replica vk-slow->vk-slow-ro inactive" {
		t.Fatalf("links = %v", got)
	}
	h.clock.Advance(time.Hour)
	if got := h.links(t, "r1", "vk-slow"); len(got) != 1 || got[0] != "read_replica vk-slow->vk-slow-ro active" {
		t.Fatalf("once the primary is RUNNING: %v", got)
	}
}
