//go:build !unix

package cli

// watchResize reports nothing where no signal tells of a resize (Windows):
// the live view measures the terminal at every redraw all the same, so it
// follows a resize within one redraw interval.
func watchResize() (resized <-chan struct{}, stop func()) {
	return nil, func() {}
}
