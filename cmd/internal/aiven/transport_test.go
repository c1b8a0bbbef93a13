package aiven_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
	"github.com/ccr-dev/ccr/plan"
)

// answering serves every request with status, the given Retry-After and an
// Aiven error body, and counts the requests.
func answering(t *testing.T, status int, retryAfter string) (string, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write([]byte(`{"errors":[{"message":"slow down","status":429}],"message":"slow down"}`))
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &n
}

// TestRetryAfterReachesApply: once the client's own retries are spent, the
// server's Retry-After (seconds or an HTTP date) is on the error apply and
// the waiter read, capped at MaxRetryAfter.
func TestRetryAfterReachesApply(t *testing.T) {
	// The date is read a little after it is written; 20s of the 50s are
	// margin for a busy machine (and the date's whole seconds).
	date := time.Now().Add(50 * time.Second).UTC().Format(http.TimeFormat)
	cases := []struct {
		name, header string
		status       int
		lo, hi       time.Duration
	}{
		{"seconds on 429", "7", http.StatusTooManyRequests, 7 * time.Second, 7 * time.Second},
		{"seconds on 503", "3", http.StatusServiceUnavailable, 3 * time.Second, 3 * time.Second},
		{"HTTP date", date, http.StatusTooManyRequests, 30 * time.Second, 50 * time.Second},
		{"capped", "86400", http.StatusTooManyRequests, aiven.MaxRetryAfter, aiven.MaxRetryAfter},
		{"absent", "", http.StatusTooManyRequests, 0, 0},
		{"garbage", "soon", http.StatusTooManyRequests, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			url, _ := answering(t, tc.status, tc.header)
			c := newClient(t, url, aiven.Config{RetryMax: -1})
			_, err := c.ListServices(context.Background(), "acme")
			var te *apply.TransientError
			if !errors.As(err, &te) {
				t.Fatalf("error %v is not transient", err)
			}
			if te.RetryAfter < tc.lo || te.RetryAfter > tc.hi {
				t.Errorf("RetryAfter = %v, want in [%v, %v]", te.RetryAfter, tc.lo, tc.hi)
			}
		})
	}
}

// TestClientRetriesWaitForRetryAfter: the client's own retries wait what the
// server asks, not their exponential backoff of milliseconds.
func TestClientRetriesWaitForRetryAfter(t *testing.T) {
	url, n := answering(t, http.StatusTooManyRequests, "1")
	c := newClient(t, url, aiven.Config{RetryMax: 2})
	start := time.Now()
	_, err := c.ListServices(context.Background(), "acme")
	if err == nil {
		t.Fatal("a server answering 429 only made the call succeed")
	}
	if took := time.Since(start); took < 2*time.Second {
		t.Errorf("three tries took %v; two waits of Retry-After 1s take at least 2s", took)
	}
	if got := n.Load(); got != 3 {
		t.Errorf("requests = %d, want 3 (RetryMax 2)", got)
	}
}

// TestNoAnswerNamesTheEndpointAndTimeout: a server that accepts and never
// answers ends each attempt at the request timeout; the error names the
// request, the timeout and the attempts, and apply does not retry it again.
func TestNoAnswerNamesTheEndpointAndTimeout(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(block); srv.Close() })
	c := newClient(t, srv.URL, aiven.Config{RetryMax: 1, RequestTimeout: 100 * time.Millisecond})
	_, err := c.ListServices(context.Background(), "acme")
	want := "GET " + srv.URL + "/v1/project/acme/service: no answer within the request timeout of 100ms (2 attempts)"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want it to contain %q", err, want)
	}
	var te *apply.TransientError
	if !errors.As(err, &te) || !te.Final || !aiven.IsUnavailable(err) {
		t.Errorf("error %#v: want a final transient error that IsUnavailable", err)
	}
}

// TestUnreachableNamesTheSetting: a closed port is a setup mistake, named
// as such, and not IsUnavailable.
func TestUnreachableNamesTheSetting(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c := newClient(t, url, aiven.Config{RetryMax: 1})
	_, err := c.ListServices(context.Background(), "acme")
	if err == nil || !strings.Contains(err.Error(), "GET "+url+"/v1/project/acme/service: cannot connect: ") ||
		!strings.Contains(err.Error(), "connection refused (2 attempts); is AIVEN_WEB_URL right?") {
		t.Fatalf("error %v does not name the endpoint, the cause and AIVEN_WEB_URL", err)
	}
	if aiven.IsUnavailable(err) {
		t.Error("a closed port counts as an unavailable API")
	}
	want := aiven.ConnectFailure{Request: "GET " + url + "/v1/project/acme/service", Cause: "connection refused", Attempts: 2}
	if f, ok := aiven.AsConnectFailure(err); !ok || f != want {
		t.Errorf("AsConnectFailure = %+v, %v; want %+v", f, ok, want)
	}
}

// TestUnknownHostIsAConnectFailure: the cause names the host, not the
// resolver's address.
func TestUnknownHostIsAConnectFailure(t *testing.T) {
	c := newClient(t, "http://nohost.invalid", aiven.Config{RetryMax: -1})
	_, err := c.ListServices(context.Background(), "acme")
	f, ok := aiven.AsConnectFailure(err)
	if !ok || f.Request != "GET http://nohost.invalid/v1/project/acme/service" || f.Attempts != 1 {
		t.Fatalf("AsConnectFailure(%v) = %+v, %v", err, f, ok)
	}
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound && f.Cause != "no such host nohost.invalid" {
		t.Errorf("cause %q, want the host named", f.Cause)
	}
}

// TestLostCreateAnswerIsMaybeCreated: apply's retry of a POST whose answer
// was lost meets the name taken by the service that POST made. The API's
// answers would read the same had a concurrent apply made it, so apply
// reports it already present and maybe created by this run, never created.
func TestLostCreateAnswerIsMaybeCreated(t *testing.T) {
	sim := aivensim.New(aivensim.Options{Token: simToken})
	if err := sim.Seed(acme); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, dropFirstWrite(t, sim, http.MethodPost), aiven.Config{RetryMax: 2})
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: []plan.Change{change("orders-eu", "google-europe-west1", "")}}
	r, err := apply.Run(context.Background(), c, p, apply.Options{PollInterval: time.Millisecond, RetryBase: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if s := r.Services[0]; s.Outcome != apply.AlreadyPresent || !s.MaybeCreated ||
		!strings.Contains(s.Note, "created by this run or a concurrent apply") {
		t.Errorf("orders-eu = %s maybe=%v %q, want already present, maybe created by this run", s.Outcome, s.MaybeCreated, s.Note)
	}
	if n := sim.Stats().Creates["acme-prod/orders-eu"]; n != 1 {
		t.Errorf("creates = %d, want 1", n)
	}
}
