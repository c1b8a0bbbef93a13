//go:build unix

package cli

import (
	"os"
	"os/signal"
	"syscall"
)

// watchResize reports each resize of the process's terminal (SIGWINCH)
// until stop is called.
func watchResize() (resized <-chan struct{}, stop func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGWINCH)
	done := make(chan struct{})
	return coalesce(sigs, done), func() {
		signal.Stop(sigs)
		close(done)
	}
}

// coalesce forwards each value from in to a channel that holds at most
// one pending value: a burst of resizes costs the live view one redraw.
// It stops when done is closed.
func coalesce(in <-chan os.Signal, done <-chan struct{}) <-chan struct{} {
	out := make(chan struct{}, 1)
	go func() {
		for {
			select {
			case <-in:
				select {
				case out <- struct{}{}:
				default:
				}
			case <-done:
				return
			}
		}
	}()
	return out
}
