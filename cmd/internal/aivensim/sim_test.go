package aivensim_test

import (
	"errors"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	aiven "github.com/aiven/go-client-codegen"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// clock is a fake clock the tests step by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

const testToken = "test-token"

// fixture is the project layout most tests start from:
//
//	p1: cass-eu (RUNNING, business-8, google-europe-west1, dc cass-eu)
//	    cass-off (POWEROFF), pg-1 (pg), pair-a <- pair-b (a CCR pair)
//	p2: cass-far (RUNNING, business-8, aws-us-east-1)
//	today: cassandra not offered; hidden: forbidden to the token
//	r1: the replication kinds (replicaProject)
func fixture() aivensim.SeedFile {
	cassandra := func(name, cloud, state string, uc map[string]any) aivensim.ServiceSeed {
		return aivensim.ServiceSeed{ServiceName: name, ServiceType: "cassandra", Plan: "business-8",
			CloudName: cloud, State: state, UserConfig: uc}
	}
	dc := func(name string) map[string]any {
		return map[string]any{"cassandra": map[string]any{"datacenter": name}}
	}
	no := false
	return aivensim.SeedFile{Projects: []aivensim.ProjectSeed{
		{Project: "p1", DefaultCloud: "google-europe-west1",
			VPCs: []aivensim.VPC{{ProjectVPCID: "1f0e6b1c-5a5e-4c3e-9a53-2f9c2b9d7a10", CloudName: "aws-us-east-1",
				NetworkCIDR: "10.1.0.0/24", State: "ACTIVE"}},
			Services: []aivensim.ServiceSeed{
				cassandra("cass-eu", "google-europe-west1", "RUNNING", dc("cass-eu")),
				cassandra("cass-off", "google-europe-west3", "POWEROFF", nil),
				{ServiceName: "pg-1", ServiceType: "pg", Plan: "startup-4", CloudName: "aws-eu-west-1"},
				cassandra("pair-a", "google-europe-west1", "RUNNING", dc("pair-a")),
				cassandra("pair-b", "aws-eu-west-1", "RUNNING", map[string]any{
					"service_to_join_with": "pair-a", "cassandra": map[string]any{"datacenter": "pair-b"}}),
			}},
		{Project: "p2", Services: []aivensim.ServiceSeed{cassandra("cass-far", "aws-us-east-1", "RUNNING", nil)}},
		{Project: "today", CassandraOffered: &no},
		{Project: "hidden", Forbidden: true},
		replicaProject(),
	}}
}

// The ids of r1's seeded links.
const (
	idPGReplica  = "4a9f3c2e-1b7d-4e8a-9c3f-5d6e7f8a9b01"
	idPGRecovery = "4a9f3c2e-1b7d-4e8a-9c3f-5d6e7f8a9b02"
	idOSFollower = "4a9f3c2e-1b7d-4e8a-9c3f-5d6e7f8a9b03"
	idValkeyRead = "4a9f3c2e-1b7d-4e8a-9c3f-5d6e7f8a9b04"
	r1Cloud      = "google-europe-west1"
)

// replicaProject is r1, every replication kind, all RUNNING (seeded
// primaries have taken their first backup when the clock starts):
//
//	pg-main (business-4) -> pg-ro (startup-4, read_replica), pg-dr (business-4, disaster_recovery)
//	pg-solo (business-4), pg-hobby (hobbyist), pg-free (free-1-1gb): no links
//	mysql-main (business-4); vk-main (business-4) -> vk-ro (startup-4); vk-off (persistence off)
//	os-leader (business-4, 2.19) -> os-follower (business-4); os-spare (business-8), os-small (startup-4)
func replicaProject() aivensim.ProjectSeed {
	svc := func(name, typ, plan, cloud string, uc map[string]any) aivensim.ServiceSeed {
		return aivensim.ServiceSeed{ServiceName: name, ServiceType: typ, Plan: plan, CloudName: cloud, UserConfig: uc}
	}
	pg := map[string]any{"pg_version": "17"}
	os := map[string]any{"opensearch_version": "2.19"}
	return aivensim.ProjectSeed{Project: "r1", DefaultCloud: r1Cloud,
		Services: []aivensim.ServiceSeed{
			svc("pg-main", "pg", "business-4", "google-europe-west1", pg),
			svc("pg-ro", "pg", "startup-4", "aws-eu-west-1", pg),
			svc("pg-dr", "pg", "business-4", "google-europe-north1", pg),
			svc("pg-solo", "pg", "business-4", "google-europe-west1", pg),
			svc("pg-hobby", "pg", "hobbyist", "google-europe-west1", pg),
			svc("pg-free", "pg", "free-1-1gb", "google-europe-west1", pg),
			svc("mysql-main", "mysql", "business-4", "google-europe-west1", map[string]any{"mysql_version": "8.4"}),
			svc("vk-main", "valkey", "business-4", "google-europe-west1", map[string]any{"valkey_version": "8.1"}),
			svc("vk-ro", "valkey", "startup-4", "aws-eu-west-1", map[string]any{"valkey_version": "8.1"}),
			svc("vk-off", "valkey", "business-4", "google-europe-west1", map[string]any{"valkey_persistence": "off"}),
			svc("os-leader", "opensearch", "business-4", "google-europe-west1", os),
			svc("os-follower", "opensearch", "business-4", "aws-eu-west-1", os),
			svc("os-spare", "opensearch", "business-8", "aws-us-east-1", os),
			svc("os-small", "opensearch", "startup-4", "aws-us-east-1", os),
		},
		ServiceIntegrations: []aivensim.IntegrationSeed{
			{ServiceIntegrationID: idPGReplica, IntegrationType: "read_replica", SourceService: "pg-main", DestService: "pg-ro"},
			{ServiceIntegrationID: idPGRecovery, IntegrationType: "disaster_recovery", SourceService: "pg-main", DestService: "pg-dr"},
			{ServiceIntegrationID: idOSFollower, IntegrationType: "opensearch_cross_cluster_replication",
				SourceService: "os-leader", DestService: "os-follower"},
			{ServiceIntegrationID: idValkeyRead, IntegrationType: "read_replica", SourceService: "vk-main", DestService: "vk-ro"},
		},
	}
}

// harness is an emulator seeded with fixture, served over HTTP, with an
// official client whose retries are off.
type harness struct {
	srv    *aivensim.Server
	clock  *clock
	url    string
	client aiven.Client
}

func newHarness(t *testing.T, opts aivensim.Options) *harness {
	t.Helper()
	h := &harness{clock: newClock()}
	opts.Token = testToken
	if opts.Clock == nil {
		opts.Clock = h.clock.Now
	}
	h.srv = aivensim.New(opts)
	if err := h.srv.Seed(fixture()); err != nil {
		t.Fatalf("seed: %v", err)
	}
	hs := httptest.NewServer(h.srv)
	t.Cleanup(hs.Close)
	h.url = hs.URL
	h.client = newClient(t, hs.URL, testToken)
	return h
}

func newClient(t *testing.T, url, token string) aiven.Client {
	t.Helper()
	c, err := aiven.NewClient(aiven.TokenOpt(token), aiven.HostOpt(url), aiven.RetryMaxOpt(0))
	if err != nil {
		t.Fatalf("new client: %v", err)
	}
	return c
}

// wantAPIError checks that err is an Aiven API error with the status and a
// message containing want.
func wantAPIError(t *testing.T, err error, status int, want string) {
	t.Helper()
	var e aiven.Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v, want an aiven.Error with status %d", err, status)
	}
	if e.Status != status || !strings.Contains(e.Message, want) {
		t.Fatalf("error = %d %q, want %d containing %q", e.Status, e.Message, status, want)
	}
}

func ptr[T any](v T) *T { return &v }
