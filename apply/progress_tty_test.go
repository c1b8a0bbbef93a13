package apply_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ccr-dev/ccr/apply"
)

// termSize is a terminal size the test changes while the view runs.
type termSize struct {
	mu            sync.Mutex
	width, height int
}

func (s *termSize) Size() (int, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.width, s.height
}

func (s *termSize) set(width, height int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.width, s.height = width, height
}

// Names as long as Aiven allows (64), differing only at the end, and one
// of 27 characters, the length that broke the view at 80 columns.
const (
	longEU  = "cassandra-orders-production-europe-west1-primary-datacenter-eu-1"
	longUS  = "cassandra-orders-production-europe-west1-primary-datacenter-us-1"
	shortEU = "orders-cassandra-eu-west-01"
	shortUS = "orders-cassandra-us-east-01"
)

// wideScript is a run across two projects, so labels are project/service,
// with every kind of status and API messages longer than any terminal.
var wideScript = []apply.Event{
	{Kind: apply.EventPlanned, Project: "acme", Service: longEU},
	{Kind: apply.EventPlanned, Project: "acme", Service: longUS, JoinWith: longEU, DependsOn: longEU},
	{Kind: apply.EventPlanned, Project: "acme", Service: shortEU},
	{Kind: apply.EventPlanned, Project: "acme", Service: shortUS, JoinWith: shortEU, DependsOn: shortEU},
	{Kind: apply.EventPlanned, Project: "acme-payments-production", Service: "pay-eu"},
	{Kind: apply.EventCreating, Project: "acme", Service: longEU},
	{Kind: apply.EventWaitingDependency, Project: "acme", Service: longUS, JoinWith: longEU, DependsOn: longEU},
	{Kind: apply.EventWaitingDependency, Project: "acme", Service: shortUS, JoinWith: shortEU, DependsOn: shortEU},
	{Kind: apply.EventCreated, Project: "acme", Service: longEU},
	{Kind: apply.EventState, Project: "acme", Service: longEU, State: "REBUILDING"},
	{Kind: apply.EventCreating, Project: "acme", Service: shortEU},
	{Kind: apply.EventRetrying, Project: "acme", Service: shortEU, Delay: 28 * time.Second,
		Message: "create service: [429 Too Many Requests]: rate limit exceeded for this project, retry after 28 seconds"},
	{Kind: apply.EventFailed, Project: "acme-payments-production", Service: "pay-eu",
		Message: "create service: [400 Bad Request]: plan startup-4 is not available in cloud aws-ap-southeast-7 for this project"},
}

// newTTY starts a TTYProgress on a screen of width × height with a
// header line above it, as the plan is above the view in ccr apply.
func newTTY(t *testing.T, width, height int, color bool) (*apply.TTYProgress, *screen, *termSize, *fakeClock) {
	t.Helper()
	scr := newScreen(t, width)
	scr.Write([]byte("$ ccr apply\n"))
	size := &termSize{width: width, height: height}
	clock := &fakeClock{now: t0}
	p := apply.NewTTYProgress(scr, apply.ProgressOptions{
		Now: clock.Now, Tick: make(chan time.Time), Size: size.Size, Color: color,
	})
	return p, scr, size, clock
}

func observeAll(p apply.Observer, clock *fakeClock, events []apply.Event) {
	for _, e := range events {
		e.Time = clock.Now()
		p.Observe(e)
	}
}

// TestTTYProgressFitsTheWidth: at 40, 80 and 200 columns every line of the
// block stays within the width (one cell short of it), so none wraps and
// the screen holds the block once, under the header.
func TestTTYProgressFitsTheWidth(t *testing.T) {
	for _, width := range []int{40, 80, 200} {
		t.Run(strconv.Itoa(width), func(t *testing.T) {
			p, scr, _, clock := newTTY(t, width, 0, false)
			observeAll(p, clock, wideScript)
			clock.set(72 * time.Second)
			p.Close()
			got := scr.text()
			golden(t, fmt.Sprintf("progress_tty_%d.golden", width), got+"\n")
			for _, r := range scr.rows {
				if r.wrapped || len(r.cells) > width-1 {
					t.Errorf("row %q is %d cells wide on a %d-column screen", string(r.cells), len(r.cells), width)
				}
			}
			lines := strings.Split(got, "\n")
			if n := len(lines); n != 1+len(frameLines(t, last(scr.written()))) {
				t.Errorf("screen holds %d lines, want the header and the block once:\n%s", n, got)
			}
			// The header, five rows, then the total, wrapped when narrow.
			if got, want := strings.Join(lines[6:], " "), "0/5 RUNNING, 2 creating, 2 waiting, 1 failed, 1m12s"; got != want {
				t.Errorf("total %q, want %q", got, want)
			}
		})
	}
}

// TestTTYProgressCutsLabelsInTheMiddle: names that differ only at the end
// stay told apart when cut, and are whole when there is room.
func TestTTYProgressCutsLabelsInTheMiddle(t *testing.T) {
	for _, width := range []int{40, 80, 200} {
		p, scr, _, clock := newTTY(t, width, 0, false)
		observeAll(p, clock, wideScript)
		p.Close()
		got := scr.text()
		for _, name := range []string{longEU, longUS} {
			whole := regexp.MustCompile(`(?m)^  acme/` + name + ` `)
			cut := regexp.MustCompile(`(?m)^  acme/[a-z0-9-]*…[a-z0-9-]*` + name[len(name)-4:] + ` `)
			if width == 200 && !whole.MatchString(got) || width < 200 && !cut.MatchString(got) {
				t.Errorf("%d columns: no row labelled %s, whole at 200 columns and cut in the middle below:\n%s", width, name, got)
			}
		}
	}
}

// TestTTYProgressMovesUpOverWhatItDrew: each redraw moves the cursor up
// over exactly the rows the block before it takes: its lines, or more when
// the terminal got narrower and reflowed them. The screen then holds the
// header and the newest block once, whatever the resizes.
func TestTTYProgressMovesUpOverWhatItDrew(t *testing.T) {
	p, scr, size, clock := newTTY(t, 200, 0, false)
	steps := []struct {
		width  int
		events []apply.Event
	}{
		{200, wideScript[:5]},
		{200, wideScript[5:9]},
		{80, nil},
		{80, wideScript[9:11]},
		{40, nil},
		{40, wideScript[11:]},
		{120, nil},
		{30, []apply.Event{{Kind: apply.EventStopping}}},
		{40, []apply.Event{{Kind: apply.EventRunning, Project: "acme", Service: longEU, State: "RUNNING", Elapsed: time.Minute}}},
		{25, nil},
	}
	for i, s := range steps {
		if s.width != size.width {
			scr.resize(s.width)
			size.set(s.width, 0)
		}
		clock.set(time.Duration(i) * time.Second)
		observeAll(p, clock, s.events)
		p.Redraw(clock.Now())
		writes := scr.written()
		if len(writes) != i+2 {
			t.Fatalf("step %d: %d writes, want one redraw per step", i, len(writes)-1)
		}
		block := frameLines(t, writes[i+1])
		if want := strings.Join(append([]string{"$ ccr apply"}, block...), "\n"); scr.text() != want {
			t.Errorf("step %d at %d columns: screen\n%s\nwant the header and the block once:\n%s", i, s.width, scr.text(), want)
		}
		if i == 0 {
			continue
		}
		before := frameLines(t, writes[i])
		if got, want := movedUp(t, writes[i+1]), rowsAt(before, s.width); got != want {
			t.Errorf("step %d: moved up %d rows over a block of %d lines taking %d rows at %d columns",
				i, got, len(before), want, s.width)
		}
		if s.width >= steps[i-1].width && movedUp(t, writes[i+1]) != len(before) {
			t.Errorf("step %d: moved up %d rows, want the %d lines drawn", i, movedUp(t, writes[i+1]), len(before))
		}
	}
	p.Close()
}

// TestTTYProgressRedrawsOnResize: a resize redraws at once, at the new
// width, with no tick.
func TestTTYProgressRedrawsOnResize(t *testing.T) {
	scr := newScreen(t, 80)
	size := &termSize{width: 80}
	resize := make(chan struct{})
	clock := &fakeClock{now: t0}
	p := apply.NewTTYProgress(scr, apply.ProgressOptions{
		Now: clock.Now, Tick: make(chan time.Time), Size: size.Size, Resize: resize,
	})
	defer p.Close()
	observeAll(p, clock, wideScript)
	// A resize is taken only once the redraw for the one before is done,
	// so each is followed by another before the test goes on; that one
	// finds nothing new to draw.
	resize <- struct{}{}
	resize <- struct{}{}
	scr.resize(40)
	size.set(40, 0)
	resize <- struct{}{}
	resize <- struct{}{}
	writes := scr.written()
	if len(writes) != 2 {
		t.Fatalf("%d redraws, want 2: at 80 columns, then at 40", len(writes))
	}
	for _, l := range frameLines(t, writes[1]) {
		if n := utf8.RuneCountInString(l); n > 39 {
			t.Errorf("line %q is %d cells wide after the resize to 40", l, n)
		}
	}
}

// TestTTYProgressFitsTheHeight: with more services than rows, the block
// leaves RUNNING services out first and says how many it does not show.
func TestTTYProgressFitsTheHeight(t *testing.T) {
	p, scr, _, clock := newTTY(t, 80, 8, false)
	var events []apply.Event
	for i := range 10 {
		events = append(events, apply.Event{Kind: apply.EventPlanned, Project: "acme", Service: fmt.Sprintf("svc-%d", i)})
	}
	for _, i := range []int{1, 2, 4, 5} {
		events = append(events, apply.Event{Kind: apply.EventRunning, Project: "acme", Service: fmt.Sprintf("svc-%d", i), Elapsed: time.Minute})
	}
	observeAll(p, clock, events)
	p.Close()
	want := `$ ccr apply
  svc-0  pending
  svc-3  pending
  svc-6  pending
  svc-7  pending
  svc-8  pending
  … 5 more
4/10 RUNNING, 0 creating, 6 waiting, 0 failed, 0s`
	if got := scr.text(); got != want {
		t.Errorf("screen\n%s\nwant\n%s", got, want)
	}
}

// TestTTYProgressColoursStates: statuses are coloured as the text plan
// colours (green done, yellow waiting, red failed), only when asked, and
// the colour codes never count towards the width.
func TestTTYProgressColoursStates(t *testing.T) {
	const green, yellow, red, reset = "\x1b[32m", "\x1b[33m", "\x1b[31m", "\x1b[0m"
	events := append(append([]apply.Event(nil), wideScript...),
		apply.Event{Kind: apply.EventRunning, Project: "acme", Service: longEU, State: "RUNNING", Elapsed: time.Minute},
		apply.Event{Kind: apply.EventCreated, Project: "acme", Service: longUS})
	for _, color := range []bool{true, false} {
		p, scr, _, clock := newTTY(t, 60, 0, color)
		observeAll(p, clock, events)
		p.Close()
		out := last(scr.written())
		for _, want := range []string{
			green + "RUNNING after 1m0s" + reset,
			green + "created 0s" + reset,
			yellow + "waiting for orders-cassandr…" + reset,
			red + "failed: create service: [40…" + reset,
			yellow + "retrying in 28s: create ser…" + reset,
			"\x1b[1m1/5 RUNNING, 2 creating, 1 waiting, 1 failed, 0s" + reset,
		} {
			if strings.Contains(out, want) != color {
				t.Errorf("color %v: %q in the block = %v:\n%q", color, want, !color, out)
			}
		}
		if !color && strings.Contains(out, "m") && regexp.MustCompile(`\x1b\[[0-9;]*m`).MatchString(out) {
			t.Errorf("colour codes without colour: %q", out)
		}
		for _, r := range scr.rows {
			if len(r.cells) > 59 {
				t.Errorf("color %v: row %q is %d cells wide at 60 columns", color, string(r.cells), len(r.cells))
			}
		}
	}
}

// TestTTYProgressNoteGoesAboveTheBlock: a line of ccr's own written while
// the block is up stays above it, and the block is drawn again once, under
// it.
func TestTTYProgressNoteGoesAboveTheBlock(t *testing.T) {
	p, scr, _, clock := newTTY(t, 80, 0, false)
	observeAll(p, clock, wideScript[:5])
	p.Redraw(clock.Now())
	p.Note("Second interrupt: cancelling.")
	observeAll(p, clock, wideScript[5:])
	p.Redraw(clock.Now())
	p.Close()
	p.Note("after the end")
	lines := strings.Split(scr.text(), "\n")
	writes := scr.written()
	block := frameLines(t, writes[len(writes)-2])
	want := append(append([]string{"$ ccr apply", "Second interrupt: cancelling."}, block...), "after the end")
	if got := strings.Join(lines, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("screen\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
}

// TestTTYProgressSaysASecondInterruptCancels: the stopping notice tells
// what a second Ctrl-C does, wrapped whole even on a narrow terminal; the
// final block, with nothing left to cancel, says only that it stopped.
func TestTTYProgressSaysASecondInterruptCancels(t *testing.T) {
	p, scr, _, clock := newTTY(t, 30, 0, false)
	observeAll(p, clock, append(wideScript[:1:1], apply.Event{Kind: apply.EventStopping}))
	p.Redraw(clock.Now())
	want := "stopping: no new create will\nstart; requests in flight\nfinish first.\nPress Ctrl-C again to cancel\nnow.\n0/1 RUNNING"
	if got := scr.text(); !strings.Contains(got, want) {
		t.Errorf("screen\n%s\nwant the notice wrapped whole:\n%s", got, want)
	}
	p.Close()
	want = "stopped: no new create was\nstarted after the interrupt.\n0/1 RUNNING"
	if got := scr.text(); !strings.Contains(got, want) || strings.Contains(got, "Ctrl-C") {
		t.Errorf("final screen\n%s\nwant only\n%s", got, want)
	}
}

// frameLines is the text of the block a redraw drew: its lines without the
// cursor and colour codes.
func frameLines(t *testing.T, write string) []string {
	t.Helper()
	write = regexp.MustCompile(`^\x1b\[\d+A`).ReplaceAllString(write, "")
	write = strings.TrimSuffix(write, "\x1b[J")
	write = regexp.MustCompile(`\x1b\[[0-9;]*m`).ReplaceAllString(write, "")
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(write, "\n"), "\n") {
		if !strings.HasPrefix(l, "\r\x1b[2K") {
			t.Fatalf("line %q does not start by clearing its row", l)
		}
		lines = append(lines, strings.TrimRight(strings.TrimPrefix(l, "\r\x1b[2K"), " "))
	}
	return lines
}

// movedUp is how many rows a redraw moved the cursor up before drawing.
func movedUp(t *testing.T, write string) int {
	t.Helper()
	m := regexp.MustCompile(`^\x1b\[(\d+)A`).FindStringSubmatch(write)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// rowsAt is the rows lines take on a reflowing terminal of width columns.
func rowsAt(lines []string, width int) int {
	rows := 0
	for _, l := range lines {
		rows += max(1, (utf8.RuneCountInString(l)+width-1)/width)
	}
	return rows
}

func last(s []string) string { return s[len(s)-1] }
