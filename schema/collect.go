package schema

import (
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
)

// MaxDiagnostics is the most diagnostics Load returns for one file; a last
// one says how many more were found. Nobody reads ten thousand errors, and a
// hostile file could otherwise produce millions.
const MaxDiagnostics = 1000

// collector keeps the first MaxDiagnostics distinct diagnostics of a load,
// by position, and only counts the others, so that its memory does not grow
// with the number of problems in a file.
type collector struct {
	// kept holds the diagnostics that may be shown, unsorted since the
	// last trim. Once a trim has filled it, full is set and bound is its
	// last diagnostic then: one that sorts after it cannot be shown.
	kept  Diagnostics
	full  bool
	bound Diagnostic
	// beyond holds a hash of each distinct diagnostic that will not be
	// shown, and unbuilt counts those never built (skip); next is the
	// first of them all, where the count is reported.
	beyond  map[uint64]struct{}
	unbuilt int
	next    Diagnostic
	seed    maphash.Seed
}

func (c *collector) add(d Diagnostic) {
	if c.full && compareDiagnostics(d, c.bound) > 0 {
		c.drop(d)
		return
	}
	c.kept = append(c.kept, d)
	if len(c.kept) >= 2*MaxDiagnostics {
		c.trim()
	}
}

// trim sorts kept, drops exact repeats (an alias used twice can yield the
// same problem twice) and moves what is past MaxDiagnostics to beyond.
func (c *collector) trim() {
	slices.SortFunc(c.kept, compareDiagnostics)
	c.kept = slices.Compact(c.kept)
	if len(c.kept) <= MaxDiagnostics {
		return
	}
	for _, d := range c.kept[MaxDiagnostics:] {
		c.drop(d)
	}
	c.kept = c.kept[:MaxDiagnostics]
	c.full, c.bound = true, c.kept[MaxDiagnostics-1]
}

// drop counts d as not shown. Two distinct diagnostics with one hash would
// be counted once: at 64 bits, a file would need billions of problems for
// that to be likely.
func (c *collector) drop(d Diagnostic) {
	if c.beyond == nil {
		c.beyond = make(map[uint64]struct{})
		c.seed = maphash.MakeSeed()
	}
	c.first(d)
	c.beyond[maphash.Comparable(c.seed, d)] = struct{}{}
}

// past reports whether a diagnostic at pos comes after every one that can
// still be shown, whatever its path and message.
func (c *collector) past(pos Pos) bool {
	b := c.bound.Pos
	return c.full && (pos.Line > b.Line || pos.Line == b.Line && pos.Col > b.Col)
}

// skip counts n diagnostics at pos, which past reported will not be shown,
// without their being built: the caller saves formatting them, and the
// collector hashing them. Only for diagnostics that cannot repeat another
// of the load: there is nothing to drop them as repeats of.
func (c *collector) skip(file string, pos Pos, n int) {
	c.first(Diagnostic{File: file, Pos: pos})
	c.unbuilt += n
}

// first makes d next if it comes before every diagnostic not shown so far.
func (c *collector) first(d Diagnostic) {
	if len(c.beyond)+c.unbuilt == 0 || compareDiagnostics(d, c.next) < 0 {
		c.next = d
	}
}

// empty reports whether no diagnostic was added.
func (c *collector) empty() bool { return len(c.kept) == 0 }

// sorted returns the kept diagnostics in order, followed, when some are not
// shown, by one at the first of those that counts them.
func (c *collector) sorted() Diagnostics {
	c.trim()
	ds := slices.Clip(c.kept)
	if n := len(c.beyond) + c.unbuilt; n > 0 {
		more := c.next
		more.Path, more.Message = "", fmt.Sprintf("%d more problems not shown", n)
		ds = append(ds, more)
	}
	return ds
}

// compareDiagnostics orders diagnostics by line, column, message and path.
func compareDiagnostics(a, b Diagnostic) int {
	if c := a.Pos.Line - b.Pos.Line; c != 0 {
		return c
	}
	if c := a.Pos.Col - b.Pos.Col; c != 0 {
		return c
	}
	if c := strings.Compare(a.Message, b.Message); c != 0 {
		return c
	}
	return strings.Compare(a.Path, b.Path)
}
