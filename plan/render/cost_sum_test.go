package render

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// twoPairs are two new business-8 pairs: each AWS service costs 1.6245 ×
// 730 = 1185.885 a month, which a table shows as $1,185.89.
const twoPairs = `version: 1
projects:
  - project: acme-prod
    pairs:
      - services:
          - {name: orders-eu, cloud: google-europe-west1}
          - {name: orders-us, cloud: aws-us-east-1}
        plan: business-8
      - services:
          - {name: users-eu, cloud: google-europe-west1}
          - {name: users-us, cloud: aws-us-east-1}
        plan: business-8
`

// subCent matches an amount shown with more than two decimals.
var subCent = regexp.MustCompile(`\$[0-9,]+\.[0-9]{3,}`)

// cents reads "$1,185.89" as 118589.
func cents(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(strings.NewReplacer(",", "", ".", "").Replace(s), 10, 64)
	if err != nil {
		t.Fatalf("amount %q: %v", s, err)
	}
	return n
}

// TestCostRowsAddUpToTheTotalShown: the prices in the markdown table and in
// the text view's create blocks add up, to the cent, to the total on the
// cost line, and the budget message names the same total, in cents. Rounding only
// the shown amounts made four rows of $1,140.26 and $1,185.89 add up to
// $4,652.30 under a total of $4,652.29.
func TestCostRowsAddUpToTheTotalShown(t *testing.T) {
	spec, diags := schema.Load("ccr.yaml", []byte(twoPairs))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	limit := plan.USD(4000_000000)
	p := plan.ComputeWith(spec, project("acme-prod", catalog()), plan.Options{MaxMonthlyIncrease: &limit})

	md := Markdown(p, goldenOptions)
	var rows int64
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| ➕ |") {
			cells := strings.Split(line, "|")
			rows += cents(t, strings.TrimPrefix(strings.TrimSpace(cells[7]), "$"))
		}
	}
	total := regexp.MustCompile(`\*\*Cost:\*\* \$([0-9,.]+)/month more`).FindStringSubmatch(md)
	if total == nil || cents(t, total[1]) != rows {
		t.Errorf("markdown: the rows add up to %d cents, the cost line says %v", rows, total)
	}

	var b bytes.Buffer
	if err := Text(&b, p, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	text := b.String()
	rows = 0
	for _, m := range regexp.MustCompile(`(?m)^\s+price\s+\$([0-9,.]+)/month$`).FindAllStringSubmatch(text, -1) {
		rows += cents(t, m[1])
	}
	line := regexp.MustCompile(`(?m)^Cost: \+\$([0-9,.]+)/month`).FindStringSubmatch(text)
	if line == nil || cents(t, line[1]) != rows {
		t.Errorf("text: the create blocks add up to %d cents, the cost line says %v", rows, line)
	}
	over := regexp.MustCompile(`the plan adds \$([0-9,.]+)/month`).FindStringSubmatch(text)
	if over == nil || over[1] != line[1] {
		t.Errorf("the budget conflict names %v, the cost line %v: one total", over, line)
	}
	for _, view := range []string{md, text} {
		if m := subCent.FindString(view); m != "" {
			t.Errorf("a view shows %s: every monthly amount is whole cents", m)
		}
	}
}
