package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ccr-dev/ccr/plan"
)

// The wording of updates in place, shared by the views: each field as
// "before → after", a pair's plan and disk marked with the member whose
// request changes them, and what an update adds to the monthly bill.

// noValue is how a view shows a tag the service does not have yet.
const noValue = "(none)"

// fieldLabel names an updated field for people: "plan", "disk",
// "termination protection", or "tags.KEY" as the file spells it.
func fieldLabel(field string) string {
	switch field {
	case plan.FieldPlan:
		return "plan"
	case plan.FieldDisk:
		return "disk"
	case plan.FieldProtection:
		return "termination protection"
	}
	return field
}

// fieldValue shows one side of an update: a disk in MB, protection as on or
// off, a tag as it is ("" quoted, so that an empty value is seen). ok is
// false for a value the service does not have (a new tag key).
func fieldValue(field string, v *string) (string, bool) {
	switch {
	case v == nil:
		return noValue, false
	case field == plan.FieldDisk:
		if mb, err := strconv.Atoi(*v); err == nil {
			return diskText(mb), true
		}
	case field == plan.FieldProtection:
		if on, err := strconv.ParseBool(*v); err == nil {
			return map[bool]string{true: "on", false: "off"}[on], true
		}
	case *v == "":
		return `""`, true
	}
	return *v, true
}

// updateText is one field of an update in the text view: "business-8 →
// business-16", "(none) → orders", "on → off (via orders-eu)".
func updateText(u plan.FieldUpdate) string {
	before, _ := fieldValue(u.Field, u.Before)
	after, _ := fieldValue(u.Field, &u.After)
	s := before + " → " + after
	if u.Via != "" {
		s += " (via " + u.Via + ")"
	}
	return s
}

// updateMarkdown is one field of an update in markdown: "plan `business-8`
// → `business-16`", "`tags.team` (none) → `orders`". Values and tag keys
// come from the file or the API, so they are code spans.
func updateMarkdown(u plan.FieldUpdate) string {
	label := prose(fieldLabel(u.Field))
	if _, tag := u.IsTag(); tag {
		label = code(u.Field)
	}
	side := func(v *string) string {
		s, ok := fieldValue(u.Field, v)
		if !ok {
			return s
		}
		return code(s)
	}
	return label + " " + side(u.Before) + " → " + side(&u.After)
}

// updatePrice is what an update does to a service's monthly price, in the
// text view: "$1,140.26/month → $2,279.79/month (+$1,139.53/month)", or
// why it is unknown.
func updatePrice(cc plan.ChangeCost) string {
	u := cc.Update
	switch {
	case u.Monthly == nil:
		return "unknown after the update: " + u.Unknown
	case u.Delta == nil:
		return fmt.Sprintf("%s/month after the update; the change is unknown: %s", u.Monthly.Dollars(), u.Unknown)
	}
	return fmt.Sprintf("%s/month → %s/month (%s/month)", cc.Monthly.Dollars(), u.Monthly.Dollars(), signed(*u.Delta))
}

// updatePriceMarkdown is updatePrice for markdown: every "$" after a space
// (see costStyle.markdown), the change said in words.
func updatePriceMarkdown(cc plan.ChangeCost) string {
	u := cc.Update
	switch {
	case u.Monthly == nil:
		return "price after the update unknown: " + prose(u.Unknown)
	case u.Delta == nil:
		return fmt.Sprintf("%s a month after the update, the change unknown: %s", u.Monthly.Dollars(), prose(u.Unknown))
	}
	delta := u.Delta.Dollars() + " more"
	switch {
	case *u.Delta < 0:
		delta = (-*u.Delta).Dollars() + " less"
	case *u.Delta == 0:
		delta = "no change"
	}
	return fmt.Sprintf("%s → %s a month, %s", cc.Monthly.Dollars(), u.Monthly.Dollars(), delta)
}

// signed is an amount with its sign: "+$1,139.53", "-$120.00", "$0.00".
func signed(u plan.USD) string {
	if u > 0 {
		return "+" + u.Dollars()
	}
	return u.Dollars()
}

// protectionOff lists "project/service" of every service whose own update
// turns termination protection off: the changes a reviewer must not miss,
// since Aiven then deletes the service when asked.
func protectionOff(p *plan.Plan) []string {
	var out []string
	for _, c := range p.Changes {
		for _, u := range c.Updates {
			if u.Field == plan.FieldProtection && u.After == "false" && u.Via == "" && c.Action != plan.Blocked {
				out = append(out, c.Project+"/"+c.Service)
			}
		}
	}
	return out
}

// someOf joins at most limit names, quoted, and says how many more there
// are: "a, b and 3 more".
func someOf(names []string, limit int, quote func(string) string) string {
	shown := make([]string, 0, min(len(names), limit))
	for _, n := range names[:min(len(names), limit)] {
		shown = append(shown, quote(n))
	}
	if rest := len(names) - len(shown); rest > 0 {
		return strings.Join(shown, ", ") + fmt.Sprintf(" and %d more", rest)
	}
	return andList(shown)
}

// updateBlock lists, for markdown, every service an update changes: each
// field before → after and what the update does to its monthly price.
func updateBlock(p *plan.Plan) block {
	costs := costsByService(p)
	var items []string
	via := false
	for _, c := range p.Changes {
		if len(c.Updates) == 0 || c.Action == plan.Blocked {
			continue
		}
		fields := make([]string, len(c.Updates))
		for i, u := range c.Updates {
			fields[i] = updateMarkdown(u)
			if u.Via != "" {
				fields[i] += " (via " + code(u.Via) + ")"
				via = true
			}
		}
		item := "- " + code(c.Project+"/"+c.Service) + ": " + strings.Join(fields, "; ")
		if cc, ok := costs[serviceKey{c.Project, c.Service}]; ok && cc.Update != nil {
			item += " · " + updatePriceMarkdown(cc)
		}
		items = append(items, item+"\n")
	}
	if len(items) == 0 {
		return block{}
	}
	head := "#### Updates in place\n\n"
	if via {
		head += "A CCR pair's plan and disk change with one request on one member, which Aiven applies to both; " +
			"the other member shows the change via that one.\n\n"
	}
	return block{
		head:  head,
		items: items,
		more: func(from int) string {
			return fmt.Sprintf("- … and %s\n", plural(len(items)-from, "more updated service"))
		},
	}
}
