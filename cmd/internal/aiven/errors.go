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

// classify turns an official-client error into the categories apply acts on:
// a taken name, a missing service, a transient failure worth retrying, or a
// permanent error.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var raw aivenclient.Error
	if !errors.As(err, &raw) {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		// A transport failure (reset, EOF, refused) that outlived the
		// client's retries: the request may or may not have been committed.
		return &apply.TransientError{Err: err}
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
	case raw.Status == http.StatusNotFound:
		e.kind = apply.ErrNotFound
	case raw.Status == http.StatusTooManyRequests, raw.Status >= 500:
		return &apply.TransientError{Err: e}
	}
	return e
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

// apiMessage is the API's own message for err.
func apiMessage(err error) string {
	var e *apiError
	if errors.As(err, &e) {
		return e.msg
	}
	return err.Error()
}
