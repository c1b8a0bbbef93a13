package github

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
)

func guarded(chunks ...string) string {
	var out bytes.Buffer
	g := NewCommandGuard(&out)
	for _, c := range chunks {
		if n, err := g.Write([]byte(c)); err != nil || n != len(c) {
			panic("write")
		}
	}
	if err := g.Flush(); err != nil {
		panic(err)
	}
	return out.String()
}

func TestCommandGuardEscapesCommands(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain text\nmore: text :: here\n", "plain text\nmore: text :: here\n"},
		{"team=x\n::error::pwned\n", "team=x\n\\::error::pwned\n"},
		{"  \t::stop-commands::tok\n", "  \t\\::stop-commands::tok\n"},
		{"\r::warning::x", "\r\\::warning::x"},
		{"\u00a0\u2003::notice::x\n", "\u00a0\u2003\\::notice::x\n"},
		{"value ##[error]pwned\n", "value ##\\u005berror]pwned\n"},
		{`{"team": "##[stop-commands]x"}`, `{"team": "##\u005bstop-commands]x"}`},
		{":single colon\n", ":single colon\n"},
		{"# heading ## [not] #\n", "# heading ## [not] #\n"},
		{":", ":"},
		{"##", "##"},
	}
	for _, tc := range cases {
		if got := guarded(tc.in); got != tc.want {
			t.Errorf("guard(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCommandGuardSeesCommandsSplitAcrossWrites(t *testing.T) {
	for _, chunks := range [][]string{
		{"line\n:", ":error::x\n"},
		{"line\n", "  ", "::error::x\n"},
		{"a #", "#[error]x"},
		{"a ##", "[error]x"},
		{"\xc2", "\xa0::error::x"},
	} {
		got := guarded(chunks...)
		if bad := commandLine(got); bad != "" {
			t.Errorf("guard(%q) = %q lets %q through", chunks, got, bad)
		}
	}
}

func TestCommandGuardLetsItsOwnCommandsThrough(t *testing.T) {
	var out bytes.Buffer
	g := NewCommandGuard(&out)
	g.Write([]byte("Error: half a line"))
	g.Commands().Write([]byte("::error file=ccr.yaml,line=3::bad\n"))
	g.Write([]byte("::error::forged\n"))
	g.Flush()
	want := "Error: half a line\n::error file=ccr.yaml,line=3::bad\n\\::error::forged\n"
	if out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
}

// commandLine returns the first line the Actions runner would read as a
// workflow command, or "".
func commandLine(out string) string {
	for _, line := range strings.FieldsFunc(out, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if strings.HasPrefix(strings.TrimLeftFunc(line, unicode.IsSpace), "::") || strings.Contains(line, "##[") {
			return line
		}
	}
	return ""
}

// FuzzCommandGuard: whatever is written, in whatever pieces, no line the
// runner reads is a command; pieces split at line ends do not change the
// result (a piece split mid-line may: each write counts as a line start).
func FuzzCommandGuard(f *testing.F) {
	for _, seed := range []string{"a\n::error::x", "##[group]x", " \u3000::x::", ":\n:", "#\n##"} {
		f.Add(seed, uint8(1))
	}
	f.Fuzz(func(t *testing.T, in string, cut uint8) {
		whole := guarded(in)
		if bad := commandLine(whole); bad != "" {
			t.Fatalf("guard(%q) = %q lets %q through", in, whole, bad)
		}
		i := int(cut) % (len(in) + 1)
		split := guarded(in[:i], in[i:])
		if bad := commandLine(split); bad != "" {
			t.Fatalf("guard(%q, %q) = %q lets %q through", in[:i], in[i:], split, bad)
		}
		if (i == 0 || in[i-1] == '\n') && split != whole {
			t.Fatalf("guard(%q) depends on a write split at line end %d", in, i)
		}
		if !strings.ContainsAny(in, ":#") && whole != in {
			t.Fatalf("guard(%q) = %q changed text without a command", in, whole)
		}
	})
}
