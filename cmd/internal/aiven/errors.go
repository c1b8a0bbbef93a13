package aiven

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	aivenclient "github.com/aiven/go-client-codegen"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/cmd/internal/secret"
	"github.com/ccr-dev/ccr/plan/render"
)

// apiError is an Aiven error response rendered as the API's own message and
// status, classified for apply (kind is apply.ErrNameTaken,
// apply.ErrLinkExists, apply.ErrNotFound or nil).
type apiError struct {
	status int
	// msg is the API's message as ccr shows it: the token masked, escaped
	// onto one line and cut to maxMessageRunes.
	msg string
	// request is the call's method and URL.
	request string
	// foreign is set when the body is not Aiven's error shape, a JSON
	// object with "message" and an "errors" list: whatever answered is
	// probably not the Aiven API.
	foreign bool
	kind    error
	cause   aivenclient.Error
}

// maxMessageRunes bounds how much of an API's message an error quotes: an
// HTML page answered in place of the API's JSON is not worth a screen.
const maxMessageRunes = 300

func (e *apiError) Error() string { return fmt.Sprintf("%s (HTTP %d)", e.msg, e.status) }

// Is lets errors.Is match the apply sentinel this error was classified as.
func (e *apiError) Is(target error) bool { return e.kind != nil && target == e.kind }

// Unwrap returns the official client's error.
func (e *apiError) Unwrap() error { return e.cause }

// do runs one call of the official client with a call record in its
// context, so that the transport can tell classify what happened on the
// wire, and classifies the call's error. A successful answer that lacks a
// field ccr relies on is an error too (see answerShapes).
func (c *Client) do(ctx context.Context, fn func(context.Context) error) error {
	return c.invoke(ctx, false, fn)
}

// doOnce is do for a request the transport sends once, without its own
// retries: apply retries it after reading what took effect.
func (c *Client) doOnce(ctx context.Context, fn func(context.Context) error) error {
	return c.invoke(ctx, true, fn)
}

func (c *Client) invoke(ctx context.Context, once bool, fn func(context.Context) error) error {
	ctx, rec := withCall(ctx)
	rec.set(func(i *callInfo) { i.once = once })
	err := fn(ctx)
	if info := rec.snapshot(); err == nil && info.missing != "" {
		return &incompleteAnswer{method: info.method, url: info.url, missing: info.missing}
	}
	return classify(ctx, err, rec, c.secrets)
}

// classify turns an official-client error into the categories apply acts on:
// a taken name, an existing link, a missing service, a transient failure
// worth retrying, or a permanent error. rec is what the transport recorded
// of the call; secrets are masked in the API's message before anything can
// print or encode it.
func classify(ctx context.Context, err error, rec *call, secrets []string) error {
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
	e := newAPIError(raw, info, secrets)
	switch {
	case raw.Status == http.StatusConflict && strings.Contains(strings.ToLower(raw.Message), "integration"):
		// "Service integration already exists", "Only 1 integration(s)
		// of this type allowed per service": a link is in place.
		e.kind = apply.ErrLinkExists
	case raw.Status == http.StatusConflict && strings.Contains(strings.ToLower(raw.Message), "already"):
		// "Service name is already in use in this project": the only
		// other conflict a create can meet.
		e.kind = apply.ErrNameTaken
	case raw.Status == http.StatusNotFound && isCreate(info) && serviceMissing.MatchString(raw.Message):
		// A service_to_join_with target (or a replica's source) created a
		// moment ago may not be visible yet; the official client retries
		// this 404 for that reason, and apply does here.
		return &apply.TransientError{Err: e}
	case raw.Status == http.StatusNotFound:
		e.kind = apply.ErrNotFound
	case raw.Status == http.StatusTooManyRequests, raw.Status >= 500:
		return &apply.TransientError{Err: e, RetryAfter: info.retryAfter, Unanswered: info.unanswered}
	}
	return e
}

// isCreate reports whether the call was a ServiceCreate: a POST to the
// project's service list.
func isCreate(info callInfo) bool {
	return info.method == http.MethodPost && strings.HasSuffix(info.url, "/service")
}

// serviceMissing is the API's message for a service that does not exist.
var serviceMissing = regexp.MustCompile(`Service \S+ does not exist`)

// newAPIError keeps what ccr may show of an error response: the message
// with secrets masked, on one line, and no longer than maxMessageRunes.
func newAPIError(raw aivenclient.Error, info callInfo, secrets []string) *apiError {
	_, listed := raw.Errors.([]any)
	e := &apiError{status: raw.Status, request: info.method + " " + info.url, foreign: !listed, cause: raw}
	msg := strings.TrimSpace(raw.Message)
	switch {
	case e.foreign && msg != "":
		msg = fmt.Sprintf("%s, in a body that is not an Aiven error: %s", http.StatusText(raw.Status), msg)
	case msg == "":
		msg = http.StatusText(raw.Status)
	}
	e.msg = render.OneLine(truncate(secret.Mask(msg, secrets), maxMessageRunes))
	return e
}

// truncate cuts s to n runes, marking the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

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

// NotAivenAPI is a 404 whose body is not Aiven's error shape, on a path
// every Aiven API serves (a project's services, clouds or plans): whatever
// answered is not the Aiven API, and "no such project" would mislead.
type NotAivenAPI struct {
	Request string // method and URL, such as "GET https://example.com/v1/project/p/service"
	Status  int
}

func (e *NotAivenAPI) Error() string {
	return fmt.Sprintf("%s answered HTTP %d without Aiven's error body: the server does not look like the Aiven API",
		e.Request, e.Status)
}

// AsNotAivenAPI reports whether err is an answer that Aiven would not give.
func AsNotAivenAPI(err error) (*NotAivenAPI, bool) {
	var e *NotAivenAPI
	return e, errors.As(err, &e)
}

// notAiven is err as a NotAivenAPI when it is a 404 without Aiven's error
// body, else nil.
func notAiven(err error) error {
	var e *apiError
	if errors.As(err, &e) && e.foreign && e.status == http.StatusNotFound {
		return &NotAivenAPI{Request: e.request, Status: e.status}
	}
	return nil
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
// whole chain that repeats the URL. It can quote the server (a TLS
// certificate's names), so it is escaped onto one line.
func rootCause(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return render.OneLine(err.Error())
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
