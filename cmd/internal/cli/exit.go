package cli

import (
	"errors"
	"fmt"
)

// ExitCode is a process exit status with a meaning in ccr's contract.
type ExitCode int

// Exit codes, mapped from errors in exactly one place (exitCodeFor).
const (
	// ExitOK: success, or no changes.
	ExitOK ExitCode = 0
	// ExitError: invalid input, API error, conflicts, refused or stale plan.
	ExitError ExitCode = 1
	// ExitChanges: the plan has changes (only with --detailed-exitcode).
	ExitChanges ExitCode = 2
	// ExitPartial: apply was interrupted or partly failed.
	ExitPartial ExitCode = 3
)

// exitError carries an exit code through cobra's error return. Msg is printed
// on stderr unless it is empty (the command already reported).
type exitError struct {
	code ExitCode
	err  error
	// detail says what went wrong when err is nil (the command printed it
	// already), for reports posted elsewhere, such as a pull request.
	detail string
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// withExit wraps err so that it ends the process with code. A nil err means
// the command already printed everything it had to say.
func withExit(code ExitCode, err error) error {
	return &exitError{code: code, err: err}
}

// silentExit ends the process with code and prints nothing more.
func silentExit(code ExitCode) error { return &exitError{code: code} }

// silentExitBecause is silentExit with a detail for reports.
func silentExitBecause(code ExitCode, detail string) error {
	return &exitError{code: code, detail: detail}
}

// explain is the text of err for a report: its detail when the command
// already printed it.
func explain(err error) string {
	var ee *exitError
	if errors.As(err, &ee) && ee.err == nil && ee.detail != "" {
		return ee.detail
	}
	return err.Error()
}

// exitCodeFor maps a command's error to the process exit code.
func exitCodeFor(err error) ExitCode {
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return ExitError
}
