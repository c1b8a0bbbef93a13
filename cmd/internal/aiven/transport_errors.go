package aiven

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/cmd/internal/wire"
)

// failureKind is how a call failed below HTTP, on its last attempt.
type failureKind int

const (
	// noAnswer: the API accepted the connection and never replied within
	// the request timeout.
	noAnswer failureKind = iota
	// cannotConnect: a closed port, an unknown host.
	cannotConnect
	// connectionBroke: the connection broke before an answer; the request
	// may have been committed.
	connectionBroke
)

// transportFailure is a call that failed below HTTP on every attempt,
// with what the transport recorded of it.
type transportFailure struct {
	callInfo
	kind failureKind
	err  error
}

func (e *transportFailure) Error() string {
	head := e.method + " " + e.url
	switch e.kind {
	case noAnswer:
		return fmt.Sprintf("%s: no answer within the request timeout of %v (%s)", head, e.timeout, attempts(e.attempts))
	case cannotConnect:
		return fmt.Sprintf("%s: cannot connect: %v (%s); is AIVEN_WEB_URL right?", head, rootCause(e.err), attempts(e.attempts))
	}
	return fmt.Sprintf("%s: the connection broke before an answer: %v (%s)", head, rootCause(e.err), attempts(e.attempts))
}

func (e *transportFailure) Unwrap() error { return e.err }

// transportError explains a failure below HTTP, naming the endpoint. A call
// that got no answer, or could not connect, on every attempt is final:
// trying again at once would only wait as long again. A broken connection
// is not: apply tries again, and a create that was committed meets its name
// taken and is recognised.
func transportError(err error, info callInfo) error {
	var tooLarge *wire.ResponseTooLarge
	switch {
	case errors.As(err, &tooLarge):
		return tooLarge // reading again would only meet as much again
	case info.method == "":
		return &apply.TransientError{Err: err} // the request never reached the transport
	}
	var ne net.Error
	var op *net.OpError
	var dns *net.DNSError
	switch {
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, context.DeadlineExceeded):
		return &apply.TransientError{Err: &transportFailure{info, noAnswer, err}, Final: true, Unanswered: true}
	case errors.As(err, &dns), errors.As(err, &op) && op.Op == "dial":
		return &apply.TransientError{Err: &transportFailure{info, cannotConnect, err}, Final: true}
	}
	return &apply.TransientError{Err: &transportFailure{info, connectionBroke, err}, Unanswered: true}
}

// unreachable reports whether err says at once that the address cannot be
// reached: the dial failed without timing out (nothing listens there, or no
// route) or the host does not exist.
func unreachable(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return dns.IsNotFound
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial" && !op.Timeout()
}

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
	var e *transportFailure
	if !errors.As(err, &e) || e.kind != cannotConnect {
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
