package aivensim_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/aiven/go-client-codegen/handler/service"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// TestStateRoundTripsReplication: the --state file holds links (with their
// ids), disaster recovery roles, backup schedules, used disk and pending
// builds, so an emulator seeded from it answers exactly as the one that
// wrote it, now and later.
func TestStateRoundTripsReplication(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, aivensim.Options{ProvisionDelay: 10 * time.Minute, StatePath: state})
	ctx := context.Background()
	steps := []func() error{
		func() error {
			_, err := h.client.ServiceCreate(ctx, "r1", replicaIn("pg-ro2", "pg", "startup-4", "read_replica", "pg-main"))
			return err
		},
		func() error {
			_, err := h.client.ServiceCreate(ctx, "r1", replicaIn("pg-solo-dr", "pg", "business-4", "disaster_recovery", "pg-solo"))
			return err
		},
		func() error { h.clock.Advance(10 * time.Minute); return nil },
		func() error {
			_, err := h.client.ServiceUpdate(ctx, "r1", "pg-main", &service.ServiceUpdateIn{DiskSpaceMb: ptr(92160)})
			return err
		},
		func() error { return h.client.ServiceIntegrationDelete(ctx, "r1", idOSFollower) },
		func() error {
			_, err := h.client.ServiceCreate(ctx, "r1", replicaIn("vk-ro2", "valkey", "startup-4", "read_replica", "vk-main"))
			return err
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	if status, got := h.setRole(t, "pg-solo-dr", "active"); status != 200 {
		t.Fatalf("switchover: %d %q", status, got.Message)
	}

	f, err := aivensim.ReadSeedFile(state)
	if err != nil {
		t.Fatal(err)
	}
	again := aivensim.New(aivensim.Options{Token: testToken, Clock: h.clock.Now, ProvisionDelay: 10 * time.Minute})
	if err := again.Seed(f); err != nil {
		t.Fatalf("seed from the state file: %v", err)
	}
	hs := httptest.NewServer(again)
	t.Cleanup(hs.Close)
	other := &harness{srv: again, clock: h.clock, url: hs.URL, client: newClient(t, hs.URL, testToken)}
	for _, advance := range []time.Duration{0, time.Minute, 3 * time.Minute, 30 * time.Hour} {
		h.clock.Advance(advance)
		for _, path := range []string{"/v1/project/r1/service", "/v1/project/p1/service", "/v1/project/r1/service/pg-main/backups"} {
			want, got := string(h.get(t, path, "aivenv1 "+testToken)), string(other.get(t, path, "aivenv1 "+testToken))
			if got != want {
				t.Fatalf("+%v: GET %s differs after a reload:\n got %s\nwant %s", advance, path, got, want)
			}
		}
	}
}
