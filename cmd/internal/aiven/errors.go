package aiven

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	aivenclient "github.com/aiven/go-client-codegen"

	"github.com/ccr-dev/ccr/apply"
)

// apiError is an Aiven error response rendered as the API's own message and
// status, classified for apply (kind is apply.ErrNameTaken,
// apply.ErrLinkExists, apply.ErrNotFound or nil).
type apiError struct {
	status int
	msg    string
	kind   error
	cause  aivenclient.Error
}

func (e *apiError) Error() string { return fmt.Sprintf("%s (HTTP %d)", e.msg, e.status) }

// Is lets errors.Is match the apply sentinel this error was classified as.
func (e *apiError) Is(target error) bool { return e.kind != nil && target == e.kind }

// Unwrap returns the official client's error.
func (e *apiError) Unwrap() error { return e.cause }

// do runs one call of the official client with a call record in its
// context, so that the transport can tell classify what happened on the
// wire, and classifies the call's error.
func do(ctx context.Context, fn func(context.Context) error) error {
	ctx, rec := withCall(ctx)
	return classify(ctx, fn(ctx), rec)
}

// classify turns an official-client error into the categories apply acts on:
// a taken name, an existing link, a missing service, a transient failure
// worth retrying, or a permanent error. rec is what the transport recorded of the call.
func classify(ctx context.Context, err error, rec *call) error {
	if err == nil {
		return nil
	}
	info := rec.snapshot()
	var raw aivenclient.Error
	if !errors.As(err, &raw) {
		if ctx.Err() != nil {
			return err // the caller cancelled: not the API's doing
		}
		// A transport failure that outlived the transport's retries: the
		// request may or may not have been committed.
		return transportError(err, info)
	}
	e := &apiError{status: raw.Status, msg: raw.Message, cause: raw}
	if e.msg == "" {
		e.msg = http.StatusText(raw.Status)
	}
	switch {
	case raw.Status == http.StatusConflict && strings.Contains(strings.ToLower(raw.Message), "integration"):
		// "Service integration already exists", "Only 1 integration(s)
		// of this type allowed per service": a link is in place.
		e.kind = apply.ErrLinkExists
	case raw.Status == http.StatusConflict && strings.Contains(strings.ToLower(raw.Message), "already"):
		// "Service name is already in use in this project": the only
		// other conflict a create can meet.
		e.kind = apply.ErrNameTaken
	case raw.Status == http.StatusNotFound:
		e.kind = apply.ErrNotFound
	case raw.Status == http.StatusTooManyRequests, raw.Status >= 500:
		return &apply.TransientError{Err: e, RetryAfter: info.retryAfter, Unanswered: info.unanswered}
	}
	if e.status == http.StatusConflict && e.kind != nil && info.unanswered {
		// An earlier attempt of this very call may have made it.
		return &afterLostAnswer{e}
	}
	return e
}

// afterLostAnswer is a 409 met after an earlier attempt of the same call
// got no answer: it reads as the 409 and also matches apply.ErrAnswerLost.
type afterLostAnswer struct{ *apiError }

func (e *afterLostAnswer) Is(target error) bool {
	return target == apply.ErrAnswerLost || e.apiError.Is(target)
}

func (e *afterLostAnswer) Unwrap() error { return e.apiError }

// isUnauthorized reports whether the API refused the token itself (401, or
// 403 "authentication_failed"), which no retry or other project will fix.
func isUnauthorized(err error) bool {
	var e *apiError
	return errors.As(err, &e) && (e.status == http.StatusUnauthorized ||
		e.status == http.StatusForbidden && strings.Contains(strings.ToLower(e.msg), "authentication"))
}

// isForbidden reports whether a valid token may not access the project.
func isForbidden(err error) bool {
	var e *apiError
	return errors.As(err, &e) && e.status == http.StatusForbidden && !isUnauthorized(err)
}

// apiMessage is the API's own message for err.
func apiMessage(err error) string {
	var e *apiError
	if errors.As(err, &e) {
		return e.msg
	}
	return err.Error()
}

// rootCause is the innermost error's text: "connection refused", not the
// whole chain that repeats the URL.
func rootCause(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

func attempts(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return fmt.Sprintf("%d attempts", n)
}

// IsUnavailable reports whether err is the API failing to serve a request
// it received: no answer within the request timeout, or 5xx and 429 answers
// that outlasted the retries. Running again later may succeed; a request
// that never reached the API (an unknown host, a closed port) is not this.
func IsUnavailable(err error) bool {
	var te *apply.TransientError
	var f *transportFailure
	return errors.As(err, &te) && !(errors.As(err, &f) && f.kind == cannotConnect)
}
