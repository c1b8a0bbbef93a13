package aiven_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// recorder answers every request with status and body, and keeps what was
// sent: method, path, the Authorization header and the decoded JSON body.
type recorder struct {
	status int
	body   string

	mu   sync.Mutex
	sent []sentRequest
}

type sentRequest struct {
	method, path, auth string
	body               map[string]any
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	data, _ := io.ReadAll(r.Body)
	var body map[string]any
	_ = json.Unmarshal(data, &body)
	rec.mu.Lock()
	rec.sent = append(rec.sent, sentRequest{r.Method, r.URL.Path, r.Header.Get("Authorization"), body})
	rec.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rec.status)
	_, _ = io.WriteString(w, rec.body)
}

func (rec *recorder) last(t *testing.T) sentRequest {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.sent) == 0 {
		t.Fatal("nothing was sent")
	}
	return rec.sent[len(rec.sent)-1]
}

func serve(t *testing.T, rec *recorder) *aiven.Client {
	t.Helper()
	hs := httptest.NewServer(rec)
	t.Cleanup(hs.Close)
	return newClient(t, hs.URL, aiven.Config{RetryMax: -1})
}

// member is the Create of a pg read replica of pg-main.
func member() plan.Change {
	group := 0
	protect := true
	return plan.Change{Project: "acme-prod", Service: "pg-ro", Action: plan.Create, Group: &group, Type: "pg",
		Kind: schema.KindReadReplica, Source: "pg-main", Version: "16", Cloud: "aws-us-east-1", Plan: "startup-4",
		DiskSpaceMB: 92160, ProjectVPCID: "1f0e3c52-8a4b-4c1d-9e2f-0a1b2c3d4e5f", Tags: map[string]string{"team": "orders"},
		TerminationProtection: &protect, DependsOn: "pg-main", Await: schema.AwaitBackup}
}

func TestCreateMemberSendsItsLink(t *testing.T) {
	rec := &recorder{status: 200, body: `{"service":{"service_name":"pg-ro","state":"REBUILDING"}}`}
	if err := serve(t, rec).CreateService(context.Background(), "acme-prod", member()); err != nil {
		t.Fatalf("create: %v", err)
	}
	got := rec.last(t)
	want := map[string]any{
		"service_name": "pg-ro", "service_type": "pg", "plan": "startup-4", "cloud": "aws-us-east-1",
		"disk_space_mb": 92160.0, "project_vpc_id": "1f0e3c52-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
		"tags": map[string]any{"team": "orders"}, "termination_protection": true,
		"user_config": map[string]any{"pg_version": "16"},
		"service_integrations": []any{map[string]any{
			"integration_type": "read_replica", "source_service": "pg-main", "user_config": map[string]any{}}},
	}
	if got.method != http.MethodPost || got.path != "/v1/project/acme-prod/service" || !reflect.DeepEqual(got.body, want) {
		t.Errorf("sent %s %s %v\nwant POST /v1/project/acme-prod/service %v", got.method, got.path, got.body, want)
	}
}

// TestCreatePrimaryWithoutVersion: a primary gets no service_integrations
// and, without a version, no user_config: Aiven picks its default.
func TestCreatePrimaryWithoutVersion(t *testing.T) {
	rec := &recorder{status: 200, body: `{"service":{}}`}
	group := 0
	ch := plan.Change{Project: "acme-prod", Service: "pg-main", Action: plan.Create, Group: &group, Type: "pg",
		Cloud: "aws-eu-west-1", Plan: "business-4"}
	if err := serve(t, rec).CreateService(context.Background(), "acme-prod", ch); err != nil {
		t.Fatalf("create: %v", err)
	}
	body := rec.last(t).body
	for _, key := range []string{"service_integrations", "user_config", "disk_space_mb", "tags"} {
		if _, ok := body[key]; ok {
			t.Errorf("body has %s: %v", key, body)
		}
	}
	if body["service_type"] != "pg" || body["project_vpc_id"] != nil {
		t.Errorf("body = %v, want a pg service on the public network", body)
	}
}

func TestLinkSendsBothEnds(t *testing.T) {
	rec := &recorder{status: 200, body: `{"service_integration":{"service_integration_id":"x","integration_type":"disaster_recovery"}}`}
	ch := member()
	ch.Action, ch.Service, ch.Kind = plan.Link, "pg-dr", schema.KindDisasterRecovery
	if err := serve(t, rec).Link(context.Background(), "acme-prod", ch); err != nil {
		t.Fatalf("link: %v", err)
	}
	got := rec.last(t)
	want := map[string]any{"integration_type": "disaster_recovery", "source_service": "pg-main", "dest_service": "pg-dr",
		"user_config": map[string]any{}}
	if got.method != http.MethodPost || got.path != "/v1/project/acme-prod/integration" || !reflect.DeepEqual(got.body, want) {
		t.Errorf("sent %s %s %v\nwant POST /v1/project/acme-prod/integration %v", got.method, got.path, got.body, want)
	}
}

// TestMakeActiveSendsTheRoleOnly: the switchover is a PUT with
// disaster_recovery_role alone, with the client's authorisation; above all
// no project_vpc_id, whose null would move the service to the public
// network.
func TestMakeActiveSendsTheRoleOnly(t *testing.T) {
	rec := &recorder{status: 200, body: `{"service":{"service_name":"pg-dr","disaster_recovery_role":"active"}}`}
	if err := serve(t, rec).MakeActive(context.Background(), "acme-prod", "pg-dr"); err != nil {
		t.Fatalf("MakeActive: %v", err)
	}
	got := rec.last(t)
	want := map[string]any{"disaster_recovery_role": "active"}
	if got.method != http.MethodPut || got.path != "/v1/project/acme-prod/service/pg-dr" || !reflect.DeepEqual(got.body, want) {
		t.Errorf("sent %s %s %v, want PUT /v1/project/acme-prod/service/pg-dr %v", got.method, got.path, got.body, want)
	}
	if got.auth != "aivenv1 "+simToken {
		t.Errorf("Authorization = %q, want the client's token", got.auth)
	}
}

// TestWriteErrorsAreClassified: each refusal apply acts on reaches it as
// its sentinel, with the API's message, and without the token.
func TestWriteErrorsAreClassified(t *testing.T) {
	ctx := context.Background()
	link := member()
	link.Action, link.Kind = plan.Link, schema.KindDisasterRecovery
	for _, tc := range []struct {
		name   string
		status int
		msg    string
		call   func(*aiven.Client) error
		want   error
	}{
		{"replica before the primary's backup", 403, "Creation of a read replica not allowed under current plan",
			func(c *aiven.Client) error { return c.CreateService(ctx, "acme-prod", member()) }, apply.ErrReplicaNotReady},
		{"name taken", 409, "Service name is already in use in this project",
			func(c *aiven.Client) error { return c.CreateService(ctx, "acme-prod", member()) }, apply.ErrNameTaken},
		{"integration exists", 409, "Service integration already exists",
			func(c *aiven.Client) error { return c.Link(ctx, "acme-prod", link) }, apply.ErrLinkExists},
		{"one integration of this type", 409, "Only 1 integration(s) of this type allowed per service",
			func(c *aiven.Client) error { return c.Link(ctx, "acme-prod", link) }, apply.ErrLinkExists},
		{"link to a missing service", 404, "Service pg-dr does not exist",
			func(c *aiven.Client) error { return c.Link(ctx, "acme-prod", link) }, apply.ErrNotFound},
		{"switchover of a missing service", 404, "Service pg-dr does not exist",
			func(c *aiven.Client) error { return c.MakeActive(ctx, "acme-prod", "pg-dr") }, apply.ErrNotFound},
		{"backups of a missing service", 404, "Service pg-main does not exist",
			func(c *aiven.Client) error { _, err := c.CountBackups(ctx, "acme-prod", "pg-main"); return err }, apply.ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"message": tc.msg, "errors": []any{map[string]any{"message": tc.msg, "status": tc.status}}})
			err := tc.call(serve(t, &recorder{status: tc.status, body: string(body)}))
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) || strings.Contains(err.Error(), simToken) {
				t.Errorf("error = %v, want %v with the API's message and no token", err, tc.want)
			}
		})
	}
}

// TestOtherRefusalsStayFailures: a 403 about anything else than the
// primary's backup, and a refused switchover, are permanent and match no
// sentinel apply would act on.
func TestOtherRefusalsStayFailures(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		status int
		msg    string
		call   func(*aiven.Client) error
	}{
		{403, "Service integrations are not available for this service",
			func(c *aiven.Client) error { return c.CreateService(ctx, "acme-prod", member()) }},
		{409, "Switchover needs both services RUNNING",
			func(c *aiven.Client) error { return c.MakeActive(ctx, "acme-prod", "pg-dr") }},
	} {
		body, _ := json.Marshal(map[string]any{"message": tc.msg, "errors": []any{}})
		err := tc.call(serve(t, &recorder{status: tc.status, body: string(body)}))
		var transient *apply.TransientError
		for _, sentinel := range []error{apply.ErrReplicaNotReady, apply.ErrNameTaken, apply.ErrLinkExists, apply.ErrNotFound} {
			if errors.Is(err, sentinel) {
				t.Errorf("%q: error %v matches %v", tc.msg, err, sentinel)
			}
		}
		if err == nil || errors.As(err, &transient) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%q: error %v, want a permanent error with the API's message", tc.msg, err)
		}
	}
}

// TestLinkAfterALostAnswer: a link's POST is sent once, like a create's: a
// gateway's 504 comes back as a transient error marked unanswered, so that
// apply retries it and knows a 409 "already exists" may be its own link.
func TestLinkAfterALostAnswer(t *testing.T) {
	var calls sync.Mutex
	n := 0
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Lock()
		n++
		calls.Unlock()
		w.WriteHeader(http.StatusGatewayTimeout)
	}))
	defer hs.Close()
	ch := member()
	ch.Action, ch.Kind = plan.Link, schema.KindDisasterRecovery
	err := newClient(t, hs.URL, aiven.Config{RetryMax: 3}).Link(context.Background(), "acme-prod", ch)
	var te *apply.TransientError
	if !errors.As(err, &te) || !te.Unanswered {
		t.Errorf("error = %v, want a transient error marked unanswered", err)
	}
	calls.Lock()
	defer calls.Unlock()
	if n != 1 {
		t.Errorf("the link was sent %d times, want once (apply retries it)", n)
	}
}
