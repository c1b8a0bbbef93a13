package cli

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/ccr-dev/ccr/apply"
)

// interruptible returns a context cancelled by a second interrupt and a
// channel closed by the first, so apply can stop gracefully first and hard
// second, as Terraform does. What it has to say goes through say, the
// progress view's Note, so that it never lands inside the live block.
// release stops listening for signals.
func interruptible(parent context.Context, io *IOStreams, say func(string)) (ctx context.Context, stop <-chan struct{}, release func()) {
	ctx, cancel := context.WithCancel(parent)
	stopCh := make(chan struct{})
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			// On a terminal the live block says "stopping", and that a
			// second Ctrl-C cancels, itself.
			if !io.ErrTTY {
				say("Interrupt received: starting nothing new and letting requests in flight finish. Interrupt again to cancel at once.")
			}
			close(stopCh)
		case <-done:
			return
		}
		select {
		case <-sigs:
			say("Second interrupt: cancelling.")
			cancel()
		case <-done:
		}
	}()
	return ctx, stopCh, func() {
		signal.Stop(sigs)
		close(done)
		cancel()
	}
}

// rerunHint tells, on stderr after a partial result, what to do next:
// apply converges, so running it again finishes the job.
func rerunHint(res *apply.Result) string {
	if res.Interrupted {
		return "Apply was interrupted: run ccr apply again to finish; it recognises what this run created and creates only what is missing."
	}
	return "Not every service is RUNNING yet: run ccr apply again once the failures in the result are dealt with; " +
		"it creates only what is missing and waits for what is still provisioning."
}
