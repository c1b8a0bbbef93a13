package render

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

func TestTextColor(t *testing.T) {
	p := loadPlan(t, "conflicts")
	var plain, colored bytes.Buffer
	if err := Text(&plain, p, TextOptions{Color: false}); err != nil {
		t.Fatal(err)
	}
	if err := Text(&colored, p, TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b") {
		t.Errorf("Color=false output has an escape sequence:\n%q", plain.String())
	}
	for _, code := range []string{ansiGreen + "+ create", ansiRed + "!", ansiBold} {
		if !strings.Contains(colored.String(), code) {
			t.Errorf("Color=true output lacks %q", code)
		}
	}
	if got := stripANSI(colored.String()); got != plain.String() {
		t.Errorf("colour changed the text itself:\n%s", lineDiff(plain.String(), got))
	}
}

func stripANSI(s string) string {
	for _, c := range []string{ansiReset, ansiBold, ansiDim, ansiRed, ansiGreen, ansiYellow} {
		s = strings.ReplaceAll(s, c, "")
	}
	return s
}

func TestNoEscapeSequencesFromValues(t *testing.T) {
	p := loadPlan(t, "conflicts")
	p.Changes[4].Cloud = "aws\x1b[2J\x1b]0;pwned\x07"
	p.Conflicts[0].Message = "bad\x1b[31m red"
	var b bytes.Buffer
	if err := Text(&b, p, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	md := Markdown(p, goldenOptions)
	for what, out := range map[string]string{"text": b.String(), "markdown": md} {
		if strings.ContainsAny(out, "\x1b\x07") {
			t.Errorf("%s output carries control characters from values", what)
		}
		if !strings.Contains(out, "aws\uFFFD[2J") {
			t.Errorf("%s output lost the value instead of neutralising it", what)
		}
	}
}

func TestMarkdownFitKeepsSmallPlansWhole(t *testing.T) {
	p := loadPlan(t, "join-existing")
	if Markdown(p, goldenOptions) != MarkdownFit(p, goldenOptions, DefaultBudget) {
		t.Error("a plan far under the budget was changed by MarkdownFit")
	}
}

func TestMarkdownHeaderIsVerbatimFirstLine(t *testing.T) {
	opts := goldenOptions
	opts.Header = `<!-- ccr:plan {"file":"ccr.yaml"} -->`
	md := Markdown(loadPlan(t, "no-changes"), opts)
	if !strings.HasPrefix(md, opts.Header+"\n### ✅ ") {
		t.Errorf("header not first, or verdict not right after it:\n%s", md)
	}
	if n := strings.Count(md, "\n"); n != 4 {
		t.Errorf("no-changes comment has %d lines, want header, verdict, blank, footer", n)
	}
}

// TestMarkdownEscapesHostileValues feeds values with pipes, backticks,
// quotes and markup through every section and checks that they cannot break
// the table, a code span, a fence or the diagram.
func TestMarkdownEscapesHostileValues(t *testing.T) {
	p := loadPlan(t, "new-pair")
	p.Changes[0].Cloud = "aws|eu`west"
	p.Changes[1].Plan = "``` <b>x</b> \"q\" #1"
	p.NextSteps[0].CQL = "SELECT '```';"
	p.Prerequisites = []plan.Prerequisite{{Project: "acme-prod", Service: "orders-eu", Message: "see [here](http://x) <img>"}}
	md := Markdown(p, goldenOptions)

	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "| ") {
			if cells := len(splitCells(l)); cells != 9 {
				t.Errorf("table row has %d cells, want 9: %s", cells, l)
			}
		}
	}
	for _, want := range []string{
		"| ```` ``` <b>x</b> \"q\" #1 ```` |", // a code span longer than the backticks in it
		"| ``aws\\|eu`west`` |",               // the pipe escaped even inside the code span
		"- `acme-prod/orders-eu`: see \\[here\\](http://x) \\<img\\>\n",
		`subgraph c1["aws#124;eu#96;west"]`,
	} {
		if !strings.Contains(md, want) {
			t.Errorf("want %q in:\n%s", want, md)
		}
	}
	if !strings.Contains(md, "````sql\n") {
		t.Error("CQL holding ``` must get a longer fence")
	}
}

// splitCells splits a table row on pipes that are not backslash-escaped.
func splitCells(row string) []string {
	var cells []string
	start := 1
	for i := 1; i < len(row); i++ {
		if row[i] == '|' && row[i-1] != '\\' {
			cells = append(cells, row[start:i])
			start = i + 1
		}
	}
	return cells
}

func TestCode(t *testing.T) {
	for in, want := range map[string]string{
		"plain":  "`plain`",
		"a`b":    "``a`b``",
		"`x":     "`` `x ``",
		"a\nb":   "`a b`",
		"a``b`c": "```a``b`c```",
	} {
		if got := code(in); got != want {
			t.Errorf("code(%q) = %q, want %q", in, got, want)
		}
	}
	if got := cell("a|b"); got != "`a\\|b`" {
		t.Errorf("cell = %q", got)
	}
	if got := prose("*x* <y> [z]"); got != `\*x\* \<y\> \[z\]` {
		t.Errorf("prose = %q", got)
	}
}

// TestJSONIsTheSavedForm checks that --format json prints what --out saves
// and that plan.Decode reads it back to the same plan.
func TestJSONIsTheSavedForm(t *testing.T) {
	for _, name := range scenarios {
		p := loadPlan(t, name)
		var b bytes.Buffer
		if err := JSON(&b, p); err != nil {
			t.Fatal(err)
		}
		saved, err := p.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), saved) {
			t.Errorf("%s: JSON differs from Encode", name)
		}
		back, err := plan.Decode(b.Bytes())
		if err != nil {
			t.Fatalf("%s: decode: %v", name, err)
		}
		if again, _ := back.Encode(); !bytes.Equal(again, saved) {
			t.Errorf("%s: decode and encode changed the plan:\n%s", name, lineDiff(string(saved), string(again)))
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestRenderersWrapWriteErrors(t *testing.T) {
	p := loadPlan(t, "new-pair")
	for _, f := range Formats {
		r, err := New(f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Render(failWriter{}, p); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%s: error = %v, want the write error wrapped", f, err)
		}
	}
	if _, err := New("yaml", Options{}); err == nil || !strings.Contains(err.Error(), `"yaml"`) {
		t.Errorf("unknown format error = %v", err)
	}
}

func TestMarkdownRendererUsesBudget(t *testing.T) {
	var b bytes.Buffer
	r := MarkdownRenderer{Options: goldenOptions, Budget: 3000}
	if err := r.Render(&b, bigPlan(400)); err != nil {
		t.Fatal(err)
	}
	if n := runes(b.String()); n > 3000 || n < 2000 {
		t.Errorf("rendered %d runes for a 3000-rune budget", n)
	}
	if !strings.Contains(b.String(), "[!CAUTION]") {
		t.Errorf("the conflicts were dropped:\n%s", b.String())
	}
}

func TestShortSHA(t *testing.T) {
	for in, want := range map[string]string{
		"4f2c9e1b7a6d5c4b3a29180f7e6d5c4b3a291807": "4f2c9e1",
		"4f2c9e1":          "4f2c9e1",
		"not-a-sha-at-all": "not-a-sha-at-all",
		"":                 "",
	} {
		if got := ShortSHA(in); got != want {
			t.Errorf("ShortSHA(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestViewsSayWhichJoinOrderApplyUses: every view of a new pair says when
// the second service is created, for both orders.
func TestViewsSayWhichJoinOrderApplyUses(t *testing.T) {
	for order, want := range map[string]string{
		plan.JoinAfterCreated: "joins orders-eu right after its create",
		plan.JoinAfterRunning: "joins orders-eu once it is RUNNING",
	} {
		p := loadPlan(t, "new-pair")
		p.JoinAfter = order
		var text, js bytes.Buffer
		if err := Text(&text, p, TextOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := JSON(&js, p); err != nil {
			t.Fatal(err)
		}
		md := Markdown(p, MarkdownOptions{})
		if !strings.Contains(text.String(), want) {
			t.Errorf("%s: text lacks %q", order, want)
		}
		if !strings.Contains(md, strings.ReplaceAll(want, "orders-eu", "`orders-eu`")) {
			t.Errorf("%s: markdown lacks %q", order, want)
		}
		if !strings.Contains(js.String(), `"join_after": "`+order+`"`) {
			t.Errorf("%s: JSON lacks join_after", order)
		}
	}
}

// TestMarkdownMoneyIsNotMath: GitHub renders the text between a "$" and a
// later "$" that follows a non-space as a math expression. Every "$" the
// markdown writes follows a space, so no amount can close one.
func TestMarkdownMoneyIsNotMath(t *testing.T) {
	closer := regexp.MustCompile(`\S\$`)
	for _, name := range scenarios {
		md := Markdown(loadPlan(t, name), goldenOptions)
		if p := loadPlan(t, name); p.Summary.Create > 0 && !strings.Contains(md, "$") {
			t.Errorf("%s: no amount in the markdown", name)
		}
		for _, l := range strings.Split(md, "\n") {
			if closer.MatchString(l) {
				t.Errorf("%s: a \"$\" after a non-space could close a math span: %s", name, l)
			}
		}
	}
}

// TestNoChangePlanShowsCQLForReference: with nothing to create, the CQL
// next steps are not presented as something apply will lead to.
func TestNoChangePlanShowsCQLForReference(t *testing.T) {
	spec := loadSpec(t, "no-changes")
	spec.Projects[0].Pairs[0].Keyspaces = []schema.Keyspace{{Name: "orders", ReplicationFactor: 3}}
	p := plan.Compute(spec, scenarioLive["no-changes"]())
	var b bytes.Buffer
	if err := Text(&b, p, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); strings.Contains(out, "After apply") || !strings.Contains(out, "For reference") ||
		!strings.Contains(out, "ALTER KEYSPACE orders") {
		t.Errorf("text view:\n%s", out)
	}
}

// TestPlanWithoutCost: a plan saved before format 1.1 has no cost; every
// view renders it as before, without a cost line or a price anywhere.
func TestPlanWithoutCost(t *testing.T) {
	p := loadPlan(t, "join-existing")
	p.Cost = nil
	var text bytes.Buffer
	if err := Text(&text, p, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	md := Markdown(p, goldenOptions)
	for name, out := range map[string]string{"text": text.String(), "markdown": md} {
		if strings.Contains(out, "$") || strings.Contains(out, "Cost") || strings.Contains(out, "price") {
			t.Errorf("%s shows a cost the plan does not have:\n%s", name, out)
		}
	}
	if !strings.Contains(md, "| 660000 MB | — |") {
		t.Errorf("markdown table lacks the empty Monthly cell:\n%s", md)
	}
}
