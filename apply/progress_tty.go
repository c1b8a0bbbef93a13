package apply

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// TTYProgress is the Observer for a terminal: a block with one line per
// service, its state and elapsed time, redrawn in place. Events only mark the
// block dirty; it is redrawn on ticks, so a burst of events costs one redraw,
// and live elapsed times advance while nothing happens.
type TTYProgress struct {
	mu    sync.Mutex
	w     io.Writer
	opts  ProgressOptions
	board board
	// height is the number of lines of the block on screen; last is its text.
	height int
	last   string
	tick   *ticking
}

// NewTTYProgress starts a TTYProgress drawing on w. Close draws the final
// block and stops redrawing.
func NewTTYProgress(w io.Writer, opts ProgressOptions) *TTYProgress {
	p := &TTYProgress{w: w, opts: opts, board: newBoard()}
	p.tick = startTicking(opts.Tick, RedrawInterval, p.Redraw)
	return p
}

// Observe records e for the next redraw.
func (p *TTYProgress) Observe(e Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.board.update(e)
}

// Close stops the ticks and leaves the final block on screen.
func (p *TTYProgress) Close() error {
	p.tick.close()
	p.Redraw(p.opts.now()())
	return nil
}

// Redraw replaces the block on screen with its state at now, unless the text
// is unchanged. The ticks call it; so may a caller that needs the screen
// current at once.
func (p *TTYProgress) Redraw(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	frame := p.frame(now)
	if frame == p.last {
		return
	}
	var b strings.Builder
	if p.height > 0 {
		// Back to the block's first line, then overwrite each line whole.
		fmt.Fprintf(&b, "\x1b[%dA", p.height)
	}
	lines := strings.Split(strings.TrimSuffix(frame, "\n"), "\n")
	for _, l := range lines {
		b.WriteString("\r\x1b[2K" + l + "\n")
	}
	// A shorter block leaves old lines below; clear them.
	b.WriteString("\x1b[J")
	io.WriteString(p.w, b.String())
	p.height, p.last = len(lines), frame
}

// frame renders the block: aligned labels, then each status.
func (p *TTYProgress) frame(now time.Time) string {
	width := 0
	for _, r := range p.board.rows {
		width = max(width, len(p.board.label(r)))
	}
	var b strings.Builder
	for _, r := range p.board.rows {
		fmt.Fprintf(&b, "  %-*s  %s\n", width, p.board.label(r), r.status(now))
	}
	if p.board.stopping {
		b.WriteString("stopping: no new create will start; requests in flight finish first\n")
	}
	return b.String()
}
