package apply

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/ccr-dev/ccr/plan"
)

// errStopped reports that a graceful stop came before a create was sent, or
// ended a wait.
var errStopped = errors.New("apply was stopped")

// errNotSent wraps the error of a request that never left: no slot was free
// before ctx ended, or a graceful stop came first.
var errNotSent = errors.New("request not sent")

// limiter wraps API so that at most cap(slots) requests are in flight, and
// counts them.
type limiter struct {
	api   API
	slots chan struct{}
	stop  <-chan struct{}

	creates, gets, lists, backupReads, links, actives, updates, tagUpdates atomic.Int64
}

func newLimiter(api API, parallelism int, stop <-chan struct{}) *limiter {
	return &limiter{api: api, slots: make(chan struct{}, parallelism), stop: stop}
}

// acquire takes a request slot, or fails when ctx ends first. A slot freed
// as ctx ends may win the select, so ctx is checked again once it is held:
// nothing is sent after a hard cancel.
func (l *limiter) acquire(ctx context.Context) error {
	select {
	case l.slots <- struct{}{}:
		if err := ctx.Err(); err != nil {
			l.release()
			return fmt.Errorf("%w: %w", errNotSent, err)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%w: %w", errNotSent, ctx.Err())
	}
}

func (l *limiter) release() { <-l.slots }

// create sends a create. When first is set it is a new operation, and a
// graceful stop seen after the slot is taken still prevents it: that check
// must follow the wait for a slot, or a create queued before the stop would
// be sent after it. Retries of a sent create are part of an operation in
// flight and go ahead.
func (l *limiter) create(ctx context.Context, project string, c plan.Change, first bool) error {
	if err := l.acquire(ctx); err != nil {
		return err
	}
	defer l.release()
	if first && closed(l.stop) {
		return fmt.Errorf("%w: %w", errNotSent, errStopped)
	}
	l.creates.Add(1)
	return l.api.CreateService(ctx, project, c)
}

// link sends a link; like create, a first try is not sent after a graceful
// stop.
func (l *limiter) link(ctx context.Context, project string, c plan.Change, first bool) error {
	if err := l.acquireNew(ctx, first); err != nil {
		return err
	}
	defer l.release()
	l.links.Add(1)
	return l.api.Link(ctx, project, c)
}

// makeActive sends a switchover; like create, a first try is not sent
// after a graceful stop.
func (l *limiter) makeActive(ctx context.Context, project, service string, first bool) error {
	if err := l.acquireNew(ctx, first); err != nil {
		return err
	}
	defer l.release()
	l.actives.Add(1)
	return l.api.MakeActive(ctx, project, service)
}

// updateService sends an update; like create, a first request of a
// service's update is not sent after a graceful stop.
func (l *limiter) updateService(ctx context.Context, project, service string, u ServiceUpdate, first bool) error {
	if err := l.acquireNew(ctx, first); err != nil {
		return err
	}
	defer l.release()
	l.updates.Add(1)
	return l.api.UpdateService(ctx, project, service, u)
}

// updateTags sends a tag update; like create, a first request of a
// service's update is not sent after a graceful stop.
func (l *limiter) updateTags(ctx context.Context, project, service string, tags map[string]string, first bool) error {
	if err := l.acquireNew(ctx, first); err != nil {
		return err
	}
	defer l.release()
	l.tagUpdates.Add(1)
	return l.api.UpdateTags(ctx, project, service, tags)
}

// acquireNew takes a slot for a change; a first try (a new operation) is
// refused once a graceful stop was asked, checked after the slot is held
// (see create).
func (l *limiter) acquireNew(ctx context.Context, first bool) error {
	if err := l.acquire(ctx); err != nil {
		return err
	}
	if first && closed(l.stop) {
		l.release()
		return fmt.Errorf("%w: %w", errNotSent, errStopped)
	}
	return nil
}

func (l *limiter) backups(ctx context.Context, project, service string) (int, error) {
	if err := l.acquire(ctx); err != nil {
		return 0, err
	}
	defer l.release()
	l.backupReads.Add(1)
	return l.api.CountBackups(ctx, project, service)
}

func (l *limiter) get(ctx context.Context, project, service string) (plan.LiveService, error) {
	if err := l.acquire(ctx); err != nil {
		return plan.LiveService{}, err
	}
	defer l.release()
	l.gets.Add(1)
	return l.api.GetService(ctx, project, service)
}

func (l *limiter) list(ctx context.Context, project string) ([]plan.LiveService, error) {
	if err := l.acquire(ctx); err != nil {
		return nil, err
	}
	defer l.release()
	l.lists.Add(1)
	return l.api.ListServices(ctx, project)
}

// closed reports whether ch is closed; a nil channel never is.
func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
