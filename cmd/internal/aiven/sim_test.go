package aiven_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
	"github.com/ccr-dev/ccr/schema"
)

// simToken is distinctive so that a test can prove it never leaks into an
// error message.
const simToken = "sim-secret-7f3a9c0d21"

// startSim serves an aiven-sim seeded with seed over real HTTP and returns
// it with its URL. The emulator accepts only simToken.
func startSim(tb testing.TB, opts aivensim.Options, seed aivensim.SeedFile) (*aivensim.Server, string) {
	tb.Helper()
	opts.Token = simToken
	sim := aivensim.New(opts)
	if err := sim.Seed(seed); err != nil {
		tb.Fatalf("seed aiven-sim: %v", err)
	}
	hs := httptest.NewServer(sim)
	tb.Cleanup(hs.Close)
	return sim, hs.URL
}

// newClient builds an adapter for url. Unset retry fields get millisecond
// waits so that tests exercising the client's retries stay fast.
func newClient(tb testing.TB, url string, cfg aiven.Config) *aiven.Client {
	tb.Helper()
	cfg.URL = url
	if cfg.Token == "" {
		cfg.Token = simToken
	}
	if cfg.RetryWaitMin == 0 {
		cfg.RetryWaitMin, cfg.RetryWaitMax = time.Millisecond, 5*time.Millisecond
	}
	c, err := aiven.New(cfg)
	if err != nil {
		tb.Fatalf("new client: %v", err)
	}
	return c
}

// loadSpec validates a ccr file given as text.
func loadSpec(tb testing.TB, text string) *schema.Spec {
	tb.Helper()
	spec, diags := schema.Load("ccr.yaml", []byte(text))
	if len(diags) > 0 {
		tb.Fatalf("load spec: %v", diags)
	}
	return spec
}

// cassandra is a seeded Cassandra service in datacenter dc (none when
// empty), joined to join when set.
func cassandra(name, planName, cloud, dc, join string) aivensim.ServiceSeed {
	uc := map[string]any{}
	if dc != "" {
		uc["cassandra"] = map[string]any{"datacenter": dc}
	}
	if join != "" {
		uc["service_to_join_with"] = join
	}
	return aivensim.ServiceSeed{ServiceName: name, ServiceType: "cassandra", Plan: planName,
		CloudName: cloud, UserConfig: uc}
}

// pairsYAML writes a ccr file with projects of n pairs each, named
// p00-a/p00-b ..., in two clouds with plan business-8.
func pairsYAML(projects []string, n int) string {
	var b strings.Builder
	b.WriteString("version: 1\nprojects:\n")
	for _, p := range projects {
		fmt.Fprintf(&b, "  - project: %s\n    pairs:\n", p)
		for i := range n {
			fmt.Fprintf(&b, "      - services:\n"+
				"          - {name: p%02d-a, cloud: google-europe-west1}\n"+
				"          - {name: p%02d-b, cloud: aws-us-east-1}\n"+
				"        plan: business-8\n", i, i)
		}
	}
	return b.String()
}

// projectNames returns n project names.
func projectNames(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("proj-%02d", i)
	}
	return names
}
