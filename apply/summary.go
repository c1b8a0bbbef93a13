package apply

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ccr-dev/ccr/plan"
)

// ANSI styles for WriteText; the caller decides whether colour is wanted
// (TTY, NO_COLOR), once.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiGreen  = "\x1b[32m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
)

// section is one group of the text summary.
type section struct {
	outcome Outcome
	title   string
	mark    string
	style   string
}

var sections = []section{
	{Created, "Created", "+", ansiGreen},
	{Linked, "Linked", "~", ansiGreen},
	{SwitchedOver, "Switched over", "~", ansiGreen},
	{Updated, "Updated", "~", ansiGreen},
	{AlreadyPresent, "Already present", "=", ansiGreen},
	{Failed, "Failed", "!", ansiRed},
	{Interrupted, "Interrupted", "?", ansiYellow},
	{Skipped, "Skipped", "-", ansiYellow},
	{NotStarted, "Not started", "-", ansiYellow},
}

// WriteText writes the human summary of r: the services grouped by outcome,
// then one verdict line, e.g.
//
//	Apply complete: 2 created, 1 already present, 0 failed.
//	Apply complete: 1 created, 1 linked, 1 switched over, 0 already present, 0 failed.
//	Apply complete: 0 created, 2 updated, 0 already present, 0 failed.
//	Apply failed: 1 created, 0 already present, 1 failed, 1 skipped.
//	Apply interrupted: 1 created, 0 already present, 0 failed, 2 not started.
//	Apply incomplete: 2 created, 0 already present, 0 failed; 2 not RUNNING yet.
//	Apply failed: 2 created, 0 already present, 0 failed; 1 failed to become RUNNING.
func WriteText(w io.Writer, r *Result, color bool) error {
	paint := func(style, s string) string {
		if !color {
			return s
		}
		return style + s + ansiReset
	}
	var b strings.Builder
	for _, sec := range sections {
		lines := sectionLines(r, sec.outcome)
		if len(lines) == 0 {
			continue
		}
		fmt.Fprintf(&b, "%s:\n", sec.title)
		for _, l := range lines {
			// Errors and states come from the API.
			fmt.Fprintf(&b, "  %s %s\n", paint(sec.style, sec.mark), oneLine(l))
		}
	}
	if b.Len() > 0 {
		b.WriteString("\n")
	}
	b.WriteString(paint(ansiBold, Verdict(r)) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// sectionLines describes each service with outcome o, one line each.
func sectionLines(r *Result, o Outcome) []string {
	var lines []string
	for _, s := range r.Services {
		if s.Outcome != o {
			continue
		}
		line := doneLine(s)
		if s.Action == plan.Update {
			line = updateLine(s)
		}
		if !o.Done() {
			line = fmt.Sprintf("%s/%s: %s", s.Project, s.Service, s.Error)
		}
		if s.Note != "" && (o == AlreadyPresent || o == Linked || o == SwitchedOver || o == Updated ||
			o == Created && !s.Running && s.Error == "") {
			line += ": " + s.Note
		}
		lines = append(lines, line)
	}
	return lines
}

// doneLine describes a service that exists as planned: where it runs, what
// it was linked to or made, and whether it got there; for a link or
// switchover, also the update that rode on it.
func doneLine(s ServiceResult) string {
	if s.Action == plan.Link || s.Action == plan.Switchover {
		return changeLine(s) + updateSuffix(s)
	}
	where := s.Cloud
	if s.Kind != "" {
		where += ", " + s.Kind + " of " + s.Source
	}
	name := s.Project + "/" + s.Service
	switch {
	case s.Running:
		return fmt.Sprintf("%s (%s) RUNNING after %s", name, where, formatElapsed(s.Elapsed))
	case s.Error != "":
		// Created (it exists and is billed), and its wait ended for good.
		return fmt.Sprintf("%s (%s) created, not RUNNING (%s): %s", name, where, orUnseen(s.State), s.Error)
	}
	return fmt.Sprintf("%s (%s) created, not yet RUNNING (%s)", name, where, orUnseen(s.State))
}

// changeLine describes a link or switchover done as planned.
func changeLine(s ServiceResult) string {
	name := s.Project + "/" + s.Service
	switch {
	case s.Action == plan.Link && s.Running:
		return fmt.Sprintf("%s linked to %s (%s), RUNNING after %s", name, s.Source, s.Kind, formatElapsed(s.Elapsed))
	case s.Action == plan.Link:
		return fmt.Sprintf("%s linked to %s (%s), not yet listed RUNNING with the link (%s)", name, s.Source, s.Kind,
			orUnseen(s.State))
	case s.Action == plan.Switchover && s.Running:
		return fmt.Sprintf("%s is the active service, %s passive, after %s", name, s.DependsOn, formatElapsed(s.Elapsed))
	}
	return fmt.Sprintf("%s switched over, the roles do not show it yet (%s)", name, orUnseen(s.State))
}

// Verdict is the one-line summary of r that ends WriteText.
func Verdict(r *Result) string {
	if r.Refused != nil {
		return "Apply refused: nothing was changed."
	}
	pending, stuck := r.notRunning()
	head := "Apply complete"
	switch {
	case r.Interrupted:
		head = "Apply interrupted"
	case r.Complete():
	case r.undone() == 0 && stuck == 0:
		head = "Apply incomplete" // everything exists; some is still being built
	default:
		head = "Apply failed"
	}
	counts := fmt.Sprintf("%d created", r.Count(Created))
	for _, done := range []struct {
		o    Outcome
		name string
	}{{Linked, "linked"}, {SwitchedOver, "switched over"}, {Updated, "updated"}} {
		if n := r.Count(done.o); n > 0 {
			counts += fmt.Sprintf(", %d %s", n, done.name)
		}
	}
	counts += fmt.Sprintf(", %d already present, %d failed", r.Count(AlreadyPresent), r.Count(Failed))
	for _, extra := range []struct {
		o    Outcome
		name string
	}{{Skipped, "skipped"}, {NotStarted, "not started"}, {Interrupted, "interrupted"}} {
		if n := r.Count(extra.o); n > 0 {
			counts += fmt.Sprintf(", %d %s", n, extra.name)
		}
	}
	if pending > 0 {
		counts += fmt.Sprintf("; %d not RUNNING yet", pending)
	}
	if stuck > 0 {
		counts += fmt.Sprintf("; %d failed to become RUNNING", stuck)
	}
	return head + ": " + counts + "."
}

// formatElapsed rounds to the second above a minute, to the millisecond
// below, so both real waits and test waits read well.
func formatElapsed(d time.Duration) string {
	if d >= time.Minute {
		return d.Round(time.Second).String()
	}
	return d.Round(time.Millisecond).String()
}
