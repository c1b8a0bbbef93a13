package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// interruptible returns a context cancelled by a second interrupt and a
// channel closed by the first, so apply can stop gracefully first and hard
// second, as Terraform does. release stops listening for signals.
func interruptible(parent context.Context, io *IOStreams) (ctx context.Context, stop <-chan struct{}, release func()) {
	ctx, cancel := context.WithCancel(parent)
	stopCh := make(chan struct{})
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			// On a terminal the live progress block says "stopping" itself;
			// a line printed under it would throw its redraw off.
			if !io.ErrTTY {
				fmt.Fprintln(io.ErrOut, "Interrupt received: starting nothing new and letting requests in flight finish. Interrupt again to cancel at once.")
			}
			close(stopCh)
		case <-done:
			return
		}
		select {
		case <-sigs:
			fmt.Fprintln(io.ErrOut, "\nSecond interrupt: cancelling.")
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
