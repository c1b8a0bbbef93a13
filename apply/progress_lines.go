package apply

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/ccr-dev/ccr/plan"
)

// LineProgress is the Observer for logs (CI): one line per state change, e.g.
//
//	orders-us: creating (joins orders-eu)
//	orders-us: REBUILDING
//	orders-us: RUNNING after 4m12s
//	orders-eu: updating plan, disk_space_mb
//	orders-eu: updated
//	orders-eu: RUNNING with the new values after 6m3s
//
// and, every tick, a heartbeat naming what is still being waited on:
//
//	still waiting: orders-us REBUILDING 3m0s, orders-eu REBUILDING 1m0s
type LineProgress struct {
	mu    sync.Mutex
	w     io.Writer
	board board
	tick  *ticking
}

// NewLineProgress starts a LineProgress writing to w. Close stops its
// heartbeat.
func NewLineProgress(w io.Writer, opts ProgressOptions) *LineProgress {
	p := &LineProgress{w: w, board: newBoard()}
	p.tick = startTicking(opts.Tick, HeartbeatInterval, p.Heartbeat, nil, nil)
	return p
}

// Observe writes the line for e, if it is a visible change.
func (p *LineProgress) Observe(e Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.board.update(e)
	switch {
	case e.Kind == EventStopping:
		fmt.Fprintln(p.w, "stopping: no new create will start; requests in flight finish first")
	case e.Kind == EventPlanned:
	case e.Kind == EventCreated:
		fmt.Fprintf(p.w, "%s: created\n", p.board.label(r))
	case e.Kind == EventAlreadyPresent && r.updating:
		fmt.Fprintf(p.w, "%s: already has the new values, as planned\n", p.board.label(r))
	case e.Kind == EventUpdated && r.message != "":
		fmt.Fprintf(p.w, "%s: updated: %s\n", p.board.label(r), r.message)
	case e.Kind == EventUpdated:
		fmt.Fprintf(p.w, "%s: updated\n", p.board.label(r))
	case e.Kind == EventAlreadyPresent && r.action == plan.Link:
		fmt.Fprintf(p.w, "%s: already linked, as planned\n", p.board.label(r))
	case e.Kind == EventAlreadyPresent && r.action == plan.Switchover:
		fmt.Fprintf(p.w, "%s: already the active service\n", p.board.label(r))
	case e.Kind == EventAlreadyPresent && r.message != "":
		fmt.Fprintf(p.w, "%s: already present, matches the plan (%s)\n", p.board.label(r), r.message)
	case e.Kind == EventAlreadyPresent:
		fmt.Fprintf(p.w, "%s: already present, matches the plan\n", p.board.label(r))
	case e.Kind == EventLinked:
		fmt.Fprintf(p.w, "%s: linked to %s\n", p.board.label(r), r.dependsOn)
	case e.Kind == EventSwitchedOver:
		fmt.Fprintf(p.w, "%s: switched over from %s\n", p.board.label(r), r.dependsOn)
	case e.Kind == EventState:
		fmt.Fprintf(p.w, "%s: %s\n", p.board.label(r), r.state)
	default:
		fmt.Fprintf(p.w, "%s: %s\n", p.board.label(r), r.status(e.Time))
	}
}

// Heartbeat writes the services still being waited on at now with their
// state and time since create; nothing when none is.
func (p *LineProgress) Heartbeat(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var parts []string
	for _, r := range p.board.rows {
		if r.waiting() {
			parts = append(parts, p.board.label(r)+" "+r.status(now))
		}
	}
	if len(parts) > 0 {
		fmt.Fprintf(p.w, "still waiting: %s\n", strings.Join(parts, ", "))
	}
}

// Note writes msg as a line of the log.
func (p *LineProgress) Note(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintln(p.w, msg)
}

// Close stops the heartbeat.
func (p *LineProgress) Close() error {
	p.tick.close()
	return nil
}
