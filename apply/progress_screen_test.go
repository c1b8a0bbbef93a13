package apply_test

import (
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// screen is a terminal just capable enough to watch the live view on: it
// prints runes one cell each, wraps at its width, moves the cursor up,
// clears lines, and reflows its lines when resized, as tmux and VTE do.
// It never scrolls: a cursor moved up too far overwrites what was printed
// above the block, and one moved up too little leaves a copy of the block.
type screen struct {
	t        *testing.T
	mu       sync.Mutex
	width    int
	rows     []screenRow
	row, col int
	// writes are the texts written, one per Write.
	writes []string
}

// screenRow is one row of cells; wrapped means its text goes on in the
// next row (the terminal wrapped it, no newline ended it).
type screenRow struct {
	cells   []rune
	wrapped bool
}

func newScreen(t *testing.T, width int) *screen {
	return &screen{t: t, width: width, rows: []screenRow{{}}}
}

// Write interprets p: text, "\r", "\n" (the tty driver adds the "\r"),
// CSI n A (up), CSI 2 K (clear line), CSI J (clear below), CSI … m (style).
func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes = append(s.writes, string(p))
	for text := string(p); text != ""; {
		switch {
		case strings.HasPrefix(text, "\x1b["):
			end := strings.IndexFunc(text[2:], func(r rune) bool { return r >= '@' && r <= '~' })
			if end < 0 {
				s.t.Fatalf("unterminated escape in %q", text)
			}
			s.csi(text[2:2+end], text[2+end])
			text = text[3+end:]
		case text[0] == '\r':
			s.col, text = 0, text[1:]
		case text[0] == '\n':
			s.row, s.col, text = s.row+1, 0, text[1:]
			s.grow()
		default:
			r, size := utf8.DecodeRuneInString(text)
			if r < ' ' || r == 0x7f {
				s.t.Fatalf("control character %q reached the screen", r)
			}
			s.put(r)
			text = text[size:]
		}
	}
	return len(p), nil
}

func (s *screen) csi(params string, final byte) {
	switch final {
	case 'A':
		n, err := strconv.Atoi(params)
		if err != nil || n < 1 {
			s.t.Fatalf("cursor up %q", params)
		}
		s.row = max(s.row-n, 0)
	case 'K':
		if params != "2" {
			s.t.Fatalf("erase in line %q", params)
		}
		s.rows[s.row] = screenRow{}
	case 'J':
		if params != "" {
			s.t.Fatalf("erase in display %q", params)
		}
		r := &s.rows[s.row]
		r.cells, r.wrapped = r.cells[:min(s.col, len(r.cells))], false
		s.rows = s.rows[:s.row+1]
	case 'm':
	default:
		s.t.Fatalf("unexpected escape CSI %s%c", params, final)
	}
}

// put prints r at the cursor, wrapping first when the row is full.
func (s *screen) put(r rune) {
	if s.col == s.width {
		s.rows[s.row].wrapped = true
		s.row, s.col = s.row+1, 0
		s.grow()
	}
	row := &s.rows[s.row]
	for len(row.cells) <= s.col {
		row.cells = append(row.cells, ' ')
	}
	row.cells[s.col] = r
	s.col++
}

func (s *screen) grow() {
	for len(s.rows) <= s.row {
		s.rows = append(s.rows, screenRow{})
	}
}

// resize reflows the screen to width: rows wrapped into each other join
// into one line, which is cut into rows of the new width; the cursor keeps
// its place in its line.
func (s *screen) resize(width int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var lines [][]rune
	curLine, curOff := 0, 0
	for i := 0; i < len(s.rows); i++ {
		var l []rune
		start := i
		for ; ; i++ {
			if i == s.row {
				curLine, curOff = len(lines), (i-start)*s.width+s.col
			}
			l = append(l, s.rows[i].cells...)
			if !s.rows[i].wrapped || i+1 == len(s.rows) {
				break
			}
		}
		lines = append(lines, l)
	}
	s.width, s.rows = width, nil
	for i, l := range lines {
		if i == curLine {
			s.row, s.col = len(s.rows)+curOff/width, curOff%width
		}
		for len(l) > width {
			s.rows = append(s.rows, screenRow{cells: l[:width], wrapped: true})
			l = l[width:]
		}
		s.rows = append(s.rows, screenRow{cells: l})
	}
	s.grow()
}

// text is what the screen shows, trailing blanks and empty rows dropped.
func (s *screen) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var lines []string
	for _, r := range s.rows {
		lines = append(lines, strings.TrimRight(string(r.cells), " "))
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// written is everything written so far.
func (s *screen) written() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.writes...)
}
