package aiven_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
	"github.com/ccr-dev/ccr/plan"
)

var acme = aivensim.SeedFile{Projects: []aivensim.ProjectSeed{{Project: "acme-prod"}}}

// change is a Create of a business-8 service in project acme-prod.
func change(name, cloud, join string) plan.Change {
	return plan.Change{Project: "acme-prod", Service: name, Action: plan.Create, Cloud: cloud,
		Plan: "business-8", DiskSpaceMB: 750000, Datacenter: name + "-dc", JoinWith: join, DependsOn: join,
		Tags: map[string]string{"team": "orders"}}
}

func TestCreatePairThenList(t *testing.T) {
	sim, url := startSim(t, aivensim.Options{}, acme)
	c := newClient(t, url, aiven.Config{})
	ctx := context.Background()
	for _, ch := range []plan.Change{
		change("orders-eu", "google-europe-west1", ""),
		change("orders-us", "aws-us-east-1", "orders-eu"),
	} {
		if err := c.CreateService(ctx, "acme-prod", ch); err != nil {
			t.Fatalf("create %s: %v", ch.Service, err)
		}
	}
	list, err := c.ListServices(ctx, "acme-prod")
	if err != nil {
		t.Fatalf("ListServices: %v", err)
	}
	want := []plan.LiveService{
		{Name: "orders-eu", Type: "cassandra", Plan: "business-8", Cloud: "google-europe-west1",
			State: "RUNNING", Datacenter: "orders-eu-dc", DiskSpaceMB: 750000, Tags: map[string]string{"team": "orders"}},
		{Name: "orders-us", Type: "cassandra", Plan: "business-8", Cloud: "aws-us-east-1",
			State: "RUNNING", Datacenter: "orders-us-dc", JoinedWith: "orders-eu", DiskSpaceMB: 750000,
			Tags: map[string]string{"team": "orders"}},
	}
	if !reflect.DeepEqual(list, want) {
		t.Errorf("ListServices:\n got %+v\nwant %+v", list, want)
	}
	got, err := c.GetService(ctx, "acme-prod", "orders-us")
	if err != nil || !reflect.DeepEqual(got, want[1]) {
		t.Errorf("GetService = %+v, %v; want %+v", got, err, want[1])
	}
	for _, key := range []string{"acme-prod/orders-eu", "acme-prod/orders-us"} {
		if n := sim.Stats().Creates[key]; n != 1 {
			t.Errorf("creates of %s = %d, want 1", key, n)
		}
	}
}

func TestCreateNameTaken(t *testing.T) {
	_, url := startSim(t, aivensim.Options{}, acme)
	c := newClient(t, url, aiven.Config{})
	ch := change("orders-eu", "google-europe-west1", "")
	if err := c.CreateService(context.Background(), "acme-prod", ch); err != nil {
		t.Fatalf("first create: %v", err)
	}
	err := c.CreateService(context.Background(), "acme-prod", ch)
	if !errors.Is(err, apply.ErrNameTaken) {
		t.Fatalf("second create: %v, want apply.ErrNameTaken", err)
	}
	if msg := err.Error(); !strings.Contains(msg, `"orders-eu"`) || !strings.Contains(msg, `"acme-prod"`) ||
		!strings.Contains(msg, "already in use") {
		t.Errorf("error %q lacks the service, the project or the API's message", msg)
	}
}

func TestGetMissingService(t *testing.T) {
	_, url := startSim(t, aivensim.Options{}, acme)
	_, err := newClient(t, url, aiven.Config{}).GetService(context.Background(), "acme-prod", "ghost")
	if !errors.Is(err, apply.ErrNotFound) {
		t.Fatalf("GetService of a missing service: %v, want apply.ErrNotFound", err)
	}
}

// TestCreateRejectedIsPermanent: a create Aiven refuses (joining a service
// that does not exist) is neither retried nor mistaken for a taken name.
func TestCreateRejectedIsPermanent(t *testing.T) {
	sim, url := startSim(t, aivensim.Options{}, acme)
	err := newClient(t, url, aiven.Config{RetryMax: 3}).
		CreateService(context.Background(), "acme-prod", change("orders-us", "aws-us-east-1", "ghost"))
	var transient *apply.TransientError
	if err == nil || errors.Is(err, apply.ErrNameTaken) || errors.As(err, &transient) {
		t.Fatalf("create joining a missing service: %v, want a permanent error", err)
	}
	if !strings.Contains(err.Error(), `Service to join with "ghost" was not found`) {
		t.Errorf("error %q lacks the API's message", err)
	}
	if n := sim.Stats().Requests["POST /v1/project/{project}/service"]; n != 1 {
		t.Errorf("POSTs = %d, want 1 (a 400 is not retried)", n)
	}
}

// TestTransientAfterRetries: 5xx and 429 that outlast the client's own
// retries reach apply as *apply.TransientError, after exactly RetryMax+1
// tries of a read, and one of a create, which apply retries.
func TestTransientAfterRetries(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts aivensim.Options
	}{
		{"5xx", aivensim.Options{Fault5xx: 1}},
		// The emulator's 429 asks for Retry-After: 1s, which the client
		// honours, so one retry costs a second.
		{"429", aivensim.Options{Fault429: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sim, url := startSim(t, tc.opts, acme)
			c := newClient(t, url, aiven.Config{RetryMax: 1})
			ctx := context.Background()
			errs := map[string]error{
				"POST /v1/project/{project}/service": c.CreateService(ctx, "acme-prod", change("a", "aws-us-east-1", "")),
			}
			_, errs["GET /v1/project/{project}/service"] = c.ListServices(ctx, "acme-prod")
			_, errs["GET /v1/project/{project}/service/{service}"] = c.GetService(ctx, "acme-prod", "a")
			requests := sim.Stats().Requests
			for route, err := range errs {
				var transient *apply.TransientError
				if !errors.As(err, &transient) {
					t.Errorf("%s: %v, want *apply.TransientError", route, err)
				}
				if err != nil && strings.Contains(err.Error(), simToken) {
					t.Errorf("%s: error %q leaks the token", route, err)
				}
				want := 2 // one retry
				if strings.HasPrefix(route, "POST") {
					want = 1
				}
				if requests[route] != want {
					t.Errorf("%s sent %d times, want %d", route, requests[route], want)
				}
			}
		})
	}
}

// TestCreateResponseLost: the emulator commits the create and closes the
// connection; every retry meets the same fate. The service exists once and
// the adapter says the outcome is unknown (transient), so apply re-reads it.
func TestCreateResponseLost(t *testing.T) {
	sim, url := startSim(t, aivensim.Options{FaultDropAfterCommit: 1}, acme)
	err := newClient(t, url, aiven.Config{RetryMax: 2}).
		CreateService(context.Background(), "acme-prod", change("orders-eu", "google-europe-west1", ""))
	var transient *apply.TransientError
	if !errors.As(err, &transient) {
		t.Fatalf("create with lost responses: %v, want *apply.TransientError", err)
	}
	if strings.Contains(err.Error(), simToken) {
		t.Errorf("error %q leaks the token", err)
	}
	if n := sim.Stats().Creates["acme-prod/orders-eu"]; n != 1 {
		t.Errorf("creates = %d, want 1", n)
	}
}

func TestNewRequiresToken(t *testing.T) {
	_, err := aiven.New(aiven.Config{URL: "http://127.0.0.1:1"})
	if err == nil || !strings.Contains(err.Error(), "AIVEN_TOKEN") {
		t.Fatalf("New without a token: %v, want an error naming AIVEN_TOKEN", err)
	}
}

// TestCreateJoinBeforeTargetIsRunning: aiven-sim builds a joiner together
// with its target, as Aiven's guide does; with JoinRequiresRunning it
// refuses, and the adapter says so with apply.ErrJoinNotReady so that apply
// waits and tries once more. Nothing is created by the refused request.
func TestCreateJoinBeforeTargetIsRunning(t *testing.T) {
	for _, strict := range []bool{false, true} {
		sim, url := startSim(t, aivensim.Options{ProvisionDelay: time.Hour, JoinRequiresRunning: strict}, acme)
		c := newClient(t, url, aiven.Config{})
		ctx := context.Background()
		if err := c.CreateService(ctx, "acme-prod", change("orders-eu", "google-europe-west1", "")); err != nil {
			t.Fatalf("create orders-eu: %v", err)
		}
		err := c.CreateService(ctx, "acme-prod", change("orders-us", "aws-us-east-1", "orders-eu"))
		switch {
		case !strict && err != nil:
			t.Errorf("join to a REBUILDING target refused: %v", err)
		case strict && !errors.Is(err, apply.ErrJoinNotReady):
			t.Errorf("strict join error %v, want apply.ErrJoinNotReady", err)
		case strict && sim.Stats().Creates["acme-prod/orders-us"] != 0:
			t.Error("a refused join created the service")
		}
	}
}

// TestOtherRefusalsAreNotDeferred: only "not running yet" defers a join; a
// join refused for any other reason stays a failure.
func TestOtherRefusalsAreNotDeferred(t *testing.T) {
	_, url := startSim(t, aivensim.Options{}, acme)
	c := newClient(t, url, aiven.Config{})
	err := c.CreateService(context.Background(), "acme-prod", change("orders-us", "aws-us-east-1", "ghost"))
	if err == nil || errors.Is(err, apply.ErrJoinNotReady) {
		t.Errorf("join to a missing service: %v, want a failure that is not ErrJoinNotReady", err)
	}
}
