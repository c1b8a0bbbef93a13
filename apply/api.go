// Package apply executes a plan.Plan: it creates the missing services in
// dependency order, waits for them to run, and survives the faults an API can
// produce without ever creating a service twice. It talks to Aiven only
// through the API interface, which cmd/internal/aiven implements.
//
// Idempotency: a create may have been committed although its response was
// lost, so a retry can meet "name already in use". Run then reads the
// service and, when it is what the plan intended, counts it as done,
// AlreadyPresent, and waits for it. Only a create the API answered with
// success counts as Created: when an earlier try of this run's create got
// no answer, that try or a concurrent apply made the service, and the API
// cannot tell which, so it is marked MaybeCreated and two runs never both
// count it. A service that differs fails, naming the differing fields.
// Nothing existing is ever deleted, and nothing but what the plan's updates
// name is ever changed. A create sends at most
// Options.MaxAttempts requests, all its tries together.
//
// Updates in place (plan.Update, and the Updates riding on a link or a
// switchover) run once every create of the run was sent and answered, and
// once the creates, links and switchovers of their own pair or group are
// done: see update.go. Each reads the service once before its request and
// sends only what still differs, so a re-run or a concurrent apply changes
// nothing twice.
//
// Interruption follows Terraform: on Options.Stop no new create starts, a
// create already sent is finished (retries included, since it may have been
// committed), waiting ends at once (the services keep provisioning; a re-run
// waits for them) and Run returns a Result with Interrupted set. Cancelling
// ctx is the hard stop: requests in flight are abandoned, and a create cut
// short is reported Interrupted because whether it exists is unknown.
package apply

import (
	"context"
	"errors"
	"time"

	"github.com/ccr-dev/ccr/plan"
)

// API is what apply needs from the Aiven API. Implementations classify
// failures by wrapping the Err… sentinels below or returning a
// *TransientError; anything else is permanent.
type API interface {
	// CreateService creates the service a Change describes: joined to
	// c.JoinWith when set, linked to its primary c.Source as c.Kind when
	// set. It sends the request once, without retries of its own: Run
	// retries creates, so that Options.MaxAttempts bounds the requests one
	// create sends.
	CreateService(ctx context.Context, project string, c plan.Change) error
	// GetService reads one service, without secrets, with its
	// integrations and disaster_recovery_role. Run calls it to check a
	// service whose name or link was taken, to read roles before and after
	// a switchover, and when a list did not give a role it waits for.
	GetService(ctx context.Context, project, service string) (plan.LiveService, error)
	// ListServices reads every service of a project in one request, without
	// secrets. Run's waiting uses this call: one per project per tick.
	ListServices(ctx context.Context, project string) ([]plan.LiveService, error)
	// CountBackups reads how many backups a service has. Run calls it only
	// while a member waits for its primary's first backup: at most once per
	// primary per tick.
	CountBackups(ctx context.Context, project, service string) (int, error)
	// Link links the existing member c.Service to its existing primary
	// c.Source with a new integration of kind c.Kind.
	Link(ctx context.Context, project string, c plan.Change) error
	// MakeActive sets disaster_recovery_role "active" on a passive service
	// of a disaster recovery pair: a switchover, after which its peer is
	// passive. Run never asks for any other role.
	MakeActive(ctx context.Context, project, service string) error
	// UpdateService sets u's fields on the existing service in one request
	// (PUT …/service/{service}) and nothing else: never its network, cloud
	// or anything u leaves zero. Aiven applies a plan or disk change of a
	// CCR pair's member to both members.
	UpdateService(ctx context.Context, project, service string, u ServiceUpdate) error
	// UpdateTags sets the tag keys in tags on the service, leaving its
	// other keys alone (ProjectServiceTagsUpdate).
	UpdateTags(ctx context.Context, project, service string, tags map[string]string) error
}

// ServiceUpdate is what one UpdateService request sets on an existing
// service; a zero field is left as it is.
type ServiceUpdate struct {
	Plan        string
	DiskSpaceMB int
	// TerminationProtection is set when the request turns it on or off.
	TerminationProtection *bool
}

// IsZero reports whether u sets nothing.
func (u ServiceUpdate) IsZero() bool {
	return u.Plan == "" && u.DiskSpaceMB == 0 && u.TerminationProtection == nil
}

// ErrNameTaken is wrapped by CreateService when the name is already in use in
// the project (HTTP 409). It may be our own earlier create whose response was
// lost; apply reads the service to tell.
var ErrNameTaken = errors.New("service name is already in use")

// ErrJoinNotReady is wrapped by CreateService when the API refuses a join
// because its target is not ready yet (not RUNNING). Nothing was created;
// Run waits for the target to be RUNNING and tries once more.
var ErrJoinNotReady = errors.New("the service to join is not ready yet")

// ErrNotFound is wrapped by GetService when the service does not exist, and
// by Link, MakeActive, UpdateService and UpdateTags when a service they
// name does not.
var ErrNotFound = errors.New("service does not exist")

// ErrReplicaNotReady is wrapped by CreateService when the API refuses a
// member because its primary has no backup yet (Aiven's 403 "Creation of a
// read replica not allowed under current plan"). Nothing was created; Run
// waits for the primary's backup and tries once more.
var ErrReplicaNotReady = errors.New("the primary has no backup to create the replica from yet")

// ErrLinkExists is wrapped by Link when the API answers that the
// integration exists already (HTTP 409): perhaps our own earlier request
// whose answer was lost, or a concurrent apply. Run reads the member and
// counts the link as done only when it is the one planned.
var ErrLinkExists = errors.New("the service integration exists already")

// TransientError is a failure worth retrying: a 5xx, a 429 or a lost
// connection that outlasted the client's own retries.
type TransientError struct {
	Err error
	// RetryAfter is the server's requested wait (Retry-After); 0 when none.
	RetryAfter time.Duration
	// Final marks a failure the adapter already retried for as long as is
	// worthwhile: the API did not answer within the request deadline, or
	// could not be reached, on every attempt. Run does not try it again,
	// which would only wait as long again.
	Final bool
	// Unanswered marks a request that got no answer (the connection broke
	// or timed out, or a gateway answered 502 or 504) on some attempt: the
	// API may have committed it. Other 5xx and 429 answers were not.
	Unanswered bool
}

// Error returns the underlying error's message.
func (e *TransientError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *TransientError) Unwrap() error { return e.Err }
