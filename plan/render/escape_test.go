package render

import (
	"strings"
	"testing"
)

// TestOneLine pins how remote text is shown inside one line: every
// character that could end the line or change how the rest of it reads is
// escaped, the rest is left readable, and escaping twice adds nothing.
func TestOneLine(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Service \"x\" not found", "Service \"x\" not found"},
		{"boom\nplan comment: created https://evil", `boom\nplan comment: created https://evil`},
		{"a\r\nb\tc", `a\r\nb\tc`},
		{"next\u2028line\u2029para\u0085nel", `next\u2028line\u2029para\u0085nel`},
		{"\x1b[2Jclear", `\u001b[2Jclear`},
		{"abc\u202egnp.exe", `abc\u202egnp.exe`},
		{"isolate\u2066x\u2069", `isolate\u2066x\u2069`},
		{"bad \xff byte", `bad \xff byte`},
		{"naïve ✓ C:\\path", "naïve ✓ C:\\path"},
	}
	for _, c := range cases {
		got := OneLine(c.in)
		if got != c.want {
			t.Errorf("OneLine(%q) = %q, want %q", c.in, got, c.want)
		}
		if strings.ContainsAny(got, "\n\r\u2028\u2029\u0085") {
			t.Errorf("OneLine(%q) = %q still breaks the line", c.in, got)
		}
		if again := OneLine(got); again != got {
			t.Errorf("OneLine is not idempotent on %q: %q", got, again)
		}
	}
}
