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
	items    int // updated services, prerequisites, CQL statements and follow-up steps
	warnings int // conflict and drift lines
	// diffRoom is the runes the diff body may use: -1 all, 0 none (a note
	// says it was left out), otherwise head and tail are kept around a cut.
	diffRoom int
}

var full = limits{diagram: true, rows: -1, items: -1, warnings: -1, diffRoom: -1}

// Floors of the caps that fit lowers before it moves on to the next
// section.
const (
	minRows  = 20
	minItems = 10
	// minDiffRoom is the smallest cut diff worth showing (about 20 lines);
	// below it the diff is left out instead.
	minDiffRoom = 1500
)

// fit returns the largest rendering within budget runes. It gives up detail
// in a fixed order: it cuts the diff (which keeps whatever room is left at
// every step), drops the diagram, caps the table together with the
// prerequisites and CQL, caps those lists alone, leaves the diff out, and
// only then caps warnings, because a comment that GitHub refuses shows no
// warning at all. The verdict, header and footer are always kept; if even
// they do not fit, the result is cut at a rune boundary as a last resort.
func (d *doc) fit(budget int) string {
	l := full
	if s, ok := d.withDiff(l, budget); ok {
		return s
	}
	l.diagram = false
	if s, ok := d.withDiff(l, budget); ok {
		return s
	}
	// The table and the lists under it shrink together, so that a long list
	// of prerequisites cannot crowd the table out.
	items := max(len(d.updates.items), len(d.prereqs.items), len(d.nextSteps.items), len(d.followUps.items))
	if s, ok := d.largest(l, budget, minRows, max(len(d.table.items), items), func(l limits, n int) limits {
		l.rows, l.items = n, n
		return l
	}); ok {
		return s
	}
	l.rows = minRows
	if s, ok := d.largest(l, budget, minItems, items, func(l limits, n int) limits { l.items = n; return l }); ok {
		return s
	}
	for _, l := range []limits{
		{rows: minRows, items: minItems, warnings: -1},
		{rows: 5, items: 5, warnings: -1},
		{rows: 0, items: 0, warnings: -1},
		{rows: 0, items: 0, warnings: 50},
		{rows: 0, items: 0, warnings: 10},
	} {
		if s := d.assemble(l); runes(s) <= budget { // diffRoom 0: the diff is left out
			return s
		}
	}
	return d.bare(budget)
}

// withDiff renders l with the whole diff, or with the diff cut to the room
// left, if that room is worth showing.
func (d *doc) withDiff(l limits, budget int) (string, bool) {
	l.diffRoom = -1
	if s := d.assemble(l); runes(s) <= budget {
		return s, true
	}
	// With room 1 the diff keeps no line, only its wrapper and the note, so
	// this measures everything but the kept lines.
	l.diffRoom = 1
	room := budget - runes(d.assemble(l))
	if room < minDiffRoom {
		return "", false
	}
	l.diffRoom = room
	s := d.assemble(l)
	return s, runes(s) <= budget
}

// largest finds, by bisection, the largest n in [lo, hi] for which set(l, n)
// renders within budget with a diff worth showing.
func (d *doc) largest(l limits, budget, lo, hi int, set func(limits, int) limits) (string, bool) {
	if hi < lo {
		return "", false
	}
	best, found := "", false
	for lo <= hi {
		mid := lo + (hi-lo)/2
		if s, ok := d.withDiff(set(l, mid), budget); ok {
			best, found, lo = s, true, mid+1
		} else {
			hi = mid - 1
		}
	}
	return best, found
}

// bare is the verdict, the cost lines and the footer alone, for budgets too
// small for anything else. The cost lines go before the footer does, and
// never in part.
func (d *doc) bare(budget int) string {
	verdict := d.headerLine() + d.verdict
	head := verdict
	if d.cost != "" {
		head += "\n" + d.cost
	}
	for _, s := range []string{head + "\n_This plan is too large to show in a comment._\n\n" + d.footer,
		head + "\n" + d.footer, verdict + "\n" + d.footer, verdict} {
		if runes(s) <= budget {
			return s
		}
	}
	return truncate(verdict, budget)
}

// assemble joins the sections kept under l, one blank line apart.
func (d *doc) assemble(l limits) string {
	sections := []string{d.verdict, d.cost, d.notes}
	if !d.compact {
		diagram := ""
		if l.diagram {
			diagram = d.diagram
		}
		sections = append(sections,
			d.caution.render(l.warnings), d.warning.render(l.warnings),
			d.table.render(l.rows), d.updates.render(l.items), d.unmanaged, d.diff.render(l.diffRoom), diagram,
			d.prereqs.render(l.items), d.nextSteps.render(l.items), d.followUps.render(l.items), d.mergeNote)
	}
	sections = append(sections, d.footer)
	var b strings.Builder
	b.WriteString(d.headerLine())
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

// headerLine is the verbatim header on a line of its own, or "".
func (d *doc) headerLine() string {
	if d.header == "" {
		return ""
	}
	return strings.TrimSuffix(d.header, "\n") + "\n"
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
	f := Fence(body)
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
