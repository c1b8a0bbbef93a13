package apply

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCells(t *testing.T) {
	for s, want := range map[string]int{
		"orders-eu":      9,
		"…":              1,
		"日本":             4, // wide
		"ｃｃｒ":            6, // fullwidth
		"e\u0301":        1, // e + combining acute
		"a\u200db":       2, // zero width joiner
		"\U0001F680":     2, // rocket: wide emoji
		"\u26A0\uFE0F":   2, // warning sign asked to be an emoji
		"\u26A0":         1, // the same as text
		"\uFFFD":         1, // what oneLine puts for control characters
		"\xff\xfe bytes": 8, // invalid UTF-8: a cell per byte, as U+FFFD
		"":               0,
	} {
		if got := cells(s); got != want {
			t.Errorf("cells(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestCutEndAndMiddle(t *testing.T) {
	for _, c := range []struct {
		s      string
		w      int
		end    string
		middle string
	}{
		{"orders-production-eu", 20, "orders-production-eu", "orders-production-eu"},
		{"orders-production-eu", 10, "orders-pr…", "order…n-eu"},
		{"orders-production-eu", 1, "…", "…"},
		{"orders-production-eu", 0, "", ""},
		{"日本語のサービス", 7, "日本語…", "日…ビス"},
		{"e\u0301e\u0301e\u0301e\u0301", 3, "e\u0301e\u0301…", "e\u0301…e\u0301"},
	} {
		if got := cutEnd(c.s, c.w); got != c.end {
			t.Errorf("cutEnd(%q, %d) = %q, want %q", c.s, c.w, got, c.end)
		}
		if got := cutMiddle(c.s, c.w); got != c.middle {
			t.Errorf("cutMiddle(%q, %d) = %q, want %q", c.s, c.w, got, c.middle)
		}
	}
}

// TestCutsFitAndKeepRunesWhole: whatever the text and the width, a cut
// fits, is valid UTF-8, and no combining mark is left without its base.
func TestCutsFitAndKeepRunesWhole(t *testing.T) {
	texts := []string{
		strings.Repeat("cassandra-", 7),
		strings.Repeat("日本語", 9),
		strings.Repeat("a\u0301ｂ\U0001F680\u26A0\uFE0F-", 6),
		"failed: [400]: \uFFFD\uFFFD plan is not available",
	}
	for _, s := range texts {
		for w := 0; w <= cells(s)+1; w++ {
			for name, cut := range map[string]func(string, int) string{"cutEnd": cutEnd, "cutMiddle": cutMiddle} {
				got := cut(s, w)
				if cells(got) > w || !utf8.ValidString(got) {
					t.Errorf("%s(%q, %d) = %q: %d cells", name, s, w, got, cells(got))
				}
				if i := strings.Index(got, ellipsis); i >= 0 {
					if r, _ := utf8.DecodeRuneInString(got[i+len(ellipsis):]); r != utf8.RuneError && runeCells(r) == 0 {
						t.Errorf("%s(%q, %d) = %q: a mark cut from its base", name, s, w, got)
					}
				}
				if (got == s) != (cells(s) <= w) {
					t.Errorf("%s(%q, %d) = %q: cut %v, want %v", name, s, w, got, got != s, cells(s) > w)
				}
			}
		}
	}
}

func TestWrapItems(t *testing.T) {
	for _, c := range []struct {
		items []string
		sep   string
		w     int
		want  string
	}{
		{[]string{"0/5 RUNNING", "2 creating", "1 failed", "1m12s"}, ", ", 80, "0/5 RUNNING, 2 creating, 1 failed, 1m12s"},
		{[]string{"0/5 RUNNING", "2 creating", "1 failed", "1m12s"}, ", ", 24, "0/5 RUNNING, 2 creating,|1 failed, 1m12s"},
		// "0/5 RUNNING, 2 creating" fits 23 cells, but not with its comma.
		{[]string{"0/5 RUNNING", "2 creating", "1 failed", "1m12s"}, ", ", 23, "0/5 RUNNING,|2 creating, 1 failed,|1m12s"},
		{strings.Fields("Press Ctrl-C again to cancel now."), " ", 12, "Press Ctrl-C|again to|cancel now."},
		{[]string{"averyveryverylongword", "x"}, " ", 8, "averyve…|x"},
	} {
		if got := strings.Join(wrapItems(c.items, c.sep, c.w), "|"); got != c.want {
			t.Errorf("wrapItems(%q, %d) = %q, want %q", c.items, c.w, got, c.want)
		}
	}
}
