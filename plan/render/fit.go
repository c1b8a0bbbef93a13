package render

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// limits say how much of each section a rendering keeps. A negative number
// keeps everything.
type limits struct {
	diagram  bool
	rows     int // table rows
	items    int // prerequisites and CQL statements
	warnings int // conflict and drift lines
	// diffRoom is the runes the diff body may use: -1 all, 0 none (a note
	// says it was left out), otherwise head and tail are kept around a cut.
	// In the ladder, -1 means "as much as fits" and 0 means "leave it out".
	diffRoom int
}

var full = limits{diagram: true, rows: -1, items: -1, warnings: -1, diffRoom: -1}

// ladder is the order in which Fit gives up detail: first the diff is cut
// (at every step it gets whatever room is left), then the diagram goes, then
// the table is capped, then the lists. Warnings are capped only on the last
// steps, when they alone would exceed the budget: a comment GitHub refuses
// shows no warning at all.
var ladder = []limits{
	full,
	{rows: -1, items: -1, warnings: -1, diffRoom: -1},
	{rows: 200, items: -1, warnings: -1, diffRoom: -1},
	{rows: 50, items: 50, warnings: -1, diffRoom: -1},
	{rows: 10, items: 10, warnings: -1, diffRoom: -1},
	{rows: 10, items: 10, warnings: 50, diffRoom: 0},
	{rows: 5, items: 5, warnings: 10, diffRoom: 0},
}

// minDiffRoom is the smallest cut diff worth showing (about 20 lines); below
// it the next step of the ladder is taken instead.
const minDiffRoom = 1500

// fit returns the largest rendering along the ladder that has at most budget
// runes. The verdict, header and footer are always kept; if even they do not
// fit, the result is cut at a rune boundary as a last resort.
func (d *doc) fit(budget int) string {
	for _, l := range ladder {
		if l.diffRoom != 0 {
			if s := d.assemble(l.withDiff(-1)); runes(s) <= budget {
				return s
			}
			room := budget - runes(d.assemble(l.withDiff(1)))
			if room >= minDiffRoom {
				if s := d.assemble(l.withDiff(room)); runes(s) <= budget {
					return s
				}
			}
			l = l.withDiff(0)
		}
		if s := d.assemble(l); runes(s) <= budget {
			return s
		}
	}
	s := d.header + d.verdict + "\n_This plan is too large to show in a comment._\n\n" + d.footer
	if runes(s) <= budget {
		return s
	}
	return truncate(s, budget)
}

func (l limits) withDiff(room int) limits {
	l.diffRoom = room
	return l
}

// assemble joins the sections kept under l, one blank line apart.
func (d *doc) assemble(l limits) string {
	sections := []string{d.verdict}
	if !d.compact {
		diagram := ""
		if l.diagram {
			diagram = d.diagram
		}
		sections = append(sections,
			d.caution.render(l.warnings), d.warning.render(l.warnings),
			d.table.render(l.rows), d.unmanaged, d.diff.render(l.diffRoom), diagram,
			d.prereqs.render(l.items), d.nextSteps.render(l.items), d.mergeNote)
	}
	sections = append(sections, d.footer)
	var b strings.Builder
	if d.header != "" {
		b.WriteString(strings.TrimSuffix(d.header, "\n") + "\n")
	}
	first := true
	for _, s := range sections {
		if s == "" {
			continue
		}
		if !first {
			b.WriteString("\n")
		}
		first = false
		b.WriteString(s)
	}
	return b.String()
}

// diffSection is the before/after topology listing.
type diffSection struct {
	lines   []string
	blocked bool
}

// collapseAfter is the length past which the diff goes into <details>, as
// Atlantis does for output over 12 lines.
const collapseAfter = 12

func (s diffSection) render(room int) string {
	if !s.changed() {
		return ""
	}
	title := "Topology before → after apply"
	if s.blocked {
		title = "Topology before → after apply, once the conflicts are fixed"
	}
	if room == 0 {
		return fmt.Sprintf("_%s: %s left out to fit in a comment._\n", title, plural(len(s.lines), "line"))
	}
	lines := s.lines
	if room > 0 {
		lines = cutLines(lines, room)
	}
	body := strings.Join(lines, "\n") + "\n"
	f := fence(body)
	// The fence and </details> are written here, outside whatever cutLines
	// removed, so a cut can never leave either open.
	block := f + "diff\n" + body + f + "\n"
	summary := fmt.Sprintf("%s (%s)", title, plural(len(s.lines), "line"))
	if len(s.lines) <= collapseAfter {
		return "**" + summary + "**\n\n" + block
	}
	return details(summary, true, block)
}

func (s diffSection) changed() bool {
	for _, l := range s.lines {
		if strings.HasPrefix(l, "+") || strings.HasPrefix(l, "-") {
			return true
		}
	}
	return false
}

// cutLines keeps whole lines from the head and the tail of lines within room
// runes (newlines included) and puts a note where the rest was.
func cutLines(lines []string, room int) []string {
	total := 0
	for _, l := range lines {
		total += runes(l) + 1
	}
	if total <= room {
		return lines
	}
	headRoom := room / 2
	h, used := 0, 0
	for h < len(lines) && used+runes(lines[h])+1 <= headRoom {
		used += runes(lines[h]) + 1
		h++
	}
	t := len(lines)
	for t > h && used+runes(lines[t-1])+1 <= room {
		used += runes(lines[t-1]) + 1
		t--
	}
	note := fmt.Sprintf("@@ … %s cut to fit in a comment … @@", plural(t-h, "line"))
	out := append(append([]string(nil), lines[:h]...), note)
	return append(out, lines[t:]...)
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// truncate cuts s to at most n runes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}
