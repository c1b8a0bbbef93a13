package apply

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// TTYProgress is the Observer for a terminal: a block with one line per
// service, its state and elapsed time, and a total line, redrawn in place.
// Events only mark the block dirty; it is redrawn on ticks, so a burst of
// events costs one redraw, and live elapsed times advance while nothing
// happens.
//
// Every line fits the terminal's width, measured at each redraw: a line
// that wrapped would take more rows than the redraw moves up over, and
// copies of the block would pile up. Labels are cut in the middle, states
// at the end, both with "…"; the stopping notice is wrapped at spaces. When
// the terminal gets narrower, terminals that reflow (tmux, VTE, iTerm2,
// kitty, Windows Terminal) wrap the lines already drawn, so the redraw moves
// up over as many rows as those lines take at the new width. When there
// are more services than rows, RUNNING ones are left out first and a line
// says how many are not shown.
type TTYProgress struct {
	mu    sync.Mutex
	w     io.Writer
	opts  ProgressOptions
	board board
	// drawn is the width in cells of each line of the block on screen; last
	// is its text and lastWidth the terminal width it was drawn for.
	drawn     []int
	last      string
	lastWidth int
	closed    bool
	tick      *ticking
}

// stoppingNotice ends the block once a graceful stop was requested, one
// line each, wrapped when the terminal is narrower; stoppedNotice ends the
// final block instead, when there is nothing left to cancel.
var (
	stoppingNotice = []string{
		"stopping: no new create will start; requests in flight finish first.",
		"Press Ctrl-C again to cancel now.",
	}
	stoppedNotice = []string{"stopped: no new create was started after the interrupt."}
)

// NewTTYProgress starts a TTYProgress drawing on w. Close draws the final
// block and stops redrawing.
func NewTTYProgress(w io.Writer, opts ProgressOptions) *TTYProgress {
	p := &TTYProgress{w: w, opts: opts, board: newBoard()}
	p.tick = startTicking(opts.Tick, RedrawInterval, p.Redraw, opts.Resize, opts.now())
	return p
}

// Observe records e for the next redraw.
func (p *TTYProgress) Observe(e Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.board.update(e)
}

// Note writes msg on a line of its own above the block, which is drawn
// again under it. msg is ccr's own text; it may wrap, as it is never
// redrawn.
func (p *TTYProgress) Note(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		// The block is final: whatever follows it on screen stays.
		fmt.Fprintln(p.w, msg)
		return
	}
	width, _ := p.size()
	var b strings.Builder
	p.moveToTop(&b, width)
	b.WriteString("\r\x1b[J" + msg + "\n")
	io.WriteString(p.w, b.String())
	p.drawn, p.last = nil, ""
	p.redraw(p.opts.now()())
}

// Close stops the ticks and leaves the final block on screen.
func (p *TTYProgress) Close() error {
	p.tick.close()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	p.redraw(p.opts.now()())
	return nil
}

// Redraw replaces the block on screen with its state at now, unless the
// text and the terminal width are unchanged. The ticks call it; so may a
// caller that needs the screen current at once.
func (p *TTYProgress) Redraw(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.redraw(now)
	}
}

// redraw is Redraw with p.mu held.
func (p *TTYProgress) redraw(now time.Time) {
	width, height := p.size()
	lines := p.frame(now, width, height)
	texts := make([]string, len(lines))
	drawn := make([]int, len(lines))
	for i, l := range lines {
		texts[i], drawn[i] = l.text, l.cells
	}
	frame := strings.Join(texts, "\n")
	if frame == p.last && width == p.lastWidth {
		return
	}
	var b strings.Builder
	p.moveToTop(&b, width)
	for _, t := range texts {
		// Overwrite each line whole.
		b.WriteString("\r\x1b[2K" + t + "\n")
	}
	// A shorter block leaves old lines below; clear them.
	b.WriteString("\x1b[J")
	io.WriteString(p.w, b.String())
	p.drawn, p.last, p.lastWidth = drawn, frame, width
}

// moveToTop moves the cursor from below the block to its first row.
func (p *TTYProgress) moveToTop(b *strings.Builder, width int) {
	if rows := rowsTaken(p.drawn, width); rows > 0 {
		fmt.Fprintf(b, "\x1b[%dA", rows)
	}
}

// rowsTaken is the number of terminal rows that lines of the given widths
// take on a terminal width cells wide: one each, unless the terminal got
// narrower since they were drawn and wrapped them.
func rowsTaken(lines []int, width int) int {
	rows := 0
	for _, w := range lines {
		rows += max(1, (w+width-1)/width)
	}
	return rows
}

// size is the terminal's width (DefaultWidth when unknown) and height (0
// when unknown).
func (p *TTYProgress) size() (width, height int) {
	width = DefaultWidth
	if p.opts.Size != nil {
		w, h := p.opts.Size()
		if w > 0 {
			width = w
		}
		height = max(h, 0)
	}
	return width, height
}

// line is one line of the block: its text, painted, and its width in cells.
type line struct {
	text  string
	cells int
}

// frame lays the block out for a terminal of width × height cells (height
// 0: unlimited): rows, the stopping notice (or, in the final block, the
// stopped one), the total line. Our own
// notice and total are wrapped, never cut.
func (p *TTYProgress) frame(now time.Time, width, height int) []line {
	// Writing the last column leaves some terminals about to wrap; stop one
	// short of it.
	cols := max(width-1, 1)
	var tail []line
	if p.board.stopping {
		notices := stoppingNotice
		if p.closed {
			notices = stoppedNotice
		}
		for _, notice := range notices {
			for _, l := range wrapItems(strings.Fields(notice), " ", cols) {
				tail = append(tail, p.painted(ansiYellow, l))
			}
		}
	}
	for _, l := range wrapItems(p.board.total(now), ", ", cols) {
		tail = append(tail, p.painted(ansiBold, l))
	}
	room := -1
	if height > 0 {
		// One row stays free for the cursor below the block, so that
		// drawing it never scrolls its first line away.
		room = max(height-1-len(tail), 0)
	}
	rows, hidden := p.board.visible(room)
	lines := p.rowLines(rows, now, cols)
	if hidden > 0 && room > 0 {
		lines = append(lines, p.painted("", cutEnd(fmt.Sprintf("  … %d more", hidden), cols)))
	}
	return append(lines, tail...)
}

// rowLines renders rows as label and status columns within cols cells.
// Labels get their full width when the statuses fit beside them, and at
// least half the room otherwise.
func (p *TTYProgress) rowLines(rows []*row, now time.Time, cols int) []line {
	labels, statuses := make([]string, len(rows)), make([]string, len(rows))
	labelW, statusW := 0, 0
	for i, r := range rows {
		labels[i], statuses[i] = p.board.label(r), r.status(now)
		labelW, statusW = max(labelW, cells(labels[i])), max(statusW, cells(statuses[i]))
	}
	room := cols - 4 // the indent and the gap between the columns
	if labelW+statusW > room {
		labelW = min(labelW, max(room-statusW, room/2))
	}
	lines := make([]line, len(rows))
	for i, r := range rows {
		prefix := "  " + padTo(cutMiddle(labels[i], labelW), labelW) + "  "
		if cells(prefix) >= cols {
			lines[i] = p.painted("", cutEnd(prefix+statuses[i], cols))
			continue
		}
		status := p.painted(r.style(), cutEnd(statuses[i], cols-cells(prefix)))
		lines[i] = line{prefix + status.text, cells(prefix) + status.cells}
	}
	return lines
}

// painted is s as a line in style, when colour is on. Colour goes on after
// s was cut to fit, so that no cut falls inside an escape sequence.
func (p *TTYProgress) painted(style, s string) line {
	if !p.opts.Color || style == "" || s == "" {
		return line{s, cells(s)}
	}
	return line{style + s + ansiReset, cells(s)}
}

// style colours a row's status as the text plan does: green for what is
// done, yellow for what waits, red for what failed.
func (r *row) style() string {
	switch r.kind {
	case EventRunning:
		return ansiGreen
	case EventCreated, EventAlreadyPresent, EventState:
		if r.state == "" || r.state == "RUNNING" {
			return ansiGreen
		}
		return ansiYellow
	case EventLinked, EventSwitchedOver, EventUpdated:
		return ansiGreen
	case EventWaitingDependency, EventRetrying, EventSkipped, EventNotStarted, EventInterrupted,
		EventReplicaDeferred:
		return ansiYellow
	case EventFailed:
		return ansiRed
	}
	return ""
}

// visible picks the rows that fit in room lines (-1: any number), one of
// those lines then saying how many are left out. RUNNING rows are left out
// first, as the total line counts them; then rows from the end.
func (b *board) visible(room int) (rows []*row, hidden int) {
	if room < 0 || len(b.rows) <= room {
		return b.rows, 0
	}
	drop := len(b.rows) - max(room-1, 0)
	left := map[*row]bool{}
	for _, r := range b.rows {
		if drop > 0 && r.kind == EventRunning {
			left[r], drop = true, drop-1
		}
	}
	for i := len(b.rows) - 1; drop > 0; i-- {
		if !left[b.rows[i]] {
			left[b.rows[i]], drop = true, drop-1
		}
	}
	for _, r := range b.rows {
		if !left[r] {
			rows = append(rows, r)
		}
	}
	return rows, len(b.rows) - len(rows)
}
