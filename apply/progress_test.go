package apply_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/apply"
)

// fakeClock is read by the progress goroutines while the test advances it.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) set(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t0.Add(d)
}

// script is a pair's life as Run reports it, each event at an offset from t0.
var script = []struct {
	at time.Duration
	e  apply.Event
}{
	{0, apply.Event{Kind: apply.EventPlanned, Project: "acme", Service: "orders-eu"}},
	{0, apply.Event{Kind: apply.EventPlanned, Project: "acme", Service: "orders-us", JoinWith: "orders-eu", DependsOn: "orders-eu"}},
	{0, apply.Event{Kind: apply.EventCreating, Project: "acme", Service: "orders-eu"}},
	{0, apply.Event{Kind: apply.EventWaitingDependency, Project: "acme", Service: "orders-us", JoinWith: "orders-eu", DependsOn: "orders-eu"}},
	{time.Second, apply.Event{Kind: apply.EventCreated, Project: "acme", Service: "orders-eu"}},
	{6 * time.Second, apply.Event{Kind: apply.EventState, Project: "acme", Service: "orders-eu", State: "REBUILDING"}},
	{253 * time.Second, apply.Event{Kind: apply.EventRunning, Project: "acme", Service: "orders-eu", State: "RUNNING", Elapsed: 252 * time.Second}},
	{253 * time.Second, apply.Event{Kind: apply.EventCreating, Project: "acme", Service: "orders-us", JoinWith: "orders-eu"}},
	{254 * time.Second, apply.Event{Kind: apply.EventRetrying, Project: "acme", Service: "orders-us", Delay: 28 * time.Second,
		Message: "[429]: rate limit\nexceeded"}},
	{282 * time.Second, apply.Event{Kind: apply.EventAlreadyPresent, Project: "acme", Service: "orders-us", State: "REBUILDING"}},
	{290 * time.Second, apply.Event{Kind: apply.EventStopping}},
}

// play sends the script to o, calling tick between events wherever the
// clock passes a multiple of every.
func play(clock *fakeClock, o apply.Observer, every time.Duration, tick func(time.Time)) {
	last := time.Duration(0)
	for _, s := range script {
		for next := last - last%every + every; next <= s.at; next += every {
			clock.set(next)
			tick(clock.Now())
		}
		last = s.at
		clock.set(s.at)
		s.e.Time = clock.Now()
		o.Observe(s.e)
	}
}

func TestLineProgress(t *testing.T) {
	clock := &fakeClock{}
	var b bytes.Buffer
	p := apply.NewLineProgress(&b, apply.ProgressOptions{Now: clock.Now, Tick: make(chan time.Time)})
	defer p.Close()
	play(clock, p, apply.HeartbeatInterval, p.Heartbeat)
	clock.set(5 * time.Minute)
	p.Heartbeat(clock.Now())
	golden(t, "progress_lines.golden", b.String())
	if n := strings.Count(b.String(), "still waiting: orders-eu REBUILDING"); n != 8 {
		t.Errorf("%d heartbeats while orders-eu was REBUILDING, want 8 (every 30s for 4m12s)", n)
	}
}

func TestLineProgressQualifiesNamesAcrossProjects(t *testing.T) {
	var b bytes.Buffer
	p := apply.NewLineProgress(&b, apply.ProgressOptions{Tick: make(chan time.Time)})
	defer p.Close()
	p.Observe(apply.Event{Kind: apply.EventPlanned, Project: "a", Service: "x"})
	p.Observe(apply.Event{Kind: apply.EventPlanned, Project: "b", Service: "x"})
	p.Observe(apply.Event{Kind: apply.EventCreating, Project: "b", Service: "x"})
	if got, want := b.String(), "b/x: creating\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTTYProgress(t *testing.T) {
	clock := &fakeClock{}
	var b bytes.Buffer
	p := apply.NewTTYProgress(&b, apply.ProgressOptions{Now: clock.Now, Tick: make(chan time.Time)})
	// Redraws every minute of the script: events in between coalesce.
	play(clock, p, time.Minute, p.Redraw)
	clock.set(5 * time.Minute)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	golden(t, "progress_tty.golden", out)
	if frames := strings.Count(out, "\r\x1b[2K  orders-eu"); frames != 5 {
		t.Errorf("%d frames, want 5: one per minute tick while the block changed, and the final one", frames)
	}
}

func TestLineProgressHeartbeatsOnTicks(t *testing.T) {
	ticks := make(chan time.Time)
	var b bytes.Buffer
	p := apply.NewLineProgress(&b, apply.ProgressOptions{Tick: ticks})
	p.Observe(apply.Event{Kind: apply.EventCreated, Project: "acme", Service: "orders-eu", Time: t0})
	// Close waits for the heartbeat of a tick already taken.
	ticks <- t0.Add(time.Minute)
	p.Close()
	if want := "still waiting: orders-eu created 1m0s\n"; !strings.HasSuffix(b.String(), want) {
		t.Errorf("output %q does not end with a heartbeat %q", b.String(), want)
	}
}

func TestTTYProgressSkipsUnchangedFrames(t *testing.T) {
	clock := &fakeClock{}
	ticks := make(chan time.Time)
	var b bytes.Buffer
	p := apply.NewTTYProgress(&b, apply.ProgressOptions{Now: clock.Now, Tick: ticks})
	p.Observe(apply.Event{Kind: apply.EventPlanned, Project: "acme", Service: "orders-eu"})
	for range 3 {
		ticks <- t0
	}
	p.Close()
	if frames := strings.Count(b.String(), "orders-eu"); frames != 1 {
		t.Errorf("%d frames of an unchanging block, want 1", frames)
	}
}

func TestObserversFanOutInOrder(t *testing.T) {
	var got []string
	record := func(name string) apply.Observer {
		return apply.ObserverFunc(func(e apply.Event) { got = append(got, name+":"+e.Service) })
	}
	apply.Observers{record("a"), record("b")}.Observe(apply.Event{Service: "x"})
	if strings.Join(got, ",") != "a:x,b:x" {
		t.Errorf("got %v", got)
	}
}

// TestProgressEscapesAPIText: states and messages come from the API; in a
// CI log a newline in them could start a forged workflow command, and on a
// terminal an escape could repaint the screen.
func TestProgressEscapesAPIText(t *testing.T) {
	hostile := "x\n::error::pwned\r\x1b[2J\x07"
	events := []apply.Event{
		{Kind: apply.EventPlanned, Project: "acme", Service: "orders-eu"},
		{Kind: apply.EventState, Project: "acme", Service: "orders-eu", State: hostile},
		{Kind: apply.EventRetrying, Project: "acme", Service: "orders-eu", Message: hostile},
		{Kind: apply.EventFailed, Project: "acme", Service: "orders-eu", Message: hostile},
	}
	var lines, tty bytes.Buffer
	clock := &fakeClock{now: t0}
	for _, p := range []apply.Progress{
		apply.NewLineProgress(&lines, apply.ProgressOptions{Now: clock.Now, Tick: make(chan time.Time)}),
		apply.NewTTYProgress(&tty, apply.ProgressOptions{Now: clock.Now, Tick: make(chan time.Time)}),
	} {
		for _, e := range events {
			e.Time = t0
			p.Observe(e)
		}
		p.Close()
	}
	for name, out := range map[string]string{"lines": lines.String(), "tty": withoutCursor(tty.String())} {
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "::") || strings.ContainsAny(line, "\r\x1b\x07") {
				t.Errorf("%s: line %q carries the API's text raw", name, line)
			}
		}
		if !strings.Contains(out, "x ::error::pwned") {
			t.Errorf("%s: the message is not shown on one line:\n%s", name, out)
		}
	}
}

// withoutCursor drops the TTY view's own cursor and clearing sequences.
func withoutCursor(s string) string {
	for _, seq := range []string{"\r\x1b[2K", "\x1b[J"} {
		s = strings.ReplaceAll(s, seq, "")
	}
	for i := 1; i < 10; i++ {
		s = strings.ReplaceAll(s, "\x1b["+string(rune('0'+i))+"A", "")
	}
	return s
}
