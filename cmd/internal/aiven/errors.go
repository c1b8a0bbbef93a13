package aiven

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	aivenclient "github.com/aiven/go-client-codegen"

	"github.com/ccr-dev/ccr/apply"
)

// apiError is an Aiven error response rendered as the API's own message and
// status, classified for apply (kind is apply.ErrNameTaken, apply.ErrNotFound
// or nil).
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
// a taken name, a missing service, a transient failure worth retrying, or a
// permanent error. rec is what the transport recorded of the call.
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
	case raw.Status == http.StatusConflict && strings.Contains(strings.ToLower(raw.Message), "already"):
		// "Service name is already in use in this project": the only
		// conflict a create can meet; another 409 is not about the name.
		e.kind = apply.ErrNameTaken
		if info.unanswered {
			// An earlier attempt of this very call may have made it.
			return &afterLostAnswer{e}
		}
	case raw.Status == http.StatusNotFound:
		e.kind = apply.ErrNotFound
	case raw.Status == http.StatusTooManyRequests, raw.Status >= 500:
		return &apply.TransientError{Err: e, RetryAfter: info.retryAfter, Unanswered: info.unanswered}
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

// noAnswerError is a call that got no answer within the request timeout on
// any attempt: the API accepted the connection and never replied.
type noAnswerError struct {
	callInfo
	err error
}

func (e *noAnswerError) Error() string {
	return fmt.Sprintf("%s %s: no answer within the request timeout of %v (%s)",
		e.method, e.url, e.timeout, attempts(e.attempts))
}

func (e *noAnswerError) Unwrap() error { return e.err }

// unreachableError is a call that could not connect on any attempt: a
// closed port, an unknown host.
type unreachableError struct {
	callInfo
	err error
}

func (e *unreachableError) Error() string {
	return fmt.Sprintf("%s %s: cannot connect: %v (%s); is AIVEN_WEB_URL right?",
		e.method, e.url, rootCause(e.err), attempts(e.attempts))
}

func (e *unreachableError) Unwrap() error { return e.err }

// ConnectFailure is a request that could not connect on any attempt: a
// closed port or an unknown host, almost always a wrong API address rather
// than an outage.
type ConnectFailure struct {
	Request  string // method and URL, such as "GET https://api.aiven.io/v1/project/p/service"
	Cause    string // such as "connection refused" or "no such host nohost.invalid"
	Attempts int
}

// AsConnectFailure reports whether err is a request that could not connect,
// and what it tried.
func AsConnectFailure(err error) (ConnectFailure, bool) {
	var e *unreachableError
	if !errors.As(err, &e) {
		return ConnectFailure{}, false
	}
	cause := rootCause(e.err)
	var dns *net.DNSError
	if errors.As(e.err, &dns) && dns.IsNotFound {
		// Not "lookup h on 10.0.0.53:53: no such host": the resolver's
		// address is no help.
		cause = "no such host " + dns.Name
	}
	return ConnectFailure{Request: e.method + " " + e.url, Cause: cause, Attempts: e.attempts}, true
}

// lostError is a call whose connection broke before an answer came, on the
// last attempt: the request may have been committed.
type lostError struct {
	callInfo
	err error
}

func (e *lostError) Error() string {
	return fmt.Sprintf("%s %s: the connection broke before an answer: %v (%s)",
		e.method, e.url, rootCause(e.err), attempts(e.attempts))
}

func (e *lostError) Unwrap() error { return e.err }

// transportError explains a failure below HTTP, naming the endpoint. A call
// that got no answer, or could not connect, on every attempt is final:
// trying again at once would only wait as long again. A broken connection
// is not: apply tries again, and a create that was committed meets its name
// taken and is recognised.
func transportError(err error, info callInfo) error {
	if info.method == "" {
		return &apply.TransientError{Err: err} // the request never reached the transport
	}
	var ne net.Error
	var op *net.OpError
	var dns *net.DNSError
	switch {
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, context.DeadlineExceeded):
		return &apply.TransientError{Err: &noAnswerError{callInfo: info, err: err}, Final: true, Unanswered: true}
	case errors.As(err, &dns), errors.As(err, &op) && op.Op == "dial":
		return &apply.TransientError{Err: &unreachableError{callInfo: info, err: err}, Final: true}
	}
	return &apply.TransientError{Err: &lostError{callInfo: info, err: err}, Unanswered: true}
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
	var unreachable *unreachableError
	return errors.As(err, &te) && !errors.As(err, &unreachable)
}
