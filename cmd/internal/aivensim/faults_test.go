package aivensim_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	aiven "github.com/aiven/go-client-codegen"
	"github.com/aiven/go-client-codegen/handler/service"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// statusSequence sends n identical requests and returns the statuses.
func statusSequence(t *testing.T, opts aivensim.Options, n int) []int {
	t.Helper()
	h := newHarness(t, opts)
	var got []int
	for range n {
		got = append(got, h.status(t, "GET", "/v1/project/p1/service", "aivenv1 "+testToken))
	}
	return got
}

func TestFaultsReproducibleBySeed(t *testing.T) {
	opts := aivensim.Options{Fault5xx: 0.2, Fault429: 0.2, FaultSeed: 42}
	a, b := statusSequence(t, opts, 60), statusSequence(t, opts, 60)
	if !slices.Equal(a, b) {
		t.Fatalf("same seed, different faults:\n%v\n%v", a, b)
	}
	seen := map[int]int{}
	for _, st := range a {
		seen[st]++
	}
	if seen[200] == 0 || seen[429] == 0 || seen[500] == 0 || len(seen) != 3 {
		t.Fatalf("statuses = %v, want a mix of 200, 429 and 500 only", seen)
	}
	opts.FaultSeed = 43
	if c := statusSequence(t, opts, 60); slices.Equal(a, c) {
		t.Fatalf("seeds 42 and 43 gave the same faults: %v", c)
	}
}

func TestFault429(t *testing.T) {
	h := newHarness(t, aivensim.Options{Fault429: 1})
	req, _ := http.NewRequest("GET", h.url+"/v1/project/p1/service", nil)
	req.Header.Set("Authorization", "aivenv1 "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "1" {
		t.Fatalf("status %d, Retry-After %q; want 429 with Retry-After 1", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	_, err = h.client.ServiceList(context.Background(), "p1")
	wantAPIError(t, err, http.StatusTooManyRequests, "Rate limit 120 exceeded - try again in 1s")
	// The emulator's own endpoints never fail.
	if st := h.status(t, "GET", "/_sim/stats", ""); st != http.StatusOK {
		t.Fatalf("/_sim/stats under faults: status %d", st)
	}
	if got := h.srv.Stats().Faults["429"]; got != 2 {
		t.Fatalf("429 faults = %d, want 2", got)
	}
}

// TestDropAfterCommit: the client loses the response, but the service exists,
// created exactly once.
func TestDropAfterCommit(t *testing.T) {
	h := newHarness(t, aivensim.Options{FaultDropAfterCommit: 1})
	ctx := context.Background()
	_, err := h.client.ServiceCreate(ctx, "p1", joiner("cass-eu"))
	var apiErr aiven.Error
	if err == nil || errors.As(err, &apiErr) {
		t.Fatalf("create under drop = %v, want a connection error", err)
	}
	got, err := h.client.ServiceGet(ctx, "p1", "new-peer")
	if err != nil || got.UserConfig["service_to_join_with"] != "cass-eu" {
		t.Fatalf("after the dropped create: %+v, %v", got, err)
	}
	st := h.srv.Stats()
	if st.Creates["p1/new-peer"] != 1 || st.Faults["drop_after_commit"] != 1 {
		t.Fatalf("stats = %+v", st)
	}
	// A retry of the same create, its answer (409) lost as well, must not
	// create the service again.
	_, err = h.client.ServiceCreate(ctx, "p1", joiner("cass-eu"))
	if err == nil || errors.As(err, &apiErr) {
		t.Fatalf("second create = %v, want another dropped response", err)
	}
	if n := h.srv.Stats().Creates["p1/new-peer"]; n != 1 {
		t.Fatalf("creates = %d after a retried create, want 1", n)
	}
}

func TestLatency(t *testing.T) {
	h := newHarness(t, aivensim.Options{Latency: 50 * time.Millisecond})
	start := time.Now()
	if _, err := h.client.ServiceList(context.Background(), "p1"); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Fatalf("request took %v, want at least the 50ms latency", d)
	}
}

// TestConcurrentCreatesOfOneName: one create wins, the rest see 409.
func TestConcurrentCreatesOfOneName(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	statuses := race(t, 24, func() error {
		_, err := h.client.ServiceCreate(context.Background(), "p1", &service.ServiceCreateIn{
			ServiceName: "hot", ServiceType: "cassandra", Plan: "startup-4"})
		return err
	})
	if statuses[200] != 1 || statuses[409] != 23 {
		t.Fatalf("statuses = %v, want one 200 and 23 409", statuses)
	}
	if n := h.srv.Stats().Creates["p1/hot"]; n != 1 {
		t.Fatalf("creates = %d, want 1", n)
	}
}

// TestConcurrentJoinersOfOneTarget: a target takes one peer only.
func TestConcurrentJoinersOfOneTarget(t *testing.T) {
	h := newHarness(t, aivensim.Options{})
	var mu sync.Mutex
	next := 0
	statuses := race(t, 12, func() error {
		mu.Lock()
		next++
		in := joiner("cass-eu")
		in.ServiceName = fmt.Sprintf("peer-%d", next)
		(*in.UserConfig)["cassandra"] = map[string]any{"datacenter": in.ServiceName}
		mu.Unlock()
		_, err := h.client.ServiceCreate(context.Background(), "p1", in)
		return err
	})
	if statuses[200] != 1 || statuses[400] != 11 {
		t.Fatalf("statuses = %v, want one 200 and 11 400", statuses)
	}
}

// race runs fn n times at once and counts the HTTP statuses.
func race(t *testing.T, n int, fn func() error) map[int]int {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	start := make(chan struct{})
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			err := fn()
			status := http.StatusOK
			var e aiven.Error
			if errors.As(err, &e) {
				status = e.Status
			} else if err != nil {
				status = -1
			}
			mu.Lock()
			statuses[status]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return statuses
}

// TestDropWithoutHijacker: in-process callers without a real connection
// see the handler abort, as net/http would close the connection.
func TestDropWithoutHijacker(t *testing.T) {
	srv := aivensim.New(aivensim.Options{Token: testToken, FaultDropAfterCommit: 1})
	if err := srv.Seed(fixture()); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("DELETE", "/v1/project/p1/service/pg-1", nil)
	req.Header.Set("Authorization", "aivenv1 "+testToken)
	defer func() {
		if r := recover(); r != http.ErrAbortHandler {
			t.Fatalf("recovered %v, want http.ErrAbortHandler", r)
		}
		if srv.Stats().Faults["drop_after_commit"] != 1 {
			t.Fatalf("drop not counted")
		}
	}()
	srv.ServeHTTP(httptest.NewRecorder(), req)
}
